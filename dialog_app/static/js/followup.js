/* The follow-up saved in place: with 26 themes and proposals on the page, a save that reloaded it
 * lost the organiser's place. The form is sent as it is (same address, same fields); the page the
 * server answers with gives the saved status, the history and the overview, put where they stand,
 * and its confirmation (or refusal) is shown beside the form and said by the status region. The form,
 * what was typed in it and the focus stay. Without JavaScript, or if sending fails, the form posts.
 */
(function () {
  "use strict";

  function say(text) {
    const region = document.getElementById("status-message");
    if (region) region.textContent = text;
  }

  function showBeside(form, messages) {
    document.querySelectorAll("main .flash").forEach((message) => message.remove());
    for (const message of messages) form.before(document.importNode(message, true));
    say(messages.map((message) => message.textContent.trim()).join(" "));
  }

  async function save(form, button) {
    const response = await fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const messages = [...page.querySelectorAll("main .flash")];
    const refused = messages.some((message) => message.classList.contains("flash-error"));
    if (!refused) {
      // The saved status, the history and the overview as the server now has them.
      for (const fresh of page.querySelectorAll("[data-followup-part][id]")) {
        const here = document.getElementById(fresh.id);
        if (here && here.outerHTML !== fresh.outerHTML) here.replaceWith(document.importNode(fresh, true));
      }
    }
    showBeside(form, messages);
    if (button) button.focus({ preventScroll: true });
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.matches("[data-followup-form]")) return;
    event.preventDefault();
    if (form.dataset.sending) return; // a double click saves once
    form.dataset.sending = "1";
    const focused = form.contains(document.activeElement) ? document.activeElement : null;
    save(form, focused && focused.type === "submit" ? focused : null)
      .catch(() => { delete form.dataset.sending; form.submit(); })
      .finally(() => { delete form.dataset.sending; });
  }, true);
})();
