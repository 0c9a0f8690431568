/**
 * The live bench's server process: `node --import tsx --expose-gc bench/live-server.ts <impl> <stepMs>
 * <draws>`. It runs the real app (temp SQLite, transparency log, local drand relay with recorded
 * rounds, the socket.io live server) and drives <draws> real draws through the lifecycle to "beacon
 * received". On 'run' it runs one of them; the paced events then go out either through the app's socket.io rooms (impl
 * socket.io) or — the baseline — through a plain `ws` server on another port that sends the SAME
 * events (read from the app's stored log) at the same moments, stringified once per event and sent
 * to every client (the ws README's broadcast), or — impl edges — through two read-only edge processes
 * over the app's database behind haproxy on the shipped deploy/haproxy.cfg (their CPU, memory and
 * connections read from /proc). It reports memory (after GC) and CPU over IPC.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { runDrawNow } from '../server/draws/run.js';
import type { LiveEvent } from '../shared/api/events.js';
import { driveTo, seedLot } from '../tests/helpers/draws.js';
import { startLiveApp } from '../tests/helpers/live.js';
import {
  freePort,
  kill,
  startHaproxy,
  startNode,
  waitHealthy,
  type Proc,
} from '../tests/helpers/cluster.js';
import { TIMED_KINDS, type Impl, type ServerCommand, type ServerReport } from './live-ipc.js';

const impl = process.argv[2] as Impl;
const stepMs = Number(process.argv[3] ?? 1500);
const draws = Number(process.argv[4] ?? 1);
const send = (m: ServerReport) => process.send!(m);
const gc = (globalThis as { gc?: () => void }).gc;

// Every bench viewer comes from 127.0.0.1: the per-address socket cap is lifted here (and on the edges).
const app = await startLiveApp({
  stepIntervalMs: stepMs,
  config: { LIVE_SOCKETS_PER_ADDR: 10_000_000 },
});
const op = await app.t.loginAs('operator');
const witness = await app.t.loginAs('observer');
const drawIds: string[] = [];
for (const lotId of seedLot(app.t, draws).lotIds)
  drawIds.push(await driveTo(app.t, op, witness, lotId, 'beacon_received'));

// Run time is real time from here on, so other processes (edges) pace the same events alike.
app.t.clock.advance(Date.now() - app.nowMs());

let wss: WebSocketServer | undefined;
let url = app.t.baseUrl;
/** impl edges: two edge processes over the app's database and haproxy on deploy/haproxy.cfg */
const procs: Proc[] = [];
if (impl === 'edges') {
  const ports = await Promise.all([freePort(), freePort(), freePort()]);
  const env = {
    ROLE: 'edge',
    LOG_VKEY: app.t.ctx.tlog.vkey,
    DATA_DIR: app.t.dataDir,
    STEP_INTERVAL_MS: String(stepMs),
    LOG_LEVEL: 'silent',
    LIVE_SOCKETS_PER_ADDR: '10000000',
  };
  const edges = ports
    .slice(1)
    .map((p, i) => startNode(`edge${i + 1}`, { ...env, PORT: String(p) }));
  procs.push(...edges);
  await Promise.all(
    edges.map((e, i) => waitHealthy(`http://127.0.0.1:${ports[i + 1]}/healthz`, e))
  );
  const haproxy = startHaproxy({
    ADAL_LISTEN: `127.0.0.1:${ports[0]}`,
    ADAL_WRITER: app.t.baseUrl.replace('http://', ''),
    ADAL_EDGE1: `127.0.0.1:${ports[1]}`,
    ADAL_EDGE2: `127.0.0.1:${ports[2]}`,
    ADAL_CONN_PER_ADDR: '1000000',
    ADAL_REQ_PER_ADDR: '10000000',
  });
  procs.push(haproxy);
  url = `http://127.0.0.1:${ports[0]}`;
  await waitHealthy(`${url}/api/public/log/checkpoint`, haproxy);
}

/** /proc figures of the edge processes and haproxy (Linux): CPU µs, RSS bytes, open fds. */
function procStats(): { cpuUs: number; rss: number; fds: number } {
  let cpuUs = 0;
  let rss = 0;
  let fds = 0;
  for (const p of procs) {
    const pid = p.child.pid!;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime (fields 14 and 15 of stat) in clock ticks of 10 ms
    cpuUs += (Number(fields[11]) + Number(fields[12])) * 10_000;
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    rss += Number(m?.[1] ?? 0) * 1024;
    fds += readdirSync(`/proc/${pid}/fd`).length;
  }
  return { cpuUs, rss, fds };
}
if (impl === 'ws') {
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((resolve) => wss!.once('listening', resolve));
  url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
}

function connections(): number {
  if (wss) return wss.clients.size;
  // a viewer holds three fds there: two in haproxy (client and edge side), one in an edge
  if (procs.length > 0) return Math.round(procStats().fds / 3);
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
    rss: procs.length > 0 ? procStats().rss : m.rss,
    heapUsed: procs.length > 0 ? 0 : m.heapUsed,
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
  if (impl === 'edges') {
    // The edges release the events by the clock; the writer's own feed has no watcher.
    runDrawNow(app.t.ctx, op.user.username, drawId);
    const events = timed();
    const start = procStats().cpuUs;
    const lastAt = Date.parse(events[events.length - 1]!.at);
    setTimeout(
      () =>
        send({ type: 'played', drawId, events: events.length, cpuUs: procStats().cpuUs - start }),
      Math.max(lastAt - app.nowMs(), 0) + 500
    );
  } else if (impl === 'socket.io') {
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
    for (const p of procs) void kill(p, 'SIGTERM');
    void app.close().finally(() => process.exit(0));
  }
});

send({ type: 'ready', url, drawIds, offsetMs: app.nowMs() - Date.now() });
