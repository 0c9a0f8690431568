/**
 * The page's side of the live namespace (docs/LIVE.md, shared/api/events.ts): one socket.io
 * connection to `/live`, read-only. Watching a draw sends `draw:subscribe {drawId, afterSeq}` where
 * afterSeq is the last seq this page holds — on the first connection 0, after every reconnection the
 * last one applied — so the answer carries exactly what was missed, rebuilt by the server from the
 * stored log. Each event (from an answer or live) is checked against the last seq with the protocol's
 * classifyEvent: the next one is applied, a duplicate dropped, a gap answered by subscribing again
 * from the last seq. So the page never shows a gap or a duplicate, whatever the network does.
 * Everything received is parsed with the shared schemas first: it is input, not trusted state.
 */
import { io, type Socket } from 'socket.io-client';
import { classifyEvent } from '../../shared/api/live-sequence.js';
import {
  DrawListUpdate,
  DrawSubscribed,
  DrawsSnapshot,
  LIVE_NAMESPACE,
  LiveEvent,
  ackOf,
  type AckError,
  type LiveClientToServerEvents,
  type LiveServerToClientEvents,
} from '../../shared/api/events.js';
import type { DrawSummary } from '../../shared/api/draws.js';

export type LiveSocket = Socket<LiveServerToClientEvents, LiveClientToServerEvents>;
export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'failed';

const SubscribeAck = ackOf(DrawSubscribed);
const ListAck = ackOf(DrawsSnapshot);

/** How long to wait before reconnecting after the server closed the connection (a restart). */
const SERVER_CLOSE_RETRY_MS = 3000;

export function connectLive(): LiveSocket {
  const socket: LiveSocket = io(LIVE_NAMESPACE, { reconnectionDelayMax: 10_000 });
  // socket.io reconnects by itself after a network loss, but not when the server closed the
  // connection (it does so when it shuts down for a restart); come back after a pause, spread out
  // so a large audience does not return all at once.
  socket.on('disconnect', (reason) => {
    if (reason === 'io server disconnect')
      window.setTimeout(() => socket.connect(), SERVER_CLOSE_RETRY_MS * (1 + Math.random()));
  });
  return socket;
}

export interface DrawWatch {
  /** events in seq order, each exactly once; `catchUp` for a subscription answer's batch */
  onEvents(events: LiveEvent[], catchUp: boolean): void;
  /**
   * connection state; `code` names a refused subscription (e.g. DRAW_NOT_FOUND), `refusal` is the
   * server's whole answer then, for its values and coded issues (shared/i18n/ack-text.ts)
   */
  onStatus(status: LiveStatus, code?: string, refusal?: AckError): void;
}

/** Watches one draw from seq `startAfter` on; returns a function that stops watching. */
export function watchDraw(
  socket: LiveSocket,
  drawId: string,
  startAfter: number,
  watch: DrawWatch
): () => void {
  let lastSeq = startAfter;

  const deliver = (incoming: readonly LiveEvent[], catchUp: boolean) => {
    const fresh: LiveEvent[] = [];
    for (const e of incoming) {
      const c = classifyEvent(lastSeq, e);
      if (c === 'duplicate') continue;
      if (c === 'gap') {
        subscribe();
        break;
      }
      fresh.push(e);
      lastSeq = e.seq;
    }
    if (fresh.length > 0) watch.onEvents(fresh, catchUp);
  };

  const subscribe = () => {
    socket.emit('draw:subscribe', { drawId, afterSeq: lastSeq }, (raw) => {
      const ack = SubscribeAck.safeParse(raw);
      if (!ack.success) return watch.onStatus('failed', 'BAD_RESPONSE');
      if (!ack.data.ok) return watch.onStatus('failed', ack.data.error.code, ack.data.error);
      watch.onStatus('live');
      deliver(ack.data.data.events, true);
    });
  };

  const onEvent = (raw: unknown) => {
    const e = LiveEvent.safeParse(raw);
    if (e.success && e.data.drawId === drawId) deliver([e.data], false);
  };
  const onConnect = () => subscribe();
  const onDisconnect = () => watch.onStatus('reconnecting');

  socket.on('draw:event', onEvent);
  socket.on('connect', onConnect);
  socket.on('disconnect', onDisconnect);
  watch.onStatus(socket.connected ? 'live' : 'connecting');
  if (socket.connected) subscribe();
  return () => {
    socket.off('draw:event', onEvent);
    socket.off('connect', onConnect);
    socket.off('disconnect', onDisconnect);
  };
}

/**
 * Watches the list of draws: the snapshot on every (re)connection, then each draw's updates; per draw
 * the update with the highest seq wins, so a late or repeated update never rolls a state back.
 */
export function watchDrawList(
  socket: LiveSocket,
  onList: (draws: DrawSummary[]) => void
): () => void {
  const draws = new Map<string, { seq: number; draw: DrawSummary }>();
  const order: string[] = [];
  const emit = () => onList(order.map((id) => draws.get(id)!.draw));

  const subscribe = () =>
    socket.emit('draws:subscribe', {}, (raw) => {
      const ack = ListAck.safeParse(raw);
      if (!ack.success || !ack.data.ok) return;
      order.length = 0;
      for (const d of ack.data.data.draws) {
        const held = draws.get(d.id);
        draws.set(d.id, { seq: held?.seq ?? 0, draw: d });
        order.push(d.id);
      }
      emit();
    });

  const onUpdate = (raw: unknown) => {
    const u = DrawListUpdate.safeParse(raw);
    if (!u.success) return;
    const held = draws.get(u.data.drawId);
    if (held && held.seq > u.data.seq) return;
    draws.set(u.data.drawId, { seq: u.data.seq, draw: u.data.draw });
    if (!held) order.unshift(u.data.drawId); // a new draw: the list is newest first
    emit();
  };

  socket.on('draws:update', onUpdate);
  socket.on('connect', subscribe);
  if (socket.connected) subscribe();
  return () => {
    socket.off('draws:update', onUpdate);
    socket.off('connect', subscribe);
  };
}
