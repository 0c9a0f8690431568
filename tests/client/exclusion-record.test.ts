/**
 * The live page reads the registry role and the cooldown dates back from an exclusion's English
 * record (client/live/exclusion-record.ts) to show them in kk and ru: checked against the records
 * shared/eligibility.ts really writes, so a change of wording there fails here. A board member role
 * that names no conflict kind comes back as written ("член правления"), not as "other".
 */
import { describe, expect, it } from '@jest/globals';
import { computeEligibility } from '../../shared/eligibility.js';
import { GENESIS_CONFLICT_KINDS } from '../../shared/registry-replay.js';
import type { Expert } from '../../shared/schemas/registry.js';
import { cooldownFacts, registryRole } from '../../client/live/exclusion-record.js';

const BIN = '940140000385';

function expert(registryNo: string, over: Partial<Expert>): Expert {
  return {
    registryNo,
    fullNameRu: `Эксперт ${registryNo}`,
    directions: ['youth'],
    region: 'KZ-71',
    organizations: [],
    languages: ['kk', 'ru'],
    proposedBy: 'ngo',
    status: 'active',
    includedOn: '2020-01-01',
    ...over,
  };
}

describe('exclusion records read back for display', () => {
  it('does give the registry role as written and the cooldown facts', () => {
    const { exclusions } = computeEligibility({
      experts: [
        expert('R-0001', {
          organizations: [{ name: 'ОФ «Жастар»', bin: BIN, role: 'член правления' }],
        }),
        expert('R-0002', { lastCommissionOn: '2026-03-01' }),
      ],
      applicantBins: [BIN],
      declarations: [],
      conflictKinds: GENESIS_CONFLICT_KINDS,
      asOf: '2026-07-22',
      cooldownDays: 365,
    });
    const [board, cooldown] = exclusions;
    expect(board).toMatchObject({ registryNo: 'R-0001', source: 'registry', kind: 'other' });
    expect(registryRole(board!.detail)).toBe('член правления');
    expect(cooldown).toMatchObject({ registryNo: 'R-0002', rule: 'COOLDOWN' });
    expect(cooldownFacts(cooldown!.detail)).toEqual({
      date: '2026-03-01',
      days: 143,
      cooldown: 365,
    });
    expect(registryRole(cooldown!.detail)).toBeUndefined();
    expect(cooldownFacts(board!.detail)).toBeUndefined();
  });
});
