/* The projector: read-only, large, and whole again after any reconnect. */
(function () {
  "use strict";
  const { t, el, Connection, Countdown, showPhase } = window.Dialog;
  const { ScreenState, tableCards, themeCards, deepenCards, parkingList } = window.DialogScreen;
  const countdown = new Countdown(document.getElementById("timer"));
  // The newest ideas a table card shows; the count in its heading says how many there are in all.
  const PROJECTOR_IDEAS = 12;

  function render(view) {
    const phase = view.phase.key;
    showPhase(phase);
    document.getElementById("event-title").textContent = view.event.title;
    const question = view.phase.question === "deepen" ? view.event.deepen_question : view.event.vision_question;
    document.getElementById("question").textContent = question;
    const story = document.getElementById("story");
    story.hidden = phase !== "warmup" || !view.event.warmup_story;
    story.replaceChildren(...view.event.warmup_story.split(/\n{2,}/).map((paragraph) => el("p", {}, paragraph)));
    const board = view.board || { themes: [] };
    const showThemes = ["theming", "closing"].includes(phase) && board.themes.length > 0;
    const themes = document.getElementById("themes");
    themes.hidden = !showThemes;
    themes.replaceChildren(...(showThemes ? themeCards(board) : []));
    const showTables = !["setup", "warmup"].includes(phase) && !showThemes;
    const tables = document.getElementById("tables");
    tables.hidden = !showTables;
    // One row of columns for up to six tables; more tables wrap into a second row.
    tables.style.setProperty("--columns", String(Math.min(view.tables.length, 6)));
    const cards = phase === "deepen" ? deepenCards(view)
      : tableCards(view, { showIdeas: phase === "brainstorm" || phase === "prioritise", maxIdeas: PROJECTOR_IDEAS });
    tables.replaceChildren(...(showTables ? cards : []));
    const banner = document.getElementById("rotation-banner");
    const round = view.seats && view.seats.round;
    banner.hidden = !(phase === "deepen" && round && round.open);
    if (!banner.hidden) banner.textContent = `${t("round")} ${round.number}: ${t("rotation.open")} · ${view.seats.moving} ${t("moving")}`;
    const notes = view.parking || [];
    document.getElementById("parking-panel").hidden = notes.length === 0;
    document.getElementById("parking-list").replaceChildren(...parkingList(notes));
  }

  const state = new ScreenState(render);
  new Connection({
    snapshot: (view) => { state.snapshot(view); countdown.set(view.phase.timer_ends_at, view.server_now); },
    "idea:saved": (data) => state.ideaSaved(data),
    "idea:withdrawn": (data) => state.ideaWithdrawn(data),
    "priorities:changed": (data) => state.prioritiesChanged(data),
    "phase:changed": (data) => { state.phaseChanged(data); countdown.set(data.phase.timer_ends_at, data.server_now); },
    "timer:changed": (data) => { state.timerChanged(data); countdown.set(data.timer_ends_at, data.server_now); },
    "event:changed": (data) => state.eventChanged(data),
    "parking:added": (data) => state.parkingAdded(data),
    "board:changed": (board) => state.boardChanged(board),
    "seats:changed": (seats) => state.patch({ seats }),
    "tables:themes": ({ tables }) => state.tableThemes(tables),
    "parking:projector": ({ notes }) => state.patch({ parking: notes }),
  });
})();
