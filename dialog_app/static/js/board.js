/* The leaders' theme board: drag priorities between themes (SortableJS, mouse and touch, with a
 * bounded auto-scroll near the window's edges), or move them by keyboard (arrow keys on a focused
 * priority, or its "Flytta till" menu). Every change goes to the server, which sends the whole new
 * board to every leader and the projector; the page patches what it draws, so a title being typed,
 * an open list of similar ideas and a drag under way survive another leader's change.
 */
(function () {
  "use strict";
  const { t, tr, plural, el, patch, shy, showError, clearError } = window.Dialog;

  // Auto-scroll while dragging near the window's edge: starts 80 px from it, at most 14 px a frame.
  const SCROLL_EDGE = 80;
  const SCROLL_SPEED = 14;

  class BoardEditor {
    constructor(connection, container) {
      this.connection = connection;
      this.container = container;
      this.board = null;
      this.dragging = false;
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
        group: "board", animation: 120, forceFallback: true, fallbackTolerance: 4, filter: "select, button",
        preventOnFilter: false, scroll: true, bubbleScroll: true, scrollSensitivity: SCROLL_EDGE, scrollSpeed: SCROLL_SPEED,
        onStart: () => { this.dragging = true; },
        onEnd: (event) => {
          this.dragging = false;
          const target = event.to.dataset.themeId || null;
          if (event.from === event.to && event.oldIndex === event.newIndex) return this.draw();
          this.send("theme:move", { priority_id: event.item.dataset.id, theme_id: target, position: event.newIndex });
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
          disabled: locked, dataset: { themeId: theme.id }, key: `title-${theme.id}`, className: "theme-title",
          onchange: (event) => this.send("theme:rename", { theme_id: theme.id, title: event.target.value }, event.target),
          onkeydown: (event) => { if (event.key === "Enter") { event.preventDefault(); event.target.blur(); } },
        }),
        // Why the theme holds together: the words its priorities share now (empty when they share none).
        theme.words.length ? el("p", { className: "theme-words", "data-testid": "theme-words", key: `words-${theme.id}` },
          tr("theme.shared_words", { words: theme.words.join(", ") })) : null,
        list,
        theme.ideas.length ? el("details", { className: "context", key: `context-${theme.id}` },
          el("summary", {}, plural("theme.context_count", theme.ideas.length)),
          el("ul", {}, theme.ideas.map((idea) => el("li", { "data-testid": "context-idea", key: `context-${theme.id}-${idea.id}` }, idea.text)))) : null,
        locked ? null : el("div", { className: "button-row" },
          el("select", {
            "aria-label": t("theme.merge_into"), key: `merge-${theme.id}`,
            onchange: (event) => { if (event.target.value) this.send("theme:merge", { source_id: theme.id, target_id: event.target.value }, event.target); },
          }, el("option", { value: "", selected: true }, t("theme.merge_into")), others.map((other) => el("option", { value: other.id }, other.title))),
          el("button", { type: "button", className: "secondary small", onclick: (event) => this.send("theme:delete", { theme_id: theme.id }, event.target) },
            t("theme.delete"))));
    }

    chip(priority, theme, board, index, count) {
      const locked = board.finalised;
      const menu = el("select", {
        "aria-label": tr("theme.move_named", { text: priority.text }), disabled: locked,
        onchange: (event) => this.moveByMenu(priority, theme, event.target.value, event.target),
      },
      el("option", { value: "", selected: true }, t("theme.move_to")),
      theme ? el("option", { value: "unsorted" }, t("theme.to_unsorted")) : null,
      board.themes.filter((other) => !theme || other.id !== theme.id).map((other) => el("option", { value: other.id }, other.title)),
      el("option", { value: "new" }, t("theme.to_new")));
      return el("li", {
        className: "priority chip", "data-testid": "priority", dataset: { id: priority.id }, key: `chip-${priority.id}`,
        tabindex: locked ? null : 0, "aria-keyshortcuts": locked ? null : "ArrowUp ArrowDown ArrowLeft ArrowRight",
        "aria-description": locked ? null : t("theme.keys_help"),
        onkeydown: locked ? null : (event) => this.moveByKey(event, priority, theme, index, count),
      },
      el("span", { className: "chip-text" }, shy(priority.text)),
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
      const response = await this.send("theme:move", { priority_id: priority.id, theme_id: null }, near);
      if (!response.ok) return;
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
      this.send("theme:move", { priority_id: priority.id, ...move }, event.currentTarget);
    }

    async moveByMenu(priority, theme, choice, near) {
      if (!choice) return;
      if (choice === "unsorted") return this.send("theme:move", { priority_id: priority.id, theme_id: null }, near);
      if (choice !== "new") return this.send("theme:move", { priority_id: priority.id, theme_id: choice }, near);
      if (theme) {
        return this.send("theme:split", { theme_id: theme.id, priority_ids: [priority.id], title: t("theme.new_title") }, near);
      }
      const created = await this.send("theme:create", { title: t("theme.new_title") }, near);
      if (created.ok) this.send("theme:move", { priority_id: priority.id, theme_id: created.theme_id }, near);
    }
  }

  window.DialogBoard = { BoardEditor };
})();
