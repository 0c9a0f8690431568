/**
 * Live broadcast bench (issue 5, `npm run bench:live`): N viewers in separate client processes watch
 * paced draws of the real app, over the app's socket.io rooms in one process, over the same code on
 * two read-only edges behind haproxy (deploy/; issue 18) and — measured in the same run, with the
 * same events at the same moments — over a raw `ws` broadcast. For N = 5,000 and 19,000:
 * p50/p99 delivery latency of the paced events (receive time − the event's `at`, the instant it was
 * due and sent; one machine clock), server CPU per paced event (process.cpuUsage in the server
 * process from the run to the last release), server memory per connection (RSS and heap after GC,
 * connected minus before, divided by N), and failed connections. Viewers are spread over processes
 * of at most 5,000 connections (the fd limit is 20,000 per process).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import type { Bench, BenchResult } from './harness.js';
import type { ClientCommand, ClientReport, Impl, ServerCommand, ServerReport } from './live-ipc.js';

const SIZES = [5_000, 19_000];
const PER_PROCESS = 2_500;
/** draws played per connected audience; figures are medians over them */
const DRAWS = 5;
/** the production pace (config STEP_INTERVAL_MS default) */
const STEP_MS = 1500;

const script = (name: string) => new URL(`./${name}`, import.meta.url).pathname;

