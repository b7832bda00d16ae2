/* The leaders' theme board: drag priorities between themes (SortableJS, mouse and touch), or
 * move them with each priority's menu (keyboard). Every change goes to the server, which sends
 * the whole new board to every leader and the projector; the page only draws what it is sent.
 */
(function () {
  "use strict";
  const { t, el, showError, clearError } = window.Dialog;

  class BoardEditor {
    constructor(connection, container) {
      this.connection = connection;
      this.container = container;
      this.board = null;
      this.dragging = false;
      this.sortables = [];
    }

    async send(event, payload) {
      const response = await this.connection.request(event, payload);
      if (response.ok) clearError(); else { showError(response.error.message); this.draw(); }
      return response;
    }

    show(board) {
      this.board = board;
      if (!this.dragging) this.draw();
    }

    draw() {
      if (!this.board) return;
      const focused = document.activeElement && document.activeElement.dataset
        ? { themeId: document.activeElement.dataset.themeId, testid: document.activeElement.dataset.testid,
          value: document.activeElement.value } : {};
      for (const sortable of this.sortables) sortable.destroy();
      this.sortables = [];
      const board = this.board;
      const columns = [this.column(null, t("theme.unsorted"), board.unsorted, board)];
      for (const theme of board.themes) columns.push(this.column(theme, theme.title, theme.priorities, board));
      this.container.replaceChildren(...columns);
      if (focused.testid === "theme-title") {
        const again = this.container.querySelector(`[data-testid="theme-title"][data-theme-id="${CSS.escape(focused.themeId)}"]`);
        if (again) { again.value = focused.value; again.focus(); }
      }
    }

    column(theme, title, priorities, board) {
      const locked = board.finalised;
      const list = el("ul", { className: "theme-priorities", dataset: { themeId: theme ? theme.id : "" } },
        priorities.map((priority) => this.chip(priority, theme, board)));
      if (!locked) {
        this.sortables.push(Sortable.create(list, {
          group: "board", animation: 120, forceFallback: true, fallbackTolerance: 4, filter: "select, button",
          preventOnFilter: false,
          onStart: () => { this.dragging = true; },
          onEnd: (event) => {
            this.dragging = false;
            const target = event.to.dataset.themeId || null;
            if (event.from === event.to && event.oldIndex === event.newIndex) return this.draw();
            this.send("theme:move", { priority_id: event.item.dataset.id, theme_id: target, position: event.newIndex });
          },
        }));
      }
      if (!theme) {
        return el("section", { className: "theme-card unsorted", "aria-label": title },
          el("h3", {}, title), list);
      }
      const titleInput = el("input", {
        value: theme.title, "data-testid": "theme-title", "aria-label": t("theme.title_label"), maxlength: 120,
        disabled: locked, dataset: { themeId: theme.id },
      });
      titleInput.addEventListener("change", () => this.send("theme:rename", { theme_id: theme.id, title: titleInput.value }));
      titleInput.addEventListener("keydown", (event) => { if (event.key === "Enter") titleInput.blur(); });
      const others = board.themes.filter((other) => other.id !== theme.id);
      const merge = el("select", { "aria-label": t("theme.merge_into"), disabled: locked },
        el("option", { value: "" }, t("theme.merge_into")),
        others.map((other) => el("option", { value: other.id }, other.title)));
      merge.addEventListener("change", () => {
        if (merge.value) this.send("theme:merge", { source_id: theme.id, target_id: merge.value });
      });
      return el("article", { className: "theme-card", "data-testid": "theme", dataset: { id: theme.id } },
        titleInput, list,
        theme.ideas.length ? el("details", { className: "context" },
          el("summary", {}, `${t("theme.context")} (${theme.ideas.length})`),
          el("ul", {}, theme.ideas.map((idea) => el("li", { "data-testid": "context-idea" }, idea.text)))) : null,
        locked ? null : el("div", { className: "button-row" }, merge,
          el("button", { type: "button", className: "secondary small", onclick: () => this.send("theme:delete", { theme_id: theme.id }) },
            t("theme.delete"))));
    }

    chip(priority, theme, board) {
      const menu = el("select", { "aria-label": `${t("theme.move_to")} ${priority.text}`, disabled: board.finalised },
        el("option", { value: "" }, t("theme.move_to")),
        theme ? el("option", { value: "unsorted" }, t("theme.to_unsorted")) : null,
        board.themes.filter((other) => !theme || other.id !== theme.id).map((other) => el("option", { value: other.id }, other.title)),
        el("option", { value: "new" }, t("theme.to_new")));
      menu.addEventListener("change", () => this.moveByMenu(priority, theme, menu.value));
      return el("li", { className: "priority chip", "data-testid": "priority", dataset: { id: priority.id } },
        el("span", { className: "chip-text" }, priority.text),
        el("span", { className: "table-tag" }, `${t("table")} ${priority.table}`),
        menu);
    }

    async moveByMenu(priority, theme, choice) {
      if (!choice) return;
      if (choice === "unsorted") return this.send("theme:move", { priority_id: priority.id, theme_id: null });
      if (choice !== "new") return this.send("theme:move", { priority_id: priority.id, theme_id: choice });
      if (theme) {
        return this.send("theme:split", { theme_id: theme.id, priority_ids: [priority.id], title: t("theme.new_title") });
      }
      const created = await this.send("theme:create", { title: t("theme.new_title") });
      if (created.ok) this.send("theme:move", { priority_id: priority.id, theme_id: created.theme_id });
    }
  }

  window.DialogBoard = { BoardEditor };
})();
