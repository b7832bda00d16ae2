// Loads a page script of dialog_app into a small fake browser (no DOM library needed for the parts
// tested here): localStorage, the page config, timers the test fires by hand, and a scripted socket.
import { readFileSync } from "node:fs";
import vm from "node:vm";

const root = new URL("../../dialog_app/static/js/", import.meta.url);

export function fakeBrowser({ respond, config = {} }) {
  const store = new Map();
  const timers = new Map();
  let nextTimer = 1;
  const sent = [];
  const listeners = {};
  const socket = {
    connected: true,
    on(name, handler) { (listeners[name] ||= []).push(handler); },
    connect() { this.connected = true; },
    disconnect() { this.connected = false; },
    timeout() {
      return { emitWithAck: (event, payload) => { sent.push({ event, payload }); return respond(event, payload, sent.length); } };
    },
    fire(name, ...args) { for (const handler of listeners[name] || []) handler(...args); },
  };
  const pageConfig = { token: "t".repeat(43), lang: "sv", outbox: "event:secretary:1", strings: {}, ...config };
  const context = {
    window: { addEventListener() {} },
    document: { getElementById: (id) => (id === "page-config" ? { textContent: JSON.stringify(pageConfig) } : null) },
    localStorage: {
      getItem: (key) => (store.has(key) ? store.get(key) : null),
      setItem: (key, value) => store.set(key, String(value)),
    },
    io: (options) => { socket.options = options; return socket; },
    crypto: globalThis.crypto,
    console,
    setTimeout: (fn, ms) => { const id = nextTimer++; timers.set(id, { fn, ms }); return id; },
    clearTimeout: (id) => timers.delete(id),
    setInterval: () => 0,
  };
  vm.createContext(context);
  vm.runInContext(readFileSync(new URL("connection.js", root), "utf8"), context);
  return {
    Dialog: context.window.Dialog, socket, sent, store, timers,
    /* Fire every timer that is due now (retries), as if that much time had passed. */
    fireTimers() {
      const due = [...timers.entries()];
      timers.clear();
      for (const [, timer] of due) timer.fn();
      return due.map(([, timer]) => timer.ms);
    },
  };
}

/* Let every pending promise callback run. */
export async function settle(rounds = 20) {
  for (let i = 0; i < rounds; i += 1) await new Promise((resolve) => setImmediate(resolve));
}
