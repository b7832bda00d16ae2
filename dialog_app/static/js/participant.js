/* A participant's phone: join with a name, see the table, the task and the timer, choose a table
 * in a rotation round, leave a note in the parking lot. The phone keeps its key (localStorage) to be
 * recognised again. */
(function () {
  "use strict";
  const { config, t, tr, plural, trParts, el, patch, text, showPhase, showError, clearError, wireParkingForm, parkingAcked, seatCount,
    LiveView, announce, focusFirst, sv, markContent } = window.Dialog;
  const KEY = `dialog_app.participant.${config.token.slice(0, 16)}`;
  const $ = (id) => document.getElementById(id);
  let refusal = null; // {table, message}: a tap the server refused, shown under that table's button

  // The key must travel with the connection, so it is set before the page connects.
  config.participantKey = localStorage.getItem(KEY);
  const state = new LiveView(render);
  const connection = state.connect({
    acked: (item, response) => { parkingAcked(item); tookPart(item, response); },
    changed: () => { if (state.view) state.schedule(); },
    refused: (item, error) => showError(error.message),
    "seats:changed": (seats) => state.update((view) => { view.seats = seats; }),
    "tables:themes": ({ tables }) => state.update((view) => { view.tables = tables; }),
    // Live counts for everyone; this phone's own votes come with its snapshot and its acknowledgements.
    "votes:changed": (votes) => state.update((view) => { view.votes = { ...votes, mine: (view.votes || {}).mine || [] }; }),
    // The leader took this phone off the evening: its key opens nothing more; it may join again.
    "participant:removed": () => {
      localStorage.removeItem(KEY);
      config.participantKey = null;
      $("removed").hidden = false;
      state.update((view) => { view.me = null; });
    },
  });

  function render(view) {
    showPhase(view.phase);
    text($("event-title"), view.event.title);
    markContent($("event-title"));
    const joined = Boolean(view.me);
    $("join-form").hidden = joined;
    if (!joined) {
      // A printed table card's code carries its table (?table=3): the form starts there.
      const chosen = $("join-table").value || new URLSearchParams(window.location.search).get("table");
      patch($("join-table"), view.tables.map((table) => el("option", {
        value: table.number, key: `table-${table.number}`, selected: String(table.number) === chosen,
      }, tr("table.name", { number: table.number }))));
    }
    $("me-panel").hidden = !joined;
    $("parking-form").hidden = !joined;
    if (joined) {
      const mine = view.tables.find((table) => table.number === view.me.table);
      text($("me-text"), tr("participant.at_table", { name: view.me.name, number: view.me.table }));
      $("me-theme").hidden = !(mine && mine.theme);
      patch($("me-theme"), mine && mine.theme ? trParts("theme.of_this_table", { title: el("span", { ...sv }, mine.theme.title) }) : []);
    }
    renderRotation(view, joined);
    renderTakingPart(view, joined);
  }

  /* --- taking part: ideas, votes, the evaluation (where the step lets phones) ------------------ */

  function renderTakingPart(view, joined) {
    const may = view.phase.phones || [];
    const kind = view.phase.key === "panel" ? "question" : "idea";
    $("phone-idea-form").hidden = !joined || !may.includes("idea");
    text($("phone-idea-label"), $("phone-idea-label").dataset[kind]);
    const votes = view.votes || { items: [], mine: [], per_phone: 3 };
    $("vote-panel").hidden = !joined || !may.includes("vote") || !votes.items.length;
    const waiting = new Map(connection.outbox.pending().filter((item) => item.event === "vote:cast")
      .map((item) => [item.payload.target, item.payload.on]));
    const mine = new Set(votes.mine);
    for (const [target, on] of waiting) { if (on) mine.add(target); else mine.delete(target); }
    text($("votes-left"), tr("vote.left", { num: Math.max(0, votes.per_phone - mine.size), total: votes.per_phone }));
    patch($("vote-list"), votes.items.map((item) => {
      const chosen = mine.has(item.id);
      return el("li", { className: `choice${chosen ? " mine" : ""}`, key: `vote-${item.id}`, "data-testid": "vote-item", dataset: { id: item.id } },
        el("button", { type: "button", "data-testid": "vote-button", "aria-pressed": chosen ? "true" : "false",
          disabled: !chosen && mine.size >= votes.per_phone, onclick: () => castVote(item.id, !chosen) },
        el("span", { className: "choice-title", ...sv }, item.text),
        el("span", { className: "count", "data-testid": "vote-count", dataset: { votes: item.votes } }, plural("vote.count", item.votes)),
        item.answered ? el("span", { className: "answered-mark" }, ` · ${t("question.answered")}`) : null));
    }));
    $("evaluation-form").hidden = !joined || !may.includes("evaluation");
  }

  function castVote(target, on) {
    connection.queue("vote:cast", { id: window.Dialog.newId(), target, on });
  }

  function tookPart(item, response) {
    if (item.event === "phone:idea") {
      const told = t(response.idea && response.idea.kind === "question" ? "phone.question_sent" : "phone.idea_sent");
      text($("phone-idea-status"), told);
      announce(told);
    } else if (item.event === "vote:cast") {
      state.update((view) => { view.votes = { ...(view.votes || {}), mine: response.mine }; });
    } else if (item.event === "evaluation:send") {
      text($("evaluation-status"), t("evaluation.thanks"));
      announce(t("evaluation.thanks"));
    }
  }

  $("phone-idea-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const field = $("phone-idea-input");
    if (!field.value.trim()) return;
    text($("phone-idea-status"), t("idea.pending"));
    connection.queue("phone:idea", { id: window.Dialog.newId(), text: field.value });
    field.value = "";
    field.focus();
  });

  $("evaluation-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = document.querySelector('input[name="rating"]:checked');
    if (!chosen) return showError(t("evaluation.choose"));
    clearError();
    text($("evaluation-status"), t("idea.pending"));
    connection.queue("evaluation:send", { id: window.Dialog.newId(), rating: Number(chosen.value), comment: $("evaluation-comment").value });
  });

  function renderRotation(view, joined) {
    const panel = $("rotation-panel");
    const seats = view.seats;
    panel.hidden = !joined || !seats || !view.phase.allows.includes("rotation.choose");
    if (panel.hidden) return;
    const open = seats.round.open;
    text($("rotation-status"), open ? t("rotation.open") : t("rotation.closed"));
    const themes = new Map(view.tables.map((table) => [table.number, table.theme]));
    patch($("rotation-list"), seats.tables.map((table) => {
      const theme = themes.get(table.number);
      const mine = view.me.table === table.number;
      // A full table cannot be chosen, and its button says so; the refusal of a tap shows under that tap.
      const full = !mine && table.seated >= table.seats;
      return el("li", { className: `choice${mine ? " mine" : ""}${full ? " full" : ""}`, key: `choice-${table.number}` },
        el("button", {
          type: "button", "data-testid": "rotation-choice", dataset: { table: table.number, full },
          disabled: !open || mine || full, "aria-pressed": mine ? "true" : "false", onclick: (event) => choose(table.number, event.currentTarget),
        },
        el("span", { className: "choice-title" }, theme
          ? trParts("table.with_theme", { number: table.number, title: el("span", { ...sv }, theme.title) })
          : tr("table.name", { number: table.number })),
        seatCount(table)),
        refusal && refusal.table === table.number
          ? el("p", { className: "flash flash-error choice-error", role: "alert", "data-testid": "choice-error" }, refusal.message)
          : null);
    }));
  }

  async function choose(number) {
    const response = await connection.request("rotation:choose", { table: number });
    refusal = response.ok ? null : { table: number, message: response.error.message };
    if (!response.ok) return state.render(state.view);
    clearError();
    state.update((view) => { view.me.table = response.table; });
    // The chosen button is now the phone's own table (and still): the focus goes to where it says so.
    state.render(state.view);
    focusFirst("me-text");
  }

  /* Join; when many phones on the venue's Wi-Fi join at once the server asks some to wait, and the
   * join is sent again after the time it names, without the person doing anything. */
  async function sendJoin() {
    const full = $("join-full");
    const submit = $("join-form").querySelector("[type=submit]");
    submit.disabled = true;
    const response = await connection.request("participant:join", {
      name: $("join-name").value, table: Number($("join-table").value),
    });
    const waiting = !response.ok && response.error.code === "rate.limited";
    if (waiting && $("join-wait").hidden) announce($("join-wait").textContent.trim());
    $("join-wait").hidden = !waiting;
    if (waiting) {
      const seconds = (response.error.params && response.error.params.retry_after) || 1;
      setTimeout(sendJoin, seconds * 1000 + Math.random() * 1000); // spread, so the room does not come back at once
      return;
    }
    submit.disabled = false;
    if (!response.ok && response.error.code.startsWith("join.")) {
      text(full, response.error.message);
      full.hidden = false;
      $("join-table").focus();
      return;
    }
    full.hidden = true;
    if (!response.ok) return showError(response.error.message);
    clearError();
    $("removed").hidden = true;
    localStorage.setItem(KEY, response.participant_key);
    config.participantKey = response.participant_key;
    state.update((view) => { view.me = response.me; });
    // The form is gone: the focus goes to the line that says where the person sits.
    state.render(state.view);
    focusFirst("me-text");
  }

  $("join-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sendJoin();
  });

  wireParkingForm(connection);
})();
