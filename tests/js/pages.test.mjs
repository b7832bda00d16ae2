// The pages keep what a person is doing while the room changes around them: the page is patched,
// never redrawn whole. Each test opens a real page (rendered by the server) in jsdom.
import assert from "node:assert/strict";
import { afterEach, test } from "node:test";

import { closePages, openPage, phases, snapshotOf } from "./page.mjs";

afterEach(closePages);

const PHASES = phases();
const idea = (id, table, text) => ({ id, table, text, kind: "idea", theme_id: null, created_at: 1, updated_at: 1 });

function tabletIn(phase) {
  const snapshot = snapshotOf("table");
  snapshot.phase = PHASES[phase];
  return snapshot;
}

test("a secretary editing an idea keeps the field, the cursor and the draft while another tablet's idea arrives", async () => {
  const page = openPage("table");
  await page.connect(tabletIn("brainstorm"));
  const item = page.$$('[data-testid="idea"]').find((node) => node.textContent.includes("Snabbare bygglov"));
  [...item.querySelectorAll("button")].find((button) => button.textContent === "Ändra").click();
  const box = page.$('[data-testid="idea-edit"]');
  assert.equal(page.document.activeElement, box);
  box.value = "Snabbare bygglov, med en lots för";
  box.setSelectionRange(10, 10);
  box.dispatchEvent(new page.window.Event("input"));

  page.hear("idea:saved", { idea: idea("ny-1", 1, "Fler praktikplatser") });
  page.hear("priorities:changed", { table: 1, priorities: [] });
  await page.drawn();

  assert.equal(page.$$('[data-testid="idea"]').length, 3);
  assert.equal(page.$('[data-testid="idea"]').textContent.startsWith("Fler praktikplatser"), true);
  assert.equal(page.$('[data-testid="idea-edit"]'), box);
  assert.equal(page.document.activeElement, box);
  assert.equal(box.value, "Snabbare bygglov, med en lots för");
  assert.equal(box.selectionStart, 10);
});

test("the idea being typed stays in its field when the phase moves on", async () => {
  const page = openPage("table");
  await page.connect(tabletIn("brainstorm"));
  const field = page.$('[data-testid="idea-input"]');
  field.focus();
  field.value = "Halvskriven idé";
  page.hear("phase:changed", { phase: PHASES.prioritise, server_now: 1 });
  await page.drawn();
  assert.equal(page.document.activeElement, field);
  assert.equal(field.value, "Halvskriven idé");
  assert.equal(page.$('[data-testid="phase"]').dataset.phase, "prioritise");
});

test("the tablet's task line says what to do now, a different line in every phase", async () => {
  const page = openPage("table");
  await page.connect(tabletIn("setup"));
  const seen = new Set();
  for (const key of Object.keys(PHASES)) {
    page.hear("phase:changed", { phase: PHASES[key], server_now: 1 });
    await page.drawn();
    const task = page.$('[data-testid="phase-task"]').textContent;
    assert.ok(task.length > 20 && task.length <= 140, `${key}: ${task}`);
    seen.add(task);
  }
  assert.equal(seen.size, Object.keys(PHASES).length);
});

test("in pass 2 the tablet asks for a proposal and shows the priorities only as context", async () => {
  const page = openPage("table");
  const snapshot = tabletIn("deepen");
  snapshot.theme = { id: "t1", title: "Företagsklimat" };
  await page.connect(snapshot);
  assert.equal(page.$("#idea-label").textContent, "Skriv ett förslag");
  assert.equal(page.$('[data-testid="idea-submit"]').textContent, "Spara förslaget");
  assert.equal(page.$('[data-testid="table-theme"]').textContent, "Bordets tema: Företagsklimat");
  assert.equal(page.$("#priorities-title").textContent, "Bordets prioriteringar från första passet");
  assert.deepEqual(page.$$('[data-testid="table-priority"]').map((node) => node.textContent), ["Snabbare bygglov", "Praktikplatser för unga"]);
  assert.equal(page.$$('[data-testid="table-priority"] button').length, 0);
  assert.equal(page.$$('[data-testid="priority-toggle"]').length, 0);
});

