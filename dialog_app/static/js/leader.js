/* The process leader: phase buttons and timer (kept in sight), the theme board, pass 2 and
 * rotation, the parking lot, and an overview of every table. */
(function () {
  "use strict";
  const { config, t, tr, plural, el, patch, text, showPhase, phaseName, showError, clearError, seatCount, ConfirmBox, announce, focusFirst,
    choiceMenu, sv, markContent, able } = window.Dialog;
  const { ScreenState, tableCards, tableName, voteItems } = window.DialogScreen;
  const { BoardEditor } = window.DialogBoard;
  // After a change is confirmed the buttons stay still a moment, so the second half of a double
  // click (which already knows the new phase) cannot move the evening once more.
  const SETTLE_MS = 700;
  const changing = new Set(); // the controls whose change is under way
  let roundTold = null; // a round opened or closed here, to be said once the seats show it
  const confirmPhase = new ConfirmBox("confirm-incomplete");
  const confirmRotation = new ConfirmBox("confirm-rotation");
  const confirmReplace = new ConfirmBox("confirm-replace");
  const confirmRemove = new ConfirmBox("confirm-remove");
  const confirmBack = new ConfirmBox("confirm-back");
  const $ = (id) => document.getElementById(id);

  // The sticky bar's height is the page's scroll padding: a control reached with Tab is never under it.
  const bar = document.querySelector(".leader-bar");
  if (window.ResizeObserver) {
    new ResizeObserver(() => {
      const sticky = getComputedStyle(bar).position === "sticky";
      document.documentElement.style.setProperty("--bar-height", `${sticky ? Math.ceil(bar.getBoundingClientRect().height) : 0}px`);
    }).observe(bar);
  }

  function render(view) {
    const phase = view.phase;
    showPhase(phase);
    text($("event-title"), view.event.title);
    markContent($("event-title"));
    patch($("phase-steps"), phase.order.map((key) =>
      el("li", { key: `step-${key}`, className: key === phase.key ? "current" : "", "aria-current": key === phase.key ? "step" : null,
        "data-testid": "phase-step", "data-phase": key },
        phaseName(phase, key))));
    const next = $("phase-next");
    text(next, phase.next ? tr("phase.next_named", { phase: phaseName(phase, phase.next) }) : t("phase.last"));
    able($("phase-back"), phase.previous && !changing.has("phase"));
    able(next, phase.next && !changing.has("phase"));
    $("confirm-force").disabled = changing.has("phase");
    $("confirm-back-yes").disabled = changing.has("phase");
    able($("timer-start"), !changing.has("timer"));
    able($("timer-stop"), !changing.has("timer") && phase.timer_ends_at);
    $("paging-hold").disabled = false;
    $("paging-hold").checked = Boolean(view.event.pages_held);
    patch($("tables"), tableCards(view));
    const voted = voteItems(view, answerQuestion);
    $("votes-panel").hidden = !voted.length;
    patch($("votes-list"), voted);
    renderBoard(view.board, phase);
    renderDeepen(view);
    renderParking(view);
    // Phones, not people: the seats count the seating plan's people too.
    const joined = (view.seats && view.seats.phones) || 0;
    text($("phones-count"), `(${plural("phones.count", joined)})`);
  }

  async function answerQuestion(item, button) {
    button.disabled = true;
    const response = await connection.request("question:answer", { id: item.id, answered: !item.answered });
    button.disabled = false;
    if (!response.ok) return showError(response.error.message);
  }

  function renderDeepen(view) {
    const panel = $("deepen-panel");
    panel.hidden = !view.phase.allows.includes("rotation.manage");
    if (panel.hidden || !view.seats) return;
    const themes = (view.board && view.board.themes) || [];
    const seats = new Map(view.seats.tables.map((table) => [table.number, table]));
    patch($("deepen-tables"), view.tables.map((table) => {
      const seat = seats.get(table.number);
      const current = table.theme ? table.theme.id : "";
      const select = el("select", {
        "aria-label": tr("theme.of_table", { number: table.number }), "data-testid": "table-theme-choice", key: `theme-choice-${table.number}`,
        ...choiceMenu((themeId, menu) => assignTheme(table.number, themeId, menu), current),
      }, themes.map((theme) => el("option", { value: theme.id, selected: theme.id === current, ...sv }, theme.title)));
      select.dataset.table = table.number;
      return el("div", { className: "deepen-row", key: `deepen-${table.number}` }, el("strong", {}, tableName(table.number)), select,
        seat ? seatCount(seat) : null,
        el("span", { className: "muted" }, plural("proposal.count", table.proposals.length)));
    }));
    const round = view.seats.round;
    text($("rotation-summary"), round.open
      ? tr("rotation.summary_open", { number: round.number, total: view.seats.rounds_max, moving: plural("rotation.moving", view.seats.moving) })
      : tr("rotation.summary", { number: round.number, total: view.seats.rounds_max }));
    if (roundTold && round.number === roundTold.number && round.open === roundTold.open) {
      roundTold = null;
      announce($("rotation-summary").textContent);
    }
    able($("rotation-open"), !round.open && round.number < view.seats.rounds_max && !changing.has("rotation"));
    able($("rotation-close"), round.open && !changing.has("rotation"));
    $("confirm-rotation-yes").disabled = changing.has("rotation");
  }

  function renderParking(view) {
    const notes = view.parking || [];
    text($("parking-count"), `(${notes.length})`);
    $("parking-show").checked = Boolean(view.event.parking_visible);
    // Note by note: on the projector or not ("Det är för varmt i lokalen" need not be), answered or not.
    patch($("parking-list"), notes.slice().reverse().map((note) =>
      el("li", {
        "data-testid": "parking-item", key: `note-${note.id}`, dataset: { id: note.id, hidden: note.hidden, answered: note.answered },
        className: `parking-item${note.hidden ? " off-projector" : ""}${note.answered ? " answered" : ""}`,
      }, el("span", { ...sv }, note.text),
      note.table ? el("span", { className: "table-tag" }, ` · ${tableName(note.table)}`) : null,
      note.answered ? el("span", { className: "answered-tag" }, ` · ${t("parking.answered")}`) : null,
      el("span", { className: "parking-actions" },
        el("button", {
          type: "button", className: "secondary small", "data-testid": "parking-projector", "aria-pressed": String(!note.hidden),
          "aria-label": tr("parking.on_projector_named", { text: note.text }),
          onclick: (event) => setNote(event.currentTarget, note, { hidden: !note.hidden }),
        }, t("parking.on_projector")),
        el("button", {
          type: "button", className: "secondary small", "data-testid": "parking-answered", "aria-pressed": String(note.answered),
          "aria-label": tr("parking.answered_named", { text: note.text }),
          onclick: (event) => setNote(event.currentTarget, note, { answered: !note.answered }),
        }, t("parking.answered"))))));
  }

  function renderBoard(board, phase) {
    const panel = $("board-panel");
    panel.hidden = !phase.allows.includes("theme.edit");
    if (panel.hidden || !board) return;
    text($("board-status"), board.finalised
      ? tr("theme.status_final", { num: board.themes.length, total: board.theme_count })
      : tr("theme.status", { num: board.themes.length, total: board.theme_count }));
    able($("theme-undo"), board.can_undo && !board.finalised);
    able($("theme-suggest"), !board.finalised);
    able($("theme-create"), !board.finalised);
    $("theme-finalise").hidden = board.finalised;
    // "Fastställ teman" says why it waits (the server's readiness, the same rule it settles by).
    const ready = board.readiness || { ready: true };
    able($("theme-finalise"), ready.ready && !changing.has("board"));
    text($("theme-finalise-why"), board.finalised || ready.ready ? ""
      : ready.themes > ready.expected ? tr("theme.waits_too_many", { num: ready.themes, total: ready.expected })
        : ready.themes < ready.expected ? tr("theme.waits_count", { num: ready.themes, total: ready.expected })
        : tr("theme.waits_named", { num: ready.named, total: ready.expected }));
    $("theme-reopen").hidden = !board.finalised;
    // The board is the leaders' draft until one of them shows it to the room.
    const draft = !board.published && board.themes.length > 0;
    $("theme-publish").hidden = !draft;
    $("board-draft").hidden = !draft;
    $("theme-context").checked = board.show_context;
    editor.show(board);
  }

  const state = new ScreenState(render);
  const connection = state.connect({
    ...state.handlers(),
    "parking:changed": ({ note }) => state.update((view) => {
      view.parking = (view.parking || []).map((kept) => (kept.id === note.id ? note : kept));
    }),
    "parking:projector": ({ visible }) => state.update((view) => { view.event = { ...view.event, parking_visible: visible ? 1 : 0 }; }),
    "tablets:changed": ({ tablets }) => state.patch({ tablets }),
    "seats:changed": (seats) => { state.patch({ seats }); showPhonesSoon(); },
  });
  const drawNow = () => { if (state.view) state.render(state.view); };
  const editor = new BoardEditor(connection, $("board"), drawNow);

  /* One parking-lot note on or off the projector, or marked answered; the page shows the answer at once. */
  async function setNote(control, note, change) {
    const response = await send(control, "parking:note", { id: note.id, ...change });
    if (response.ok) {
      state.update((view) => { view.parking = (view.parking || []).map((kept) => (kept.id === note.id ? response.note : kept)); });
      const told = "hidden" in change ? (response.note.hidden ? "parking.hidden_told" : "parking.shown_told")
        : (response.note.answered ? "parking.answered_told" : "parking.unanswered_told");
      announce(t(told));
    }
  }

  /* Send a request; a refusal is shown next to ``control``. Returns the answer. */
  async function send(control, event, payload) {
    const response = await connection.request(event, payload);
    if (response.ok) clearError(); else showError(response.error.message, control);
    return response;
  }

  /* A change of shared state: sent with the state this page saw, its controls disabled until the
   * answer has come and settled. The server refuses it if the state moved meanwhile. A refusal that
   * asks "go on anyway?" is asked in ``confirm`` and, if yes, sent again with ``force``. */
  async function change(control, button, event, payload, confirm) {
    if (changing.has(control) || !state.view) return;
    changing.add(control);
    state.schedule();
    let response;
    try {
      response = await connection.request(event, payload);
    } finally {
      setTimeout(() => { changing.delete(control); state.schedule(); }, SETTLE_MS);
    }
    if (response.ok) { clearError(); return response; }
    const asks = confirm && confirm.codes.includes(response.error.code);
    if (!asks) { showError(response.error.message, button); return response; }
    clearError();
    const question = [response.error.message, confirm.question].filter(Boolean).join(" ");
    // The box's yes button stays disabled until this change has settled (see render).
    if (await confirm.box.ask(question)) return change(control, button, event, { ...confirm.again(), force: true });
    return response;
  }

  /* After a change that hid or stilled the pressed control, the focus goes to the one that follows. */
  async function thenFocus(changed, ...targets) {
    const response = await changed;
    if (!response || !response.ok) return response;
    drawNow();
    focusFirst(...targets);
    return response;
  }

  const phaseNow = () => state.view.phase.key;
  const phaseConfirm = { box: confirmPhase, codes: ["phase.priorities_incomplete", "phase.themes_not_final"],
    question: t("phase.confirm_incomplete"), again: () => ({ from: phaseNow() }) };
  $("phase-next").addEventListener("click", (event) =>
    change("phase", event.currentTarget, "phase:advance", { from: phaseNow() }, phaseConfirm));
  // Back moves every screen in the room: it asks first.
  $("phase-back").addEventListener("click", async (event) => {
    const button = event.currentTarget;
    if (!state.view || !state.view.phase.previous || changing.has("phase")) return;
    const from = phaseNow();
    if (!(await confirmBack.ask(tr("phase.back_confirm", { phase: phaseName(state.view.phase, state.view.phase.previous) })))) return;
    if (phaseNow() === from) change("phase", button, "phase:back", { from });
  });
  const timerNow = () => state.view.phase.timer_ends_at;
  $("timer-form").addEventListener("submit", (submit) => {
    submit.preventDefault();
    if ($("timer-start").getAttribute("aria-disabled") === "true") return;
    change("timer", $("timer-start"), "timer:set", { minutes: Number($("timer-minutes").value), expected_ends_at: timerNow() });
  });
  $("timer-stop").addEventListener("click", (event) =>
    change("timer", event.currentTarget, "timer:set", { minutes: 0, expected_ends_at: timerNow() }));

  async function suggest(button, replace) {
    const working = $("theme-working");
    working.hidden = false;
    announce(working.textContent.trim());
    const response = await connection.request("theme:suggest", replace ? { replace: true } : {});
    working.hidden = true;
    if (response.ok) {
      clearError();
      drawNow();
      const board = state.view.board;
      if (board) announce(tr("theme.status", { num: board.themes.length, total: board.theme_count }));
      return;
    }
    if (response.error.code === "themes.replace_confirm") {
      if (await confirmReplace.ask(response.error.message)) suggest(button, true);
      return;
    }
    showError(response.error.message, button);
  }
  $("theme-suggest").addEventListener("click", (event) => suggest(event.currentTarget, false));
  $("theme-create").addEventListener("click", async (event) => {
    const response = await send(event.currentTarget, "theme:create", { title: t("theme.new_title") });
    if (response.ok) { drawNow(); focusFirst(`title-${response.theme_id}`); }
  });
  $("theme-undo").addEventListener("click", async (event) => {
    if ((await send(event.currentTarget, "theme:undo", {})).ok) announce(t("theme.undone_told"));
  });
  $("theme-publish").addEventListener("click", async (event) => {
    const response = await thenFocus(send(event.currentTarget, "theme:publish", {}), "theme-finalise");
    if (response && response.ok) announce(t("theme.published_told"));
  });
  $("theme-finalise").addEventListener("click", (event) =>
    thenFocus(change("board", event.currentTarget, "theme:finalise", {}), "theme-reopen"));
  $("theme-reopen").addEventListener("click", (event) => thenFocus(send(event.currentTarget, "theme:reopen", {}), "theme-finalise"));
  $("theme-context").addEventListener("change", (event) => send(event.target, "theme:context", { show: event.target.checked }));

  const nextRound = () => ({ round: state.view.seats.round.number + 1 });
  // Opened or closed: the focus goes to the other button, and the round's state is said when the seats show it.
  const toldRound = (response) => {
    if (response && response.ok) roundTold = { number: response.round || state.view.seats.round.number, open: Boolean(response.round) };
  };
  $("rotation-open").addEventListener("click", (event) => thenFocus(change("rotation", event.currentTarget, "rotation:open", nextRound(),
    { box: confirmRotation, codes: ["rotation.no_free_seats"], question: "", again: nextRound }), "rotation-close").then(toldRound));
  $("rotation-close").addEventListener("click", (event) =>
    thenFocus(change("rotation", event.currentTarget, "rotation:close", { round: state.view.seats.round.number }), "rotation-open")
      .then(toldRound));
  $("parking-show").addEventListener("change", (event) => send(event.target, "parking:show", { show: event.target.checked }));
  $("paging-hold").addEventListener("change", async (event) => {
    const held = event.target.checked;
    if ((await send(event.target, "pages:hold", { held })).ok) announce(t(held ? "paging.held_told" : "paging.running_told"));
  });

  /* A table's theme, chosen in its menu (Enter, or a click): said in the status region. */
  async function assignTheme(number, themeId, menu) {
    const response = await send(menu, "deepen:assign", { table: number, theme_id: themeId });
    const theme = ((state.view.board && state.view.board.themes) || []).find((other) => other.id === themeId);
    if (response.ok && theme) announce(tr("table.with_theme", { number, title: theme.title }));
  }

  /* The joined phones, newest first, asked for while the list is open (names are never broadcast). */
  const phones = $("phones");
  let phonesTimer = null;
  async function showPhones() {
    if (!phones.open) return;
    const response = await connection.request("participants:list", {});
    if (!response.ok) { showError(response.error.message, phones); return; }
    const at = (seconds) => new Date(seconds * 1000).toLocaleTimeString(config.lang, { hour: "2-digit", minute: "2-digit" });
    patch($("phone-list"), response.phones.length ? response.phones.map((phone) =>
      el("li", { className: "phone-row", key: `phone-${phone.id}`, "data-testid": "joined-phone", dataset: { table: phone.table } },
        el("strong", {}, phone.name), " ", el("span", { className: "table-tag" }, tableName(phone.table)), " ",
        el("span", { className: "muted" }, tr("phones.joined_at", { time: at(phone.joined_at) })), " ",
        el("button", {
          type: "button", className: "secondary", "data-testid": "remove-phone",
          "aria-label": tr("phones.remove_named", { name: phone.name, table: phone.table }),
          onclick: (event) => removePhone(phone, event.currentTarget),
        }, t("phones.remove")))) : [el("li", { className: "muted", key: "phones-none" }, t("phones.none"))]);
  }
  /* While the list is open, seat changes (a join, a removal) refresh it, at most once a second. */
  function showPhonesSoon() {
    if (!phones.open || phonesTimer) return;
    phonesTimer = setTimeout(() => { phonesTimer = null; showPhones(); }, 1000);
  }
  async function removePhone(phone, button) {
    if (!(await confirmRemove.ask(tr("phones.remove_confirm", { name: phone.name, table: phone.table })))) return;
    if ((await send(button, "participant:remove", { id: phone.id })).ok) showPhones();
  }
  phones.addEventListener("toggle", showPhones);
})();
