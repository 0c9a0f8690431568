/**
 * What the "new ceremony" screen sends (client/console/ceremony-draft.ts): the ticked lots in
 * broadcast order, the shared draft without the form's "no limit" nulls, and per lot only the
 * fields its row changes — a row left empty, or typed equal to the shared rules, sends nothing.
 */
import { describe, expect, test } from '@jest/globals';
import {
  ceremonyRequest,
  draftOf,
  lotOverride,
  rowNumber,
} from '../../client/console/ceremony-draft.js';
import type { DraftSpec } from '../../shared/schemas/draw-draft.js';
import type { DraftSpecPatch } from '../../shared/api/draw-draft.js';

const SHARED: DraftSpec = {
  method: 'adal-v1',
  size: 3,
  reserves: 3,
  quotas: [
    { category: 'proposedBy', value: 'operator', max: 1 },
    { category: 'region', value: 'KZ-71', maxPercent: 50 },
  ],
  cooldownDays: 0,
  entropy: { publicSources: [] },
};

describe('the new ceremony request', () => {
  test('does drop the nulls of the rules form (no limit) from the shared draft', () => {
    const patch = { ...SHARED, perOrganizationMax: null } as DraftSpecPatch;
    expect(draftOf(patch)).toEqual(SHARED);
  });

  test('does send no override for a row that follows the shared rules', () => {
    expect(lotOverride(SHARED, { lotId: 1, included: true })).toBeNull();
    expect(
      lotOverride(SHARED, { lotId: 1, included: true, size: 3, reserves: 3, quotaMax: [1] })
    ).toBeNull();
  });

  test('does send only the changed fields, and a quota change as the whole quota list', () => {
    expect(lotOverride(SHARED, { lotId: 1, included: true, size: 5 })).toEqual({ size: 5 });
    expect(lotOverride(SHARED, { lotId: 1, included: true, reserves: 1 })).toEqual({
      reserves: 1,
    });
    expect(lotOverride(SHARED, { lotId: 1, included: true, quotaMax: [2] })).toEqual({
      quotas: [{ category: 'proposedBy', value: 'operator', max: 2 }, SHARED.quotas![1]],
    });
  });

  test('does keep the ticked lots in broadcast order and leave out the unticked', () => {
    const req = ceremonyRequest(SHARED as DraftSpecPatch, [
      { lotId: 4, included: true },
      { lotId: 7, included: false, size: 9 },
      { lotId: 9, included: true, size: 4 },
      { lotId: 12, included: true },
    ]);
    expect(req.lotIds).toEqual([4, 9, 12]);
    expect(req.draft).toEqual(SHARED);
    expect(req.lotDrafts).toEqual([{ lotId: 9, draft: { size: 4 } }]);
  });

  test('does read a row field as empty, a whole number, or not a number', () => {
    expect(rowNumber('  ')).toBeUndefined();
    expect(rowNumber(' 4 ')).toBe(4);
    expect(rowNumber('0')).toBe(0);
    expect(rowNumber('-1')).toBeNaN();
    expect(rowNumber('2.5')).toBeNaN();
    expect(rowNumber('три')).toBeNaN();
  });
});
