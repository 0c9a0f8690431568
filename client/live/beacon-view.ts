/**
 * Entropy and seed: the announced drand round, when it is produced and its state said honestly
 * (waiting; due; due but the server cannot reach a relay; received and verified); once delivered, the round's
 * randomness and BLS signature, verified HERE, in the viewer's browser, with the protocol's own
 * verifyBeacon (shared/drand.ts: the League of Entropy's pinned public key, RFC 9380 hash-to-curve,
 * the pairing check) — the same code the server ran before it stored the round; the public sources'
 * values; then the seed, recomputed here from its published input with shared/seed.ts deriveSeed.
 */
import { byId, fill, h, show, type Child } from '../common/dom.js';
import { currentLang, errorText, t } from '../common/i18n.js';
import { formatDateTime, groupHex } from '../common/format.js';
import { DRAND_CHAINS, roundTime } from '../../shared/drand-chains.js';
import { AppError } from '../../shared/errors.js';
import type { CeremonyModel } from './ceremony-model.js';
import type { BeaconStatus } from '../../shared/api/draws.js';

type Outcome = { ok: true } | { ok: false; code: string };

function codeOf(e: unknown): string {
  return e instanceof AppError ? e.code : 'UNKNOWN';
}

/**
 * The beacon as recorded, checked against the announced round and the pinned chain. The BLS code is
 * loaded here, when a beacon is to be checked, never with the page (issue 17: page weight).
 */
async function checkBeacon(m: CeremonyModel): Promise<Outcome> {
  const b = m.beacon!;
  const announced = m.announcement?.spec.entropy.drand;
  try {
    if (!announced || announced.chain !== b.chain || announced.round !== b.round)
      return { ok: false, code: 'BEACON_ROUND_MISMATCH' };
    if (DRAND_CHAINS[b.chain].hash !== b.chainHash)
      return { ok: false, code: 'BEACON_CHAIN_MISMATCH' };
    const { verifyBeacon } = await import('../../shared/drand.js');
    verifyBeacon({
      chain: b.chain,
      round: b.round,
      signature: b.signature,
      previousSignature: b.previousSignature,
      randomness: b.randomness,
    });
    return { ok: true };
  } catch (e) {
    return { ok: false, code: codeOf(e) };
  }
}

async function checkSeed(m: CeremonyModel): Promise<Outcome> {
  try {
    const [{ toHex }, { deriveSeed }] = await Promise.all([
      import('../../shared/bytes.js'),
      import('../../shared/seed.js'),
    ]);
    return toHex(deriveSeed(m.seed!.seedInput)) === m.seed!.seed
      ? { ok: true }
      : { ok: false, code: 'SEED_MISMATCH' };
  } catch (e) {
    return { ok: false, code: codeOf(e) };
  }
}

function fact(label: string, ...value: Child[]): Child[] {
  return [h('dt', {}, label), h('dd', {}, ...value)];
}

function verdict(o: Outcome | undefined, okText: string): HTMLElement {
  if (!o) return h('span', { class: 'check-pending' }, t('beacon.verifying'));
  return o.ok
    ? h('span', { class: 'check-ok', 'data-ok': 'true' }, `✓ ${okText}`)
    : h('span', { class: 'check-fail', 'data-ok': 'false' }, `✗ ${errorText(o.code)} (${o.code})`);
}

const iso = (s: number) => new Date(s * 1000).toISOString();

/** How often the page asks the server why a due round is not in yet. */
const STATUS_POLL_MS = 10_000;
const RELAY_TROUBLE = new Set(['RELAY_UNAVAILABLE', 'RELAY_BAD_RESPONSE']);

export class BeaconView {
  /** verification results by what was verified: each is computed once, after a paint */
  private readonly done = new Map<string, Outcome>();
  private readonly queued = new Set<string>();

  /** the server's public beaconStatus, asked once the round is due (undefined: not asked yet) */
  private status: BeaconStatus | null | undefined = undefined;
  private asking = false;

  constructor(
    private readonly rerender: () => void,
    private readonly fetchStatus: () => Promise<BeaconStatus | null>
  ) {}

