/* The projector: one screen the back row can read, never scrolled and never clipped. What the
 * screen is about comes with the phase (phase.shows, phase.invites). Lists longer than their box
 * are paged, whole items only, with a slow page turn and "1/3"; a text too long for its box (a
 * question, the story, the summary) is set smaller until it fits.
 */
(function () {
  "use strict";
  const { t, tr, plural, el, patch, text, shy, sv, markContent, seatCount, showPhase } = window.Dialog;
  const { ScreenState, tableName, priorityStatus, voteItems } = window.DialogScreen;
  const PAGE_SECONDS = 10; // long enough to read three ideas from the back of the room
  const $ = (id) => document.getElementById(id);
  const pageShown = new Map(); // a paged list's id -> the page it shows

  // --- what the phase shows -----------------------------------------------------------------

  function counts(table, withProposals) {
    return el("p", { className: "card-counts" },
      withProposals ? el("span", { "data-testid": "proposal-count", dataset: { count: table.proposals.length } },
        plural("proposal.count", table.proposals.length)) : null,
      withProposals ? " · " : null,
      el("span", { className: "count", "data-testid": "idea-count", dataset: { count: table.idea_count } },
        plural("idea.count", table.idea_count)));
  }

  function pagedList(key, items, className) {
    return [el("ul", { className: `paged ${className || ""}`.trim(), key, dataset: { paged: "" } }, items),
      el("p", { className: "pager", "data-testid": "page" })];
  }

  /* A table's card: its ideas (brainstorm), its priorities and ideas (prioritise), or its theme,
   * seats and proposals (pass 2); newest first. */
  function tableCard(view, table, shows, seats) {
    const number = table.number;
    const newestFirst = (list) => list.slice().reverse();
    let body;
    if (shows === "proposals") {
      const seat = seats.get(number);
      body = [
        el("p", { className: "table-theme", "data-testid": "table-theme", ...(table.theme ? sv : {}) }, table.theme ? shy(table.theme.title) : t("theme.none")),
        seat ? el("p", { className: "seat-line" }, seatCount(seat)) : null,
        pagedList(`proposals-${number}`, newestFirst(table.proposals).map((proposal) =>
          el("li", { className: "idea", "data-testid": "proposal", key: `proposal-${proposal.id}`, dataset: { id: proposal.id }, ...sv },
            shy(proposal.text))), "idea-list"),
      ];
    } else {
      const ideas = newestFirst(table.ideas).map((idea) =>
        el("li", { className: "idea", "data-testid": "idea", key: `idea-${idea.id}`, dataset: { id: idea.id, table: number }, ...sv },
          shy(idea.text)));
      body = [
        // The priorities in type the back row reads (paged, never made small to fit); the ideas get what is left.
        shows === "ideas" || !table.priorities.length ? null : pagedList(`priorities-${number}`,
          table.priorities.map((priority) => el("li", { className: "priority", "data-testid": "priority", key: `priority-${priority.id}`,
            dataset: { table: number }, ...sv }, shy(priority.text))), "priority-list"),
        pagedList(`ideas-${number}`, ideas, "idea-list"),
      ];
    }
    // The table, its counts and how far its choice has come share one line: the rest of the card is for what it wrote.
    return el("article", { className: "table-card", key: `table-${number}`, "data-testid": "table-card", dataset: { table: number } },
      el("div", { className: "card-head" }, el("h3", {}, tableName(number)), counts(table, shows === "proposals"),
        ["ideas", "proposals"].includes(shows) ? null : priorityStatus(table, view.priorities_per_table)), body);
  }

  function themeCard(theme) {
    return el("article", { className: "theme-card", key: `theme-${theme.id}`, "data-testid": "theme", dataset: { id: theme.id } },
      // Named as typed: the soft hyphens are for the eye, not the name a screen reader reads.
      el("h3", { "data-testid": "theme-title", "aria-label": theme.title, ...sv }, shy(theme.title)),
      pagedList(`theme-priorities-${theme.id}`, theme.priorities.map((priority) =>
        el("li", { className: "priority", "data-testid": "priority", key: `theme-priority-${priority.id}`, dataset: { id: priority.id } },
          el("span", { ...sv }, shy(priority.text)), el("span", { className: "table-tag" }, ` · ${tableName(priority.table)}`))), "theme-priorities"),
      theme.ideas.length ? el("p", { className: "context-count", "data-testid": "context-count", dataset: { count: theme.ideas.length } },
        plural("theme.context_count", theme.ideas.length)) : null);
  }

  /* Cards fill the screen in a grid as near square as the count allows: six tables in three columns. */
  function gridOf(node, count) {
    const rows = Math.max(1, Math.ceil(count / 4));
    node.style.setProperty("--columns", String(Math.max(1, Math.ceil(count / rows))));
    node.style.setProperty("--rows", String(rows));
  }

  function renderSummary(summary) {
    text($("summary-heading"), t("summary.thanks"));
    patch($("summary-numbers"), [
      ["ideas", "summary.ideas", summary.ideas], ["proposals", "summary.proposals", summary.proposals],
      ["participants", "summary.participants", summary.participants],
    ].map(([name, key, count]) => el("li", { key: `summary-${name}`, "data-testid": `summary-${name}`, dataset: { count } },
      plural(key, count))));
    text($("summary-themes-heading"), t("summary.themes"));
    $("summary-themes-heading").hidden = summary.themes.length === 0;
    patch($("summary-themes"), summary.themes.map((theme) =>
      el("li", { key: `summary-theme-${theme.id}`, "data-testid": "summary-theme", dataset: { proposals: theme.proposals } },
        el("span", { className: "summary-theme-title", ...sv }, shy(theme.title)), " ",
        el("span", { className: "summary-theme-count" }, plural("proposal.count", theme.proposals)))));
    text($("summary-next"), t("summary.next"));
  }

  function render(view) {
    const phase = view.phase;
    const shows = phase.shows;
    showPhase(phase);
    document.body.dataset.shows = shows;
    text($("event-title"), view.event.title);
    const question = phase.question === "deepen" ? view.event.deepen_question : view.event.vision_question;
    text($("question"), shy(question));
    $("question").setAttribute("aria-label", question);
    markContent($("event-title"), $("question"), $("story"));

    const story = $("story");
    story.hidden = shows !== "story" || !view.event.warmup_story;
    patch(story, view.event.warmup_story.split(/\n{2,}/).map((paragraph, index) => el("p", { key: `story-${index}` }, shy(paragraph))));

    const board = view.board || { themes: [] };
    const themesShown = shows === "themes" && board.themes.length > 0;
    const themes = $("themes");
    themes.hidden = !themesShown;
    gridOf(themes, board.themes.length);
    patch(themes, themesShown ? board.themes.map(themeCard) : []);

    // Before the leaders have themes, the theming screen shows each table's priorities.
    // Where phones vote (a breakfast's priorities, a panel's questions) the room sees the list with its counts.
    const voted = voteItems(view);
    $("votes").hidden = !voted.length;
    patch($("votes"), voted.length ? pagedList("voted-items", voted, "vote-list") : []);
    const tablesShown = !voted.length && (["ideas", "priorities", "proposals"].includes(shows) || (shows === "themes" && !themesShown));
    const tables = $("tables");
    tables.hidden = !tablesShown;
    gridOf(tables, view.tables.length);
    const seats = new Map(((view.seats && view.seats.tables) || []).map((seat) => [seat.number, seat]));
    patch(tables, tablesShown ? view.tables.map((table) => tableCard(view, table, shows === "themes" ? "priorities" : shows, seats)) : []);

    $("summary").hidden = shows !== "summary" || !view.summary;
    if (view.summary) renderSummary(view.summary);

    renderSide(view);
    layout();
  }

  function renderSide(view) {
    const round = view.seats && view.seats.round;
    const rotating = Boolean(round && round.open && view.phase.allows.includes("rotation.choose"));
    const join = $("join");
    join.hidden = !view.join || !(view.phase.invites || rotating);
    if (view.join) {
      join.dataset.url = view.join.url;
      if ($("join-code").getAttribute("src") !== view.join.qr) $("join-code").setAttribute("src", view.join.qr);
      text($("join-heading"), t("join.scan"));
      text($("join-or"), t("join.or_type"));
      // The address may break only after a slash.
      patch($("join-short"), view.join.short_url.split("/").flatMap((part, index) => (index ? ["/", el("wbr"), part] : [part])));
    }
    const banner = $("rotation-banner");
    banner.hidden = !rotating;
    if (rotating) text(banner, `${tr("rotation.banner", { number: round.number })} · ${plural("rotation.moving", view.seats.moving)}`);
    const notes = view.parking || [];
    $("parking-panel").hidden = notes.length === 0;
    patch($("parking-list"), notes.slice().reverse().map((note) =>
      el("li", { className: `parking-item${note.answered ? " answered" : ""}`, "data-testid": "parking-item", key: `note-${note.id}`,
        dataset: { answered: note.answered } }, el("span", { ...sv }, shy(note.text)),
      note.answered ? el("span", { className: "answered-tag" }, ` · ${t("parking.answered")}`) : null)));
    $("screen-side").hidden = join.hidden && banner.hidden && $("parking-panel").hidden;
  }

  // --- fitting the screen -------------------------------------------------------------------

  const overflows = (node) => node.scrollHeight > node.clientHeight + 1 || node.scrollWidth > node.clientWidth + 1;
  const shown = (selector) => [...document.querySelectorAll(selector)].filter((node) => !node.closest("[hidden]"));

  /* Set ``node``'s text smaller, step by step, until it fits its box (at most down to ``least``). */
  function fit(node, least = 0.45) {
    node.style.fontSize = "";
    if (node.hidden || !overflows(node)) return;
    const base = parseFloat(getComputedStyle(node).fontSize);
    let size = base;
    while (overflows(node) && size > base * least) {
      size *= 0.92;
      node.style.fontSize = `${size}px`;
    }
  }

  /* One scale for a kind of text on the whole screen, the largest at which every box fits its text:
   * cards side by side keep one size, as a person would set them. */
  function scaleToFit(variable, fits, least) {
    const main = document.getElementById("main");
    let scale = 1;
    main.style.setProperty(variable, "1");
    while (!fits() && scale > least) {
      scale *= 0.92;
      main.style.setProperty(variable, String(scale));
    }
  }

  function outerHeight(node) {
    return node.getBoundingClientRect().height + parseFloat(getComputedStyle(node).marginBottom || "0");
  }

  /* Less room than two lines (a card full of long priorities): the list steps aside; its count stays. */
  function tooSmall(list) {
    return list.clientHeight < 2.2 * parseFloat(getComputedStyle(list).lineHeight || "20");
  }

  /* Every item fits its list on its own (an idea may be 500 characters); ``priorities`` the lists of
   * priorities, else the others. */
  const PRIORITY_LISTS = ".priority-list, .theme-priorities";
  function itemsFit(priorities) {
    return shown("main [data-paged]").filter((list) => list.matches(PRIORITY_LISTS) === priorities).every((list) =>
      (!priorities && tooSmall(list)) || [...list.children].every((item) => outerHeight(item) <= list.clientHeight));
  }

  /* Split a list into pages of whole items that fit its box, and show the page it is on. */
  function paginate(list) {
    const items = [...list.children];
    // A list of ideas with less room than two lines steps aside; the priorities never do.
    const collapsed = !list.matches(PRIORITY_LISTS) && tooSmall(list);
    list.classList.toggle("collapsed", collapsed);
    const pager = list.nextElementSibling && list.nextElementSibling.classList.contains("pager") ? list.nextElementSibling : null;
    const room = list.clientHeight;
    const pages = [];
    let page = [];
    let top = 0;
    for (const item of collapsed ? [] : items) {
      const box = item.getBoundingClientRect();
      const bottom = box.bottom + parseFloat(getComputedStyle(item).marginBottom || "0");
      if (page.length && bottom - top > room) { pages.push(page); page = []; }
      if (!page.length) top = box.top;
      page.push(item);
    }
    if (page.length) pages.push(page);
    const index = (pageShown.get(list.id) || 0) % Math.max(1, pages.length);
    pageShown.set(list.id, index);
    for (const item of items) item.hidden = true;
    for (const item of pages[index] || []) item.hidden = false;
    list.dataset.pages = String(pages.length);
    list.dataset.page = String(index + 1);
    if (pager) {
      text(pager, pages.length > 1 ? tr("page.of", { page: index + 1, pages: pages.length }) : "");
      pager.classList.toggle("single", pages.length <= 1);
      // A pager with nothing to say takes no room: the priorities' when they fit (the ideas under them
      // are paged after), a list's that stepped aside.
      pager.hidden = collapsed || (list.matches(".table-card .priority-list") && pages.length <= 1);
    }
  }

  /* Rows of cards share the screen by what they hold: when every row's fullest card fits with all its
   * items, each row gets that height and an even share of what is left, so no card pages while another
   * card's row has room to spare; otherwise the rows stay even. Cards of one list each (themes, proposals). */
  function balanceRows(lists) {
    const main = $("main");
    main.style.setProperty("--priority-scale", "1");
    main.style.setProperty("--item-scale", "1");
    for (const list of lists) list.classList.remove("collapsed");
    for (const grid of shown("main .tables-grid, main .themes-grid")) {
      grid.style.gridTemplateRows = "";
      const rows = new Map();
      const cards = [...grid.children].filter((child) => !child.hidden);
      // A card of two lists (priorities over ideas) shares its own room between them: rows stay even.
      if (cards.some((card) => card.querySelectorAll("[data-paged]").length !== 1)) continue;
      for (const card of cards) {
        const box = card.getBoundingClientRect();
        // What the card would take with every item of its lists shown (more, or less, than it has now).
        const overflow = [...card.querySelectorAll("[data-paged]")].reduce((sum, list) =>
          sum + [...list.children].reduce((items, item) => items + outerHeight(item), 0) - list.clientHeight, 0);
        const row = rows.get(Math.round(box.top)) || { height: 0, need: 0 };
        rows.set(Math.round(box.top), { height: Math.max(row.height, box.height), need: Math.max(row.need, box.height + overflow) });
      }
      const ordered = [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, row]) => row);
      const total = ordered.reduce((sum, row) => sum + row.height, 0);
      const needed = ordered.reduce((sum, row) => sum + row.need, 0);
      if (ordered.length < 2 || needed > total || ordered.every((row) => row.need <= row.height + 1)) continue;
      const spare = (total - needed) / ordered.length;
      grid.style.gridTemplateRows = ordered.map((row) => `${Math.floor(row.need + spare)}px`).join(" ");
    }
  }

  function layout() {
    fit($("question"));
    fit($("story"));
    fit($("summary"));
    const lists = shown("main [data-paged]");
    for (const list of lists) for (const item of list.children) item.hidden = false;
    balanceRows(lists);
    // The priorities first, with all the card's room (the ideas step aside meanwhile), smaller only when
    // one cannot fit on its own (a 500-character priority); then the ideas in the room that is left.
    const main = $("main");
    main.classList.add("placing-priorities");
    scaleToFit("--priority-scale", () => itemsFit(true), 0.5);
    for (const list of lists) if (list.matches(PRIORITY_LISTS)) paginate(list);
    main.classList.remove("placing-priorities");
    scaleToFit("--item-scale", () => itemsFit(false), 0.4);
    for (const list of lists) if (!list.matches(PRIORITY_LISTS)) paginate(list);
    document.body.dataset.laidOut = String(Date.now());
  }

  /* Every PAGE_SECONDS, unless the leader holds the pages (WCAG 2.2.2: a slow reader keeps the page). */
  function turnPages() {
    if (state.view && state.view.event.pages_held) return;
    for (const list of document.querySelectorAll("main [data-paged]")) {
      const pages = Number(list.dataset.pages || 1);
      if (pages > 1) pageShown.set(list.id, ((pageShown.get(list.id) || 0) + 1) % pages);
    }
    layout();
  }

  const state = new ScreenState(render);
  state.connect({
    ...state.handlers(),
    "parking:projector": ({ notes }) => state.patch({ parking: notes }),
    "summary:changed": (summary) => state.patch({ summary }),
    "join:changed": (join) => state.patch({ join }),
  });
  setInterval(turnPages, PAGE_SECONDS * 1000);
  window.addEventListener("resize", () => state.schedule());
})();
