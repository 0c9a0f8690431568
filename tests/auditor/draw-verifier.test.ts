/**
 * The audit's context for the checks of verifyBundle (auditor/draw-verifier.ts) on bundles of real
 * draws (tests/helpers/verified-draws.ts): a bundle the audit typed itself skips only the schema
 * check and fails every schema-valid change with verifyBundle's code; a rebuilt tree of the signed
 * root turns inclusion into lookups that still catch a changed entry; and node's Hasher changes
 * nothing verifyBundle reports.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { VerificationError } from '../../shared/errors.js';
import { MerkleTree } from '../../shared/merkle-tree.js';
import type { KnownTree } from '../../shared/verify/log-checks.js';
import { runChecks } from '../../shared/verify/run-checks.js';
import { verifyBundle, type VerifyCheck } from '../../shared/verify.js';
import { Bundle } from '../../shared/schemas/bundle.js';
import {
  auditContext,
  createVerificationMemo,
  rebuiltTree,
  type VerificationMemo,
} from '../../auditor/draw-verifier.js';
import { nodeHasher } from '../../auditor/node-crypto.js';
import { buildBundle } from '../../server/draws/bundle.js';
import { runVerifiedDraws, type VerifiedDraws } from '../helpers/verified-draws.js';
import { leafPaths, mutate } from '../helpers/bundle-tamper.js';

let d: VerifiedDraws;
let vkey: string;
const bundles: Record<string, Bundle> = {};

beforeAll(async () => {
  d = await runVerifiedDraws();
  vkey = d.t.ctx.tlog!.vkey;
  for (const [name, id] of Object.entries(d.ids)) bundles[name] = buildBundle(d.t.ctx.tlog!, id);
}, 120_000);
afterAll(async () => {
  await d.close();
});

/**
 * A JSON copy: under jest, structuredClone makes objects of another realm, which canonical JSON
 * refuses (not plain objects), so a cloned bundle fails check 13 whatever was changed in it.
 */
const clone = (b: Bundle): Bundle => JSON.parse(JSON.stringify(b)) as Bundle;

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof VerificationError) return e.code;
    throw e;
  }
  return 'VERIFIED';
}

/** The audit's context, as auditor/draw-verifier.ts drawVerifier builds it. */
const context = (opts: { typed: boolean; memo?: VerificationMemo; tree?: KnownTree }) =>
  auditContext({
    vkey,
    hasher: nodeHasher(),
    memo: opts.memo ?? createVerificationMemo(),
    tree: opts.tree,
    typed: opts.typed,
    checkFairness: false,
  });

describe('the audit context on real draws', () => {
  it('with a bundle typed by the audit, does run every check but the schema, which it reports as skipped', () => {
    for (const b of Object.values(bundles)) {
      const full: VerifyCheck[] = [];
      const parsed: VerifyCheck[] = [];
      const want = verifyBundle(b, { trustedKeys: [vkey] }, (c) => full.push(c));
      const got = runChecks(Bundle.parse(b), context({ typed: true }), (c) => parsed.push(c));
      expect(parsed[0]).toMatchObject({ id: 'schema', ok: true, skipped: true });
      expect(parsed.slice(1)).toEqual(full.slice(1));
      expect({ ...got, checks: got.checks.slice(1) }).toEqual({
        ...want,
        checks: want.checks.slice(1),
      });
    }
  });

  it('with a rebuilt tree of the same root, does look leaves up and still catch a changed entry', () => {
    const hashes = d.t.ctx.db
      .prepare('SELECT leaf_hash FROM log_entries ORDER BY idx')
      .pluck()
      .all() as Uint8Array[];
    const tree = rebuiltTree(MerkleTree.from(hashes.map((h) => new Uint8Array(h))));
    const b = bundles.adal!;
    const ok = runChecks(b, context({ typed: false, tree }));
    expect(ok.checks.at(-1)!.detail).toMatch(/\(rebuilt tree\); history complete \(\d+ linked\)$/);
    const changed = clone(b);
    changed.entries[0]!.entry.actor = 'mallory';
    changed.entries.forEach((e) => (e.proof = []));
    expect(codeOf(() => runChecks(changed, context({ typed: false, tree })))).toBe(
      'INCLUSION_PROOF_INVALID'
    );
    // a tree with another root is not used: the (emptied) proofs are walked and fail
    const other = rebuiltTree(MerkleTree.from(hashes.slice(0, -1).map((h) => new Uint8Array(h))));
    const noProofs = clone(b);
    noProofs.entries.forEach((e) => (e.proof = []));
    expect(codeOf(() => runChecks(noProofs, context({ typed: false, tree: other })))).toBe(
      'INCLUSION_PROOF_INVALID'
    );
  });

  it('with a bundle typed by the audit, does fail every schema-valid change with the code verifyBundle reports', () => {
    const b = bundles.adal!;
    const typedContext = context({ typed: true });
    const parsedCode = (t: Bundle) => codeOf(() => runChecks(t, typedContext));
    const verify = (t: Bundle) => codeOf(() => verifyBundle(t, { trustedKeys: [vkey] }));
    let typed = 0;
    const wrong: string[] = [];
    for (const path of leafPaths(b)) {
      const t = Bundle.safeParse(mutate(clone(b), path));
      if (!t.success) continue;
      typed++;
      const [want, got] = [verify(t.data), parsedCode(t.data)];
      if (got !== want) wrong.push(`${path.join('.')}: got ${got}, want ${want}`);
    }
    expect(typed).toBeGreaterThan(300);
    expect(wrong).toEqual([]);
  }, 300_000);

  it("with node's Hasher, does report exactly what verifyBundle reports with noble's", () => {
    for (const b of Object.values(bundles)) {
      const noble = verifyBundle(b, { trustedKeys: [vkey], checkFairness: true });
      const node = verifyBundle(b, {
        trustedKeys: [vkey],
        checkFairness: true,
        hasher: nodeHasher(),
      });
      expect(node).toEqual(noble);
    }
  });
});
