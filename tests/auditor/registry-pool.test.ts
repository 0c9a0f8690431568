/**
 * Every announced pool re-derived from the registry as the log says it was (docs/PROTOCOL.md §Pool
 * re-derivation). A dishonest operator edits a registry table in SQL — no log entry — and announces a
 * draw through the real API (real app, real SQLite file, real log): the announcement freezes the pool
 * the edited tables give. `adal audit --db` re-derives the pool from the replay up to the announcement
 * and names the first difference, even after the operator put the table back (so the tables agree
 * with the log again and only the frozen pool betrays the edit).
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { auditDatabase } from '../../auditor/audit.js';
import { auditServer } from '../../auditor/audit-remote.js';
import { createDeclaration } from '../../server/lots/conflicts.js';
import { changeExpertStatus } from '../../server/registry/experts.js';
import { seedDemoIfEmpty } from '../../server/demo/seed.js';
import { listLots } from '../../db/repos/lots.repo.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { startDrandRelay, type TestDrandRelay } from '../helpers/drand-relay.js';
import { runAdal } from '../helpers/adal-cli.js';
import { APPLICANT_BIN, BEFORE_ROUND, baseDraft, drawApi, seedLot } from '../helpers/draws.js';
import { join } from 'node:path';

let t: TestApp | undefined;
let relay: TestDrandRelay | undefined;
afterEach(async () => {
  await t?.close();
  await relay?.close();
  t = relay = undefined;
});

/** A fresh app with the seeded lot; `tamper` runs on its database before a draw is announced. */
async function announceAfter(
  tamper: (t: TestApp) => void,
  draft = baseDraft()
): Promise<{ t: TestApp; drawId: string; index: number }> {
  relay = await startDrandRelay();
  t = await startTestApp({ now: BEFORE_ROUND, config: { DRAND_URL: relay.url } });
  const { lotId } = seedLot(t);
  const api = drawApi(await t.loginAs('operator'));
  const created = await api.create(lotId, draft);
  expect(created.status).toBe(201);
  const drawId = created.body.id as string;
  tamper(t);
  const announced = await api.announce(drawId);
  expect(announced.status).toBe(200);
  const index = t.ctx.db
    .prepare("SELECT idx FROM log_entries WHERE type = 'draw.announced' AND subject_id = ?")
    .pluck()
    .get(drawId) as number;
  return { t, drawId, index };
}

const sql = (t: TestApp, s: string) => t.ctx.db.exec(s);
const auditOf = (t: TestApp) => auditDatabase(t.ctx.db, { vkey: t.ctx.tlog!.vkey });
const exclusionsOf = (t: TestApp, drawId: string) =>
  (
    JSON.parse(
      t.ctx.db
        .prepare('SELECT announcement_json FROM draws WHERE id = ?')
        .pluck()
        .get(drawId) as string
    ) as { exclusions: { registryNo: string; rule: string }[] }
  ).exclusions;

