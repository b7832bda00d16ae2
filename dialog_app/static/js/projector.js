/* The projector: read-only, large, and whole again after any reconnect. */
(function () {
  "use strict";
  const { el, patch, text, tr, plural, showPhase } = window.Dialog;
  const { ScreenState, tableCards, themeCards, deepenCards } = window.DialogScreen;

  function render(view) {
    const phase = view.phase.key;
    showPhase(view.phase);
    text(document.getElementById("event-title"), view.event.title);
    text(document.getElementById("question"), view.phase.question === "deepen" ? view.event.deepen_question : view.event.vision_question);
    const story = document.getElementById("story");
    story.hidden = phase !== "warmup" || !view.event.warmup_story;
    patch(story, view.event.warmup_story.split(/\n{2,}/).map((paragraph) => el("p", {}, paragraph)));
    const board = view.board || { themes: [] };
    const showThemes = ["theming", "closing"].includes(phase) && board.themes.length > 0;
    const themes = document.getElementById("themes");
    themes.hidden = !showThemes;
    patch(themes, showThemes ? themeCards(board) : []);
    const showTables = !["setup", "warmup"].includes(phase) && !showThemes;
    const tables = document.getElementById("tables");
    tables.hidden = !showTables;
    tables.style.setProperty("--columns", String(Math.min(view.tables.length, 6)));
    patch(tables, !showTables ? [] : phase === "deepen" ? deepenCards(view)
      : tableCards(view, { showIdeas: phase === "brainstorm" || phase === "prioritise" }));
    const banner = document.getElementById("rotation-banner");
    const round = view.seats && view.seats.round;
    banner.hidden = !(phase === "deepen" && round && round.open);
    if (!banner.hidden) text(banner, `${tr("rotation.banner", { number: round.number })} · ${plural("rotation.moving", view.seats.moving)}`);
    const notes = view.parking || [];
    document.getElementById("parking-panel").hidden = notes.length === 0;
    patch(document.getElementById("parking-list"), notes.map((note) => el("li", { className: "parking-item", key: `note-${note.id}` }, note.text)));
  }

  const state = new ScreenState(render);
  state.connect({
    ...state.handlers(),
    "parking:projector": ({ notes }) => state.patch({ parking: notes }),
  });
})();
