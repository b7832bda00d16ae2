/* What every live page shares besides the connection: building elements, patching the page in
 * place (idiomorph) so focus, typed text, open <details> and a drag survive an update, the texts in
 * the page's language (plurals, numbers, soft hyphens), the phase and its task, the timer in step
 * with the server's clock, errors next to the action, confirm boxes, and the view a page keeps
 * whole from snapshots and patches; and what a keyboard and a screen reader need besides: the page's
 * one polite status region, menus that act only on a choice, and the content's own language.
 */
(function () {
  "use strict";
  const { config, t, Connection } = window.Dialog;

  // --- texts --------------------------------------------------------------------------------

  const numbers = new Intl.NumberFormat(config.lang);
  const pluralRules = new Intl.PluralRules(config.lang);

  /* A number as the page's language writes it (Swedish: "1 234"). */
  function num(value) {
    return numbers.format(value);
  }

  /* A text with its %(name)s values filled in; a value missing shows as a dash, never as a placeholder. */
  function fill(text, values) {
    return String(text).replace(/%\((\w+)\)s/g, (_, name) => {
      const value = values ? values[name] : undefined;
      if (value === undefined || value === null || value === "") return "–";
      return typeof value === "number" ? num(value) : String(value);
    });
  }

  /* tr("seats.left", {num: 3}): a text by key with its values. */
  function tr(key, values) {
    const text = t(key);
    return fill(typeof text === "string" ? text : text.other, values);
  }

  /* tr() whose values may be elements, e.g. a theme's title marked lang="sv" inside a translated
   * sentence: the sentence as a list of texts and elements, for el() or patch(). */
  function trParts(key, values) {
    const text = t(key);
    return String(typeof text === "string" ? text : text.other).split(/(%\(\w+\)s)/).filter(Boolean).map((part) => {
      const name = (part.match(/^%\((\w+)\)s$/) || [])[1];
      return name && values[name] instanceof Node ? values[name] : fill(part, values);
    });
  }

  /* plural("idea.count", 3) -> "3 idéer": the form the language uses for that number. */
  function plural(key, count, values) {
    const forms = t(key);
    const form = typeof forms === "string" ? forms : (forms[pluralRules.select(count)] || forms.other);
    return fill(form, { num: count, ...(values || {}) });
  }

  /* A list as the language writes it ("1, 5 och 6"). */
  function list(items) {
    const strings = items.map((item) => (typeof item === "number" ? num(item) : String(item)));
    if (typeof Intl.ListFormat === "function") return new Intl.ListFormat(config.lang, { type: "conjunction" }).format(strings);
    return strings.join(", ");
  }

  // Soft hyphens for long Swedish words, worked out by the server (pyphen) and sent along with the
  // texts that carry them: a narrow column then breaks "Ambassadörs-program" at a syllable.
  const hyphens = new Map();
  function learnHyphens(words) {
    for (const [word, hyphenated] of Object.entries(words || {})) hyphens.set(word, hyphenated);
  }
  function shy(text) {
    return String(text).replace(/\p{L}{8,}/gu, (word) => hyphens.get(word) || word);
  }

  /* What people typed is Swedish whatever the page's language: an English page marks it lang="sv",
   * so a screen reader reads it with a Swedish voice (el() attributes: {...sv}). */
  const CONTENT_LANG = "sv";
  const sv = config.lang === CONTENT_LANG ? {} : { lang: CONTENT_LANG };
  function markContent(...nodes) {
    for (const node of nodes) if (node && config.lang !== CONTENT_LANG) node.setAttribute("lang", CONTENT_LANG);
  }

  // --- building and patching the page -------------------------------------------------------

  /* Listeners live in a map on the element, so a patch can hand an element the new render's
   * handlers (whose closures see the new data) without adding listeners twice. */
  function dispatch(event) {
    const handler = this.__on && this.__on[event.type];
    if (handler) handler.call(this, event);
  }
  function listen(node, type, handler) {
    node.__on = node.__on || {};
    node.__listening = node.__listening || new Set();
    if (!node.__listening.has(type)) {
      node.addEventListener(type, dispatch);
      node.__listening.add(type);
    }
    node.__on[type] = handler;
  }

  /* Build an element; strings become text nodes, never HTML. ``key`` is the element's id, which
   * a patch matches it by, so it keeps the element (and its focus, scroll and state) when the list
   * around it changes: keys are unique in the page ("idea-<uuid>", "table-3"). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "className") node.className = value;
      else if (name === "dataset") Object.assign(node.dataset, value);
      else if (name === "key") node.id = value;
      else if (name === "value" && tag === "textarea") node.defaultValue = value;
      else if (name === "value") { node.setAttribute("value", value); node.value = value; }
      else if (name.startsWith("on")) listen(node, name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /* Give the elements of a copy the handlers of the elements they were copied from (idiomorph
   * inserts a copy of a new subtree, and a copy has no listeners). */
  function carryHandlers(from, to) {
    const sources = [from, ...from.querySelectorAll("*")];
    const copies = [to, ...to.querySelectorAll("*")];
    sources.forEach((source, index) => {
      for (const [type, handler] of Object.entries(source.__on || {})) if (copies[index]) listen(copies[index], type, handler);
    });
  }

  const adding = [];
  /* A focused element whose children hold what the person is doing: typed text, or a menu's choice not
   * yet taken (a choiceMenu knows its current value; any other menu keeps its choice). */
  function holdsInput(node) {
    if (node.tagName === "SELECT") return node.dataset.current === undefined || node.value !== node.dataset.current;
    return ["INPUT", "TEXTAREA"].includes(node.tagName) || node.isContentEditable;
  }

  /* What an update must not take from the person using the page (the focused field's value is
   * kept by idiomorph itself: ignoreActiveValue). */
  const morphing = {
    morphStyle: "innerHTML",
    ignoreActiveValue: true,
    restoreFocus: true,
    callbacks: {
      beforeNodeMorphed(from, to) {
        if (from.nodeType !== 1) return true;
        if (from.dataset.morph === "keep") return false; // e.g. a list while a drag is under way
        if (from.__on || to.__on) {
          const handlers = to.__on || {};
          for (const type of Object.keys(handlers)) listen(from, type, handlers[type]);
          for (const type of Object.keys(from.__on || {})) if (!(type in handlers)) delete from.__on[type];
        }
        return true;
      },
      // idiomorph leaves the focused element's children alone (ignoreActiveValue), which is meant for a
      // field being typed in: a focused button must still say what it does now ("Vald", "Spara").
      afterNodeMorphed(from, to) {
        if (from.nodeType !== 1 || from !== document.activeElement || holdsInput(from) || from.innerHTML === to.innerHTML) return;
        window.Idiomorph.morph(from, [...to.childNodes], morphing);
      },
      beforeNodeAdded(node) { adding.push(node); return true; },
      afterNodeAdded(added) {
        const source = adding.pop();
        if (source && source.nodeType === 1 && source !== added) carryHandlers(source, added);
      },
      // An open <details> stays as the person left it.
      beforeAttributeUpdated: (name, node) => !(name === "open" && node.tagName === "DETAILS"),
    },
  };

  /* Make ``container``'s children look like ``children``, changing only what differs. */
  function patch(container, children) {
    if (!container) return;
    const nodes = children.flat(Infinity).filter((child) => child !== null && child !== undefined && child !== false)
      .map((child) => (child instanceof Node ? child : document.createTextNode(String(child))));
    window.Idiomorph.morph(container, nodes, morphing);
  }

  /* Set a node's text only if it differs (a screen reader re-reads a live region on every write). */
  function text(node, value) {
    if (node && node.textContent !== value) node.textContent = value;
  }

  /* A table's seat count, the same on every page that shows one (never names). */
  function seatCount(seat, className) {
    const full = seat.seated >= seat.seats;
    const free = Math.max(0, seat.seats - seat.seated);
    return el("span", {
      className: `seat-count${full ? " full" : ""} ${className || ""}`.trim(), "data-testid": "seat-count",
      dataset: { table: seat.number, seated: seat.seated, seats: seat.seats },
    }, full ? plural("seats.full", seat.seats) : plural("seats.left", seat.seats, { free }));
  }

  // --- the phase, its task, the timer -------------------------------------------------------

  /* The phase's name wherever the page shows it, and this role's one line of what to do now. */
  let phaseShown = null;
  /* A step's name as the event's format calls it ("En prioritering" where tables choose one). */
  function phaseName(phase, key) {
    return t(`phase.${(phase.names || {})[key] || key}`);
  }
  function showPhase(phase) {
    const named = (phase.names || {})[phase.key] || phase.key;
    // A new phase is told in the status region (with this role's task), not on the page's first drawing.
    if (phaseShown && phaseShown !== phase.key) {
      const task = t(`task.${config.role}.${named}`);
      announce([phaseName(phase, phase.key), task.startsWith("task.") ? "" : task].filter(Boolean).join(". "));
    }
    phaseShown = phase.key;
    for (const node of document.querySelectorAll('[data-testid="phase"]')) {
      node.dataset.phase = phase.key;
      text(node, phaseName(phase, phase.key));
    }
    for (const node of document.querySelectorAll('[data-testid="phase-task"]')) {
      node.dataset.phase = phase.key;
      text(node, t(`task.${config.role}.${named}`));
    }
    document.body.dataset.phase = phase.key;
  }

  /* The countdown, measured against the server's clock so a tablet whose clock is wrong still
   * agrees with the projector: every message with a time carries the server's ``server_now``. */
  class PhaseTimer {
    constructor(selector) {
      this.selector = selector || '[data-testid="phase-timer"]';
      this.endsAt = null;
      this.offset = 0;
      setInterval(() => this.render(), 250);
    }
    set(endsAt, serverNow) {
      this.endsAt = endsAt || null;
      if (serverNow) this.offset = serverNow * 1000 - Date.now();
      this.render();
    }
    secondsLeft() {
      if (!this.endsAt) return null;
      return Math.max(0, Math.ceil((this.endsAt * 1000 - (Date.now() + this.offset)) / 1000));
    }
    render() {
      const left = this.secondsLeft();
      // The end is told once, as it happens (not on a page opened after it).
      if (left === 0 && this.lastLeft > 0) announce(t("timer.done"));
      this.lastLeft = left;
      for (const node of document.querySelectorAll(this.selector)) {
        node.hidden = left === null;
        if (left === null) { delete node.dataset.seconds; continue; }
        node.dataset.seconds = String(left);
        node.classList.toggle("done", left === 0);
        const clock = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
        patch(node, left === 0 ? [el("span", { className: "timer-time" }, t("timer.done"))]
          : [el("span", { className: "timer-time" }, clock), " ", el("span", { className: "timer-label" }, t("timer.left"))]);
      }
    }
  }

  // --- errors and confirm boxes -------------------------------------------------------------

  /* An error next to the action that caused it: the nearest [data-errors] box around ``near``,
   * else the page's own error box. */
  function errorBox(near) {
    const area = near && near.closest ? near.closest("[data-errors]") : null;
    return (area && area.querySelector(":scope > .action-error")) || document.getElementById("error");
  }

  function showError(message, near) {
    const box = errorBox(near);
    if (!box) return;
    for (const other of document.querySelectorAll('.action-error, #error')) if (other !== box) other.hidden = true;
    patch(box, [el("span", {}, message),
      el("button", { type: "button", className: "link-button", onclick: () => { box.hidden = true; } }, t("dismiss"))]);
    box.hidden = !message;
  }

  function clearError() {
    for (const box of document.querySelectorAll('.action-error, #error')) box.hidden = true;
  }

  /* A box that asks before acting (in the page, not window.confirm, so it is styled, translated and
   * testable): ask(text) opens it as a modal dialog (the rest of the page inert, Escape answers no),
   * focuses the safe answer, and resolves true for yes, false for no. Focus goes back to the control
   * that asked when it is still there; when the answer took that control away, the caller moves it. */
  class ConfirmBox {
    constructor(id) {
      this.box = document.getElementById(id);
      this.yes = this.box.querySelector("[data-answer=yes]");
      this.no = this.box.querySelector("[data-answer=no]");
      this.answer = null;
      this.yes.addEventListener("click", () => this.close(true));
      this.no.addEventListener("click", () => this.close(false));
      this.box.addEventListener("cancel", (event) => { event.preventDefault(); this.close(false); });
      // Tab goes round the box's answers and never leaves it while it asks.
      this.box.addEventListener("keydown", (event) => {
        if (event.key !== "Tab") return;
        const answers = [...this.box.querySelectorAll("button")].filter((button) => !button.disabled);
        const at = answers.indexOf(document.activeElement);
        event.preventDefault();
        answers[(at + (event.shiftKey ? -1 : 1) + answers.length) % answers.length].focus();
      });
    }
    ask(message) {
      text(this.box.querySelector("[data-question]"), message);
      this.returnTo = document.activeElement;
      // A browser without <dialog> (an old tablet) shows the box in the page, still answered here.
      if (!this.open) { if (this.box.showModal) this.box.showModal(); else this.box.setAttribute("open", ""); }
      this.no.focus();
      return new Promise((resolve) => { this.answer = resolve; });
    }
    close(answer) {
      if (this.open) { if (this.box.close) this.box.close(); else this.box.removeAttribute("open"); }
      if (focusable(this.returnTo)) this.returnTo.focus();
      const resolve = this.answer;
      this.answer = null;
      if (resolve) resolve(answer);
    }
    get open() { return this.box.hasAttribute("open"); }
  }

  // --- status messages, focus and menus -----------------------------------------------------

  /* The page's one polite status region (base.html): what just happened, for a screen reader
   * ("Idén är sparad.", "Tiden är ute"). Emptied first, so the same message twice is read twice. */
  let announcing = null;
  function announce(message) {
    const region = document.getElementById("status-message");
    if (!region || !message) return;
    region.textContent = "";
    clearTimeout(announcing);
    announcing = setTimeout(() => { region.textContent = message; }, 60);
  }

  /* A control that cannot be used now says so (aria-disabled) and keeps its place in the tab order:
   * pressing it never drops the focus to the page (as a disabled one would), and a press is ignored. */
  function able(control, enabled) {
    control.disabled = false;
    control.setAttribute("aria-disabled", enabled ? "false" : "true");
  }
  document.addEventListener("click", (event) => {
    if (event.target.closest && event.target.closest('[aria-disabled="true"]')) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  /* Whether ``node`` can take the focus now (in the page, shown, not disabled). */
  function focusable(node) {
    return Boolean(node && node.isConnected && node !== document.body && !node.disabled && !node.closest("[hidden], [inert]")
      && node.getClientRects().length);
  }

  /* Focus the first of ``candidates`` (elements or ids) that can take it; true if one did. */
  function focusFirst(...candidates) {
    for (const candidate of candidates.flat()) {
      const node = typeof candidate === "string" ? document.getElementById(candidate) : candidate;
      if (focusable(node)) { node.focus(); return true; }
    }
    return false;
  }

  /* A menu (<select>) that acts on a choice, never on the way to one (WCAG 3.2.2): a closed menu's
   * arrow keys only move through its options, and Enter takes the one shown; a choice made with the
   * mouse, a touch, or in the open list acts at once. ``act(value, select)`` is called with the
   * choice; ``current`` is the value that means "nothing to do". Spread into el()'s attributes. */
  function choiceMenu(act, current = "") {
    const take = (select) => {
      select.__keyed = false;
      const choice = select.value;
      if (choice === current) return;
      if (current === "") select.value = ""; // a menu of actions shows its name again
      act(choice, select);
    };
    return {
      "aria-description": t("menu.enter_help"),
      dataset: { current },
      onkeydown: (event) => {
        const select = event.currentTarget;
        if (event.key === "Enter") { event.preventDefault(); take(select); return; }
        if (!["Tab", "Shift", "Escape"].includes(event.key)) select.__keyed = true;
      },
      onkeyup: (event) => { event.currentTarget.__keyed = false; },
      onchange: (event) => { if (!event.currentTarget.__keyed) take(event.currentTarget); },
      // Left without Enter: the menu shows again what is true.
      onblur: (event) => { const select = event.currentTarget; select.__keyed = false; select.value = select.dataset.current || ""; },
    };
  }

  // --- the view a page keeps ----------------------------------------------------------------

  /* A page's view: whole from every snapshot, patched by live events, drawn at most once a frame.
   * The messages every page hears (phase, timer, event) are handled here, once. */
  class LiveView {
    constructor(render) {
      this.render = render;
      this.view = null;
      this.frame = null;
      this.timer = new PhaseTimer();
    }
    schedule() {
      if (this.frame) return;
      this.frame = requestAnimationFrame(() => { this.frame = null; if (this.view) this.render(this.view); });
    }
    update(change) {
      if (!this.view) return;
      change(this.view);
      this.schedule();
    }
    snapshot(view) {
      learnHyphens(view.hyphens);
      this.view = view;
      this.timer.set(view.phase.timer_ends_at, view.server_now);
      this.schedule();
    }
    /* The Connection for this page: ``handlers`` adds the page's own events to the shared ones. */
    connect(handlers) {
      const learning = (handler) => (data, ...rest) => { learnHyphens(data && data.hyphens); return handler(data, ...rest); };
      const own = Object.fromEntries(Object.entries(handlers || {}).map(([name, handler]) =>
        [name, name.includes(":") ? learning(handler) : handler]));
      const state = own.state;
      let wasOnline = null;
      return new Connection({
        snapshot: (view) => this.snapshot(view),
        "phase:changed": (data) => {
          this.timer.set(data.phase.timer_ends_at, data.server_now);
          this.update((view) => { view.phase = data.phase; });
        },
        "timer:changed": (data) => {
          this.timer.set(data.timer_ends_at, data.server_now);
          this.update((view) => { view.phase = { ...view.phase, timer_ends_at: data.timer_ends_at }; });
        },
        "event:changed": learning((data) => this.update((view) => { view.event = data.event; })),
        ...own,
        // A lost or found connection is told (not the first connect, which the page shows).
        state: (online) => {
          if (wasOnline !== null && online !== wasOnline) announce(t(online ? "connection.online" : "connection.offline"));
          wasOnline = online;
          if (state) state(online);
        },
      });
    }
  }

  // --- the parking lot form on tablets and phones -------------------------------------------

  /* Notes go through the outbox like ideas. */
  function wireParkingForm(connection) {
    document.getElementById("parking-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const field = document.getElementById("parking-input");
      text(document.getElementById("parking-status"), t("idea.pending"));
      connection.queue("parking:add", { id: window.Dialog.newId(), text: field.value });
      field.value = "";
      field.focus();
    });
  }

  function parkingAcked(item) {
    if (item.event !== "parking:add") return;
    text(document.getElementById("parking-status"), t("parking.saved"));
    announce(t("parking.saved"));
  }

  Object.assign(window.Dialog, {
    num, fill, tr, trParts, plural, list, shy, sv, markContent, learnHyphens, el, patch, text, seatCount, showPhase, PhaseTimer,
    showError, clearError, ConfirmBox, announce, able, focusable, focusFirst, choiceMenu, LiveView, wireParkingForm, parkingAcked,
    phaseName,
  });
})();
