import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { listHistory } from '../../../db/repos/history.repo.js';
import {
  changeExpertStatus,
  createExpert,
  expertHistory,
  getExpert,
  listExpertsPage,
  updateExpert,
} from '../../../server/registry/experts.js';
import { ConflictError, InputError, NotFoundError } from '../../../shared/errors.js';
import { ExpertListQuery } from '../../../shared/api/registry.js';
import {
  addTestDirections,
  newExpert,
  openRegistryTestDb,
  type RegistryTestDb,
} from './registry-test-db.js';

let t: RegistryTestDb;
beforeEach(() => {
  t = openRegistryTestDb();
  addTestDirections(t);
});
afterEach(() => t.close());

describe('experts service', () => {
  it('does create, update and suspend an expert, keeping each change in history', () => {
    const created = createExpert(
      t,
      'op.alice',
      newExpert(1, { iin: '791028302728', phone: '+7 701 111 22 33' })
    );
    expect(created.status).toBe('active');
    expect(created.includedOn).toBe('2026-03-01');

    t.setNow('2026-03-02T10:00:00Z');
    const updated = updateExpert(t, 'op.bob', 'R-0001', {
      directions: ['youth', 'ecology'],
      phone: null,
    });
    expect(updated.directions).toEqual(['youth', 'ecology']);
    expect(updated).not.toHaveProperty('phone');

    t.setNow('2026-03-03T10:00:00Z');
    const suspended = changeExpertStatus(t, 'op.alice', 'R-0001', 'suspend', {
      reason: 'по заявлению',
    });
    expect(suspended).toMatchObject({
      status: 'suspended',
      statusReason: 'по заявлению',
      statusDate: '2026-03-03',
    });
    expect(getExpert(t.db, 'R-0001')).toEqual(suspended);

    const h = expertHistory(t.db, 'R-0001', { page: 1, pageSize: 10 });
    expect(h.total).toBe(3);
    expect(h.items.map((e) => [e.action, e.actor, e.at])).toEqual([
      ['suspend', 'op.alice', '2026-03-03T10:00:00.000Z'],
      ['update', 'op.bob', '2026-03-02T10:00:00.000Z'],
      ['create', 'op.alice', '2026-03-01T09:00:00.000Z'],
    ]);
    expect(h.items[1]!.before).toMatchObject({ directions: ['youth'], phone: '+7 701 111 22 33' });
    expect(h.items[1]!.after).toMatchObject({ directions: ['youth', 'ecology'] });
    expect(h.items[1]!.after).not.toHaveProperty('phone');
    expect(h.items[2]!.before).toBeNull();

    // the same three changes are public log entries, without personal data or the status reason
    const log = t.tlog.entriesAbout('expert', 'R-0001').map((r) => r.entry);
    expect(log.map((e) => [e.type, e.actor])).toEqual([
      ['registry.expert_created', 'op.alice'],
      ['registry.expert_updated', 'op.bob'],
      ['registry.expert_suspended', 'op.alice'],
    ]);
    expect(log[2]!.data).toMatchObject({
      after: { status: 'suspended', statusDate: '2026-03-03' },
    });
    expect(JSON.stringify(log)).not.toMatch(/791028302728|701 111|по заявлению/);
  });

  it('when the registry number is taken, does refuse and write nothing', () => {
    createExpert(t, 'op', newExpert(1));
    expect(() => createExpert(t, 'op', newExpert(1, { fullNameRu: 'Другой' }))).toThrowWithCode(
      ConflictError,
      'REGISTRY_NO_TAKEN'
    );
    expect(getExpert(t.db, 'R-0001').fullNameRu).toBe('Сарсенов Ерлан 1');
    expect(listHistory(t.db, { entity: 'expert' }, { limit: 10, offset: 0 }).total).toBe(1);
  });

  it('when a direction is unknown, does refuse with DIRECTION_UNKNOWN and roll back', () => {
    expect(() => createExpert(t, 'op', newExpert(1, { directions: ['space'] }))).toThrowWithCode(
      InputError,
      'DIRECTION_UNKNOWN'
    );
    expect(() => getExpert(t.db, 'R-0001')).toThrowWithCode(NotFoundError, 'EXPERT_NOT_FOUND');
    expect(listHistory(t.db, { entity: 'expert' }, { limit: 10, offset: 0 }).total).toBe(0);
    expect(t.tlog.entriesAbout('expert', 'R-0001')).toEqual([]);
  });

  it('when a patch removes both names, does refuse naming the field', () => {
    createExpert(t, 'op', newExpert(1));
    try {
      updateExpert(t, 'op', 'R-0001', { fullNameKk: null, fullNameRu: null });
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).details).toEqual({
        issues: [{ path: 'body.fullNameRu', message: expect.any(String) }],
      });
    }
    expect(getExpert(t.db, 'R-0001').fullNameKk).toBe('Сәрсенов Ерлан 1');
  });

  it('does follow the status transitions and refuse the others', () => {
    createExpert(t, 'op', newExpert(1));
    expect(() =>
      changeExpertStatus(t, 'op', 'R-0001', 'reinstate', { reason: 'x' })
    ).toThrowWithCode(ConflictError, 'STATUS_TRANSITION_INVALID');
    changeExpertStatus(t, 'op', 'R-0001', 'suspend', { reason: 'a', date: '2026-01-10' });
    changeExpertStatus(t, 'op', 'R-0001', 'exclude', { reason: 'b' });
    expect(() => changeExpertStatus(t, 'op', 'R-0001', 'suspend', { reason: 'c' })).toThrowWithCode(
      ConflictError,
      'STATUS_TRANSITION_INVALID'
    );
    const back = changeExpertStatus(t, 'op', 'R-0001', 'reinstate', { reason: 'court decision' });
    expect(back).toMatchObject({ status: 'active', statusReason: 'court decision' });
  });

  it('does search by name or number in any case and filter by direction, region and status', () => {
    createExpert(
      t,
      'op',
      newExpert(1, {
        fullNameRu: 'Жумабаева Айгуль',
        fullNameKk: 'Жұмабаева Айгүл',
        region: 'KZ-10',
      })
    );
    createExpert(t, 'op', newExpert(2, { directions: ['ecology'] }));
    createExpert(t, 'op', newExpert(3, { directions: ['ecology', 'youth'], region: 'KZ-10' }));
    changeExpertStatus(t, 'op', 'R-0003', 'suspend', { reason: 'x' });
    const q = (o: object) =>
      listExpertsPage(t.db, ExpertListQuery.parse(o)).items.map((e) => e.registryNo);
    expect(q({ q: 'АЙГҮЛ' })).toEqual(['R-0001']);
    expect(q({ q: 'жумабаева' })).toEqual(['R-0001']);
    expect(q({ q: 'r-000' })).toEqual(['R-0001', 'R-0002', 'R-0003']);
    expect(q({ direction: 'ecology' })).toEqual(['R-0002', 'R-0003']);
    expect(q({ region: 'KZ-10', status: 'active' })).toEqual(['R-0001']);
    const page = listExpertsPage(t.db, ExpertListQuery.parse({ page: '2', pageSize: '2' }));
    expect([page.total, page.items.map((e) => e.registryNo)]).toEqual([3, ['R-0003']]);
  });
});