test("while choosing, the tablet counts the choices: ”1 av 2 valda”", async () => {
  const page = openPage("table");
  const snapshot = tabletIn("prioritise");
  snapshot.priorities = snapshot.priorities.slice(0, 1);
  await page.connect(snapshot);
  assert.equal(page.$('[data-testid="priority-count"]').textContent, "1 av 2 valda");
  assert.equal(page.$$('[data-testid="priority-toggle"]').length, 2);
});

function leaderBoard() {
  return snapshotOf("leader");
}

test("a theme title being typed survives another leader's change to the board", async () => {
  const page = openPage("leader");
  const snapshot = leaderBoard();
  await page.connect(snapshot);
  const titles = page.$$('[data-testid="theme-title"]');
  titles[0].focus();
  titles[0].value = "Bygglov och handläggn";
  const board = structuredClone(snapshot.board);
  board.themes[1].title = "Kommunikationer";
  board.themes[0].title = "Något annat";
  page.hear("board:changed", board);
  await page.drawn();
  const after = page.$$('[data-testid="theme-title"]');
  assert.equal(after[0], titles[0]);
  assert.equal(page.document.activeElement, titles[0]);
  assert.equal(titles[0].value, "Bygglov och handläggn");
  assert.equal(after[1].value, "Kommunikationer");
});

