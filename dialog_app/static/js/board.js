/* The leaders' theme board: drag priorities between themes (SortableJS, mouse and touch, with a
 * bounded auto-scroll near the window's edges), or move them by keyboard (arrow keys on a focused
 * priority, or its "Flytta till" menu, which acts on Enter). Every change goes to the server, which
 * sends the whole new board to every leader and the projector; the page patches what it draws, so a
 * title being typed, an open list of similar ideas and a drag under way survive another leader's
 * change. What a change did is said in the page's status region, and the focus stays on the work.
 */
(function () {
  "use strict";
  const { t, tr, plural, el, patch, shy, sv, showError, clearError, announce, focusFirst, choiceMenu } = window.Dialog;

  // Auto-scroll while dragging near the window's edge: starts 80 px from it, at most 14 px a frame.
  const SCROLL_EDGE = 80;
  const SCROLL_SPEED = 14;
  // Whoever asked their system for less motion sees a priority land without the slide.
  const REDUCED_MOTION = Boolean(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);

  class BoardEditor {
    /* ``drawNow`` draws the page at once (after an answer, to put the focus on what it shows). */
    constructor(connection, container, drawNow) {
      this.connection = connection;
      this.container = container;
      this.drawNow = drawNow || (() => this.draw());
      this.board = null;
      this.dragging = false;
      this.telling = null; // a move to say once the board shows it: {id, themeId}
      this.renamed = new Map(); // theme id -> the title last sent
    }

    async send(event, payload, near) {
      const response = await this.connection.request(event, payload);
      if (response.ok) clearError(); else { showError(response.error.message, near || this.container); this.draw(); }
      return response;
    }

    /* A new board from the server; drawn at once unless a drag is under way (then when it ends). */
    show(board) {
      this.board = board;
      if (!this.dragging) this.draw();
      this.tell();
    }

    /* "Praktikplatser flyttad till Företag, plats 2": said when the board shows the move. */
    tell() {
      if (!this.telling || !this.board) return;
      const { id, themeId } = this.telling;
      const theme = themeId ? this.board.themes.find((other) => other.id === themeId) : null;
      const list = themeId ? (theme ? theme.priorities : []) : this.board.unsorted;
      const index = list.findIndex((priority) => priority.id === id);
      if (index < 0) return;
      this.telling = null;
      announce(tr("theme.moved_told", { text: list[index].text, theme: theme ? theme.title : t("theme.to_unsorted"), position: index + 1 }));
    }

    /* Send a move; when it is done, say where the priority went. */
    async move(priorityId, themeId, extra, near) {
      const response = await this.send("theme:move", { priority_id: priorityId, theme_id: themeId, ...(extra || {}) }, near);
      if (response.ok) { this.telling = { id: priorityId, themeId }; this.tell(); }
      return response;
    }

    draw() {
      if (!this.board) return;
      const board = this.board;
      const focused = document.activeElement && this.container.contains(document.activeElement) ? document.activeElement.id : null;
      const columns = [this.column(null, t("theme.to_unsorted"), board.unsorted, board)];
      for (const theme of board.themes) columns.push(this.column(theme, theme.title, theme.priorities, board));
      patch(this.container, columns);
      for (const list of this.container.querySelectorAll("ul.theme-priorities")) this.sortable(list, board.finalised);
      // A priority moved by keyboard lands in another list: the focus goes with it.
      if (focused && document.activeElement.id !== focused) {
        const again = document.getElementById(focused);
        if (again) again.focus();
      }
    }

    /* Each list keeps its SortableJS instance across patches; a finalised board has none. */
    sortable(list, locked) {
      const existing = Sortable.get(list);
      if (locked) { if (existing) existing.destroy(); return; }
      if (existing) return;
      Sortable.create(list, {
        group: "board", animation: REDUCED_MOTION ? 0 : 120, forceFallback: true, fallbackTolerance: 4, filter: "select, button",
        preventOnFilter: false, scroll: true, bubbleScroll: true, scrollSensitivity: SCROLL_EDGE, scrollSpeed: SCROLL_SPEED,
        onStart: () => { this.dragging = true; },
        onEnd: (event) => {
          this.dragging = false;
          const target = event.to.dataset.themeId || null;
          if (event.from === event.to && event.oldIndex === event.newIndex) return this.draw();
          this.move(event.item.dataset.id, target, { position: event.newIndex });
        },
      });
    }

    column(theme, title, priorities, board) {
      const locked = board.finalised;
      const list = el("ul", { className: "theme-priorities", key: `list-${theme ? theme.id : "unsorted"}`,
        dataset: { themeId: theme ? theme.id : "" }, "aria-label": title },
      priorities.map((priority, index) => this.chip(priority, theme, board, index, priorities.length)));
      if (!theme) {
        return el("section", { className: "theme-card unsorted", key: "column-unsorted", "aria-label": title },
          el("h3", {}, title, " ", el("span", { className: "muted" }, `(${priorities.length})`)), list);
      }
      const others = board.themes.filter((other) => other.id !== theme.id);
      return el("article", { className: "theme-card", key: `column-${theme.id}`, "data-testid": "theme", dataset: { id: theme.id } },
        el("textarea", {
          value: theme.title, "data-testid": "theme-title", "aria-label": t("theme.title_label"), maxlength: 120, rows: 2,
          disabled: locked, dataset: { themeId: theme.id }, key: `title-${theme.id}`, className: "theme-title", ...sv,
          onchange: (event) => this.rename(theme, event.target),
          // Enter saves the title and leaves the focus in it.
          onkeydown: (event) => { if (event.key === "Enter") { event.preventDefault(); this.rename(theme, event.target); } },
        }),
        // Why the theme holds together: the words its priorities share now (empty when they share none).
        theme.words.length ? el("p", { className: "theme-words", "data-testid": "theme-words", key: `words-${theme.id}` },
          tr("theme.shared_words", { words: theme.words.join(", ") })) : null,
        list,
        theme.ideas.length ? el("details", { className: "context", key: `context-${theme.id}` },
          el("summary", {}, plural("theme.context_count", theme.ideas.length)),
          el("ul", { ...sv }, theme.ideas.map((idea) => el("li", { "data-testid": "context-idea", key: `context-${theme.id}-${idea.id}` }, idea.text)))) : null,
        locked ? null : el("div", { className: "button-row" },
          el("select", {
            "aria-label": tr("theme.merge_named", { title: theme.title }), key: `merge-${theme.id}`,
            ...choiceMenu((target, select) => this.merge(theme, target, select)),
          }, el("option", { value: "", selected: true }, t("theme.merge_into")),
          others.map((other) => el("option", { value: other.id, ...sv }, other.title))),
          el("button", { type: "button", className: "secondary small",
            "aria-label": tr("theme.delete_named", { title: theme.title }), onclick: (event) => this.remove(theme, event.currentTarget) },
          t("theme.delete"))));
    }

    /* A title is sent when it changed (Enter, or leaving the field), once. */
    rename(theme, field) {
      const title = field.value;
      if (title === theme.title || title === this.renamed.get(theme.id)) return;
      this.renamed.set(theme.id, title);
      this.send("theme:rename", { theme_id: theme.id, title }, field).then((response) => {
        if (!response.ok) this.renamed.delete(theme.id);
      });
    }

    /* Merged: the focus goes to the title of the theme that now holds both. */
    async merge(theme, targetId, near) {
      const response = await this.send("theme:merge", { source_id: theme.id, target_id: targetId }, near);
      if (!response.ok) return;
      const target = this.board.themes.find((other) => other.id === targetId);
      announce(tr("theme.merged_told", { title: target ? target.title : "" }));
      this.drawNow();
      focusFirst(`title-${targetId}`);
    }

    /* Deleted: the focus goes to the next theme's title (or the one before, or "Nytt tema"). */
    async remove(theme, near) {
      const ids = this.board.themes.map((other) => other.id);
      const index = ids.indexOf(theme.id);
      const around = [...ids.slice(index + 1), ...ids.slice(0, index).reverse()].map((id) => `title-${id}`);
      const response = await this.send("theme:delete", { theme_id: theme.id }, near);
      if (!response.ok) return;
      announce(t("theme.deleted_told"));
      this.drawNow();
      focusFirst(around, "theme-create");
    }

    chip(priority, theme, board, index, count) {
      const locked = board.finalised;
      // The menu keeps its key when the priority moves, so the focus moves with it.
      const menu = el("select", {
        "aria-label": tr("theme.move_named", { text: priority.text }), disabled: locked, key: `move-${priority.id}`,
        ...choiceMenu((choice, select) => this.moveByMenu(priority, theme, choice, select)),
      },
      el("option", { value: "", selected: true }, t("theme.move_to")),
      theme ? el("option", { value: "unsorted" }, t("theme.to_unsorted")) : null,
      board.themes.filter((other) => !theme || other.id !== theme.id).map((other) => el("option", { value: other.id, ...sv }, other.title)),
      el("option", { value: "new" }, t("theme.to_new")));
      // A focused priority is named by its text and table, as typed: not its soft hyphens, not its menu's options.
      return el("li", {
        className: "priority chip", "data-testid": "priority", dataset: { id: priority.id }, key: `chip-${priority.id}`,
        tabindex: locked ? null : 0, "aria-keyshortcuts": locked ? null : "ArrowUp ArrowDown ArrowLeft ArrowRight",
        "aria-label": tr("theme.chip_named", { text: priority.text, number: priority.table }),
        "aria-description": locked ? null : t("theme.keys_help"),
        onkeydown: locked ? null : (event) => this.moveByKey(event, priority, theme, index, count),
      },
      el("span", { className: "chip-text", ...sv }, shy(priority.text)),
      el("span", { className: "table-tag" }, tr("table.name", { number: priority.table })),
      el("div", { className: "chip-actions" }, menu,
        theme && !locked ? el("button", {
          type: "button", className: "secondary unfit", "data-testid": "priority-unfit", key: `unfit-${priority.id}`,
          "aria-label": tr("theme.unfit_named", { text: priority.text }), "aria-description": t("theme.unfit_help"),
          onclick: (event) => this.unfit(priority, theme, event.target),
        }, t("theme.unfit")) : null));
    }

    /* "Passar inte": the priority goes to Ej sorterade, as any move (undo brings it back). The
     * focus stays in the theme being read: on the next priority's button, or the title when none is left. */
    async unfit(priority, theme, near) {
      const others = theme.priorities.filter((other) => other.id !== priority.id);
      const index = theme.priorities.findIndex((other) => other.id === priority.id);
      const next = others[Math.min(index, others.length - 1)];
      const response = await this.move(priority.id, null, {}, near);
      if (!response.ok) return;
      this.drawNow();
      const target = (next && document.getElementById(`unfit-${next.id}`)) || document.getElementById(`title-${theme.id}`);
      if (target) target.focus();
    }

    /* Arrow keys on a focused priority: up and down within its theme, left and right to the
     * neighbouring column (the unsorted column first). */
    moveByKey(event, priority, theme, index, count) {
      if (event.target !== event.currentTarget || event.altKey || event.ctrlKey || event.metaKey) return;
      const columns = [null, ...this.board.themes.map((other) => other.id)];
      const here = columns.indexOf(theme ? theme.id : null);
      let move = null;
      if (event.key === "ArrowUp" && index > 0) move = { theme_id: theme ? theme.id : null, position: index - 1 };
      if (event.key === "ArrowDown" && index < count - 1) move = { theme_id: theme ? theme.id : null, position: index + 1 };
      if (event.key === "ArrowLeft" && here > 0) move = { theme_id: columns[here - 1] };
      if (event.key === "ArrowRight" && here < columns.length - 1) move = { theme_id: columns[here + 1] };
      if (!move) return;
      event.preventDefault();
      const { theme_id: themeId, ...position } = move;
      this.move(priority.id, themeId, position, event.currentTarget);
    }

    async moveByMenu(priority, theme, choice, near) {
      if (!choice) return;
      if (choice === "unsorted") return this.move(priority.id, null, {}, near);
      if (choice !== "new") return this.move(priority.id, choice, {}, near);
      if (theme) {
        const split = await this.send("theme:split", { theme_id: theme.id, priority_ids: [priority.id], title: t("theme.new_title") }, near);
        if (split.ok) { this.telling = { id: priority.id, themeId: split.theme_id }; this.tell(); }
        return split;
      }
      const created = await this.send("theme:create", { title: t("theme.new_title") }, near);
      if (created.ok) this.move(priority.id, created.theme_id, {}, near);
    }
  }

  window.DialogBoard = { BoardEditor };
})();
