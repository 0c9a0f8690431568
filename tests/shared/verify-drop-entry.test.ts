/**
 * Complete histories (docs/PROTOCOL.md §What a bundle does not prove): every real bundle fixture with
 * each of its entries left out in turn. Version 1 bundles keep exactly the verdicts that section
 * lists for version 1 (the v1 fixtures, never edited); bundles of real version 2 draws taken through
 * the server fail every copy with a named code, except the one without the last entry, which is the
 * bundle of the draw as it stood one entry earlier.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { verifyBundle } from '../../shared/verify.js';
import { VerificationError } from '../../shared/errors.js';
import type { Bundle } from '../../shared/schemas/bundle.js';
import { runVerifiedDraws, type VerifiedDraws } from '../helpers/verified-draws.js';

interface Entry {
  index: number;
  entry: { type: string; data: Record<string, unknown> };
}

/** The verdict on `bundle` without its k-th entry: "VERIFIED <last event>" or the failure's code. */
function withoutEntry(bundle: Bundle, k: number, vkey: string): string {
  const copy = JSON.parse(JSON.stringify(bundle)) as Bundle;
  copy.entries.splice(k, 1);
  try {
    return `VERIFIED ${verifyBundle(copy, { trustedKeys: [vkey] }).lastEvent}`;
  } catch (e) {
    if (e instanceof VerificationError) return e.code;
    throw e;
  }
}

/**
 * Version 1 (§What a bundle does not prove): a copy without one entry still verifies exactly when
 * that entry is the last one, a draft edit, a refused reveal, a witness's commitment superseded by
 * a later one of the same witness, or the last decline.
 */
function v1Unnoticed(entries: readonly Entry[], k: number): boolean {
  const { type, data } = entries[k]!.entry;
  const later = entries.slice(k + 1).map((e) => e.entry);
  if (k === entries.length - 1) return true;
  if (type === 'draw.draft_updated' || type === 'draw.reveal_rejected') return true;
  if (type === 'draw.witness_committed')
    return later.some(
      (e) => e.type === 'draw.witness_committed' && e.data.witnessId === data.witnessId
    );
  if (type === 'draw.declined') return !later.some((e) => e.type === 'draw.declined');
  return false;
}

const V1 = 'tests/fixtures/v1';

describe('a version 1 bundle without one of its entries', () => {
  const vkey = readFileSync(`${V1}/v1.vkey`, 'utf8').trim();
  const files = readdirSync(V1).filter(
    (f) => f.endsWith('.bundle.json') && !f.startsWith('tampered')
  );

  it.each(files)('%s: verifies exactly when PROTOCOL.md says version 1 cannot notice', (f) => {
    const bundle = JSON.parse(readFileSync(`${V1}/${f}`, 'utf8')) as Bundle;
    const entries = bundle.entries as unknown as Entry[];
    const got = entries.map((e, k) => `${k} ${e.entry.type}: ${withoutEntry(bundle, k, vkey)}`);
    const want = entries.map((e, k) => {
      const verdict = got[k]!.split(': ')[1]!;
      const unnoticed = v1Unnoticed(entries, k);
      const ok = verdict.startsWith('VERIFIED');
      return `${k} ${e.entry.type}: ${ok === unnoticed ? verdict : unnoticed ? 'VERIFIED' : 'a code'}`;
    });
    expect(got).toEqual(want);
  });
});

describe('a version 2 bundle without one of its entries', () => {
  let d: VerifiedDraws;
  let vkey: string;
  const bundles: Record<string, Bundle> = {};

  beforeAll(async () => {
    d = await runVerifiedDraws({ version2: true });
    vkey = (await d.t.agent.get('/api/public/log/key').expect(200)).body.vkey as string;
    for (const [name, id] of Object.entries(d.ids))
      bundles[name] = (await d.t.agent.get(`/api/public/draws/${id}/bundle`).expect(200))
        .body as Bundle;
  }, 180_000);
  afterAll(async () => {
    await d.close();
  });

  it('does hold every kind of entry version 1 could lose unnoticed, and version 2 draws', () => {
    const types = Object.values(bundles).flatMap((b) =>
      (b.entries as unknown as Entry[]).map((e) => e.entry.type)
    );
    for (const t of ['draw.draft_updated', 'draw.reveal_rejected', 'draw.declined'])
      expect(types).toContain(t);
    const commits = (bundles.adal!.entries as unknown as Entry[]).filter(
      (e) => e.entry.type === 'draw.witness_committed'
    );
    expect(commits.length).toBe(2);
    for (const b of Object.values(bundles)) {
      const ann = (b.entries as unknown as Entry[]).find((e) => e.entry.type === 'draw.announced')!;
      expect((ann.entry.data.announcement as { spec: { version: number } }).spec.version).toBe(2);
      expect(verifyBundle(b, { trustedKeys: [vkey] }).checks.at(-1)!.detail).toMatch(
        /history complete/
      );
    }
  });

  it.each(['adal', 'rfc3797', 'cancelled'])(
    '%s: fails every copy with a named code, except the one without the last entry',
    (name) => {
      const bundle = bundles[name]!;
      const entries = bundle.entries as unknown as Entry[];
      const got = entries.map((e, k) => `${k} ${e.entry.type}: ${withoutEntry(bundle, k, vkey)}`);
      const want = entries.map((e, k) => {
        const verdict = got[k]!.split(': ')[1]!;
        if (k === entries.length - 1)
          return `${k} ${e.entry.type}: VERIFIED ${entries[k - 1]!.entry.type}`;
        // what version 1 could not notice, version 2 names
        if (v1Unnoticed(entries, k)) return `${k} ${e.entry.type}: HISTORY_INCOMPLETE`;
        return `${k} ${e.entry.type}: ${/^[A-Z0-9_]+$/.test(verdict) ? verdict : 'a code'}`;
      });
      expect(got).toEqual(want);
    },
    120_000
  );
});
