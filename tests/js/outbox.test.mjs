// The tablet's outbox: nothing typed is lost, one refused item never blocks the others.
import assert from "node:assert/strict";
import { test } from "node:test";

import { fakeBrowser, settle } from "./harness.mjs";

const ok = (event, payload) => Promise.resolve({ ok: true, idea: { id: payload.id, text: payload.text } });

function connectionWith(respond) {
  const browser = fakeBrowser({ respond });
  const seen = { acked: [], refused: [] };
  const connection = new browser.Dialog.Connection({
    acked: (item) => seen.acked.push(item.payload.text),
    refused: (item, error) => seen.refused.push([item.payload.text, error.code]),
  });
  return { browser, connection, seen };
}

test("ideas queued while an earlier one is on its way are all sent, each once, in order", async () => {
  let release;
  const slow = (event, payload, count) => (count === 1
    ? new Promise((resolve) => { release = () => resolve({ ok: true }); })
    : ok(event, payload));
  const { browser, connection, seen } = connectionWith(slow);
  for (const text of ["Ett", "Två", "Tre", "Fyra", "Fem"]) connection.queue("idea:add", { id: text, text });
  await settle();
  assert.deepEqual(browser.sent.map((message) => message.payload.text), ["Ett"]);
  release();
  await settle();
  assert.deepEqual(browser.sent.map((message) => message.payload.text), ["Ett", "Två", "Tre", "Fyra", "Fem"]);
  assert.deepEqual(seen.acked, ["Ett", "Två", "Tre", "Fyra", "Fem"]);
  assert.equal(connection.outbox.items.length, 0);
});

test("an idea the server keeps failing on is tried three times, then shown as refused; the rest go on", async () => {
  const failing = (event, payload) => (payload.text === "Gift"
    ? Promise.resolve({ ok: false, error: { code: "server.error", message: "Något gick fel på servern." } })
    : ok(event, payload));
  const { browser, connection, seen } = connectionWith(failing);
  for (const text of ["Före", "Gift", "Efter", "Sist"]) connection.queue("idea:add", { id: text, text });
  await settle();
  assert.deepEqual(seen.acked, ["Före", "Efter", "Sist"]);
  assert.deepEqual([...connection.outbox.pending().map((item) => item.payload.text)], ["Gift"]);
  assert.deepEqual(browser.fireTimers(), [3000]);
  await settle();
  assert.deepEqual(browser.fireTimers(), [3000]);
  await settle();
  assert.deepEqual(seen.refused, [["Gift", "server.error"]]);
  assert.deepEqual([...connection.outbox.refused().map((item) => item.payload.text)], ["Gift"]);
  assert.equal(connection.outbox.pending().length, 0);
  assert.equal(browser.timers.size, 0);
  assert.deepEqual(browser.sent.map((message) => message.payload.text), ["Före", "Gift", "Efter", "Sist", "Gift", "Gift"]);
});

test("a refusal keeps the text in the outbox, marked refused with the reason, and sends the next", async () => {
  const refusing = (event, payload) => (payload.text.length > 5
    ? Promise.resolve({ ok: false, error: { code: "idea.too_long", message: "Idén är för lång." } })
    : ok(event, payload));
  const { connection, seen } = connectionWith(refusing);
  for (const text of ["Alldeles för lång", "Kort"]) connection.queue("idea:add", { id: text, text });
  await settle();
  assert.deepEqual(seen.acked, ["Kort"]);
  const [refused] = connection.outbox.refused();
  assert.equal(refused.payload.text, "Alldeles för lång");
  assert.deepEqual({ ...refused.error }, { code: "idea.too_long", message: "Idén är för lång." });
});

test("a rate limit keeps everything pending and tries again after the time the server asks for", async () => {
  let limited = true;
  const busy = (event, payload) => (limited
    ? Promise.resolve({ ok: false, error: { code: "rate.limited", message: "Vänta lite.", params: { retry_after: 5 } } })
    : ok(event, payload));
  const { browser, connection, seen } = connectionWith(busy);
  for (const text of ["Ett", "Två"]) connection.queue("idea:add", { id: text, text });
  await settle();
  assert.deepEqual(seen.refused, []);
  assert.equal(connection.outbox.pending().length, 2);
  limited = false;
  assert.deepEqual(browser.fireTimers(), [5000]);
  await settle();
  assert.deepEqual(seen.acked, ["Ett", "Två"]);
});

test("a replaced link stops sending and keeps every text for the new link", async () => {
  const replaced = () => Promise.resolve({ ok: false, error: { code: "token.invalid", message: "Länken gäller inte längre." } });
  const { browser, connection, seen } = connectionWith(replaced);
  const stopped = [];
  connection.handlers.stopped = (error) => stopped.push(error.code);
  for (const text of ["Ett", "Två"]) connection.queue("idea:add", { id: text, text });
  await settle();
  assert.deepEqual(stopped, ["token.invalid"]);
  assert.deepEqual(seen.refused, []);
  assert.equal(browser.socket.connected, false);
  assert.deepEqual(browser.sent.map((message) => message.payload.text), ["Ett"]);
  assert.equal(connection.outbox.pending().length, 2);
  assert.deepEqual(JSON.parse(browser.store.get("dialog_app.outbox.event:secretary:1")).map((item) => item.payload.text), ["Ett", "Två"]);
});

test("no answer at all (a dead link) keeps the order and retries from the same item", async () => {
  let dead = true;
  const silent = (event, payload) => (dead ? Promise.reject(new Error("operation has timed out")) : ok(event, payload));
  const { browser, connection, seen } = connectionWith(silent);
  for (const text of ["Ett", "Två"]) connection.queue("idea:add", { id: text, text });
  await settle();
  assert.deepEqual(browser.sent.map((message) => message.payload.text), ["Ett"]);
  dead = false;
  browser.fireTimers();
  await settle();
  assert.deepEqual(seen.acked, ["Ett", "Två"]);
});
