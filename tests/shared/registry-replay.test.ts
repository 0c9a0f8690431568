/**
 * The registry replay (shared/registry-replay.ts, docs/PROTOCOL.md §Registry under audit): the genesis
 * state is what a new database holds before its first entry, entries apply in log order, and every
 * entry that contradicts the replay so far is refused with the reason an auditor reads.
 */
import { describe, expect, it } from '@jest/globals';
import { openDb } from '../../db/connection.js';
import { listConflictKinds } from '../../db/repos/conflicts.repo.js';
import {
  applyRegistryEntry,
  GENESIS_CONFLICT_KINDS,
  genesisRegistry,
  type ReplayedEntry,
} from '../../shared/registry-replay.js';

const expert = {
  registryNo: 'R-0001',
  fullNameRu: 'Иванова Анна',
  directions: ['youth'],
  region: 'KZ-71',
  organizations: [],
  languages: ['kk', 'ru'],
  proposedBy: 'ngo',
  status: 'active',
  includedOn: '2023-01-10',
};

const entry = (
  type: string,
  before: object | null,
  after: object,
  id = 'R-0001'
): ReplayedEntry => ({
  type,
  subject: { kind: type.slice('registry.'.length).replace(/_[a-z]+$/, ''), id },
  data: { before, after },
});

describe('registry replay', () => {
  it('starts from the conflict kinds every new database holds (migration 0004), in their order', () => {
    const db = openDb(':memory:');
    try {
      expect(listConflictKinds(db)).toEqual(GENESIS_CONFLICT_KINDS);
    } finally {
      db.close();
    }
    expect([...genesisRegistry().conflict_kind.values()].map((k) => k.index)).toEqual(
      GENESIS_CONFLICT_KINDS.map(() => -1)
    );
  });

  it('applies created, updated and status entries in log order', () => {
    const s = genesisRegistry();
    const suspended = { ...expert, status: 'suspended', statusDate: '2023-02-01' };
    expect(
      applyRegistryEntry(s, 4, entry('registry.expert_created', null, expert))
    ).toBeUndefined();
    expect(
      applyRegistryEntry(s, 9, entry('registry.expert_suspended', expert, suspended))
    ).toBeUndefined();
    expect(s.expert.get('R-0001')).toEqual({ record: suspended, index: 9 });
    expect(
      applyRegistryEntry(s, 10, {
        type: 'registry.conflict_kind_updated',
        subject: { kind: 'conflict_kind', id: 'member' },
        data: {
          before: GENESIS_CONFLICT_KINDS[0],
          after: { ...GENESIS_CONFLICT_KINDS[0], lookbackMonths: 6 },
        },
      })
    ).toBeUndefined();
    // an update keeps the kind's place in the order the eligibility rules read
    expect([...s.conflict_kind.keys()][0]).toBe('member');
  });

  it.each([
    [
      'a record before that is not the replayed one',
      [
        entry('registry.expert_created', null, expert),
        entry('registry.expert_updated', { ...expert, region: 'KZ-75' }, expert),
      ],
      'entry 1: the record before is not expert R-0001 as logged so far',
    ],
    [
      'a key created twice',
      [
        entry('registry.expert_created', null, expert),
        entry('registry.expert_created', null, expert),
      ],
      'entry 1: expert R-0001 exists already (entry 0)',
    ],
    [
      'a change of a key never created',
      [entry('registry.expert_updated', expert, expert)],
      'entry 0: expert R-0001 was never created',
    ],
    [
      'a subject that is not the record’s key',
      [entry('registry.expert_created', null, expert, 'R-0002')],
      'entry 0: its subject is expert R-0002, its record is R-0001',
    ],
    [
      'a status verb whose record has another status',
      [
        entry('registry.expert_created', null, expert),
        entry('registry.expert_excluded', expert, { ...expert, status: 'suspended' }),
      ],
      'entry 1: registry.expert_excluded leaves the status suspended',
    ],
    [
      'a record with a personal field',
      [entry('registry.expert_created', null, { ...expert, iin: '880101300123' })],
      'entry 0: registry.expert_created data: after: Unrecognized key: "iin"',
    ],
    [
      'an unknown verb',
      [entry('registry.expert_deleted', expert, expert)],
      'entry 0: registry.expert_deleted is not a registry entry type',
    ],
  ])('refuses %s', (_what, entries, why) => {
    const s = genesisRegistry();
    let problem: string | undefined;
    entries.forEach((e, i) => (problem ??= applyRegistryEntry(s, i, e)));
    expect(problem).toBe(why);
  });
});
