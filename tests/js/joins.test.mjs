// Joining from the public link: a phone told to wait joins by itself, a removed phone says so and may
// join again, and the leader sees the joined phones and removes one.
import assert from "node:assert/strict";
import { afterEach, test } from "node:test";

import { closePages, openPage, snapshotOf } from "./page.mjs";

afterEach(closePages);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test("a phone told to wait while the room joins says so and sends its join again by itself", async () => {
  let tries = 0;
  const page = openPage("participant", {
    respond: (event) => {
      if (event !== "participant:join") return { ok: true };
      tries += 1;
      return tries === 1
        ? { ok: false, error: { code: "rate.limited", message: "Vänta", params: { retry_after: 1 } } }
        : { ok: true, participant_key: "nyckel", me: { name: "Alva", table: 2 } };
    },
  });
  page.window.Math.random = () => 0;
  await page.connect(snapshotOf("participant"));
  page.$('[data-testid="join-name"]').value = "Alva";
  page.$('[data-testid="join-table"]').value = "2";
  page.$("#join-form").dispatchEvent(new page.window.Event("submit", { cancelable: true }));
  await page.drawn();
  const wait = page.$('[data-testid="join-wait"]');
  assert.equal(wait.hidden, false);
  assert.equal(wait.textContent, "Många ansluter just nu. Vänta här, så ansluts du om en liten stund.");
  assert.equal(page.$('[data-testid="join-submit"]').disabled, true);
  assert.equal(page.$('[data-testid="join-full"]').hidden, true);
  await sleep(1100);
  await page.drawn();
  assert.equal(tries, 2);
  assert.deepEqual(page.sentData().filter((sent) => sent.event === "participant:join").map((sent) => sent.payload),
    [{ name: "Alva", table: 2 }, { name: "Alva", table: 2 }]);
  assert.equal(wait.hidden, true);
  assert.equal(page.$('[data-testid="my-table"]').textContent, "Alva, du sitter vid bord 2");
  assert.equal(page.window.localStorage.getItem(`dialog_app.participant.${page.window.Dialog.config.token.slice(0, 16)}`),
    "nyckel");
});

test("a phone the leader removed forgets its key, says why and shows the join form again", async () => {
  const page = openPage("participant");
  const snapshot = snapshotOf("participant");
  snapshot.me = { name: "Alva", table: 2 };
  const key = `dialog_app.participant.${page.window.Dialog.config.token.slice(0, 16)}`;
  page.window.localStorage.setItem(key, "nyckel");
  await page.connect(snapshot);
  assert.equal(page.$("#join-form").hidden, true);
  page.hear("participant:removed", {});
  await page.drawn();
  assert.equal(page.window.localStorage.getItem(key), null);
  assert.equal(page.$("#join-form").hidden, false);
  assert.equal(page.$("#me-panel").hidden, true);
  const removed = page.$('[data-testid="removed"]');
  assert.equal(removed.hidden, false);
  assert.equal(removed.textContent,
    "Processledaren har tagit bort den här mobilen från de anslutna. Är du här i kväll? Anslut igen med ditt namn.");
});

test("the leader sees the joined phones newest first and removes one after saying yes", async () => {
  const phones = [{ id: "p2", name: "xXx", table: 3, joined_at: 1700000060 }, { id: "p1", name: "Alva", table: 1, joined_at: 1700000000 }];
  const page = openPage("leader", {
    respond: (event, payload) => {
      if (event === "participants:list") return { ok: true, phones };
      if (event === "participant:remove") { phones.splice(phones.findIndex((phone) => phone.id === payload.id), 1); }
      return { ok: true };
    },
  });
  const snapshot = snapshotOf("leader");
  snapshot.seats.tables = snapshot.seats.tables.map((table) => ({ ...table, seated: table.number === 1 || table.number === 3 ? 1 : 0 }));
  snapshot.seats.phones = 2;
  // The seating plan's people are in the tables' counts, not among the phones.
  snapshot.seats.tables[1].seated = 5;
  await page.connect(snapshot);
  assert.equal(page.$('[data-testid="phones-count"]').textContent, "(2 anslutna)");
  const box = page.$('[data-testid="phones"]');
  box.open = true;
  box.dispatchEvent(new page.window.Event("toggle"));
  await page.drawn();
  const rows = () => page.$$('[data-testid="joined-phone"]');
  assert.deepEqual(rows().map((row) => [row.querySelector("strong").textContent, row.dataset.table]), [["xXx", "3"], ["Alva", "1"]]);
  rows()[0].querySelector('[data-testid="remove-phone"]').click();
  await page.drawn();
  assert.equal(page.$("#confirm-remove").hidden, false);
  assert.equal(page.$("#confirm-remove [data-question]").textContent,
    "Ta bort xXx (bord 3) från de anslutna? Platsen blir ledig, och mobilen får veta det och kan ansluta igen.");
  assert.deepEqual(page.sentData().filter((sent) => sent.event === "participant:remove"), []);
  page.$("#confirm-remove-yes").click();
  await page.drawn();
  await page.drawn();
  assert.deepEqual(page.sentData().filter((sent) => sent.event === "participant:remove").map((sent) => sent.payload), [{ id: "p2" }]);
  assert.deepEqual(rows().map((row) => row.querySelector("strong").textContent), ["Alva"]);
});
