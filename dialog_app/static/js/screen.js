/* The state the projector and the leader share: every table's ideas and priorities, kept
 * whole by snapshots and patched by live events. Rendering is batched per animation frame
 * so a burst of ideas costs one repaint.
 */
(function () {
  "use strict";
  const { t, el, seatCount } = window.Dialog;

  class ScreenState {
    constructor(render) {
      this.render = render;
      this.view = null;
      this.frame = null;
    }
    schedule() {
      if (this.frame) return;
      this.frame = requestAnimationFrame(() => { this.frame = null; if (this.view) this.render(this.view); });
    }
    table(number) {
      return this.view && this.view.tables.find((table) => table.number === number);
    }
    snapshot(view) { this.view = view; this.schedule(); }
    patch(changes) {
      if (!this.view) return;
      Object.assign(this.view, changes);
      this.schedule();
    }
    tableThemes(tables) {
      if (!this.view) return;
      for (const update of tables) {
        const table = this.table(update.number);
        if (table) table.theme = update.theme;
      }
      this.schedule();
    }
    boardChanged(board) {
      if (!this.view) return;
      this.view.board = board;
      this.schedule();
    }
    tabletsChanged({ tablets }) {
      if (!this.view) return;
      this.view.tablets = tablets;
      this.schedule();
    }
    ideaSaved({ idea }) {
      const table = this.table(idea.table);
      if (!table) return;
      const list = idea.kind === "proposal" ? table.proposals : table.ideas;
      const index = list.findIndex((existing) => existing.id === idea.id);
      if (index >= 0) list[index] = idea; else list.push(idea);
      table.idea_count = table.ideas.length;
      this.schedule();
    }
    ideaWithdrawn({ id, table: number }) {
      const table = this.table(number);
      if (!table) return;
      table.ideas = table.ideas.filter((idea) => idea.id !== id);
      table.proposals = table.proposals.filter((idea) => idea.id !== id);
      table.idea_count = table.ideas.length;
      this.schedule();
    }
    prioritiesChanged({ table: number, priorities }) {
      const table = this.table(number);
      if (!table) return;
      table.priorities = priorities;
      this.schedule();
    }
    phaseChanged({ phase }) {
      if (!this.view) return;
      this.view.phase = phase;
      this.schedule();
    }
    timerChanged({ timer_ends_at: endsAt }) {
      if (!this.view) return;
      this.view.phase = { ...this.view.phase, timer_ends_at: endsAt };
      this.schedule();
    }
    eventChanged({ event }) {
      if (!this.view) return;
      this.view.event = event;
      this.schedule();
    }
    parkingAdded({ note }) {
      if (!this.view) return;
      this.view.parking = [...(this.view.parking || []), note];
      this.schedule();
    }
  }

  /* One card per table: its count, its priorities, and (when asked) its ideas, newest first. */
  function seatsByTable(view) {
    return new Map(((view.seats && view.seats.tables) || []).map((table) => [table.number, table]));
  }

  function tableCards(view, { showIdeas, maxIdeas, showTablets }) {
    const perTable = view.priorities_per_table;
    const seats = seatsByTable(view);
    return view.tables.map((table) => {
      const priorities = table.priorities.map((priority) =>
        el("li", { "data-testid": "priority", className: "priority", dataset: { table: table.number } }, priority.text));
      const newest = table.ideas.slice().reverse().slice(0, maxIdeas || table.ideas.length);
      const older = table.ideas.length - newest.length;
      const ideas = showIdeas
        ? el("ul", { className: "idea-list" }, newest.map((idea) =>
          el("li", { "data-testid": "idea", className: "idea", dataset: { id: idea.id, table: table.number } }, idea.text)),
        older > 0 ? el("li", { className: "older" }, `+ ${older} ${t("idea.older")}`) : null)
        : null;
      return el("article", { className: "table-card", dataset: { table: table.number }, "data-testid": "table-card" },
        el("h3", {}, el("span", {}, `${t("table")} ${table.number}`),
          el("span", { className: "count", "data-testid": "idea-count", dataset: { count: table.idea_count } },
            `${table.idea_count} ${t("idea.count")}`)),
        el("p", { className: "priority-status", dataset: { complete: table.priorities.length === perTable } },
          `${table.priorities.length}/${perTable} ${t("priority.count")}`),
        seats.has(table.number) ? el("p", { className: "seat-line" }, seatCount(seats.get(table.number))) : null,
        showTablets ? tabletStatus((view.tablets || {})[String(table.number)] || 0) : null,
        priorities.length ? el("ol", { className: "priority-list" }, priorities) : null,
        ideas);
    });
  }

  function tabletStatus(count) {
    return el("p", { className: "tablet-status", "data-testid": "tablet-status", dataset: { online: count > 0 } },
      count > 0 ? t("tablet.online") : t("tablet.offline"));
  }

  /* The theme board as the room sees it: one card per theme, its priorities and (if shown) ideas. */
  function themeCards(board) {
    return board.themes.map((theme) => el("article", { className: "theme-card", "data-testid": "theme", dataset: { id: theme.id } },
      el("h3", { "data-testid": "theme-title" }, theme.title),
      el("ul", { className: "theme-priorities" }, theme.priorities.map((priority) =>
        el("li", { className: "priority", "data-testid": "priority", dataset: { id: priority.id } },
          priority.text, el("span", { className: "table-tag" }, ` · ${t("table")} ${priority.table}`)))),
      theme.ideas.length ? el("details", { className: "context", open: true },
        el("summary", {}, `${t("theme.context")} (${theme.ideas.length})`),
        el("ul", {}, theme.ideas.map((idea) => el("li", { "data-testid": "context-idea" }, idea.text)))) : null));
  }

  /* Pass 2 on the projector: each table's theme, its seat count and its proposals. */
  function deepenCards(view) {
    const seats = seatsByTable(view);
    return view.tables.map((table) => {
      const seat = seats.get(table.number);
      return el("article", { className: "table-card", dataset: { table: table.number }, "data-testid": "table-card" },
        el("h3", {}, el("span", {}, `${t("table")} ${table.number}`), seat ? seatCount(seat, "count") : null),
        el("p", { className: "table-theme", "data-testid": "table-theme" }, table.theme ? table.theme.title : t("theme.none")),
        el("ul", { className: "idea-list" }, table.proposals.slice().reverse().map((proposal) =>
          el("li", { className: "idea", "data-testid": "proposal", dataset: { id: proposal.id } }, proposal.text))));
    });
  }

  function parkingList(notes) {
    return notes.map((note) => el("li", { className: "parking-item" }, note.text));
  }

  window.DialogScreen = { ScreenState, tableCards, themeCards, deepenCards, parkingList };
})();
