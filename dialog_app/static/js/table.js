/* The table secretary's tablet: type ideas (kept until the server acknowledges them), edit or
 * withdraw them, mark the table's two priorities, and in pass 2 write proposals for the theme.
 * What the phase allows and what the form writes come with the phase from the server.
 */
(function () {
  "use strict";
  const { t, tr, trParts, plural, num, el, patch, text, newId, showPhase, showError, clearError, wireParkingForm, parkingAcked,
    ConfirmBox, LiveView, announce, focusable, focusFirst, sv, markContent, seatCount } = window.Dialog;
  const $ = (id) => document.getElementById(id);
  const input = $("idea-input");
  const confirmWithdraw = new ConfirmBox("confirm-withdraw");
  let editing = null; // {id, draft}
  let waiting = null; // the id of an idea whose item holds the focus until it is saved
  let shownPhase = null;

  const state = new LiveView(render);
  const listOf = (view, kind) => (kind === "proposal" ? view.proposals : view.ideas);

  function upsertIdea(view, idea) {
    const list = listOf(view, idea.kind);
    const index = list.findIndex((existing) => existing.id === idea.id);
    if (index >= 0) list[index] = idea; else list.push(idea);
  }

  function forget(view, ideaId) {
    view.ideas = view.ideas.filter((idea) => idea.id !== ideaId);
    view.proposals = view.proposals.filter((idea) => idea.id !== ideaId);
  }

  const connection = state.connect({
    changed: () => state.schedule(),
    acked: (item, response) => {
      parkingAcked(item);
      if (response.idea && ["idea:add", "idea:edit"].includes(item.event)) announce(t(`${response.idea.kind}.saved_told`));
      state.update((view) => {
        if (response.idea) upsertIdea(view, response.idea);
        if (response.priorities) view.priorities = response.priorities;
      });
    },
    refused: (item, error) => {
      showError(error.message);
      if (error.code !== "token.invalid" && !String(item.payload.text || "").trim()) connection.dismiss(item.opId);
    },
    "idea:saved": ({ idea }) => state.update((view) => upsertIdea(view, idea)),
    "idea:withdrawn": ({ id }) => state.update((view) => forget(view, id)),
    "tables:themes": ({ tables }) => state.update((view) => {
      const mine = tables.find((table) => table.number === view.table);
      if (mine) view.theme = mine.theme;
    }),
    "priorities:changed": ({ priorities }) => state.update((view) => { view.priorities = priorities; }),
    "table:seated": ({ seated }) => state.update((view) => { view.seated = seated; }),
    "inbox:changed": ({ inbox }) => state.update((view) => { view.inbox = inbox; }),
    "seats:changed": (seats) => state.update((view) => { view.seats = seats; }),
  });

  /* The phones' ideas wait here until the secretary takes one in as the table's (a double tap takes it once). */
  function renderInbox(view, canWrite) {
    const inbox = view.inbox || [];
    $("inbox-panel").hidden = !inbox.length;
    text($("inbox-title"), `${t("inbox.title")} (${num(inbox.length)})`);
    patch($("inbox-list"), inbox.map((idea) => el("li", { className: "idea", key: `inbox-${idea.id}`, "data-testid": "inbox-item", dataset: { id: idea.id } },
      el("span", { className: "idea-text", ...sv }, idea.text),
      canWrite ? el("button", { type: "button", className: "secondary small", "data-testid": "inbox-take",
        onclick: (event) => takeIn(idea.id, event.currentTarget) }, t("inbox.take")) : null)));
  }

  async function takeIn(ideaId, button) {
    button.disabled = true;
    const response = await connection.request("inbox:take", { id: ideaId });
    if (!response.ok) { button.disabled = false; return showError(response.error.message); }
    clearError();
    state.update((view) => {
      view.inbox = (view.inbox || []).filter((idea) => idea.id !== ideaId);
      upsertIdea(view, response.idea);
    });
    announce(t(`${response.idea.kind}.saved_told`));
  }

  function pendingEdits() {
    const edits = new Map();
    for (const item of connection.outbox.pending()) {
      if (item.event === "idea:edit") edits.set(item.payload.id, item.payload.text);
    }
    return edits;
  }

  function ideaItem(view, idea, { pending, canWrite, canChoose, chosenIds, kind }) {
    const chosen = chosenIds.has(idea.id);
    const key = `${kind}-${idea.id}`;
    if (editing && editing.id === idea.id) {
      return el("li", { "data-testid": kind, className: "idea editing", dataset: { id: idea.id }, key },
        el("textarea", {
          rows: 3, maxlength: view.idea_max_length, "aria-label": t("idea.edit"), value: editing.draft, key: `edit-${idea.id}`,
          "data-testid": "idea-edit", oninput: (event) => { editing.draft = event.target.value; },
        }),
        el("div", { className: "button-row" },
          el("button", { type: "button", onclick: () => {
            connection.queue("idea:edit", { id: idea.id, text: editing.draft });
            stopEditing(idea.id);
          } }, t("idea.save")),
          el("button", { type: "button", className: "secondary", onclick: () => stopEditing(idea.id) }, t("idea.cancel"))));
    }
    const saved = pending ? "pending" : "saved";
    const actions = [];
    if (canChoose && !pending) {
      actions.push(el("button", {
        type: "button", "data-testid": "priority-toggle", "aria-pressed": chosen ? "true" : "false", key: `toggle-${idea.id}`,
        "aria-label": tr(chosen ? "priority.chosen_named" : "priority.choose_named", { text: idea.text }),
        className: chosen ? "toggle on" : "toggle", onclick: () => choose(idea.id, !chosen),
      }, chosen ? t("priority.chosen") : t("priority.choose")));
    }
    if (canWrite && !pending) {
      actions.push(el("button", { type: "button", className: "secondary small", key: `change-${idea.id}`,
        "aria-label": tr("idea.edit_named", { text: idea.text }), onclick: () => startEditing(idea) }, t("idea.edit")));
      actions.push(el("button", { type: "button", className: "secondary small", key: `withdraw-${idea.id}`,
        "aria-label": tr("idea.withdraw_named", { text: idea.text }), onclick: () => withdraw(idea.id) }, t("idea.withdraw")));
    }
    // tabindex -1: the item can hold the focus while it waits to be saved (its buttons come back then).
    return el("li", { "data-testid": kind, className: `idea ${saved}${chosen ? " chosen" : ""}`, dataset: { id: idea.id, state: saved }, key,
      tabindex: -1 },
      el("p", { className: "idea-text", ...sv }, idea.text),
      el("p", { className: "idea-status" }, pending ? t("idea.pending") : t("idea.saved")),
      actions.length ? el("div", { className: "button-row" }, actions) : null);
  }

  function startEditing(idea) {
    editing = { id: idea.id, draft: idea.text };
    state.render(state.view);
    const box = document.querySelector('[data-testid="idea-edit"]');
    if (box) box.focus();
  }

  /* Saved or cancelled: the focus goes back to the idea (its "Ändra" button, or the item itself while
   * the change waits to be saved). */
  function stopEditing(ideaId) {
    editing = null;
    state.render(state.view);
    if (!focusFirst(`change-${ideaId}`)) { waiting = ideaId; focusFirst(`${state.view.phase.writes}-${ideaId}`, input); }
  }

  /* Where the focus goes when ``item`` leaves ``list``: the controls (``selector``) of the items after
   * it, then of those before it, nearest first (for focusFirst). */
  function neighbourControl(list, item, selector) {
    const items = [...list.children];
    const index = items.indexOf(item);
    const around = [...items.slice(index + 1), ...items.slice(0, Math.max(index, 0)).reverse()];
    return around.map((other) => other.querySelector(selector)).filter(Boolean);
  }

  function render(view) {
    const phase = view.phase;
    const canWrite = phase.allows.includes("idea.add");
    const canChoose = phase.allows.includes("priority.choose");
    const kind = phase.writes;
    const phaseChanged = shownPhase !== null && shownPhase !== phase.key;
    const hadFocus = document.activeElement;
    shownPhase = phase.key;
    showPhase(phase);
    $("tablet-work").dataset.choosing = String(canChoose);
    arrange(canChoose);
    markContent($("question"));
    text($("table-name"), tr("table.name", { number: view.table }));
    text($("question"), phase.question === "deepen" ? view.event.deepen_question : view.event.vision_question);
    $("idea-form").hidden = !canWrite;
    const fields = phase.fields || [];
    $("log-fields").hidden = !fields.length;
    for (const box of document.querySelectorAll("[data-detail-box]")) box.hidden = !fields.includes(box.dataset.detailBox);

    const theme = $("theme-banner");
    theme.hidden = !view.theme || phase.question !== "deepen";
    patch(theme, view.theme ? trParts("theme.of_this_table", { title: el("span", { ...sv }, view.theme.title) }) : []);
    for (const id of ["idea-label", "ideas-title", "idea-submit"]) text($(id), $(id).dataset[kind]);

    // After a panel's questions the ideas come: the list shows only what this step writes.
    const current = listOf(view, kind).filter((idea) => !idea.kind || idea.kind === kind);
    const chosenIds = new Set(view.priorities.filter((p) => p.idea_id).map((p) => p.idea_id));
    const edits = pendingEdits();
    const saved = current.map((idea) => (edits.has(idea.id) ? { ...idea, text: edits.get(idea.id), editPending: true } : idea));
    const savedIds = new Set([...view.ideas, ...view.proposals].map((idea) => idea.id));
    const queued = connection.outbox.pending()
      .filter((item) => item.event === "idea:add" && !savedIds.has(item.payload.id))
      .map((item) => ({ id: item.payload.id, text: item.payload.text }));
    const options = { canWrite, canChoose, chosenIds, kind };
    patch($("idea-list"), [
      ...queued.reverse().map((idea) => ideaItem(view, idea, { ...options, pending: true })),
      ...saved.slice().reverse().map((idea) => ideaItem(view, idea, { ...options, pending: Boolean(idea.editPending) })),
    ]);
    text($("idea-total"), `(${num(current.length + queued.length)})`);

    // While choosing, the priorities come first; in pass 2 they are only the context of the theme.
    const panel = $("priorities-panel");
    panel.hidden = !canChoose && view.priorities.length === 0;
    $("priority-form-box").hidden = !canChoose;
    text($("priorities-title"), canChoose ? $("priorities-title").dataset.choosing : $("priorities-title").dataset.context);
    text($("priority-count"), canChoose ? tr("priority.chosen_of", { num: view.priorities.length, total: view.priorities_per_table }) : "");
    patch($("priority-list"), view.priorities.length
      ? view.priorities.map((priority) => el("li", { className: "priority", "data-testid": "table-priority", key: `priority-${priority.id}` },
        el("span", { ...sv }, priority.text),
        canChoose ? el("button", { type: "button", className: "secondary small", key: `remove-${priority.id}`,
          "aria-label": tr("priority.remove_named", { text: priority.text }),
          onclick: (event) => removePriority(priority.id, event.currentTarget) }, t("priority.remove")) : null))
      : [el("li", { className: "muted", key: "none" }, t("priority.none"))]);

    renderInbox(view, canWrite);
    // At the close the table sees what it proposed in pass 2 as well as its ideas of pass 1.
    const closingProposals = phase.key === "closing" ? view.proposals : [];
    $("closing-proposals").hidden = closingProposals.length === 0;
    text($("closing-proposals-count"), `(${num(closingProposals.length)})`);
    patch($("closing-proposals-list"), closingProposals.slice().reverse().map((proposal) =>
      el("li", { className: "idea", "data-testid": "closing-proposal", key: `closing-${proposal.id}`, ...sv }, proposal.text)));

    const seated = view.seated || [];
    // The table's headcount as every screen shows it (the names are this tablet's alone).
    const seat = ((view.seats && view.seats.tables) || []).find((table) => table.number === view.table);
    $("seated-panel").hidden = seated.length === 0 && !seat;
    patch($("seated-count"), seat ? [seatCount(seat)] : []);
    patch($("seated-list"), seated.map((name) => el("li", { "data-testid": "seated-name", key: `seated-${name}` }, name)));

    const refused = connection.outbox.refused();
    $("refused").hidden = refused.length === 0;
    text($("refused-text"), t("refused.kept"));
    patch($("refused-list"), refused.map((item) =>
      el("li", { className: "refused-item", "data-testid": "refused-item", key: `refused-${item.opId}` },
        el("p", { className: "idea-text", ...sv }, item.payload.text),
        el("p", { className: "idea-error", "data-testid": "idea-error" }, item.error.message),
        el("div", { className: "button-row" },
          el("button", { type: "button", className: "small", "data-testid": "refused-retry", onclick: () => retryRefused(item),
            "aria-label": tr("refused.retry_named", { text: item.payload.text }) }, t("refused.retry")),
          el("button", { type: "button", className: "secondary small", onclick: () => connection.dismiss(item.opId),
            "aria-label": tr("refused.dismiss_named", { text: item.payload.text }) }, t("dismiss"))))));
    updateCounter();
    // An item that held the focus while it waited is saved: the focus goes on to its first button.
    const held = waiting && $(`${kind}-${waiting}`);
    if (held && document.activeElement === held && held.querySelector("button")) { waiting = null; focusFirst(held.querySelector("button")); }
    if (phaseChanged) bringTaskIntoView(hadFocus);
  }

  /* The work area in the order it is shown, so the Tab key follows the screen: while choosing, the
   * priorities come first (then, side by side on a wide screen, the field; in a column, the ideas). */
  const wide = window.matchMedia ? window.matchMedia("(min-width: 900px)") : { matches: false, addEventListener: () => {} };
  function arrange(choosing) {
    const work = $("tablet-work");
    const [form, priorities, ideas] = [$("idea-form"), $("priorities-panel"), $("ideas-panel")];
    const order = !choosing ? [form, priorities, ideas] : wide.matches ? [priorities, form, ideas] : [priorities, ideas, form];
    if (order.every((node, index) => work.children[index] === node)) return;
    // moveBefore keeps a focused field focused where the browser has it; elsewhere the focus and the
    // place in the text being typed are given back.
    const active = document.activeElement;
    const typed = active && "selectionStart" in active ? [active.selectionStart, active.selectionEnd] : null;
    for (const node of order) if (work.moveBefore) work.moveBefore(node, null); else work.append(node);
    if (active && active !== document.activeElement && work.contains(active)) {
      active.focus({ preventScroll: true });
      if (typed) active.setSelectionRange(...typed);
    }
  }
  wide.addEventListener("change", () => { if (state.view) arrange(state.view.phase.allows.includes("priority.choose")); });

  /* A new phase: the task and its field come into view (a tablet left scrolled down would hide them),
   * and a focus the phase took away (a button it removed) goes to the field, or to the task. Someone
   * typing keeps their place. */
  function bringTaskIntoView(hadFocus) {
    const active = document.activeElement;
    if (active && ["TEXTAREA", "INPUT"].includes(active.tagName) && focusable(active)) return;
    window.scrollTo({ top: 0 });
    const lost = hadFocus && hadFocus !== document.body && !focusable(hadFocus);
    if (lost) focusFirst(input, $("phase-task"));
  }

  /* A refused text goes back into the field it was written in, to be corrected and sent again. */
  function retryRefused(item) {
    const field = $({ "parking:add": "parking-input", "priority:add": "priority-input" }[item.event] || "idea-input");
    if (item.event === "priority:add") $("priority-form-box").open = true;
    field.value = item.payload.text;
    connection.dismiss(item.opId);
    field.focus();
    updateCounter();
  }

  function updateCounter() {
    if (!state.view) return;
    text($("idea-count"), plural("idea.chars_left", state.view.idea_max_length - input.value.length));
  }

  /* Priority changes go one after another, each once the one before is answered: "unmark A, mark C"
   * typed quickly on a slow link must not reach the server as "mark C" while A still counts. */
  let priorityChanges = Promise.resolve();
  function changePriorities(event, payload) {
    priorityChanges = priorityChanges.then(async () => {
      const response = await connection.request(event, payload);
      if (!response.ok) { showError(response.error.message); return response; }
      clearError();
      state.update((view) => { view.priorities = response.priorities; });
      return response;
    });
    return priorityChanges;
  }

  const choose = (ideaId, chosen) => changePriorities("priority:choose", { idea_id: ideaId, chosen }).then((response) => {
    if (response.ok) announce(tr("priority.chosen_of", { num: response.priorities.length, total: state.view.priorities_per_table }));
  });

  /* A removed priority's button goes with it: the focus goes to the next priority's, or the own one's. */
  async function removePriority(priorityId, button) {
    const item = button.closest("li");
    const next = neighbourControl($("priority-list"), item, "button");
    if (!(await changePriorities("priority:remove", { id: priorityId })).ok) return;
    state.render(state.view);
    announce(t("priority.removed_told"));
    focusFirst(next, $("priority-form-box").querySelector("summary"));
  }

  async function withdraw(ideaId) {
    const writes = state.view.phase.writes;
    const item = $(`${writes}-${ideaId}`);
    const next = item ? neighbourControl($("idea-list"), item, "button") : [];
    if (!await confirmWithdraw.ask(t(`${writes}.withdraw_confirm`))) return;
    const response = await connection.request("idea:withdraw", { id: ideaId });
    if (!response.ok) return showError(response.error.message);
    clearError();
    state.update((view) => forget(view, ideaId));
    state.render(state.view);
    announce(t(`${writes}.withdrawn_told`));
    focusFirst(next, input);
  }

  function submitIdea() {
    clearError();
    // A log step's details (a visitor's category, an answer's age band) go with the text, then are cleared.
    const details = {};
    for (const field of document.querySelectorAll("[data-detail]")) {
      if (!field.closest("[hidden]") && field.value) details[field.dataset.detail] = field.value;
      field.value = "";
    }
    connection.queue("idea:add", Object.keys(details).length ? { id: newId(), text: input.value, details } : { id: newId(), text: input.value });
    input.value = "";
    updateCounter();
    input.focus();
  }

  $("idea-form").addEventListener("submit", (event) => { event.preventDefault(); submitIdea(); });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) { event.preventDefault(); submitIdea(); }
  });
  input.addEventListener("input", updateCounter);
  wireParkingForm(connection);
  $("priority-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const field = $("priority-input");
    connection.queue("priority:add", { id: newId(), text: field.value });
    field.value = "";
  });
})();
