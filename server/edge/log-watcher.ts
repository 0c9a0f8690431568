/**
 * How an edge notices new log entries: every pollMs it reads the database's version token
 * (db/version.ts: PRAGMA data_version moves when another process commits, total_changes() when
 * this connection writes, as a remote edge's mirror does), and when it moved, announces each new
 * draw entry on the DrawEventBus in log order — the same after-commit notice the writer's
 * lifecycle gives its own live server. The live feed then rebuilds the draw's viewer events from
 * the stored entries (server/live/live-feed.ts), so an edge emits the writer's events with the
 * writer's seq numbers at the same moments. Only committed entries are ever seen.
 */
import type { Db } from '../../db/connection.js';
import { entryCount } from '../../db/repos/log.repo.js';
import { drawEntriesBetween } from '../../db/repos/log-tail.repo.js';
import { dbVersion } from '../../db/version.js';
import { isDrawEventType } from '../../shared/schemas/draw-events.js';
import { isCeremonyEventType } from '../../shared/schemas/ceremony-events.js';
import type { DrawEventBus } from '../draws/events-bus.js';

export class LogWatcher {
  private size: number;
  private version: string | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    private readonly bus: DrawEventBus,
    /** a failed look (a locked or unreadable file): reported, and the next poll tries again */
    private readonly onError: (err: unknown) => void = () => {}
  ) {
    this.size = entryCount(db);
    this.version = dbVersion(db);
  }

  /** The log size this watcher has announced up to. */
  get seenSize(): number {
    return this.size;
  }

  /** Polls every pollMs (0: only when check() is called). */
  start(pollMs: number): void {
    if (pollMs <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      try {
        this.check();
      } catch (err) {
        this.onError(err);
      }
    }, pollMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Announces the draw entries committed since the last check; returns how many entries were new. */
  check(): number {
    const version = dbVersion(this.db);
    if (version !== undefined && version === this.version) return 0;
    this.version = version;
    const size = entryCount(this.db);
    if (size <= this.size) return 0;
    const from = this.size;
    this.size = size;
    for (const e of drawEntriesBetween(this.db, from, size))
      if (isDrawEventType(e.type) || isCeremonyEventType(e.type))
        this.bus.emit('entry', { drawId: e.drawId, logIndex: e.index, type: e.type });
    return size - from;
  }
}
