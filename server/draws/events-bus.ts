/**
 * The in-process broadcast hook of the live ceremony: after a draw action COMMITS, one 'entry' event
 * per log entry it appended, in log order. It carries only pointers (draw id, log index, type); the
 * socket layer rebuilds what it sends from the stored log, so a listener that misses an event (or a
 * restart) loses nothing. Listeners must not throw; an exception is logged and swallowed so a broken
 * listener can never fail an action that is already committed.
 */
import { EventEmitter } from 'node:events';
import type { DrawEventType } from '../../shared/schemas/draw-events.js';
import type { CeremonyEventType } from '../../shared/schemas/ceremony-events.js';

export interface DrawEntryEvent {
  drawId: string;
  logIndex: number;
  type: DrawEventType | CeremonyEventType;
}

interface Events {
  entry: [DrawEntryEvent];
}

export class DrawEventBus {
  private readonly emitter = new EventEmitter<Events>();

  constructor(private readonly onListenerError: (err: unknown) => void = () => {}) {
    // One listener per socket namespace and test; no leak warning at the default of 10.
    this.emitter.setMaxListeners(100);
  }

  on(event: 'entry', listener: (e: DrawEntryEvent) => void): () => void {
    const safe = (e: DrawEntryEvent) => {
      try {
        listener(e);
      } catch (err) {
        this.onListenerError(err);
      }
    };
    this.emitter.on(event, safe);
    return () => this.emitter.off(event, safe);
  }

  emit(event: 'entry', e: DrawEntryEvent): void {
    this.emitter.emit(event, e);
  }
}
