// Opens a real page of dialog_app (as the server rendered it, see tests/system/test_js.py) in jsdom: the
// page's own scripts from dialog_app/static run in it, with a scripted socket in place of Socket.IO.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { JSDOM } from "jsdom";

// jsdom has no CSS.escape, which every browser the pages run in has (idiomorph uses it).
const cssEscape = createRequire(import.meta.url)("css.escape");

const staticRoot = new URL("../../dialog_app/static/", import.meta.url);

function pagesFolder() {
  const folder = process.env.DIALOG_APP_PAGES;
  if (!folder) throw new Error("the page tests need the rendered pages: run them through `pytest tests/system/test_js.py`");
  return folder;
}

const opened = new Set();

/* Close every page a test opened (their timers would keep node running). */
export function closePages() {
  for (const window of opened) window.close();
  opened.clear();
}

export function snapshotOf(name) {
  return JSON.parse(readFileSync(join(pagesFolder(), `${name}.snapshot.json`), "utf8"));
}

/* ``respond(event, payload)`` answers what the page sends (default: {ok: true}). */
export function openPage(name, { respond = () => ({ ok: true }), width = 1280, height = 800, search = "" } = {}) {
  const html = readFileSync(join(pagesFolder(), `${name}.html`), "utf8");
  const dom = new JSDOM(html, { runScripts: "outside-only", pretendToBeVisual: true, url: `http://venue.test/${search}` });
  const { window } = dom;
  opened.add(window);
  Object.defineProperty(window, "innerWidth", { value: width });
  Object.defineProperty(window, "innerHeight", { value: height });
  const listeners = {};
  const sent = [];
  const answer = async (event, payload) => { sent.push({ event, payload }); return respond(event, payload); };
  const socket = {
    connected: false,
    on(event, handler) { (listeners[event] ||= []).push(handler); },
    connect() { this.connected = true; },
    disconnect() { this.connected = false; },
    timeout() {
      return {
        emitWithAck: (event, payload) => answer(event, payload),
        emit: (event, payload, callback) => { answer(event, payload).then((response) => callback(null, response)); },
      };
    },
  };
  window.io = () => socket;
  window.CSS = { escape: cssEscape };
  for (const script of window.document.querySelectorAll("script[src]")) {
    const path = new URL(script.getAttribute("src"), "http://venue.test/").pathname.replace(/^\/static\//, "");
    if (path.endsWith("socket.io.min.js")) continue; // the scripted socket above stands in for it
    window.eval(readFileSync(new URL(path, staticRoot), "utf8"));
  }
  const page = {
    window, document: window.document, socket, sent,
    $: (selector) => window.document.querySelector(selector),
    $$: (selector) => [...window.document.querySelectorAll(selector)],
    /* What the page sent, as plain data. */
    sentData: () => JSON.parse(JSON.stringify(sent)),
    /* A message from the server. */
    hear(event, data) { for (const handler of listeners[event] || []) handler(data); },
    connect(snapshot) { socket.connected = true; page.hear("connect"); page.hear("snapshot", snapshot); return page.drawn(); },
    /* Resolves once the page has drawn what it was told (a render waits for the next frame). */
    async drawn() {
      for (let i = 0; i < 2; i += 1) await new Promise((resolve) => window.requestAnimationFrame(resolve));
      await new Promise((resolve) => setImmediate(resolve));
    },
    close() { window.close(); },
  };
  return page;
}

/* Every phase as the server describes it (key, allows, writes, question, next, …). */
export function phases() {
  return JSON.parse(readFileSync(join(pagesFolder(), "phases.json"), "utf8"));
}
