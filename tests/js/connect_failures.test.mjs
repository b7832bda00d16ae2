// A page that loaded but cannot connect tells the server when it gets through, so a worker can name
// the proxy in front as the likely limit (dialog_app/connect_failures.py).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import http from "node:http";
import { test } from "node:test";

import { JSDOM, VirtualConsole } from "jsdom";

import { fakeBrowser } from "./harness.mjs";

function page() {
  const browser = fakeBrowser({ respond: () => Promise.resolve({ ok: true }) });
  new browser.Dialog.Connection({});
  /* What the page would send with its next attempt to connect (plain values, out of the page's realm). */
  const nextAuth = () => {
    let sent;
    browser.socket.options.auth((data) => { sent = data; });
    return JSON.parse(JSON.stringify(sent));
  };
  const failed = (status) => Object.assign(new Error("xhr poll error"), { type: "TransportError", description: status });
  return { socket: browser.socket, nextAuth, failed };
}

test("attempts that fail before the first connect are counted by status and sent with the next attempt", () => {
  const { socket, nextAuth, failed } = page();
  assert.deepEqual(nextAuth().connect_failures, {});
  socket.fire("connect_error", failed(0));
  socket.fire("connect_error", failed(0));
  socket.fire("connect_error", failed(500));
  socket.fire("connect_error", new Error("timeout")); // no answer in time: not the proxy's doing for sure
  socket.fire("connect_error", failed(400)); // the app's own refusal of a request
  const auth = nextAuth();
  assert.deepEqual(auth.connect_failures, { 0: 2, 500: 1 });
  assert.equal(auth.token, "t".repeat(43));
  socket.fire("connect");
  assert.deepEqual(nextAuth().connect_failures, {});
});

test("once connected, a dropped Wi-Fi is the phone's own; a proxy's error page still counts", () => {
  const { socket, nextAuth, failed } = page();
  socket.fire("connect");
  socket.fire("disconnect", "transport close");
  socket.fire("connect_error", failed(0));
  socket.fire("connect_error", failed(502));
  assert.deepEqual(nextAuth().connect_failures, { 502: 1 });
});

test("a refused link is no connection failure", () => {
  const { socket, nextAuth } = page();
  socket.fire("connect_error", new Error("token.invalid"));
  assert.deepEqual(nextAuth().connect_failures, {});
});

/* The vendored Socket.IO client in a page, against a proxy that answers /socket.io/ with ``answer``:
 * the connect_error the page's script gets. */
async function vendoredClientsError(answer) {
  const proxy = http.createServer((request, response) => answer(request, response));
  await new Promise((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const dom = new JSDOM("<html></html>", { url: `http://127.0.0.1:${proxy.address().port}/`, runScripts: "outside-only",
                                            virtualConsole: new VirtualConsole() });
  dom.window.eval(readFileSync(new URL("../../dialog_app/static/vendor/socket.io.min.js", import.meta.url), "utf8"));
  try {
    return await new Promise((resolve) => dom.window.io({ reconnection: false }).on("connect_error", resolve));
  } finally {
    dom.window.close();
    proxy.close();
  }
}

test("the vendored client tells a proxy's error page and a closed connection apart by status", async () => {
  const errorPage = await vendoredClientsError((request, response) => { response.writeHead(500); response.end("500"); });
  assert.deepEqual([errorPage.type, errorPage.description], ["TransportError", 500]);
  const closed = await vendoredClientsError((request) => request.socket.destroy());
  assert.deepEqual([closed.type, closed.description], ["TransportError", 0]);
});
