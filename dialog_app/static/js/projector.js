/* The projector: read-only, large, and whole again after any reconnect. */
(function () {
  "use strict";
  const { t, el, Connection, Countdown, showPhase } = window.Dialog;
  const { ScreenState, tableCards, themeCards } = window.DialogScreen;
  const countdown = new Countdown(document.getElementById("timer"));

  function render(view) {
    const phase = view.phase.key;
    showPhase(phase);
    document.getElementById("event-title").textContent = view.event.title;
    const question = phase === "deepen" || phase === "closing" ? view.event.deepen_question : view.event.vision_question;
    document.getElementById("question").textContent = question;
    const story = document.getElementById("story");
    story.hidden = phase !== "warmup" || !view.event.warmup_story;
    story.replaceChildren(...view.event.warmup_story.split(/\n{2,}/).map((paragraph) => el("p", {}, paragraph)));
    const board = view.board || { themes: [] };
    const showThemes = ["theming", "deepen", "closing"].includes(phase) && board.themes.length > 0;
    const themes = document.getElementById("themes");
    themes.hidden = !showThemes;
    themes.replaceChildren(...(showThemes ? themeCards(board) : []));
    const showTables = !["setup", "warmup"].includes(phase) && !showThemes;
    const tables = document.getElementById("tables");
    tables.hidden = !showTables;
    // One row of columns for up to six tables; more tables wrap into a second row.
    tables.style.setProperty("--columns", String(Math.min(view.tables.length, 6)));
    tables.replaceChildren(...(showTables ? tableCards(view, { showIdeas: phase === "brainstorm" || phase === "prioritise" }) : []));
  }

  const state = new ScreenState(render);
  new Connection({
    snapshot: (view) => { state.snapshot(view); countdown.set(view.phase.timer_ends_at, view.server_now); },
    "idea:saved": (data) => state.ideaSaved(data),
    "idea:withdrawn": (data) => state.ideaWithdrawn(data),
    "priorities:changed": (data) => state.prioritiesChanged(data),
    "phase:changed": (data) => { state.phaseChanged(data); countdown.set(data.phase.timer_ends_at, data.server_now); },
    "board:changed": (board) => state.boardChanged(board),
  });
})();