function next<T extends { type: string }>(child: ChildProcess, type: T['type']): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: T) => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m);
    };
    const onExit = (code: number | null) =>
      reject(new Error(`process exited (${code}) before ${type}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
  });
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

interface Measured {
  p50: number;
  p99: number;
  /** each draw's p99, in play order (draws of both implementations alternate) */
  p99s: number[];
  samples: number;
  cpuPerEventMs: number;
  rssPerConn: number;
  heapPerConn: number;
  connected: number;
  failed: number;
  incomplete: number;
  dropped: number;
}

/** One implementation's server process and its client processes, all connected. */
interface Setup {
  impl: Impl;
  server: ChildProcess;
  clients: ChildProcess[];
  drawIds: string[];
  before: Extract<ServerReport, { type: 'memory' }>;
  after: Extract<ServerReport, { type: 'memory' }>;
  connected: number;
  failed: number;
  perDraw: { p50: number; p99: number; samples: number; cpuMs: number }[];
  incomplete: number;
  dropped: number;
}

async function setUp(impl: Impl, n: number): Promise<Setup> {
  const server = fork(script('live-server.ts'), [impl, String(STEP_MS), String(DRAWS)], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const clients: ChildProcess[] = [];
  const s = { impl, server, clients } as Setup;
  const ready = await next<Extract<ServerReport, { type: 'ready' }>>(server, 'ready');
  s.drawIds = ready.drawIds;
  server.send({ type: 'memory' } satisfies ServerCommand);
  s.before = await next<Extract<ServerReport, { type: 'memory' }>>(server, 'memory');
  for (let left = n; left > 0; left -= PER_PROCESS) {
    const count = Math.min(PER_PROCESS, left);
    const args = [impl, ready.url, ready.drawIds.join(','), String(count), String(ready.offsetMs)];
    clients.push(
      fork(script('live-clients.ts'), args, {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      })
    );
  }
  const connected = await Promise.all(
    clients.map((c) => next<Extract<ClientReport, { type: 'connected' }>>(c, 'connected'))
  );
  s.connected = connected.reduce((sum, c) => sum + c.ok, 0);
  s.failed = connected.reduce((sum, c) => sum + c.failed, 0);
  server.send({ type: 'memory' } satisfies ServerCommand);
  s.after = await next<Extract<ServerReport, { type: 'memory' }>>(server, 'memory');
  s.perDraw = [];
  s.incomplete = 0;
  s.dropped = 0;
  return s;
}

/** Plays one draw of the setup and records its latencies and CPU. */
async function play(s: Setup, drawId: string): Promise<void> {
  const done = s.clients.map((c) => next<Extract<ClientReport, { type: 'done' }>>(c, 'done'));
  s.server.send({ type: 'run', drawId } satisfies ServerCommand);
  const played = await next<Extract<ServerReport, { type: 'played' }>>(s.server, 'played');
  for (const c of s.clients) c.send({ type: 'collect', drawId } satisfies ClientCommand);
  const reports = await Promise.all(done);
  const latencies = reports.flatMap((r) => r.latencies).sort((a, b) => a - b);
  s.incomplete += reports.reduce((sum, r) => sum + r.incomplete, 0);
  s.dropped = reports.reduce((sum, r) => sum + r.dropped, 0);
  s.perDraw.push({
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    samples: latencies.length,
    cpuMs: played.cpuUs / 1000 / played.events,
  });
}

async function tearDown(s: Setup | undefined): Promise<void> {
  if (!s) return;
  for (const c of s.clients) if (c.connected) c.send({ type: 'finish' } satisfies ClientCommand);
  const stopClients = setTimeout(() => s.clients.forEach((c) => c.kill()), 5_000);
  await Promise.all(s.clients.map(exited));
  clearTimeout(stopClients);
  if (s.server.connected) s.server.send({ type: 'exit' } satisfies ServerCommand);
  const stop = setTimeout(() => s.server.kill(), 10_000);
  await exited(s.server);
  clearTimeout(stop);
}

function summarize(s: Setup): Measured {
  const conns = Math.max(s.after.connections - s.before.connections, 1);
  return {
    p50: median(s.perDraw.map((d) => d.p50)),
    p99: median(s.perDraw.map((d) => d.p99)),
    p99s: s.perDraw.map((d) => d.p99),
    samples: s.perDraw.reduce((sum, d) => sum + d.samples, 0),
    cpuPerEventMs: median(s.perDraw.map((d) => d.cpuMs)),
    rssPerConn: (s.after.rss - s.before.rss) / conns,
    heapPerConn: (s.after.heapUsed - s.before.heapUsed) / conns,
    connected: s.connected,
    failed: s.failed,
    incomplete: s.incomplete,
    dropped: s.dropped,
  };
}

/**
 * haproxy holds two fds per viewer (client and edge side) and derives its maxconn from its fd limit
 * (20,000 here, and a container's root may not raise it): about 9,990 connections. The edges'
 * audience is capped below that; deploy/README.md says how to raise it in production.
 */
const EDGES_MAX = 9_500;

/**
 * The three implementations connected side by side; their draws alternate (one process, edges,
 * raw ws, one process, …) so all meet the same background load on a shared machine.
 */
async function measureAll(n: number): Promise<{ io: Measured; edges: Measured; ws: Measured }> {
  let io: Setup | undefined;
  let edges: Setup | undefined;
  let ws: Setup | undefined;
  try {
    io = await setUp('socket.io', n);
    edges = await setUp('edges', Math.min(n, EDGES_MAX));
    ws = await setUp('ws', n);
    for (let k = 0; k < DRAWS; k++) {
      await play(io, io.drawIds[k]!);
      await play(edges, edges.drawIds[k]!);
      await play(ws, ws.drawIds[k]!);
    }
    return { io: summarize(io), edges: summarize(edges), ws: summarize(ws) };
  } finally {
    await tearDown(io);
    await tearDown(edges);
    await tearDown(ws);
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (v: number) => `${v.toFixed(0)} ms`;
const count = (v: number) => v.toLocaleString('en-US');

function edgeRows(n: number, e: Measured, io: Measured): BenchResult[] {
  return [
    {
      name: `${count(n)} viewers: viewers held, one process / haproxy + 2 edges`,
      value: `${count(io.connected)} / ${count(e.connected)}`,
      notes:
        `haproxy + 2 edges: ${count(Math.min(n, EDGES_MAX))} viewers asked for (haproxy's fd limit ` +
        `of 20,000 caps it near 9,990 connections on this machine), ${e.failed} failed, ` +
        `${e.dropped} dropped, ${e.incomplete} incomplete; ${count(e.samples)} paced events received`,
    },
    {
      name: `${count(n)} viewers: delivery latency p50 / p99, haproxy + 2 edges`,
      value: `${ms(e.p50)} / ${ms(e.p99)}`,
      notes: `p99 per draw: ${e.p99s.map(ms).join(', ')}`,
    },
    {
      name: `${count(n)} viewers: CPU per step event, 2 edges + haproxy together`,
      value: `${e.cpuPerEventMs.toFixed(1)} ms`,
    },
    {
      name: `${count(n)} viewers: memory per viewer, 2 edges + haproxy (RSS)`,
      value: kb(e.rssPerConn),
    },
  ];
}

