/**
 * One of the live bench's client processes: `node --import tsx bench/live-clients.ts <impl> <url>
 * <drawIds,…> <count> <offsetMs>` opens <count> viewer connections to 127.0.0.1 (socket.io-client
 * with the websocket transport, subscribed to every draw; or a plain ws client, which gets the
 * baseline's broadcast), in waves so the server is not hit by thousands of handshakes at once, then
 * records receive time − event.at for every timed event (steps and results). Reports over IPC; the
 * parent spreads viewers over several such processes (fd limits).
 */
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import type { Ack, DrawSubscribed, LiveEvent } from '../shared/api/events.js';
import { TIMED_KINDS, type ClientCommand, type ClientReport, type Impl } from './live-ipc.js';

const [impl, url, drawList, countArg, offsetArg] = process.argv.slice(2) as [
  Impl,
  string,
  string,
  string,
  string,
];
const drawIds = drawList.split(',');
const count = Number(countArg);
const offsetMs = Number(offsetArg);
const WAVE = 100;
/** how long a collect waits for stragglers */
const COLLECT_LIMIT_MS = 60_000;
const send = (m: ClientReport) => process.send!(m);

const latencies = new Map<string, number[]>(drawIds.map((id) => [id, []]));
const results = new Map<string, number>(drawIds.map((id) => [id, 0]));
let ok = 0;
let failed = 0;
let dropped = 0;
const closers: (() => void)[] = [];

function onEvent(e: LiveEvent): void {
  if (!TIMED_KINDS.includes(e.kind)) return;
  latencies.get(e.drawId)?.push(Date.now() + offsetMs - Date.parse(e.at));
  if (e.kind === 'result') results.set(e.drawId, (results.get(e.drawId) ?? 0) + 1);
}

function subscribeAll(s: ReturnType<typeof io>): Promise<boolean> {
  return Promise.all(
    drawIds.map(
      (drawId) =>
        new Promise<boolean>((resolve) =>
          s.emit('draw:subscribe', { drawId }, (a: Ack<DrawSubscribed>) => resolve(a.ok))
        )
    )
  ).then((all) => all.every(Boolean));
}

function openSocketIo(): Promise<boolean> {
  return new Promise((resolve) => {
    const s = io(`${url}/live`, { transports: ['websocket'], forceNew: true, reconnection: false });
    closers.push(() => s.disconnect());
    s.on('draw:event', onEvent);
    s.once('connect_error', () => resolve(false));
    s.once(
      'connect',
      () =>
        void subscribeAll(s).then((subscribed) => {
          resolve(subscribed);
          s.on('disconnect', () => (dropped += 1));
        })
    );
  });
}

function openWs(): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    closers.push(() => ws.terminate());
    ws.on('message', (data) => onEvent(JSON.parse(String(data)) as LiveEvent));
    ws.once('error', () => resolve(false));
    ws.once('open', () => {
      resolve(true);
      ws.on('close', () => (dropped += 1));
    });
  });
}

const open = impl === 'ws' ? openWs : openSocketIo;
for (let i = 0; i < count; i += WAVE) {
  const wave = await Promise.all(Array.from({ length: Math.min(WAVE, count - i) }, open));
  for (const w of wave)
    if (w) ok += 1;
    else failed += 1;
}
send({ type: 'connected', ok, failed });

function collect(drawId: string): void {
  const limit = Date.now() + COLLECT_LIMIT_MS;
  const poll = setInterval(() => {
    const got = results.get(drawId) ?? 0;
    if (got < ok && Date.now() < limit) return;
    clearInterval(poll);
    send({
      type: 'done',
      drawId,
      latencies: latencies.get(drawId) ?? [],
      incomplete: ok - got,
      dropped,
    });
  }, 20);
}

process.on('message', (m: ClientCommand) => {
  if (m.type === 'collect') collect(m.drawId);
  else {
    for (const close of closers) close();
    setTimeout(() => process.exit(0), 200).unref();
  }
});