  /**
   * The beacon's state said honestly: waiting until its time; due and being fetched; due but the
   * server cannot reach a relay (from the public beaconStatus, asked again every few seconds); then
   * received, and verified here once the BLS check passed.
   */
  private stateText(
    roundAtMs: number,
    b: CeremonyModel['beacon'],
    verified: boolean,
    cancelled: boolean
  ): string {
    if (b) return t(verified ? 'beacon.receivedVerified' : 'beacon.received');
    // a cancelled draw waits for nothing: say so, and stop asking
    if (cancelled) return t('draw.state.cancelled');
    const now = Date.now();
    if (!this.asking) {
      this.asking = true;
      const wait =
        now < roundAtMs ? roundAtMs - now : this.status === undefined ? 0 : STATUS_POLL_MS;
      window.setTimeout(
        () =>
          void this.fetchStatus()
            .then(
              (s) => void (this.status = s),
              () => undefined
            )
            .finally(() => {
              this.asking = false;
              this.rerender();
            }),
        Math.min(wait, 2 ** 31 - 1)
      );
    }
    if (now < roundAtMs) return t('beacon.waiting');
    const s = this.status;
    if (s?.lastError && RELAY_TROUBLE.has(s.lastError))
      return t('beacon.relayUnreachable', { code: s.lastError, attempts: s.attempts });
    return t('beacon.due');
  }

  private outcome(key: string, run: () => Promise<Outcome>): Outcome | undefined {
    const o = this.done.get(key);
    if (o || this.queued.has(key)) return o;
    this.queued.add(key);
    // BLS verification takes a moment: let the page paint "verifying…" first.
    window.setTimeout(() => {
      void run()
        .catch((e: unknown): Outcome => ({ ok: false, code: codeOf(e) }))
        .then((result) => {
          this.done.set(key, result);
          this.rerender();
        });
    }, 0);
    return undefined;
  }

  render(m: CeremonyModel): void {
    const lang = currentLang();
    const drand = (m.announcement?.spec ?? m.draft)?.entropy?.drand;
    const b = m.beacon;
    const rows: Child[] = [];
    if (drand) {
      const at = iso(roundTime(drand.chain, drand.round));
      rows.push(
        ...fact(
          t('beacon.round'),
          t('rules.drandRound', { chain: drand.chain, round: drand.round })
        ),
        ...fact(t('beacon.at'), h('time', { datetime: at }, formatDateTime(at, lang))),
        ...fact(
          t('beacon.status'),
          h(
            'span',
            { id: 'beacon-state' },
            this.stateText(
              roundTime(drand.chain, drand.round) * 1000,
              b,
              !!b && this.done.get(`b:${b.signature}`)?.ok === true,
              m.state === 'cancelled'
            )
          )
        )
      );
    }
    if (b) {
      rows.push(
        ...fact(t('beacon.randomness'), h('span', { class: 'hex' }, groupHex(b.randomness))),
        ...fact(t('beacon.signature'), h('span', { class: 'hex' }, groupHex(b.signature))),
        ...fact(
          t('beacon.source'),
          t(b.source === 'relay' ? 'beacon.source.relay' : 'beacon.source.pasted')
        ),
        ...fact(
          t('beacon.verification'),
          h(
            'span',
            { id: 'beacon-verdict' },
            verdict(
              this.outcome(`b:${b.signature}`, () => checkBeacon(m)),
              t('beacon.verified')
            )
          )
        )
      );
    }
    for (const s of m.publicSources)
      rows.push(
        ...fact(
          t('beacon.publicSource', { id: s.id }),
          Array.isArray(s.value) ? s.value.join(', ') : s.value
        )
      );
    if (m.seed) {
      const s = m.seed;
      rows.push(
        ...fact(t('seed.value'), h('span', { class: 'hex', id: 'seed-value' }, groupHex(s.seed))),
        ...fact(
          t('seed.inputs'),
          t('seed.inputsText', {
            reveals: s.seedInput.reveals.length,
            missing: s.seedInput.missing.length,
            sources: s.seedInput.publicSources.length,
          })
        ),
        ...fact(
          t('seed.recomputed'),
          h(
            'span',
            { id: 'seed-verdict' },
            verdict(
              this.outcome(`s:${s.seed}`, () => checkSeed(m)),
              t('seed.matches')
            )
          )
        )
      );
    }
    fill(byId('beacon-facts', HTMLElement), ...rows);
    show(byId('beacon-empty', HTMLParagraphElement), rows.length === 0);
  }
}
