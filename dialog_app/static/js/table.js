/* The table secretary's tablet: type ideas (kept until the server acknowledges them),
 * edit or withdraw them, and mark the table's two priorities.
 */
(function () {
  "use strict";
  const { t, el, newId, Connection, showPhase, showError, clearError, wireParkingForm, parkingAcked } = window.Dialog;

  let view = null;
  let editing = null; // {id, draft}
  const input = document.getElementById("idea-input");

  function listOf(kind) {
    return kind === "proposal" ? view.proposals : view.ideas;
  }

  function upsertIdea(idea) {
    if (!view) return;
    const list = listOf(idea.kind);
    const index = list.findIndex((existing) => existing.id === idea.id);
    if (index >= 0) list[index] = idea; else list.push(idea);
  }

  const connection = new Connection({
    snapshot: (data) => { view = data; render(); },
    changed: () => render(),
    acked: (item, response) => {
      parkingAcked(item);
      if (response.idea) upsertIdea(response.idea);
      if (response.priorities) view.priorities = response.priorities;
      render();
    },
    refused: (item, error) => {
      showError(error.message);
      if (error.code !== "token.invalid" && !String(item.payload.text || "").trim()) connection.dismiss(item.opId);
    },
    "idea:saved": ({ idea }) => { upsertIdea(idea); render(); },
    "idea:withdrawn": ({ id }) => {
      if (view) { view.ideas = view.ideas.filter((idea) => idea.id !== id); view.proposals = view.proposals.filter((p) => p.id !== id); }
      render();
    },
    "tables:themes": ({ tables }) => {
      const mine = view && tables.find((table) => table.number === view.table);
      if (mine) { view.theme = mine.theme; render(); }
    },
    "priorities:changed": ({ priorities }) => { if (view) view.priorities = priorities; render(); },
    "table:seated": ({ seated }) => { if (view) { view.seated = seated; render(); } },
    "phase:changed": ({ phase }) => { if (view) view.phase = phase; render(); },
    "timer:changed": ({ timer_ends_at: endsAt }) => { if (view) view.phase = { ...view.phase, timer_ends_at: endsAt }; render(); },
    "event:changed": ({ event }) => { if (view) view.event = event; render(); },
  });

  function pendingEdits() {
    const edits = new Map();
    for (const item of connection.outbox.pending()) {
      if (item.event === "idea:edit") edits.set(item.payload.id, item.payload.text);
    }
    return edits;
  }

  function ideaItem(idea, { pending, canWrite, canChoose, chosenIds, testid }) {
    const chosen = chosenIds.has(idea.id);
    if (editing && editing.id === idea.id) {
      const box = el("textarea", { rows: 3, maxlength: view.idea_max_length, "aria-label": t("idea.edit") });
      box.value = editing.draft;
      box.addEventListener("input", () => { editing.draft = box.value; });
      queueMicrotask(() => box.focus());
      return el("li", { "data-testid": testid, className: "idea editing", dataset: { id: idea.id } }, box,
        el("div", { className: "button-row" },
          el("button", { type: "button", onclick: () => {
            connection.queue("idea:edit", { id: idea.id, text: editing.draft });
            editing = null;
            render();
          } }, t("idea.save")),
          el("button", { type: "button", className: "secondary", onclick: () => { editing = null; render(); } }, t("idea.cancel"))));
    }
    const state = pending ? "pending" : "saved";
    const actions = [];
    if (canChoose && !pending) {
      actions.push(el("button", {
        type: "button", "data-testid": "priority-toggle", "aria-pressed": chosen ? "true" : "false",
        className: chosen ? "toggle on" : "toggle",
        onclick: () => choose(idea.id, !chosen),
      }, chosen ? t("priority.chosen") : t("priority.choose")));
    }
    if (canWrite && !pending) {
      actions.push(el("button", { type: "button", className: "secondary small", onclick: () => { editing = { id: idea.id, draft: idea.text }; render(); } }, t("idea.edit")));
      actions.push(el("button", { type: "button", className: "secondary small", onclick: () => withdraw(idea.id) }, t("idea.withdraw")));
    }
    return el("li", { "data-testid": testid, className: `idea ${state}${chosen ? " chosen" : ""}`, dataset: { id: idea.id, state } },
      el("p", { className: "idea-text" }, idea.text),
      el("p", { className: "idea-status" }, pending ? t("idea.pending") : t("idea.saved")),
      actions.length ? el("div", { className: "button-row" }, actions) : null);
  }

  function render() {
    if (!view) return;
    const phase = view.phase.key;
    const canWrite = view.phase.allows.includes("idea.add");
    const canChoose = view.phase.allows.includes("priority.choose");
    showPhase(phase);
    document.getElementById("table-name").textContent = `${t("table")} ${view.table}`;
    const deepening = view.phase.question === "deepen";
    document.getElementById("question").textContent = deepening ? view.event.deepen_question : view.event.vision_question;
    document.getElementById("idea-form").hidden = !canWrite;
    const waiting = document.getElementById("waiting");
    waiting.hidden = canWrite;
    waiting.textContent = t(`waiting.${phase}`);

    const kind = view.phase.writes;
    const testid = kind;
    const theme = document.getElementById("theme-banner");
    theme.hidden = !view.theme || !deepening;
    theme.textContent = view.theme ? `${t("theme.table")}: ${view.theme.title}` : "";
    for (const id of ["idea-label", "ideas-title"]) {
      const node = document.getElementById(id);
      node.textContent = node.dataset[kind];
    }
    const current = listOf(kind);
    const chosenIds = new Set(view.priorities.filter((p) => p.idea_id).map((p) => p.idea_id));
    const edits = pendingEdits();
    const saved = current.map((idea) => edits.has(idea.id) ? { ...idea, text: edits.get(idea.id), editPending: true } : idea);
    const savedIds = new Set([...view.ideas, ...view.proposals].map((idea) => idea.id));
    const queued = connection.outbox.pending()
      .filter((item) => item.event === "idea:add" && !savedIds.has(item.payload.id))
      .map((item) => ({ id: item.payload.id, text: item.payload.text }));
    const items = [
      ...queued.reverse().map((idea) => ideaItem(idea, { pending: true, canWrite, canChoose, chosenIds, testid })),
      ...saved.slice().reverse().map((idea) => ideaItem(idea, { pending: Boolean(idea.editPending), canWrite, canChoose, chosenIds, testid })),
    ];
    document.getElementById("idea-list").replaceChildren(...items);
    document.getElementById("idea-total").textContent = `(${current.length + queued.length})`;

    const panel = document.getElementById("priorities-panel");
    panel.hidden = !canChoose && view.priorities.length === 0;
    document.getElementById("priority-form").hidden = !canChoose;
    document.getElementById("priority-count").textContent = `(${view.priorities.length}/${view.priorities_per_table})`;
    document.getElementById("priority-list").replaceChildren(...(view.priorities.length
      ? view.priorities.map((priority) => el("li", { className: "priority", "data-testid": "table-priority" },
        el("span", {}, priority.text),
        canChoose ? el("button", { type: "button", className: "secondary small", onclick: () => removePriority(priority.id) }, t("priority.remove")) : null))
      : [el("li", { className: "muted" }, t("priority.none"))]));

    const seated = view.seated || [];
    document.getElementById("seated-panel").hidden = seated.length === 0;
    document.getElementById("seated-count").textContent = `(${seated.length})`;
    document.getElementById("seated-list").replaceChildren(...seated.map((name) => el("li", { "data-testid": "seated-name" }, name)));

    const refused = connection.outbox.refused();
    document.getElementById("refused").hidden = refused.length === 0;
    document.getElementById("refused-text").textContent = t("refused.kept");
    document.getElementById("refused-list").replaceChildren(...refused.map((item) =>
      el("li", { className: "refused-item", "data-testid": "refused-item" },
        el("p", { className: "idea-text" }, item.payload.text),
        el("p", { className: "idea-error", "data-testid": "idea-error" }, item.error.message),
        el("div", { className: "button-row" },
          el("button", { type: "button", className: "small", "data-testid": "refused-retry", onclick: () => retryRefused(item) },
            t("refused.retry")),
          el("button", { type: "button", className: "secondary small", onclick: () => connection.dismiss(item.opId) }, t("dismiss"))))));
    updateCounter();
  }

  /* A refused text goes back into the field it was written in, to be corrected and sent again. */
  function retryRefused(item) {
    const field = document.getElementById(
      { "parking:add": "parking-input", "priority:add": "priority-input" }[item.event] || "idea-input");
    field.value = item.payload.text;
    connection.dismiss(item.opId);
    field.focus();
    updateCounter();
  }

  function updateCounter() {
    if (!view) return;
    document.getElementById("idea-count").textContent = `${view.idea_max_length - input.value.length} ${t("idea.chars_left")}`;
  }

  /* Priority changes go one after another, each once the one before is answered: "unmark A, mark C"
   * typed quickly on a slow link must not reach the server as "mark C" while A still counts. */
  let priorityChanges = Promise.resolve();
  function changePriorities(event, payload) {
    priorityChanges = priorityChanges.then(async () => {
      const response = await connection.request(event, payload);
      if (!response.ok) return showError(response.error.message);
      clearError();
      view.priorities = response.priorities;
      render();
    });
    return priorityChanges;
  }

  const choose = (ideaId, chosen) => changePriorities("priority:choose", { idea_id: ideaId, chosen });
  const removePriority = (priorityId) => changePriorities("priority:remove", { id: priorityId });

  async function withdraw(ideaId) {
    if (!window.confirm(t("idea.withdraw_confirm"))) return;
    const response = await connection.request("idea:withdraw", { id: ideaId });
    if (!response.ok) return showError(response.error.message);
    clearError();
    view.ideas = view.ideas.filter((idea) => idea.id !== ideaId);
    view.proposals = view.proposals.filter((idea) => idea.id !== ideaId);
    render();
  }

  function submitIdea() {
    clearError();
    connection.queue("idea:add", { id: newId(), text: input.value });
    input.value = "";
    updateCounter();
    input.focus();
  }

  document.getElementById("idea-form").addEventListener("submit", (event) => { event.preventDefault(); submitIdea(); });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) { event.preventDefault(); submitIdea(); }
  });
  input.addEventListener("input", updateCounter);
  wireParkingForm(connection);
  document.getElementById("priority-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const field = document.getElementById("priority-input");
    connection.queue("priority:add", { id: newId(), text: field.value });
    field.value = "";
  });
})();
