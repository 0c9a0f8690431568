/**
 * Group commit: state changes (each with its log entries) that arrive in the same turn of the event
 * loop run in ONE SQLite transaction, each inside its own savepoint, and every caller's promise
 * settles only after that transaction has committed. With synchronous=FULL that commit is durable,
 * so "acknowledged only after durable" holds exactly as with one transaction per request — one fsync
 * simply covers many requests. A failing change rolls back its own savepoint (its entries included)
 * and rejects only its own promise; a failing commit rejects them all.
 */
import type { Db } from '../../db/connection.js';

interface Pending {
  work: () => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export class GroupCommitter {
  private queue: Pending[] = [];
  private scheduled = false;

  constructor(
    private readonly db: Db,
    /** runs the batch in one immediate transaction (the log wraps it to sign once per commit) */
    private readonly inTransaction: (batch: () => void) => void = (batch) =>
      db.transaction(batch).immediate(),
    /** upper bound on changes per transaction, so one commit never grows without limit */
    private readonly maxBatch = 256
  ) {}

  /** Runs `work` (synchronous; it may call appendLogEntry) in the next group transaction. */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const batch = this.queue.splice(0, this.maxBatch);
    this.scheduled = false;
    if (this.queue.length > 0) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      this.inTransaction(() => {
        for (const p of batch) {
          try {
            // A nested better-sqlite3 transaction is a savepoint: a throw undoes only this change.
            outcomes.push({ ok: true, value: this.db.transaction(p.work)() });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    batch.forEach((p, i) => {
      const o = outcomes[i]!;
      if (o.ok) p.resolve(o.value);
      else p.reject(o.error);
    });
  }
}
