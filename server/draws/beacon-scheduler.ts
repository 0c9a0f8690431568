/**
 * Closes reveal windows at their deadline and fetches announced drand rounds when their time comes
 * (docs/LIFECYCLE.md §Beacon). Every poll reads the draws from the database and the time from
 * ctx.clock, so the scheduler keeps no state of its own: a restart (or a second start) picks up
 * exactly where the stored waiting status says. A draw is due when the clock has reached its next
 * retry time (initially the round's time); a failed fetch pushes that time back with exponential
 * backoff (entropy.ts), and the operator can fetch now or paste the round at any moment.
 * start()/stop() for the server and tests; tick() runs one pass. Its actions are logged with actor
 * null (the system).
 */
import * as repo from '../../db/repos/draws.repo.js';
import { roundTime } from '../../shared/drand-chains.js';
import { AppError } from '../../shared/errors.js';
import type { DrawDeps } from './action.js';
import { DEFAULT_RETRY, fetchBeaconNow, type BeaconRetryPolicy } from './entropy.js';
import { closeReveals } from './reveals.js';

export interface BeaconSchedulerOptions {
  /** real milliseconds between polls; default 1000 */
  pollMs?: number;
  policy?: BeaconRetryPolicy;
}

export class BeaconScheduler {
  private readonly pollMs: number;
  private readonly policy: BeaconRetryPolicy;
  private readonly inFlight = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private pass: Promise<void> | undefined;

  constructor(
    private readonly deps: DrawDeps,
    opts: BeaconSchedulerOptions = {}
  ) {
    this.pollMs = opts.pollMs ?? 1000;
    this.policy = opts.policy ?? DEFAULT_RETRY;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stops polling and waits for a pass in progress (its fetches time out by policy.timeoutMs). */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.pass;
  }

  /** Draw ids due now: reveals closed, no beacon yet, and the next retry time reached. */
  due(): string[] {
    const now = this.deps.clock().getTime();
    return repo
      .drawsAwaitingBeacon(this.deps.db)
      .filter((d) => {
        const drand = d.spec!.entropy.drand!;
        const next = d.beaconNextRetryAt ?? new Date(roundTime(drand.chain, drand.round) * 1000);
        return new Date(next).getTime() <= now && !this.inFlight.has(d.id);
      })
      .map((d) => d.id);
  }

  /**
   * One pass: close reveal windows whose deadline has passed (no reveal can come in any more, so the
   * wait for the round may start), then fetch every due draw's round; resolves when those fetches
   * have finished.
   */
  async tick(): Promise<void> {
    this.closeOverdueReveals();
    await Promise.all(this.due().map((id) => this.fetchOne(id)));
  }

  private closeOverdueReveals(): void {
    const now = this.deps.clock().getTime();
    for (const d of repo.drawsRevealing(this.deps.db)) {
      if (Date.parse(d.spec!.revealDeadline) > now) continue;
      try {
        closeReveals(this.deps, null, d.id);
        this.deps.log.info({ drawId: d.id }, 'reveal deadline passed: reveals closed');
      } catch (err) {
        // Another writer changed the draw first (e.g. cancelled it): nothing to close.
        this.deps.log.warn({ err, drawId: d.id }, 'could not close reveals');
      }
    }
  }

  private async fetchOne(id: string): Promise<void> {
    this.inFlight.add(id);
    try {
      await fetchBeaconNow(this.deps, null, id, this.policy);
      this.deps.log.info({ drawId: id }, 'beacon received from relay');
    } catch (e) {
      // The waiting status holds the failure; operators see it and may paste the round.
      const code = e instanceof AppError ? e.code : 'INTERNAL';
      if (!(e instanceof AppError))
        this.deps.log.error({ err: e, drawId: id }, 'beacon fetch failed');
      else this.deps.log.warn({ drawId: id, code }, 'beacon not fetched yet');
    } finally {
      this.inFlight.delete(id);
    }
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.pass = this.tick()
        .catch((err: unknown) => this.deps.log.error({ err }, 'beacon scheduler pass failed'))
        .finally(() => this.schedule(this.pollMs));
    }, delayMs);
    this.timer.unref();
  }
}