describe('adal audit --db: every frozen pool against its re-derivation from the log', () => {
  it('passes an honest announcement', async () => {
    const a = await announceAfter(() => undefined);
    expect(auditOf(a.t)).toMatchObject({ ok: true });
  });

  it('names an expert excluded in SQL before the freeze, also once the table is put back', async () => {
    const a = await announceAfter((t) =>
      sql(t, "UPDATE experts SET status = 'excluded' WHERE registry_no = 'R-0003'")
    );
    // the lever works on the server: the announcement excludes R-0003 on the edited status
    expect(exclusionsOf(a.t, a.drawId)).toContainEqual(
      expect.objectContaining({ registryNo: 'R-0003', rule: 'STATUS_EXCLUDED' })
    );
    const want = {
      ok: false,
      problem: {
        code: 'AUDIT_POOL_MISMATCH',
        index: a.index,
        drawId: a.drawId,
        message: `draw ${a.drawId}: the announced pool is not the one the logged registry gives: R-0003 is eligible by the logged registry but not in the frozen pool`,
      },
    };
    expect(auditOf(a.t)).toMatchObject(want);
    sql(a.t, "UPDATE experts SET status = 'active' WHERE registry_no = 'R-0003'");
    expect(auditOf(a.t)).toMatchObject(want);
    const cli = await runAdal([
      'audit',
      '--db',
      join(a.t.dataDir, 'adal.sqlite'),
      '--key',
      a.t.ctx.tlog!.vkey,
    ]);
    expect([cli.status, cli.stderr]).toEqual([
      1,
      `adal: AUDIT_POOL_MISMATCH: ${want.problem.message} (entry ${a.index})\n`,
    ]);
  }, 60_000);

  it('names a pool entry whose public field was edited before the freeze', async () => {
    const a = await announceAfter((t) =>
      sql(t, "UPDATE experts SET region = 'KZ-10' WHERE registry_no = 'R-0004'")
    );
    expect(auditOf(a.t).problem).toMatchObject({
      code: 'AUDIT_POOL_MISMATCH',
      index: a.index,
      message: expect.stringMatching(
        /: pool entry R-0004: region is "KZ-71" by the logged registry, "KZ-10" in the frozen pool$/
      ) as unknown,
    });
  });

  it('names an expert let in by a membership deleted in SQL', async () => {
    // R-0005 heads the applicant: excluded by the logged registry, eligible by the edited table
    const a = await announceAfter((t) =>
      sql(t, "DELETE FROM expert_organizations WHERE registry_no = 'R-0005'")
    );
    expect(auditOf(a.t).problem).toMatchObject({
      code: 'AUDIT_POOL_MISMATCH',
      message: expect.stringMatching(
        /: R-0005 is in the frozen pool, but the logged registry excludes it \(CONFLICT_OF_INTEREST\)$/
      ) as unknown,
    });
  });

  it('names an exclusion made by a declaration inserted in SQL', async () => {
    const a = await announceAfter((t) =>
      sql(
        t,
        `INSERT INTO declarations (registry_no, bin, kind, valid_from, source)
         VALUES ('R-0006', '${APPLICANT_BIN}', 'member', '2020-01-01', 'operator')`
      )
    );
    expect(auditOf(a.t).problem).toMatchObject({
      code: 'AUDIT_POOL_MISMATCH',
      message: expect.stringMatching(
        /: R-0006 is eligible by the logged registry but not in the frozen pool$/
      ) as unknown,
    });
  });

  it('names a cooldown made by a last commission date edited in SQL', async () => {
    const a = await announceAfter(
      (t) =>
        sql(t, "UPDATE experts SET last_commission_on = '2023-08-01' WHERE registry_no = 'R-0007'"),
      baseDraft({ cooldownDays: 90 })
    );
    expect(auditOf(a.t).problem).toMatchObject({
      code: 'AUDIT_POOL_MISMATCH',
      message: expect.stringMatching(
        /: R-0007 is eligible by the logged registry but not in the frozen pool$/
      ) as unknown,
    });
  });

  it('names an exclusion whose rule differs although the pool is the same', async () => {
    const a = await announceAfter((t) => {
      changeExpertStatus(t.ctx, 'setup', 'R-0008', 'suspend', { reason: 'on leave' });
      sql(t, "UPDATE experts SET status = 'excluded' WHERE registry_no = 'R-0008'");
    });
    expect(auditOf(a.t).problem).toMatchObject({
      code: 'AUDIT_POOL_MISMATCH',
      message: expect.stringMatching(
        /: exclusion 2: \{"detail":"status is suspended","registryNo":"R-0008","rule":"STATUS_SUSPENDED"\} by the logged registry, \{"detail":"status is excluded","registryNo":"R-0008","rule":"STATUS_EXCLUDED"\} announced$/
      ) as unknown,
    });
  });

  it('passes a logged declaration that excludes an expert (the derivation reads the log)', async () => {
    const a = await announceAfter((t) =>
      createDeclaration(t.ctx, 'setup', {
        registryNo: 'R-0006',
        bin: APPLICANT_BIN,
        kind: 'member',
        validFrom: '2020-01-01',
        source: 'operator',
      })
    );
    expect(exclusionsOf(a.t, a.drawId)).toContainEqual(
      expect.objectContaining({ registryNo: 'R-0006', rule: 'CONFLICT_OF_INTEREST' })
    );
    expect(auditOf(a.t)).toMatchObject({ ok: true });
  });

  it('passes every lot of the demo registry (roles, declarations, statuses, cooldown), --db and --url', async () => {
    relay = await startDrandRelay();
    t = await startTestApp({ now: BEFORE_ROUND, config: { DRAND_URL: relay.url } });
    seedDemoIfEmpty(t.ctx);
    const api = drawApi(await t.loginAs('operator'));
    const rules = new Set<string>();
    for (const lot of listLots(t.ctx.db)) {
      const draft = baseDraft({ quotas: [], cooldownDays: 365, asOf: '2026-03-01' });
      const id = (await api.create(lot.id, draft)).body.id as string;
      expect((await api.announce(id)).status).toBe(200);
      for (const x of exclusionsOf(t, id)) rules.add(x.rule);
    }
    expect([...rules].sort()).toEqual([
      'CONFLICT_OF_INTEREST',
      'COOLDOWN',
      'STATUS_EXCLUDED',
      'STATUS_SUSPENDED',
    ]);
    expect(auditOf(t)).toMatchObject({ ok: true });
    // and over HTTP: the served log replayed, the public registry API compared with it
    expect(await auditServer(new URL(t.baseUrl), { vkey: t.ctx.tlog!.vkey })).toMatchObject({
      ok: true,
    });
  }, 120_000);
});
