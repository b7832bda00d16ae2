/* The door's search as the organiser types: the results are the page's own, asked for again with the
 * typed text and put in place; the address keeps the search, so a check-in comes back to it. Without
 * JavaScript the search button does the same. The newest answer wins over a slower earlier one.
 */
(function () {
  "use strict";
  const form = document.querySelector("[data-checkin-search]");
  const field = form && form.querySelector("input[name=q]");
  if (!form || !field || !document.getElementById("checkin-results")) return;
  const WAIT_MS = 200;
  let timer = null;
  let asked = 0;

  // Back from a check-in the search is still there: typing the next name replaces it.
  if (field.value) field.select();

  async function search() {
    const query = field.value.trim();
    const ask = ++asked;
    const url = new URL(form.getAttribute("action") || window.location.pathname, window.location.href);
    if (query) url.searchParams.set("q", query);
    try {
      const response = await fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" });
      if (!response.ok || ask !== asked) return;
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = page.getElementById("checkin-results");
      if (!fresh || ask !== asked) return;
      document.getElementById("checkin-results").replaceWith(document.importNode(fresh, true));
      window.history.replaceState(null, "", url.pathname + url.search);
      // How many were found, said by the page's status region (a screen reader hears it once typing stops).
      const region = document.getElementById("status-message");
      const summary = fresh.querySelector("[data-summary]");
      if (region) region.textContent = summary ? summary.textContent.trim() : "";
    } catch (error) { /* offline for a moment: the search button still works */ }
  }

  field.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, WAIT_MS);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    search();
  });
})();
