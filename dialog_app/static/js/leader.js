/* The process leader: phase buttons, timer, and an overview of every table. */
(function () {
  "use strict";
  const { t, el, Connection, Countdown, showPhase, showError, clearError, seatCount } = window.Dialog;
  const { ScreenState, tableCards } = window.DialogScreen;
  const { BoardEditor } = window.DialogBoard;
  // After a change is confirmed the buttons stay still a moment, so the second half of a double
  // click (which already knows the new phase) cannot move the evening once more.
  const SETTLE_MS = 700;
  const countdown = new Countdown(document.getElementById("timer"));
  const confirmBox = document.getElementById("confirm-incomplete");
  const rotationConfirm = document.getElementById("confirm-rotation");
  const changing = new Set(); // the controls whose change is under way

  function render(view) {
    const phase = view.phase;
    showPhase(phase.key);
    document.getElementById("event-title").textContent = view.event.title;
    document.getElementById("phase-steps").replaceChildren(...phase.order.map((key) =>
      el("li", { className: key === phase.key ? "current" : "", "aria-current": key === phase.key ? "step" : null }, t(`phase.${key}`))));
    const next = document.getElementById("phase-next");
    next.textContent = phase.next ? `${t("phase.next")}: ${t(`phase.${phase.next}`)} →` : t("phase.last");
    document.getElementById("phase-back").disabled = !phase.previous || changing.has("phase");
    next.disabled = !phase.next || changing.has("phase");
    document.getElementById("confirm-force").disabled = changing.has("phase");
    document.getElementById("timer-start").disabled = changing.has("timer");
    document.getElementById("timer-stop").disabled = changing.has("timer") || !phase.timer_ends_at;
    document.getElementById("tables").replaceChildren(...tableCards(view, { showIdeas: false, showTablets: true }));
    renderBoard(view.board, phase);
    renderDeepen(view);
    renderParking(view);
  }

  function renderDeepen(view) {
    const panel = document.getElementById("deepen-panel");
    panel.hidden = !view.phase.allows.includes("rotation.manage");
    if (panel.hidden || !view.seats) return;
    const themes = (view.board && view.board.themes) || [];
    const seats = new Map(view.seats.tables.map((table) => [table.number, table]));
    document.getElementById("deepen-tables").replaceChildren(...view.tables.map((table) => {
      const select = el("select", { "aria-label": `${t("theme.table")} ${table.number}`, dataset: { table: table.number } },
        themes.map((theme) => el("option", { value: theme.id, selected: table.theme && table.theme.id === theme.id }, theme.title)));
      select.addEventListener("change", () => send("deepen:assign", { table: table.number, theme_id: select.value }));
      const seat = seats.get(table.number);
      return el("div", { className: "deepen-row" }, el("strong", {}, `${t("table")} ${table.number}`), select,
        seat ? seatCount(seat) : null,
        el("span", { className: "muted" }, `${table.proposals.length} ${t("proposal.count")}`));
    }));
    const round = view.seats.round;
    document.getElementById("rotation-summary").textContent = round.open
      ? `${t("round")} ${round.number}/${view.seats.rounds_max}: ${view.seats.moving} ${t("moving")}`
      : `${t("round")} ${round.number}/${view.seats.rounds_max}`;
    document.getElementById("rotation-open").disabled = round.open || round.number >= view.seats.rounds_max || changing.has("rotation");
    document.getElementById("rotation-close").disabled = !round.open || changing.has("rotation");
    document.getElementById("confirm-rotation-yes").disabled = changing.has("rotation");
  }

  function renderParking(view) {
    const notes = view.parking || [];
    document.getElementById("parking-count").textContent = `(${notes.length})`;
    document.getElementById("parking-show").checked = Boolean(view.event.parking_visible);
    document.getElementById("parking-list").replaceChildren(...notes.slice().reverse().map((note) =>
      el("li", { "data-testid": "parking-item", className: "parking-item" }, note.text,
        note.table ? el("span", { className: "table-tag" }, ` · ${t("table")} ${note.table}`) : null)));
  }

  function renderBoard(board, phase) {
    const panel = document.getElementById("board-panel");
    panel.hidden = !phase.allows.includes("theme.edit");
    if (panel.hidden || !board) return;
    document.getElementById("board-status").textContent =
      `${board.themes.length} ${t("theme.of")} ${board.theme_count} ${t("theme.count")}${board.finalised ? ` · ${t("theme.finalised")}` : ""}`;
    document.getElementById("theme-undo").disabled = !board.can_undo || board.finalised;
    document.getElementById("theme-suggest").disabled = board.finalised;
    document.getElementById("theme-create").disabled = board.finalised;
    document.getElementById("theme-finalise").hidden = board.finalised;
    document.getElementById("theme-finalise").disabled = changing.has("board");
    document.getElementById("theme-reopen").hidden = !board.finalised;
    document.getElementById("theme-context").checked = board.show_context;
    editor.show(board);
  }

  const state = new ScreenState(render);
  const connection = new Connection({
    snapshot: (view) => { state.snapshot(view); countdown.set(view.phase.timer_ends_at, view.server_now); },
    "idea:saved": (data) => state.ideaSaved(data),
    "idea:withdrawn": (data) => state.ideaWithdrawn(data),
    "priorities:changed": (data) => state.prioritiesChanged(data),
    "phase:changed": (data) => { state.phaseChanged(data); countdown.set(data.phase.timer_ends_at, data.server_now); },
    "timer:changed": (data) => { state.timerChanged(data); countdown.set(data.timer_ends_at, data.server_now); },
    "event:changed": (data) => state.eventChanged(data),
    "parking:projector": ({ visible }) => state.view && state.eventChanged({ event: { ...state.view.event, parking_visible: visible ? 1 : 0 } }),
    "tablets:changed": (data) => state.tabletsChanged(data),
    "board:changed": (board) => state.boardChanged(board),
    "seats:changed": (seats) => state.patch({ seats }),
    "tables:themes": ({ tables }) => state.tableThemes(tables),
    "parking:added": (data) => state.parkingAdded(data),
  });
  const editor = new BoardEditor(connection, document.getElementById("board"));

  async function send(event, payload) {
    const response = await connection.request(event, payload);
    if (response.ok) { clearError(); confirmBox.hidden = true; rotationConfirm.hidden = true; return; }
    if (response.error.code === "phase.priorities_incomplete") {
      document.getElementById("confirm-text").textContent = `${response.error.message} ${t("phase.confirm_incomplete")}`;
      confirmBox.hidden = false;
      document.getElementById("confirm-cancel").focus();
      return;
    }
    if (response.error.code === "rotation.no_free_seats") {
      document.getElementById("confirm-rotation-text").textContent = response.error.message;
      rotationConfirm.hidden = false;
      document.getElementById("confirm-rotation-no").focus();
      return;
    }
    showError(response.error.message);
  }

  /* A change of shared state: sent with the state this page saw, its controls disabled until the
   * answer has come and settled. The server refuses it if the state moved meanwhile. */
  async function change(control, event, payload) {
    if (changing.has(control) || !state.view) return;
    changing.add(control);
    state.schedule();
    try {
      await send(event, payload);
    } finally {
      setTimeout(() => { changing.delete(control); state.schedule(); }, SETTLE_MS);
    }
  }
  const phaseNow = () => state.view.phase.key;
  document.getElementById("phase-next").addEventListener("click", () => change("phase", "phase:advance", { from: phaseNow() }));
  document.getElementById("phase-back").addEventListener("click", () => change("phase", "phase:back", { from: phaseNow() }));
  document.getElementById("confirm-force").addEventListener("click", () => change("phase", "phase:advance", { from: phaseNow(), force: true }));
  document.getElementById("confirm-cancel").addEventListener("click", () => { confirmBox.hidden = true; });
  const timerNow = () => state.view.phase.timer_ends_at;
  document.getElementById("timer-form").addEventListener("submit", (submit) => {
    submit.preventDefault();
    change("timer", "timer:set", { minutes: Number(document.getElementById("timer-minutes").value), expected_ends_at: timerNow() });
  });
  const confirmReplace = document.getElementById("confirm-replace");
  async function suggest(replace) {
    const working = document.getElementById("theme-working");
    working.hidden = false;
    confirmReplace.hidden = true;
    const response = await connection.request("theme:suggest", replace ? { replace: true } : {});
    working.hidden = true;
    if (response.ok) return clearError();
    if (response.error.code === "themes.replace_confirm") {
      document.getElementById("confirm-replace-text").textContent = response.error.message;
      confirmReplace.hidden = false;
      document.getElementById("confirm-replace-no").focus();
      return;
    }
    showError(response.error.message);
  }
  document.getElementById("theme-suggest").addEventListener("click", () => suggest(false));
  document.getElementById("confirm-replace-yes").addEventListener("click", () => suggest(true));
  document.getElementById("confirm-replace-no").addEventListener("click", () => { confirmReplace.hidden = true; });
  document.getElementById("theme-create").addEventListener("click", () => send("theme:create", { title: t("theme.new_title") }));
  document.getElementById("theme-undo").addEventListener("click", () => send("theme:undo", {}));
  document.getElementById("theme-finalise").addEventListener("click", () => change("board", "theme:finalise", {}));
  document.getElementById("theme-reopen").addEventListener("click", () => send("theme:reopen", {}));
  document.getElementById("theme-context").addEventListener("change", (event) => send("theme:context", { show: event.target.checked }));
  document.getElementById("rotation-open").addEventListener("click", () =>
    change("rotation", "rotation:open", { round: state.view.seats.round.number + 1 }));
  document.getElementById("confirm-rotation-yes").addEventListener("click", () =>
    change("rotation", "rotation:open", { round: state.view.seats.round.number + 1, force: true }));
  document.getElementById("confirm-rotation-no").addEventListener("click", () => { rotationConfirm.hidden = true; });
  document.getElementById("rotation-close").addEventListener("click", () =>
    change("rotation", "rotation:close", { round: state.view.seats.round.number }));
  document.getElementById("parking-show").addEventListener("change", (event) => send("parking:show", { show: event.target.checked }));
  document.getElementById("timer-stop").addEventListener("click", () =>
    change("timer", "timer:set", { minutes: 0, expected_ends_at: timerNow() }));
})();
