/**
 * The public namespace `/live` (docs/LIVE.md): no login, read-only. A viewer may only subscribe to a
 * draw or to the list of draws (server/live/subscribe.ts); nothing else it emits has a listener,
 * and every packet counts against its rate bucket. Released events go to each draw's room as one
 * broadcast per event, which socket.io encodes (and frames) once for all the room's sockets.
 */
import type { DefaultEventsMap, Namespace } from 'socket.io';
import type {
  LiveClientToServerEvents,
  LiveServerToClientEvents,
} from '../../shared/api/events.js';
import type { DrawListUpdate } from '../../shared/api/events.js';
import type { LiveEvent } from '../../shared/api/events.js';
import { VIEWER_BUCKET } from './rate-limit.js';
import {
  drawRoom,
  LIST_ROOM,
  subscriptions,
  type SocketState,
  type SubscribeDeps,
} from './subscribe.js';

export type LiveNamespace = Namespace<
  LiveClientToServerEvents,
  LiveServerToClientEvents,
  DefaultEventsMap,
  SocketState
>;

/** Room broadcasts shared by both namespaces (skipped when nobody is in the room). */
export function roomEmitters(nsp: Pick<LiveNamespace, 'adapter' | 'to'>) {
  return {
    events(drawId: string, events: readonly LiveEvent[]): void {
      const room = drawRoom(drawId);
      if (!nsp.adapter.rooms.has(room)) return;
      const to = nsp.to(room);
      for (const e of events) to.emit('draw:event', e);
    },
    listUpdate(u: DrawListUpdate): void {
      if (nsp.adapter.rooms.has(LIST_ROOM)) nsp.to(LIST_ROOM).emit('draws:update', u);
    },
  };
}

export function registerLiveNamespace(
  nsp: LiveNamespace,
  deps: Omit<SubscribeDeps<LiveServerToClientEvents>, 'policy'>
) {
  nsp.on('connection', subscriptions({ ...deps, policy: VIEWER_BUCKET }));
  return roomEmitters(nsp);
}
