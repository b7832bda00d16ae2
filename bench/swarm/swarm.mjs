// Phones for bench/fanout.py: CLIENTS socket.io clients in this one Node process, each noting when
// a broadcast reached it. Speaks JSON lines: the config is argv[2]; stdin gives commands
// ({"cmd": "expect", "round": k, "event": name} -> {"ready": k}, later {"done": k} once every
// client has it; {"cmd": "report", "rounds": n} -> {"arrivals": [[ms or null per round] per connected
// client], "late": .., "dropped": ..}).
// Times are process.hrtime (CLOCK_MONOTONIC, the clock Python's time.monotonic reads).
import { createInterface } from "node:readline";
import { io } from "socket.io-client";

const config = JSON.parse(process.argv[2]);
const now = () => Number(process.hrtime.bigint()) / 1e6;
const say = (message, then) => process.stdout.write(JSON.stringify(message) + "\n", then);

const sockets = [];
const arrivals = [];      // per client: round -> ms
const ok = [];            // clients that connected
let round = -1;
let eventName = null;
let waiting = 0;          // clients that have not had this round's message yet
let late = 0;             // messages of no current round, or a second one in a round
let dropped = 0;          // connections lost after connecting

function arrived(index, name) {
  if (name !== eventName) return;
  const at = now();
  const mine = arrivals[index];
  if (round < 0 || mine[round] !== undefined) {
    late += 1;
    return;
  }
  mine[round] = at;
  waiting -= 1;
  if (waiting === 0) say({ done: round });
}

function connectOne(index) {
  return new Promise((resolve) => {
    const socket = io(config.url, {
      transports: ["websocket"], forceNew: true, reconnection: false, auth: config.auth, timeout: 60000,
      // Browsers offer permessage-deflate; engine.io-client's own default threshold for what it sends.
      perMessageDeflate: config.deflate ? { threshold: 1024 } : false,
    });
    arrivals[index] = [];
    socket.onAny((name) => arrived(index, name));
    socket.once("connect", () => {
      ok[index] = true;
      socket.on("disconnect", () => { dropped += 1; });
      resolve(null);
    });
    socket.once("connect_error", (error) => resolve(String(error && error.message)));
    sockets[index] = socket;
  });
}

async function connectAll() {
  const errors = {};
  let failed = 0;
  for (let start = 0; start < config.clients; start += config.batch) {
    const batch = [];
    for (let index = start; index < Math.min(config.clients, start + config.batch); index += 1) {
      batch.push(connectOne(index));
    }
    for (const error of await Promise.all(batch)) {
      if (error !== null) {
        failed += 1;
        errors[error] = (errors[error] || 0) + 1;
      }
    }
  }
  say({ connected: config.clients - failed, failed, errors });
}

const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  const command = JSON.parse(line);
  if (command.cmd === "expect") {
    round = command.round;
    eventName = command.event;
    waiting = sockets.filter((socket) => socket.connected).length;
    say({ ready: round });
    if (waiting === 0) say({ done: round });
  } else if (command.cmd === "report") {
    round = -1;
    say({ arrivals: arrivals.filter((_, index) => ok[index]).map((mine) => Array.from({ length: command.rounds }, (_, k) => mine[k] ?? null)),
          late, dropped }, () => {
      // Exit only once the report is written: writes to a pipe are asynchronous in Node.
      for (const socket of sockets) socket.disconnect();
      process.exit(0);
    });
  }
});

await connectAll();