test("the board's unsorted column is named in Swedish, never by its key", async () => {
  const page = openPage("leader");
  await page.connect(leaderBoard());
  const heading = page.$(".theme-card.unsorted h3").textContent;
  assert.match(heading, /^Ej sorterade \(\d+\)$/);
  assert.doesNotMatch(page.$("#board").textContent, /theme\.|undefined|NaN|\[object/);
});

test("an open list of similar ideas stays open when the board changes", async () => {
  const page = openPage("leader");
  const snapshot = leaderBoard();
  snapshot.board.themes[0].ideas = [idea("i1", 3, "Bättre bussar"), idea("i2", 4, "Cykelvägar")];
  await page.connect(snapshot);
  const details = page.$('[data-testid="theme"] details');
  assert.equal(details.querySelector("summary").textContent, "2 liknande idéer från borden");
  details.open = true;
  const board = structuredClone(snapshot.board);
  board.themes[0].ideas.push(idea("i3", 5, "Pendelparkering"));
  page.hear("board:changed", board);
  await page.drawn();
  const again = page.$('[data-testid="theme"] details');
  assert.equal(again, details);
  assert.equal(again.open, true);
  assert.equal(again.querySelectorAll('[data-testid="context-idea"]').length, 3);
});

test("a drag under way is not undone by a board change; the change is drawn when the drag ends", async () => {
  const page = openPage("leader", { respond: () => ({ ok: true }) });
  const snapshot = leaderBoard();
  await page.connect(snapshot);
  const lists = page.$$('[data-testid="theme"] ul.theme-priorities');
  const [from, to] = lists;
  const sortable = page.window.Sortable.get(from);
  assert.ok(sortable, "each list has its SortableJS instance");
  const chip = from.querySelector('[data-testid="priority"]');
  const moved = chip.dataset.id;

  sortable.options.onStart({ item: chip });
  to.append(chip); // where SortableJS has put it under the pointer
  const renamed = structuredClone(snapshot.board);
  renamed.themes[2].title = "Byttes medan du drog";
  page.hear("board:changed", renamed);
  await page.drawn();
  assert.equal(chip.parentNode, to, "the dragged priority stays where the hand holds it");
  assert.equal(page.window.Sortable.get(from), sortable);

  sortable.options.onEnd({ from, to, item: chip, oldIndex: 0, newIndex: to.children.length - 1 });
  await page.drawn();
  assert.deepEqual(page.sentData().at(-1), { event: "theme:move", payload: { priority_id: moved, theme_id: to.dataset.themeId, position: to.children.length - 1 } });
  const after = structuredClone(renamed);
  const [priority] = after.themes[0].priorities.splice(0, 1);
  after.themes[1].priorities.push(priority);
  page.hear("board:changed", after);
  await page.drawn();
  assert.equal(page.$(`[data-testid="priority"][data-id="${moved}"]`).parentNode, to);
  assert.equal(page.$$('[data-testid="theme-title"]')[2].value, "Byttes medan du drog");
  assert.equal(page.window.Sortable.get(from), sortable, "the lists keep their SortableJS instances");
});

test("a theme shows the words that grouped it, and ”Passar inte” sends a priority to Ej sorterade, the focus staying in the theme", async () => {
  const page = openPage("leader");
  const snapshot = leaderBoard();
  const [first, second] = snapshot.board.themes;
  first.priorities.push(...second.priorities.splice(0));
  first.words = ["bygglov", "tillstånd"];
  await page.connect(snapshot);
  const [theme, other] = page.$$('[data-testid="theme"]');
  assert.equal(theme.querySelector('[data-testid="theme-words"]').textContent, "Gemensamma ord: bygglov, tillstånd");
  assert.equal(other.querySelector('[data-testid="theme-words"]'), null);
  const buttons = theme.querySelectorAll('[data-testid="priority-unfit"]');
  assert.equal(buttons.length, 2);
  assert.equal(buttons[0].getAttribute("aria-label"), `Passar inte: ${first.priorities[0].text}`);
  assert.equal(buttons[0].textContent, "Passar inte");
  assert.equal(page.$$('.theme-card.unsorted [data-testid="priority-unfit"]').length, 0);
  buttons[0].focus();
  buttons[0].click();
  await page.drawn();
  assert.deepEqual(page.sentData().at(-1), { event: "theme:move", payload: { priority_id: first.priorities[0].id, theme_id: null } });
  assert.equal(page.document.activeElement, buttons[1], "the focus goes on to the theme's next priority");
});

test("a refusal is shown next to the action that caused it", async () => {
  const page = openPage("leader", {
    respond: (event) => (event === "theme:finalise"
      ? { ok: false, error: { code: "themes.count", message: "Temana kan fastställas när antalet teman är 6; nu är det 2." } }
      : { ok: true }),
  });
  // The board looked ready here, but another leader took a theme away meanwhile: the server refuses.
  const snapshot = leaderBoard();
  snapshot.board.readiness = { themes: 6, named: 6, expected: 6, ready: true };
  await page.connect(snapshot);
  page.$('[data-testid="theme-finalise"]').click();
  await page.drawn();
  const near = page.$('#board-panel [data-testid="action-error"]');
  assert.equal(near.hidden, false);
  assert.match(near.textContent, /antalet teman är 6/);
  assert.equal(page.$('.leader-bar [data-testid="action-error"]').hidden, true);
});

test("Fastställ teman waits while the board is not ready, and says why", async () => {
  const page = openPage("leader");
  await page.connect(leaderBoard());
  const finalise = page.$('[data-testid="theme-finalise"]');
  const board = leaderBoard().board;
  assert.equal(finalise.getAttribute("aria-disabled"), String(!board.readiness.ready));
  if (!board.readiness.ready) {
    assert.match(page.$('[data-testid="finalise-why"]').textContent, /^Väntar: \d+ av \d+ teman (finns|har namn)\.$/);
  }
  finalise.click();
  await page.drawn();
  assert.deepEqual(page.sentData().filter((sent) => sent.event === "theme:finalise").length, board.readiness.ready ? 1 : 0);
});

test("the next-phase button names the phase it leads to", async () => {
  const page = openPage("leader");
  await page.connect(leaderBoard());
  assert.equal(page.$('[data-testid="phase-next"]').textContent, "Nästa fas: Fördjupning →");
});

test("the countdown follows the server's clock, not the device's", async () => {
  const page = openPage("projector");
  const snapshot = snapshotOf("projector");
  const serverNow = Date.now() / 1000 + 7 * 60; // this device's clock is seven minutes slow
  snapshot.server_now = serverNow;
  snapshot.phase = { ...snapshot.phase, timer_ends_at: serverNow + 600 };
  await page.connect(snapshot);
  const timer = page.$('[data-testid="phase-timer"]');
  assert.equal(timer.hidden, false);
  assert.equal(timer.dataset.seconds, "600");
  assert.equal(timer.querySelector(".timer-time").textContent, "10:00");
  page.hear("timer:changed", { timer_ends_at: null, server_now: serverNow });
  await page.drawn();
  assert.equal(timer.hidden, true);
});

test("a phone shows seats as ”3 av 8 platser kvar” on big buttons, and full tables as full", async () => {
  const page = openPage("participant");
  const snapshot = snapshotOf("participant");
  snapshot.phase = PHASES.deepen;
  snapshot.me = { name: "Alva", table: 1 };
  snapshot.seats = { ...snapshot.seats, round: { number: 1, open: true },
    tables: [{ number: 1, seated: 5, seats: 8 }, { number: 2, seated: 8, seats: 8 }, { number: 3, seated: 0, seats: 1 }] };
  await page.connect(snapshot);
  assert.deepEqual(page.$$('[data-testid="seat-count"]').map((node) => node.textContent),
    ["3 av 8 platser kvar", "Fullt: 8 av 8 platser upptagna", "1 av 1 plats kvar"]);
  assert.equal(page.$('[data-testid="my-table"]').textContent, "Alva, du sitter vid bord 1");
  assert.equal(page.$('[data-testid="rotation-choice"][data-table="1"]').disabled, true);
  assert.equal(page.$('[data-testid="rotation-choice"][data-table="3"]').disabled, false);
});

test("texts count in Swedish: ”1 idé”, ”2 idéer”, and a missing value is a dash, never a placeholder", async () => {
  const page = openPage("projector");
  const { plural, tr, list } = page.window.Dialog;
  assert.equal(plural("idea.count", 1), "1 idé");
  assert.equal(plural("idea.count", 2), "2 idéer");
  assert.equal(plural("idea.count", 1234), "1\u00a0234 idéer");
  assert.equal(tr("table.name", {}), "Bord –");
  assert.equal(list([1, 5, 6]), "1, 5 och 6");
});

test("the vendored idiomorph is the version package.json pins", async () => {
  const { readFileSync } = await import("node:fs");
  const { createRequire } = await import("node:module");
  const require = createRequire(import.meta.url);
  const vendored = readFileSync(new URL("../../dialog_app/static/vendor/idiomorph.min.js", import.meta.url));
  assert.equal(Buffer.compare(vendored, readFileSync(require.resolve("idiomorph/dist/idiomorph.min.js"))), 0);
});

test("a phone that scanned a table card's code starts the join form at that table", async () => {
  const page = openPage("participant", { search: "?table=3" });
  await page.connect(snapshotOf("participant"));
  assert.equal(page.$('[data-testid="join-table"]').value, "3");
  page.$('[data-testid="join-table"]').value = "5";
  page.hear("seats:changed", snapshotOf("participant").seats);
  await page.drawn();
  assert.equal(page.$('[data-testid="join-table"]').value, "5");
});

test("the leader's page lists the event's steps, each with its phase", async () => {
  const page = openPage("leader");
  const snapshot = leaderBoard();
  snapshot.phase = { ...snapshot.phase, order: ["setup", "brainstorm", "closing"] };
  await page.connect(snapshot);
  const steps = page.$$('[data-testid="phase-step"]');
  assert.deepEqual(steps.map((step) => step.dataset.phase), ["setup", "brainstorm", "closing"]);
  assert.equal(steps[1].textContent, "Idéer");
});
