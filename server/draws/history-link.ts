/**
 * The writer's half of complete histories (docs/PROTOCOL.md §Complete histories, protocol version
 * 2): an entry of a version 2 draw, from 'draw.announced' on, is written with `history` — the number
 * of the draw's entries already in the log and the running hash over them (shared/draw-history.ts).
 * Runs inside the action's transaction, so the entries it reads are exactly the ones before this one.
 * Entries before the announcement (and of version 1 draws) are written as they always were: until the
 * spec is sealed the draw has no version, and the announcement commits to all of them at once.
 */
import { subjectLeaves, findEntry } from '../../db/repos/log.repo.js';
import type { Db } from '../../db/connection.js';
import { fromUtf8 } from '../../shared/bytes.js';
import { historyAfter } from '../../shared/draw-history.js';
import type { Hasher } from '../../shared/hash.js';
import { announcedVersion } from '../../shared/protocol-versions.js';

/** `data` with `history` added when the draw runs by protocol version 2 or later. */
export function linkHistory<D extends { drawId: string }>(
  db: Db,
  hasher: Hasher,
  type: string,
  data: D
): D {
  const leaves = subjectLeaves(db, 'draw', data.drawId);
  // a ceremony's lots (version 3) link from their first draw.lot_sealed on
  const own = type === 'draw.announced' || type === 'draw.lot_sealed';
  const version = (own ? announcedVersion(data) : undefined) ?? loggedVersion(db, leaves);
  if (version === undefined || version < 2) return data;
  return { ...data, history: historyAfter(leaves, hasher) };
}

/** The version of the draw's logged announcement, or a ceremony's first sealed lot (undefined before). */
function loggedVersion(db: Db, leaves: readonly { index: number; type: string }[]) {
  const announced = leaves.find((l) => l.type === 'draw.announced' || l.type === 'draw.lot_sealed');
  const stored = announced && findEntry(db, announced.index);
  if (!stored) return undefined;
  return announcedVersion((JSON.parse(fromUtf8(stored.data)) as { data: unknown }).data);
}
