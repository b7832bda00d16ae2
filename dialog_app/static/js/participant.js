/* A participant's phone: for now it only follows the phase. */
(function () {
  "use strict";
  const { Connection, showPhase } = window.Dialog;
  new Connection({
    snapshot: (view) => showPhase(view.phase.key),
    "phase:changed": (data) => showPhase(data.phase.key),
  });
})();
