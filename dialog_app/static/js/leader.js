/* The process leader: phase buttons, timer, and an overview of every table. */
(function () {
  "use strict";
  const { t, el, Connection, Countdown, showPhase, showError, clearError } = window.Dialog;
  const { ScreenState, tableCards } = window.DialogScreen;
  const PHASES = ["setup", "warmup", "brainstorm", "prioritise", "theming", "deepen", "closing"];
  const countdown = new Countdown(document.getElementById("timer"));
  const confirmBox = document.getElementById("confirm-incomplete");

  function render(view) {
    const phase = view.phase.key;
    showPhase(phase);
    document.getElementById("event-title").textContent = view.event.title;
    document.getElementById("phase-steps").replaceChildren(...PHASES.map((key) =>
      el("li", { className: key === phase ? "current" : "", "aria-current": key === phase ? "step" : null }, t(`phase.${key}`))));
    document.getElementById("phase-back").disabled = phase === PHASES[0];
    document.getElementById("phase-next").disabled = phase === PHASES[PHASES.length - 1];
    document.getElementById("tables").replaceChildren(...tableCards(view, { showIdeas: false, showTablets: true }));
  }

  const state = new ScreenState(render);
  const connection = new Connection({
    snapshot: (view) => { state.snapshot(view); countdown.set(view.phase.timer_ends_at, view.server_now); },
    "idea:saved": (data) => state.ideaSaved(data),
    "idea:withdrawn": (data) => state.ideaWithdrawn(data),
    "priorities:changed": (data) => state.prioritiesChanged(data),
    "phase:changed": (data) => { state.phaseChanged(data); countdown.set(data.phase.timer_ends_at, data.server_now); },
    "tablets:changed": (data) => state.tabletsChanged(data),
  });

  async function send(event, payload) {
    const response = await connection.request(event, payload);
    if (response.ok) { clearError(); confirmBox.hidden = true; return; }
    if (response.error.code === "phase.priorities_incomplete") {
      document.getElementById("confirm-text").textContent = `${response.error.message} ${t("phase.confirm_incomplete")}`;
      confirmBox.hidden = false;
      document.getElementById("confirm-force").focus();
      return;
    }
    showError(response.error.message);
  }

  document.getElementById("phase-next").addEventListener("click", () => send("phase:advance", {}));
  document.getElementById("phase-back").addEventListener("click", () => send("phase:back", {}));
  document.getElementById("confirm-force").addEventListener("click", () => send("phase:advance", { force: true }));
  document.getElementById("confirm-cancel").addEventListener("click", () => { confirmBox.hidden = true; });
  document.getElementById("timer-form").addEventListener("submit", (submit) => {
    submit.preventDefault();
    send("timer:set", { minutes: Number(document.getElementById("timer-minutes").value) });
  });
  document.getElementById("timer-stop").addEventListener("click", () => send("timer:set", { minutes: 0 }));
})();
