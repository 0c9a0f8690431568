/**
 * The audit's batched prefetch of drand rounds (auditor/beacon-prefetch.ts) on `draw.beacon` entries
 * appended to a real log on a real SQLite file and read back as the audit's shards read them
 * (db/repos/log.repo.ts iterateDataOfType): the recorded real quicknet rounds go into the memo,
 * a round with a corrupted signature does not (check 8 then verifies it alone and names it), and
 * data that is not a beacon is skipped. Regression: the reader once yielded whole envelopes, so
 * nothing was ever prefetched.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../../db/connection.js';
import { iterateDataOfType } from '../../db/repos/log.repo.js';
import { DRAND_CHAINS } from '../../shared/drand-chains.js';
import { beaconMemoKey, type BeaconMemo } from '../../shared/verify/outcome-checks.js';
import { prefetchBeacons } from '../../auditor/beacon-prefetch.js';
import { appendLogEntry, createTransparencyLog } from '../../server/log/transparency-log.js';

const dir = mkdtempSync(join(tmpdir(), 'adal-prefetch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rounds = (
  JSON.parse(readFileSync(new URL('../fixtures/drand/quicknet.json', import.meta.url), 'utf8')) as {
    rounds: { round: number; signature: string; randomness: string }[];
  }
).rounds;

describe('prefetchBeacons', () => {
  it('does put the logged rounds that verify into the memo, and not a corrupted one', () => {
    const db = openDb(join(dir, 'adal.sqlite'));
    const tlog = createTransparencyLog(db, dir, 'adal.example/log');
    const clock = () => new Date('2026-03-01T09:00:00Z');
    const datas = rounds.map((r, i) => ({
      drawId: `D-2026-${String(i + 1).padStart(4, '0')}`,
      chain: 'quicknet',
      round: r.round,
      // the third round's signature is another round's: a valid point that does not verify
      signature: i === 2 ? rounds[3]!.signature : r.signature,
      randomness: i === 2 ? rounds[3]!.randomness : r.randomness,
      chainHash: DRAND_CHAINS.quicknet.hash,
      source: 'relay',
    }));
    db.transaction(() => {
      for (const data of datas)
        appendLogEntry(
          { tlog, clock },
          { type: 'draw.beacon', actor: null, subject: { kind: 'draw', id: data.drawId }, data }
        );
      appendLogEntry(
        { tlog, clock },
        {
          type: 'draw.beacon',
          actor: null,
          subject: { kind: 'draw', id: 'D-2026-9999' },
          data: { not: 'a beacon' },
        }
      );
    })();
    const memo: BeaconMemo = new Set();
    const read = [...iterateDataOfType(db, 'draw', 'draw.beacon', '', '\uffff')];
    expect(read).toHaveLength(datas.length + 1);
    expect(prefetchBeacons(read, memo)).toBe(datas.length - 1);
    expect(datas.map((d) => memo.has(beaconMemoKey(d)))).toEqual(datas.map((_, i) => i !== 2));
    // a second pass finds them all known; the bench-only one-by-one option prefetches nothing
    expect(prefetchBeacons(read, memo)).toBe(0);
    expect(prefetchBeacons(read, new Set(), { oneByOne: true })).toBe(0);
    db.close();
  });
});
