/* The connection every live page shares: connect with the page's token, show the state,
 * take a full snapshot on every (re)connect, and send with acknowledgement.
 *
 * Text-bearing actions go through an outbox kept in localStorage: an idea typed with no
 * connection stays on the tablet, survives a reload, and is sent again after reconnecting.
 * The server stores each id once, so a resend after a lost acknowledgement is harmless.
 * User text is only ever put into the page as text (see el() in ui.js).
 */
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("page-config").textContent);
  const ACK_TIMEOUT_MS = 8000;
  const RETRY_MS = 3000;
  // A server error may pass (a busy database); after this many tries the item is shown as refused.
  const SERVER_ERROR_TRIES = 3;
  // What a failed attempt to connect got: "0" no answer (closed), or a proxy's own error page.
  const PROXY_STATUSES = ["0", "500", "502", "503", "504"];
  const MAX_FAILURES = 1000;

  function t(key) {
    return Object.prototype.hasOwnProperty.call(config.strings, key) ? config.strings[key] : key;
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    // randomUUID needs a secure context; plain http on a venue LAN is not one.
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  class Outbox {
    constructor(key) {
      this.key = key;
      this.items = this.load();
    }
    load() {
      try {
        const stored = JSON.parse(localStorage.getItem(this.key) || "[]");
        return Array.isArray(stored) ? stored : [];
      } catch (error) {
        return [];
      }
    }
    save() {
      try {
        localStorage.setItem(this.key, JSON.stringify(this.items));
      } catch (error) {
        console.error("outbox could not be saved", error);
      }
    }
    add(item) { this.items.push(item); this.save(); }
    remove(opId) { this.items = this.items.filter((item) => item.opId !== opId); this.save(); }
    update(opId, changes) {
      this.items = this.items.map((item) => (item.opId === opId ? { ...item, ...changes } : item));
      this.save();
    }
    pending() { return this.items.filter((item) => item.state === "pending"); }
    refused() { return this.items.filter((item) => item.state === "refused"); }
  }

  class Connection {
    /* handlers: {snapshot(data), state(online), acked(item, response), refused(item, error), changed()} plus
     * server event names mapped to functions. */
    constructor(handlers) {
      this.handlers = handlers;
      this.online = false;
      this.flushing = false;
      this.flushAgain = false;
      this.retryTimer = null;
      // Keyed by event, role and table rather than by link: if the organiser replaces a table's
      // link, the tablet opened with the new one still finds and sends what the old one kept.
      this.outbox = new Outbox(`dialog_app.outbox.${config.outbox}`);
      // Failed attempts since the last connect, by status, told to the server when one succeeds: a page
      // that loaded and then cannot connect points at the proxy in front (docs/protocol.md, "Connecting").
      this.connectFailures = {};
      this.everConnected = false;
      // auth is a function so a phone that joins later reconnects with its participant key.
      this.socket = io({ auth: (send) => send({ token: config.token, lang: config.lang, participant_key: config.participantKey || null,
                                                 connect_failures: this.connectFailures }) });
      this.socket.on("connect", () => {
        this.connectFailures = {};
        this.everConnected = true;
        this.setOnline(true);
      });
      this.socket.on("disconnect", (reason) => {
        this.setOnline(false);
        // Only the server ends a connection for good: ask again once, to learn whether the link still works.
        if (reason === "io server disconnect" && !this.stopped) this.socket.connect();
      });
      this.socket.on("connect_error", (error) => {
        this.setOnline(false);
        this.noteConnectFailure(error);
        if (error && error.message === "token.invalid") this.stop({ code: "token.invalid", message: t("link.replaced") });
      });
      this.socket.on("link:replaced", () => this.stop({ code: "token.invalid", message: t("link.replaced") }));
      // The organiser reset the evening after a practice: connect again for the whole view afresh.
      this.socket.on("evening:reset", () => { this.socket.disconnect(); this.socket.connect(); });
      this.socket.on("snapshot", (data) => {
        this.call("snapshot", data);
        this.flush();
      });
      for (const [name, handler] of Object.entries(handlers)) {
        if (name.includes(":")) this.socket.on(name, handler);
      }
      // The tablet knows before Socket.IO's ping does that the Wi-Fi is gone.
      window.addEventListener("offline", () => this.socket.disconnect());
      window.addEventListener("online", () => { if (!this.socket.connected) this.socket.connect(); });
    }

    /* This link no longer works (replaced by the organiser): stop for good, keep the outbox for the
     * page opened with the new link, and say what to do. */
    stop(error) {
      if (this.stopped) return;
      this.stopped = true;
      clearTimeout(this.retryTimer);
      this.socket.disconnect();
      const notice = document.getElementById("link-replaced");
      if (notice) notice.hidden = false;
      const badge = document.getElementById("connection");
      if (badge) { badge.dataset.state = "replaced"; badge.textContent = t("link.replaced"); }
      this.call("stopped", error);
    }

    /* Count a failed attempt to connect. Before the first connect every one counts (the page itself came
     * through); after it, only a proxy's error page does, since the phone's own Wi-Fi drops now and then. */
    noteConnectFailure(error) {
      if (!error || error.type !== "TransportError") return;
      const status = String(typeof error.description === "number" ? error.description : 0);
      if (!PROXY_STATUSES.includes(status) || (this.everConnected && status === "0")) return;
      this.connectFailures[status] = Math.min((this.connectFailures[status] || 0) + 1, MAX_FAILURES);
    }

    call(name, ...args) {
      if (typeof this.handlers[name] === "function") this.handlers[name](...args);
    }

    setOnline(online) {
      if (this.stopped) return;
      this.online = online;
      const badge = document.getElementById("connection");
      if (badge) {
        badge.dataset.state = online ? "online" : "offline";
        badge.textContent = online ? t("connection.online") : t("connection.offline");
      }
      this.call("state", online);
      if (online) this.flush();
    }

    /* An acknowledged request that is not kept when offline (phase buttons, priority marks). */
    request(event, payload) {
      if (!this.socket.connected) {
        return Promise.resolve({ ok: false, error: { code: "request.not_connected", message: t("error.request.not_connected") } });
      }
      return new Promise((resolve) => {
        this.socket.timeout(ACK_TIMEOUT_MS).emit(event, payload, (error, response) => {
          if (error) resolve({ ok: false, error: { code: "request.not_connected", message: t("error.request.not_connected") } });
          else resolve(response);
        });
      });
    }

    /* Keep the action in the outbox until the server acknowledges it. */
    queue(event, payload, meta) {
      const item = { opId: newId(), event, payload, meta: meta || {}, state: "pending", queuedAt: Date.now() };
      this.outbox.add(item);
      this.call("changed");
      this.flush();
      return item;
    }

    dismiss(opId) { this.outbox.remove(opId); this.call("changed"); }

    /* Send what the outbox holds, oldest first, one at a time, until nothing is left to send now.
     * An item queued while this runs is sent in the same run (the loop asks the outbox again after
     * every answer). An item the server cannot take is marked refused and the ones behind it go on;
     * a server error is retried a few times first, since it may pass. */
    async flush() {
      if (this.flushing) { this.flushAgain = true; return; }
      if (!this.socket.connected || this.stopped) return;
      this.flushing = true;
      clearTimeout(this.retryTimer);
      const later = new Set(); // opIds to try again after RETRY_MS, not in this run
      let retryIn = null;
      try {
        for (;;) {
          this.flushAgain = false;
          const item = this.outbox.pending().find((candidate) => !later.has(candidate.opId));
          if (!item || !this.socket.connected) break;
          let response;
          try {
            response = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck(item.event, item.payload);
          } catch (timeout) {
            retryIn = RETRY_MS; // no answer: the link is bad, so the rest would fare no better now
            break;
          }
          const error = response && response.ok ? null
            : (response && response.error) || { code: "server.error", message: t("error.server.error") };
          if (!error) {
            this.outbox.remove(item.opId);
            this.call("acked", item, response);
          } else if (error.code === "token.invalid") {
            // The link was replaced: keep everything for the page opened with the new link.
            this.stop(error);
            break;
          } else if (error.code === "rate.limited") {
            retryIn = Math.max(RETRY_MS, 1000 * ((error.params && error.params.retry_after) || 0));
            break;
          } else if (error.code === "server.error" && (item.attempts || 0) + 1 < SERVER_ERROR_TRIES) {
            this.outbox.update(item.opId, { attempts: (item.attempts || 0) + 1 });
            later.add(item.opId);
            retryIn = RETRY_MS;
          } else {
            this.outbox.update(item.opId, { state: "refused", error });
            this.call("refused", item, error);
          }
          this.call("changed");
        }
      } finally {
        this.flushing = false;
        if (retryIn !== null) this.retryTimer = setTimeout(() => this.flush(), retryIn);
        this.call("changed");
      }
      // Asked again while sending (a new item, a reconnect): go on now, unless a retry is set.
      if (this.flushAgain && retryIn === null && !this.stopped) this.flush();
    }
  }

  // The page's render helpers, timer and confirm boxes are in ui.js, which adds to window.Dialog.
  window.Dialog = { config, t, newId, Connection };
})();
