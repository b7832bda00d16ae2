/* Pages whose forms post and come back (the organiser's pages). The page that comes back puts the
 * focus where the person was (the same form, in the same row or section), shows what the form did
 * right there, and says it in the page's status region, so a keyboard or screen reader user is not
 * left at the top of a reloaded page with the confirmation out of sight.
 */
(function () {
  "use strict";
  const KEY = "dialog_app.form_sent";
  const FRESH_MS = 60 * 1000;

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (event.defaultPrevented || (form.getAttribute("method") || "").toLowerCase() !== "post") return;
    const action = form.getAttribute("action") || "";
    const twins = [...document.querySelectorAll("form")].filter((other) => other.getAttribute("action") === action);
    try {
      sessionStorage.setItem(KEY, JSON.stringify({ action, index: twins.indexOf(form), at: Date.now() }));
    } catch (error) { /* private mode: the page still works, it only starts at the top */ }
  });

  function sentForm() {
    let sent = null;
    try {
      sent = JSON.parse(sessionStorage.getItem(KEY) || "null");
      sessionStorage.removeItem(KEY);
    } catch (error) { return null; }
    if (!sent || Date.now() - sent.at > FRESH_MS) return null;
    // Within the part of the page the answer points at (#theme-…), else the same form by its place.
    const target = window.location.hash ? document.getElementById(decodeURIComponent(window.location.hash.slice(1))) : null;
    const scope = target || document;
    const twins = [...scope.querySelectorAll("form")].filter((form) => form.getAttribute("action") === sent.action);
    return (target ? twins[0] : twins[sent.index]) || null;
  }

  function shown(node) {
    return Boolean(node && !node.disabled && !node.closest("[hidden]") && node.getClientRects().length);
  }

  /* The control to go back to: the form's first field to type in, else its button. */
  function controlOf(form) {
    const fields = [...form.elements].filter((field) => field.type !== "hidden" && shown(field));
    return fields.find((field) => ["text", "search", "email", "textarea", "number", "date"].includes(field.type))
      || fields.find((field) => field.type === "submit") || fields[0] || null;
  }

  function comeBack() {
    const messages = [...document.querySelectorAll("main .flash")].filter((message) => !message.hidden && message.textContent.trim());
    const form = sentForm();
    // A <details> the form sits in is opened again, as the person had it.
    const details = form && form.closest("details");
    if (details) details.open = true;
    const control = form && controlOf(form);
    if (control) {
      for (const message of messages) form.before(message);
      control.focus({ preventScroll: true });
      (messages[0] || form).scrollIntoView({ block: "center" });
    }
    if (messages.length) {
      const region = document.getElementById("status-message");
      // Said after a moment, so a screen reader has met the region before it changes.
      if (region) setTimeout(() => { region.textContent = messages.map((message) => message.textContent.trim()).join(" "); }, 300);
    }
  }

  // After the load and the browser's own jump to the answer's #fragment (which would take the focus back).
  const soon = () => requestAnimationFrame(comeBack);
  if (document.readyState === "complete") soon(); else window.addEventListener("load", soon);

  // The new-event form: choosing another format gives the fields that depend on it that format's start
  // (organiser.py passes each format's, from sessions/evening/formats.form_start); what the organiser has
  // already changed stays.
  const formatChoice = document.querySelector("select[data-starts]");
  if (formatChoice) {
    const starts = JSON.parse(formatChoice.dataset.starts);
    let previous = formatChoice.value;
    formatChoice.addEventListener("change", () => {
      const from = starts[previous] || {};
      for (const [name, value] of Object.entries(starts[formatChoice.value] || {})) {
        const field = formatChoice.form.elements[name];
        if (field && String(field.value) === String(from[name] ?? "")) field.value = value;
      }
      previous = formatChoice.value;
    });
  }
})();
