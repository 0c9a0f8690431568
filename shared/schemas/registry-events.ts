/**
 * The contract of registry log entries (docs/PROTOCOL.md §Registry entries): every change of the
 * Registry of Experts, the directions, competitions, lots, conflict kinds and declarations is one
 * transparency-log entry `registry.<entity>_<verb>` whose subject is `{kind: <entity>, id: <key>}`
 * and whose data is `{before, after, via?}` — the public record before the change (null when it
 * creates one) and after it. Public records hold no personal data: an expert's IIN, phone, e-mail and
 * status reason and a declaration's note are never logged (server/registry/registry-write.ts drops
 * them). A replay of these entries in log order (shared/registry-replay.ts) gives the registry as the
 * log says it is.
 */
import { z } from 'zod';
import { ConflictKind, declarationShape, periodOk, PERIOD_RULE } from './conflicts.js';
import { Competition, Lot } from './lots.js';
import { Direction, PublicExpert, type HistoryEntity } from './registry.js';

/** A declaration as the log records it: everything but the operator's free-text note. */
export const PublicDeclaration = z
  .strictObject(declarationShape)
  .omit({ note: true })
  .refine(periodOk, PERIOD_RULE);
export type PublicDeclaration = z.infer<typeof PublicDeclaration>;

/** Each entity's public record and the member that is its key (the entry's subject id). */
export const REGISTRY_RECORDS = {
  expert: { schema: PublicExpert, key: 'registryNo' },
  direction: { schema: Direction, key: 'code' },
  competition: { schema: Competition, key: 'id' },
  lot: { schema: Lot, key: 'id' },
  conflict_kind: { schema: ConflictKind, key: 'code' },
  declaration: { schema: PublicDeclaration, key: 'id' },
} as const satisfies Record<HistoryEntity, { schema: z.ZodType; key: string }>;

export type RegistryEntity = HistoryEntity;

/** The verbs of each entity's entry types: registry.expert_suspended, registry.lot_created, … */
export const REGISTRY_VERBS: Readonly<Record<RegistryEntity, readonly string[]>> = {
  expert: ['created', 'updated', 'suspended', 'excluded', 'reinstated'],
  direction: ['created', 'updated'],
  competition: ['created', 'updated'],
  lot: ['created', 'updated'],
  conflict_kind: ['created', 'updated'],
  declaration: ['created', 'updated'],
};

/** The status an expert's record has after each status verb (the other verbs leave it be). */
export const STATUS_AFTER: Readonly<Record<string, string>> = {
  suspended: 'suspended',
  excluded: 'excluded',
  reinstated: 'active',
};

/** `registry.<entity>_<verb>` split, or null for any other type. */
export function parseRegistryType(type: string): { entity: RegistryEntity; verb: string } | null {
  const m = /^registry\.([a-z_]+)_([a-z]+)$/.exec(type);
  if (!m) return null;
  const entity = m[1] as RegistryEntity;
  if (!Object.hasOwn(REGISTRY_VERBS, entity) || !REGISTRY_VERBS[entity].includes(m[2]!))
    return null;
  return { entity, verb: m[2]! };
}
