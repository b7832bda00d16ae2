/* The state the projector and the leader share: every table's ideas and priorities, kept whole
 * by snapshots and patched by live events (drawn once a frame, so a burst of ideas costs one
 * repaint), and the cards both draw.
 */
(function () {
  "use strict";
  const { t, tr, plural, el, seatCount, sv, LiveView } = window.Dialog;

  class ScreenState extends LiveView {
    table(number) {
      return this.view && this.view.tables.find((table) => table.number === number);
    }
    patch(changes) {
      this.update((view) => Object.assign(view, changes));
    }
    tableThemes({ tables }) {
      this.update(() => {
        for (const update of tables) {
          const table = this.table(update.number);
          if (table) table.theme = update.theme;
        }
      });
    }
    ideaSaved({ idea }) {
      this.update(() => {
        const table = this.table(idea.table);
        if (!table) return;
        const list = idea.kind === "proposal" ? table.proposals : table.ideas;
        const index = list.findIndex((existing) => existing.id === idea.id);
        if (index >= 0) list[index] = idea; else list.push(idea);
        table.idea_count = table.ideas.length;
      });
    }
    ideaWithdrawn({ id, table: number }) {
      this.update(() => {
        const table = this.table(number);
        if (!table) return;
        table.ideas = table.ideas.filter((idea) => idea.id !== id);
        table.proposals = table.proposals.filter((idea) => idea.id !== id);
        table.idea_count = table.ideas.length;
      });
    }
    prioritiesChanged({ table: number, priorities }) {
      this.update(() => {
        const table = this.table(number);
        if (table) table.priorities = priorities;
      });
    }
    parkingAdded({ note }) {
      // A resent note is told again; the list keeps it once.
      this.update((view) => { view.parking = [...(view.parking || []).filter((kept) => kept.id !== note.id), note]; });
    }
    /* The messages projector and leader both hear, for LiveView.connect. */
    handlers() {
      return {
        "idea:saved": (data) => this.ideaSaved(data),
        "idea:withdrawn": (data) => this.ideaWithdrawn(data),
        "priorities:changed": (data) => this.prioritiesChanged(data),
        "parking:added": (data) => this.parkingAdded(data),
        "board:changed": (board) => this.patch({ board }),
        "seats:changed": (seats) => this.patch({ seats }),
        "tables:themes": (data) => this.tableThemes(data),
        "votes:changed": (votes) => this.patch({ votes }),
      };
    }
  }

  function seatsByTable(view) {
    return new Map(((view.seats && view.seats.tables) || []).map((table) => [table.number, table]));
  }

  function tableName(number) {
    return tr("table.name", { number });
  }

  /* "1 av 2 valda": how far a table is with its priorities. */
  function priorityStatus(table, perTable) {
    return el("p", { className: "priority-status", "data-testid": "priority-status",
      dataset: { complete: table.priorities.length === perTable } },
    tr("priority.chosen_of", { num: table.priorities.length, total: perTable }));
  }

  /* The leader's overview: one card per table with its counts, priorities, seats and tablet. */
  function tableCards(view) {
    const perTable = view.priorities_per_table;
    const seats = seatsByTable(view);
    return view.tables.map((table) => el("article", {
      className: "table-card", key: `table-${table.number}`, dataset: { table: table.number }, "data-testid": "table-card",
    },
    el("h3", {}, el("span", { className: "table-name" }, tableName(table.number)),
      el("span", { className: "count", "data-testid": "idea-count", dataset: { count: table.idea_count } },
        plural("idea.count", table.idea_count))),
    priorityStatus(table, perTable),
    seats.has(table.number) ? el("p", { className: "seat-line" }, seatCount(seats.get(table.number))) : null,
    tabletStatus((view.tablets || {})[String(table.number)] || 0),
    table.priorities.length ? el("ol", { className: "priority-list" }, table.priorities.map((priority) =>
      el("li", { "data-testid": "priority", className: "priority", key: `priority-${priority.id}`, dataset: { table: table.number }, ...sv },
        priority.text))) : null));
  }

  function tabletStatus(count) {
    return el("p", { className: "tablet-status", "data-testid": "tablet-status", dataset: { online: count > 0 } },
      count > 0 ? t("tablet.online") : t("tablet.offline"));
  }

  /* What the phones vote on in this step, most votes first, each with its support ("stöd från 31 av 51");
   * on the leader's page a question can be marked answered (``onAnswer``). */
  function voteItems(view, onAnswer) {
    const votes = view.votes || { items: [], voters: 0 };
    return votes.items.map((item) => el("li", { className: `vote-item${item.answered ? " answered" : ""}`, key: `voted-${item.id}`,
      "data-testid": "voted-item", dataset: { id: item.id, votes: item.votes, answered: item.answered } },
    el("span", { className: "vote-text", ...sv }, item.text),
    el("span", { className: "count", "data-testid": "vote-support" }, tr("vote.support", { num: item.votes, total: votes.voters })),
    item.answered ? el("span", { className: "answered-mark", "data-testid": "answered" }, t("question.answered")) : null,
    onAnswer && view.phase.allows.includes("question.answer") ? el("button", { type: "button", className: "secondary small",
      "data-testid": "question-answer", "aria-pressed": item.answered ? "true" : "false",
      onclick: (event) => onAnswer(item, event.currentTarget) }, t("question.answer")) : null));
  }

  window.DialogScreen = { ScreenState, tableCards, tableName, priorityStatus, voteItems };
})();
