/**
 * The live bench's server process: `node --import tsx --expose-gc bench/live-server.ts <impl> <stepMs>
 * <draws>`. It runs the real app (temp SQLite, transparency log, local drand relay with recorded
 * rounds, the socket.io live server) and drives <draws> real draws through the lifecycle to "beacon
 * received". On 'run' it runs one of them; the paced events then go out either through the app's socket.io rooms (impl
 * socket.io) or — the baseline — through a plain `ws` server on another port that sends the SAME
 * events (read from the app's stored log) at the same moments, stringified once per event and sent
 * to every client (the ws README's broadcast). It reports memory (after GC) and CPU over IPC.
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { runDrawNow } from '../server/draws/run.js';
import type { LiveEvent } from '../shared/api/events.js';
import { driveTo, seedLot } from '../tests/helpers/draws.js';
import { startLiveApp } from '../tests/helpers/live.js';
import { TIMED_KINDS, type Impl, type ServerCommand, type ServerReport } from './live-ipc.js';

const impl = process.argv[2] as Impl;
const stepMs = Number(process.argv[3] ?? 1500);
const draws = Number(process.argv[4] ?? 1);
const send = (m: ServerReport) => process.send!(m);
const gc = (globalThis as { gc?: () => void }).gc;

const app = await startLiveApp({ stepIntervalMs: stepMs });
const op = await app.t.loginAs('operator');
const witness = await app.t.loginAs('observer');
const drawIds: string[] = [];
for (const lotId of seedLot(app.t, draws).lotIds)
  drawIds.push(await driveTo(app.t, op, witness, lotId, 'beacon_received'));

let wss: WebSocketServer | undefined;
let url = app.t.baseUrl;
if (impl === 'ws') {
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((resolve) => wss!.once('listening', resolve));
  url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
}

function connections(): number {
  if (wss) return wss.clients.size;
  return app.live.io.of('/live').sockets.size;
}

async function memory(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((r) => setTimeout(r, 50));
  }
  const m = process.memoryUsage();
  send({
    type: 'memory',
    rss: m.rss,
    heapUsed: m.heapUsed,
    external: m.external,
    connections: connections(),
  });
}

/** Broadcasts paced events with raw ws at their `at`, as the feed does with socket.io rooms. */
function playWithWs(events: readonly LiveEvent[], done: () => void): void {
  let i = 0;
  const next = () => {
    if (i >= events.length) return done();
    const wait = Math.max(Date.parse(events[i]!.at) - app.nowMs(), 0);
    setTimeout(() => {
      while (i < events.length && Date.parse(events[i]!.at) <= app.nowMs()) {
        const data = JSON.stringify(events[i]);
        for (const c of wss!.clients) c.send(data);
        i += 1;
      }
      next();
    }, wait);
  };
  next();
}

/** Runs a draw; CPU is counted from the end of the run to the last timed release. */
function run(drawId: string): void {
  let before = process.cpuUsage();
  const finish = (events: number) => {
    const used = process.cpuUsage(before);
    send({ type: 'played', drawId, events, cpuUs: used.user + used.system });
  };
  const timed = () =>
    app.live.feed.readSequence(drawId).filter((e) => TIMED_KINDS.includes(e.kind));
  if (impl === 'socket.io') {
    let released = 0;
    let expected = Number.POSITIVE_INFINITY;
    app.live.feed.addSink((id, events) => {
      if (id !== drawId || released >= expected) return;
      released += events.filter((e) => TIMED_KINDS.includes(e.kind)).length;
      if (released >= expected) setImmediate(() => finish(released));
    });
    runDrawNow(app.t.ctx, op.user.username, drawId);
    expected = timed().length;
    before = process.cpuUsage();
  } else {
    runDrawNow(app.t.ctx, op.user.username, drawId);
    const events = timed();
    before = process.cpuUsage();
    playWithWs(events, () => setImmediate(() => finish(events.length)));
  }
}

process.on('message', (m: ServerCommand) => {
  if (m.type === 'memory') void memory();
  else if (m.type === 'run') run(m.drawId);
  else if (m.type === 'exit') {
    wss?.close();
    void app.close().finally(() => process.exit(0));
  }
});

send({ type: 'ready', url, drawIds, offsetMs: app.nowMs() - Date.now() });
