/**
 * Protocol versions (docs/PROTOCOL.md §Versions): the spec schema knows versions 1, 2 and 4 and
 * refuses any other by naming it — 3 included, a ceremony lot's version, never a single draw's; a spec may use a rule only from the version that introduced it on; a writer
 * declares its own version (2) for every new draft, the lowest version the draft needs being only a floor; and the verifier refuses a draw of a version it does
 * not know with SPEC_VERSION_UNKNOWN at the entries check — shown on a real v1 bundle of
 * tests/fixtures/v1 (read, never written) whose spec is changed in memory.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { VerificationError } from '../../shared/errors.js';
import {
  PROTOCOL_VERSIONS,
  SPEC_FEATURES,
  WRITER_VERSION,
  announcedVersion,
  requiredVersion,
  writerVersion,
} from '../../shared/protocol-versions.js';
import { DraftSpecPatch } from '../../shared/api/draw-draft.js';
import { DraftSpec } from '../../shared/schemas/draw-draft.js';
import { DrawSpec } from '../../shared/schemas/draw-spec.js';
import { verifyBundle } from '../../shared/verify.js';
import { makeSpec } from '../helpers/draw-fixtures.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/v1/${name}`, import.meta.url), 'utf8');
const vkey = fixture('v1.vkey').trim();

/** The bundle's draw.announced spec, to change in memory. */
function announcedSpec(bundle: { entries: { entry: { type: string; data: unknown } }[] }) {
  const e = bundle.entries.find((x) => x.entry.type === 'draw.announced')!;
  return (e.entry.data as { announcement: { spec: Record<string, unknown> } }).announcement.spec;
}

function verdict(bundle: unknown): { code: string; check: string } | 'VERIFIED' {
  const checks: string[] = [];
  try {
    verifyBundle(bundle, { trustedKeys: [vkey] }, (c) => checks.push(c.id));
    return 'VERIFIED';
  } catch (e) {
    if (!(e instanceof VerificationError)) throw e;
    return { code: e.code, check: checks.at(-1)! };
  }
}

describe('the spec version', () => {
  it('does accept versions 1, 2 and 4 and refuse any other, 3 (a ceremony lot’s) included, naming it', () => {
    expect(PROTOCOL_VERSIONS).toEqual([1, 2, 4]);
    for (const version of PROTOCOL_VERSIONS)
      expect(DrawSpec.safeParse(makeSpec({ version })).success).toBe(true);
    for (const version of [0, 3, 5, 1.5, '1', null]) {
      const r = DrawSpec.safeParse({ ...makeSpec(), version });
      expect(r.success).toBe(false);
      expect(r.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
        ['version', `unknown protocol version ${JSON.stringify(version)} (known: 1, 2, 4)`],
      ]);
    }
  });

  it('does give every versioned feature a known version and a spec field', () => {
    for (const f of SPEC_FEATURES) {
      expect(PROTOCOL_VERSIONS).toContain(f.since);
      expect(Object.keys(DrawSpec.shape)).toContain(f.field);
    }
  });

  it('does declare version 1 for a draft that uses no newer rule', () => {
    const {
      version: _v,
      lotId: _l,
      witnesses: _w,
      ...draft
    } = makeSpec({
      perOrganizationMax: 2,
      quotas: [{ category: 'gender', value: 'female', min: 1 }],
    });
    expect(requiredVersion(draft)).toBe(1);
    expect(requiredVersion({})).toBe(1);
  });

  it('does read the declared version of a draw.announced entry, if it is a number', () => {
    expect(announcedVersion({ announcement: { spec: { version: 7 } } })).toBe(7);
    for (const data of [
      null,
      'x',
      {},
      { announcement: {} },
      { announcement: { spec: { version: '2' } } },
    ])
      expect(announcedVersion(data)).toBeUndefined();
  });
});

describe('perRegionMax, a version 2 rule', () => {
  const issues = (v: unknown) =>
    DrawSpec.safeParse(v).error?.issues.map((i) => [i.path.join('.'), i.message]) ?? [];

  it('does belong to version 2: a version 1 spec with it is refused, naming the field', () => {
    expect(issues(makeSpec({ version: 2, perRegionMax: 2 }))).toEqual([]);
    expect(issues(makeSpec({ version: 1, perRegionMax: 2 }))).toEqual([
      ['perRegionMax', 'perRegionMax needs protocol version 2; this spec declares 1'],
    ]);
    for (const bad of [0, 16, 1.5, '2'])
      expect(issues(makeSpec({ version: 2, perRegionMax: bad as number })).map(([p]) => p)).toEqual(
        ['perRegionMax']
      );
  });

  it('does make a draft that sets it version 2, and one that does not version 1', () => {
    expect(requiredVersion({ size: 3, perRegionMax: 1 })).toBe(2);
    expect(requiredVersion({ size: 3, perRegionMax: undefined, perOrganizationMax: 1 })).toBe(1);
  });

  it('does declare the writer version 2 for every new draft, with or without a v2 rule', () => {
    expect(WRITER_VERSION).toBe(2);
    expect(writerVersion({})).toBe(2);
    expect(writerVersion({ size: 3, perOrganizationMax: 1 })).toBe(2);
    expect(writerVersion({ size: 3, perRegionMax: 1 })).toBe(2);
  });

  it('does take it in a draft and in a draft change, where null removes it', () => {
    expect(DraftSpec.parse({ perRegionMax: 2 })).toEqual({ perRegionMax: 2 });
    expect(DraftSpecPatch.parse({ perRegionMax: null })).toEqual({ perRegionMax: null });
    expect(DraftSpecPatch.safeParse({ perRegionMax: 0 }).error?.issues[0]?.path).toEqual([
      'perRegionMax',
    ]);
  });
});

describe('a verifier and the version of a draw', () => {
  const bundleText = fixture('adal-declines-closed.bundle.json');

  it('does verify the v1 bundle as it is', () => {
    expect(verdict(JSON.parse(bundleText))).toBe('VERIFIED');
  });

  it('when the spec claims a version it does not know, does refuse it with SPEC_VERSION_UNKNOWN at the entries check', () => {
    for (const version of [3, 5, 99, 0]) {
      const b = JSON.parse(bundleText);
      announcedSpec(b).version = version;
      expect(verdict(b)).toEqual({ code: 'SPEC_VERSION_UNKNOWN', check: 'entries' });
    }
  });

  it('when a version 1 spec is given a version 2 rule, does refuse the entry as invalid', () => {
    const b = JSON.parse(bundleText);
    announcedSpec(b).perRegionMax = 2;
    expect(verdict(b)).toEqual({ code: 'BUNDLE_ENTRIES_INVALID', check: 'entries' });
  });

  it('when the spec claims version 2, does read it by the v2 rules and find the announcement changed', () => {
    const b = JSON.parse(bundleText);
    announcedSpec(b).version = 2;
    expect(verdict(b)).toEqual({ code: 'ANNOUNCEMENT_HASH_MISMATCH', check: 'announcement' });
  });
});
