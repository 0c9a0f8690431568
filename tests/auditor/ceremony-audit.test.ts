/**
 * `adal audit` over a database with a closed ceremony (docs/LIFECYCLE.md §Ceremony bundle and audit):
 * the real CLI passes it; an edited lot pool row is named (AUDIT_TABLE_MISMATCH, ceremony_pool); a
 * lot pool frozen from a registry the log does not show (an expert suspended behind the log's back
 * while the ceremony was announced, then restored) is caught by the pool re-derivation, naming the
 * lot (AUDIT_POOL_MISMATCH).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { auditDatabase } from '../../auditor/audit.js';
import { runAdal } from '../helpers/adal-cli.js';
import { startTestApp } from '../helpers/app.js';
import { startDrandRelay, type TestDrandRelay } from '../helpers/drand-relay.js';
import { baseDraft, seedLot } from '../helpers/draws.js';
import { ceremonyApi, driveCeremony } from '../helpers/ceremonies.js';

let dir: string;
let good: string;
let sneaky: string;
let vkey: string;
let sneakyKey: string;
let lotIds: number[];

async function closedCeremony(dataDir: string, relay: TestDrandRelay, behindTheLog = false) {
  mkdirSync(dataDir);
  const t = await startTestApp({ dataDir, config: { DRAND_URLS: ['http://127.0.0.1:9'] } });
  ({ lotIds } = seedLot(t, 3));
  const op = await t.loginAs('operator');
  const witnesses = [await t.loginAs('observer'), await t.loginAs('observer')];
  const api = ceremonyApi(op);
  // the ceremony is announced while R-0001 is suspended in the table only (no log entry)
  if (behindTheLog)
    t.ctx.db.prepare("UPDATE experts SET status = 'suspended' WHERE registry_no = 'R-0001'").run();
  const id = await driveCeremony(t, op, witnesses, relay, lotIds, baseDraft({ reserves: 3 }));
  if (behindTheLog)
    t.ctx.db.prepare("UPDATE experts SET status = 'active' WHERE registry_no = 'R-0001'").run();
  const lot = (await api.get(id).expect(200)).body.lots[0];
  await api.declineIn(id, lotIds[0]!, lot.commission[0]).expect(200);
  for (const lotId of lotIds) await api.closeLot(id, lotId).expect(200);
  const key = t.ctx.tlog.vkey;
  await t.close();
  return key;
}

let relay: TestDrandRelay;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'adal-ceremony-audit-'));
  relay = await startDrandRelay();
  vkey = await closedCeremony(join(dir, 'good'), relay);
  good = join(dir, 'good', 'adal.sqlite');
  sneakyKey = await closedCeremony(join(dir, 'sneaky'), relay, true);
  sneaky = join(dir, 'sneaky', 'adal.sqlite');
}, 120_000);

afterAll(async () => {
  await relay?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('adal audit of a ceremony', () => {
  it('does pass a closed ceremony through the real CLI', async () => {
    const r = await runAdal(['audit', '--db', good, '--key', vkey]);
    expect([r.status, r.stderr]).toEqual([0, '']);
  });

  it('does name an edited lot pool row', () => {
    const file = join(dir, 'edited.sqlite');
    copyFileSync(good, file);
    const db = new Database(file);
    db.exec('DROP TRIGGER ceremony_pool_frozen_update');
    const changed = db
      .prepare(
        "UPDATE ceremony_pool SET entry_json = replace(entry_json, 'R-', 'X-') WHERE idx = 1 AND pool_no = 2"
      )
      .run().changes;
    db.close();
    const ro = new Database(file, { readonly: true });
    const r = auditDatabase(ro, { vkey });
    ro.close();
    expect([changed, r.ok, r.problem?.code, (r.problem as { table?: string })?.table]).toEqual([
      1,
      false,
      'AUDIT_TABLE_MISMATCH',
      'ceremony_pool',
    ]);
  });

  it('does catch a lot pool the logged registry does not give, naming the lot', () => {
    const ro = new Database(sneaky, { readonly: true });
    const r = auditDatabase(ro, { vkey: sneakyKey });
    ro.close();
    expect([r.ok, r.problem?.code]).toEqual([false, 'AUDIT_POOL_MISMATCH']);
    expect(r.problem?.message).toMatch(new RegExp(`lot ${lotIds[0]}: the announced pool`));
  });
});
