/* A participant's phone: join with a name, see seat counts, choose a table in a rotation round,
 * leave a note in the parking lot. The phone keeps its key (localStorage) to be recognised again. */
(function () {
  "use strict";
  const { config, t, el, Connection, showPhase, showError, clearError, wireParkingForm, parkingAcked, seatCount } = window.Dialog;
  const KEY = `dialog_app.participant.${config.token.slice(0, 16)}`;
  let view = null;

  // The key must travel with the connection, so it is set before Connection connects.
  config.participantKey = localStorage.getItem(KEY);
  const connection = new Connection({
    snapshot: (data) => { view = data; render(); },
    changed: () => render(),
    acked: (item) => parkingAcked(item),
    refused: (item, error) => showError(error.message),
    "phase:changed": ({ phase }) => { if (view) { view.phase = phase; render(); } },
    "timer:changed": ({ timer_ends_at: endsAt }) => { if (view) { view.phase = { ...view.phase, timer_ends_at: endsAt }; render(); } },
    "event:changed": ({ event }) => { if (view) { view.event = event; render(); } },
    "seats:changed": (seats) => { if (view) { view.seats = seats; render(); } },
    "tables:themes": ({ tables }) => { if (view) { view.tables = tables; render(); } },
  });

  function render() {
    if (!view) return;
    const phase = view.phase.key;
    showPhase(phase);
    document.getElementById("event-title").textContent = view.event.title;
    const joined = Boolean(view.me);
    const form = document.getElementById("join-form");
    form.hidden = joined;
    const select = document.getElementById("join-table");
    if (!joined && select.options.length !== view.tables.length) {
      select.replaceChildren(...view.tables.map((table) => el("option", { value: table.number }, `${t("table")} ${table.number}`)));
    }
    document.getElementById("me-panel").hidden = !joined;
    document.getElementById("parking-form").hidden = !joined;
    if (joined) document.getElementById("me-text").textContent = `${view.me.name} · ${t("participant.at_table")} ${view.me.table}`;
    renderRotation(joined);
  }

  function renderRotation(joined) {
    const panel = document.getElementById("rotation-panel");
    const seats = view.seats;
    panel.hidden = !joined || !seats || !view.phase.allows.includes("rotation.choose");
    if (panel.hidden) return;
    const open = seats.round.open;
    document.getElementById("rotation-status").textContent = open ? t("rotation.open") : t("rotation.closed");
    const themes = new Map(view.tables.map((table) => [table.number, table.theme]));
    document.getElementById("rotation-list").replaceChildren(...seats.tables.map((table) => {
      const theme = themes.get(table.number);
      const mine = view.me.table === table.number;
      return el("li", { className: `choice${mine ? " mine" : ""}` },
        el("button", {
          type: "button", "data-testid": "rotation-choice", dataset: { table: table.number },
          disabled: !open || mine, "aria-pressed": mine ? "true" : "false", onclick: () => choose(table.number),
        },
          el("span", { className: "choice-title" }, `${t("table")} ${table.number}${theme ? `: ${theme.title}` : ""}`),
          seatCount(table)));
    }));
  }

  async function choose(number) {
    const response = await connection.request("rotation:choose", { table: number });
    if (!response.ok) return showError(response.error.message);
    clearError();
    view.me.table = response.table;
    render();
  }

  document.getElementById("join-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const full = document.getElementById("join-full");
    const response = await connection.request("participant:join", {
      name: document.getElementById("join-name").value, table: Number(document.getElementById("join-table").value),
    });
    if (!response.ok && response.error.code.startsWith("join.")) {
      full.textContent = response.error.message;
      full.hidden = false;
      return;
    }
    full.hidden = true;
    if (!response.ok) return showError(response.error.message);
    clearError();
    localStorage.setItem(KEY, response.participant_key);
    config.participantKey = response.participant_key;
    view.me = response.me;
    render();
  });

  wireParkingForm(connection);
})();
