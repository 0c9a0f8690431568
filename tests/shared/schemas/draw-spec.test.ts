import { describe, expect, it } from '@jest/globals';
import { DrawSpec, quotaBounds, type Quota } from '../../../shared/schemas/draw-spec.js';
import { makeSpec } from '../../helpers/draw-fixtures.js';

const issuePaths = (v: unknown) => {
  const r = DrawSpec.safeParse(v);
  return r.success ? null : r.error.issues.map((i) => i.path.join('.'));
};

describe('DrawSpec', () => {
  it('does accept a complete spec', () => {
    expect(issuePaths(makeSpec())).toBeNull();
  });
  it('does refuse an even or oversized commission, naming the field', () => {
    expect(issuePaths(makeSpec({ size: 4 }))).toEqual(['size']);
    expect(issuePaths(makeSpec({ size: 17 }))).toEqual(['size']);
  });
  it('does refuse two quotas for one value and a min above the max', () => {
    const q: Quota = { category: 'gender', value: 'female', min: 1 };
    expect(issuePaths(makeSpec({ quotas: [q, q] }))).toEqual(['quotas']);
    expect(
      issuePaths(makeSpec({ quotas: [{ category: 'gender', value: 'female', min: 3, max: 2 }] }))
    ).toEqual(['quotas.0']);
  });
  it('does refuse a quota without bounds or with both forms of one bound', () => {
    expect(issuePaths(makeSpec({ quotas: [{ category: 'region', value: 'KZ-10' }] }))).toEqual([
      'quotas.0',
    ]);
    expect(
      issuePaths(
        makeSpec({ quotas: [{ category: 'region', value: 'KZ-10', max: 1, maxPercent: 30 }] })
      )
    ).toEqual(['quotas.0.maxPercent']);
  });
  it('does refuse a quota value that is not a value of its category', () => {
    expect(
      issuePaths(makeSpec({ quotas: [{ category: 'gender', value: 'other', min: 1 } as never] }))
    ).toEqual(['quotas.0.value']);
  });
  it('does refuse a drand chain hash that is not the pinned one', () => {
    const spec = makeSpec();
    const drand = { ...spec.entropy.drand!, chainHash: '00'.repeat(32) };
    expect(issuePaths({ ...spec, entropy: { ...spec.entropy, drand } })).toEqual([
      'entropy.drand.chainHash',
    ]);
  });
  it('does refuse an adal-v1 draw with no beacon and no public source', () => {
    expect(issuePaths(makeSpec({ entropy: { publicSources: [] } }))).toEqual(['entropy']);
  });
  it('does keep rfc3797 to public sources only', () => {
    const src = [{ id: 'lotto', description: 'Lottery' }];
    expect(issuePaths(makeSpec({ method: 'rfc3797', entropy: { publicSources: src } }))).toBeNull();
    expect(issuePaths(makeSpec({ method: 'rfc3797' }))).toEqual([
      'entropy.publicSources',
      'method',
    ]);
  });
});

describe('quotaBounds', () => {
  it('does convert percentages with integer math: max floors, min ceils', () => {
    const q = (x: Partial<Quota>) => ({ category: 'proposedBy', value: 'operator', ...x }) as Quota;
    expect(quotaBounds(q({ maxPercent: 30 }), 5)).toEqual({ lo: 0, hi: 1 });
    expect(quotaBounds(q({ minPercent: 70 }), 5)).toEqual({ lo: 4, hi: 5 });
    expect(quotaBounds(q({ maxPercent: 30 }), 15)).toEqual({ lo: 0, hi: 4 });
    expect(quotaBounds(q({ minPercent: 70 }), 15)).toEqual({ lo: 11, hi: 15 });
    expect(quotaBounds(q({ min: 2, max: 9 }), 5)).toEqual({ lo: 2, hi: 5 });
  });
});