function rows(n: number, io: Measured, ws: Measured): BenchResult[] {
  // Paired: each socket.io draw against the raw ws draw played right after it, then the median.
  const ratio = median(io.p99s.map((p, k) => p / Math.max(ws.p99s[k]!, 1)));
  const out: BenchResult[] = [
    {
      name: `${count(n)} viewers: delivery latency p50 / p99, socket.io rooms`,
      value: `${ms(io.p50)} / ${ms(io.p99)}`,
      notes:
        `${count(io.samples)} paced events received by ${count(io.connected)} viewers ` +
        `(${io.incomplete} incomplete, ${io.dropped} dropped); raw ws: ${count(ws.samples)} by ${count(ws.connected)}`,
    },
    {
      name: `${count(n)} viewers: delivery latency p50 / p99, raw ws`,
      value: `${ms(ws.p50)} / ${ms(ws.p99)}`,
    },
    {
      name: `${count(n)} viewers: p99 socket.io ÷ raw ws (median of paired draws)`,
      value: `${ratio.toFixed(2)}×`,
      notes: `p99 per draw, socket.io: ${io.p99s.map(ms).join(', ')}; raw ws: ${ws.p99s.map(ms).join(', ')}`,
      ...(n === 5_000 ? { target: '≤ 1.5×', met: ratio <= 1.5 } : {}),
    },
    {
      name: `${count(n)} viewers: server CPU per step event, socket.io / raw ws`,
      value: `${io.cpuPerEventMs.toFixed(1)} ms / ${ws.cpuPerEventMs.toFixed(1)} ms`,
    },
    {
      name: `${count(n)} viewers: server memory per connection (RSS; heap), socket.io`,
      value: `${kb(io.rssPerConn)}; ${kb(io.heapPerConn)}`,
      target: '≤ 12 KB',
      met: io.rssPerConn <= 12 * 1024,
    },
    {
      name: `${count(n)} viewers: server memory per connection (RSS; heap), raw ws`,
      value: `${kb(ws.rssPerConn)}; ${kb(ws.heapPerConn)}`,
    },
  ];
  if (n === 19_000)
    out.push({
      name: '19,000 viewers: failed connections, socket.io / raw ws',
      value: `${io.failed + io.dropped} / ${ws.failed + ws.dropped}`,
      target: '0',
      met: io.failed + io.dropped === 0,
    });
  return out;
}

export const benches: Bench[] = [
  {
    section: 'Live broadcast: one process, haproxy + 2 edges, raw ws',
    async run() {
      const sizes = process.env.LIVE_BENCH_SIZES
        ? process.env.LIVE_BENCH_SIZES.split(',').map(Number)
        : SIZES;
      const results: BenchResult[] = [];
      for (const n of sizes) {
        process.stdout.write(`  ${count(n)} viewers …\n`);
        const { io, edges, ws } = await measureAll(n);
        results.push(...rows(n, io, ws), ...edgeRows(n, edges, io));
      }
      results[0]!.notes =
        `${results[0]!.notes}. Per audience size and implementation: one server process running the ` +
        `real app (SQLite, transparency log, local drand relay) and ${DRAWS} real draws played one ` +
        `after the other at the production pace (${STEP_MS} ms a step); figures are medians over ` +
        `the draws. Latency = receive time − event.at (the instant the step was due and sent; one ` +
        `machine clock) over steps and results; viewers in client processes of ≤ ` +
        `${count(PER_PROCESS)} connections, all on 127.0.0.1 (the client processes share the ` +
        `machine's ${cpus().length} CPUs with the server, so their own decoding is part of the ` +
        `latency, and socket.io's CPU includes its heartbeats, which raw ws does without; load average when the run started: ${loadavg()[0]!.toFixed(1)}); memory = (after − ` +
        `before connecting, after GC) ÷ connections`;
      return results;
    },
  },
];
