/**
 * The transparency log's boundary types (docs/PROTOCOL.md §Merkle log and checkpoints): the entry
 * envelope whose canonical bytes (RFC 8785, shared/canonical.ts) are a leaf's data, and the public
 * log API's queries and answers. Hashes in JSON are lowercase hex; inside checkpoint notes the root
 * is base64, as c2sp.org/tlog-checkpoint requires. Everything a verifier loads is
 * attacker-controlled, so the schemas are strict.
 */
import { z } from 'zod';
import { FORMATS } from './formats.js';
import type { Json } from '../canonical.js';

/** Envelope version; a change to the envelope's meaning gets a new number. */
const LOG_ENTRY_VERSION = 1;
/** The most entries one GET /api/public/log/entries answer carries. */
export const LOG_ENTRIES_MAX = 1000;
/** Sanity bound on one entry's canonical encoding. */
export const LOG_ENTRY_MAX_BYTES = 16 * 1024 * 1024;

/** A 32-byte hash (SHA-256 output) in lowercase hex. */
export const LogHash = z.string().regex(/^[0-9a-f]{64}$/, '32 bytes as lowercase hex');

/** JSON as canonical.ts encodes it: integers only, so no entry depends on float formatting. */
const LogJson: z.ZodType<Json> = z.lazy(() =>
  z.union([
    z.null(),
    z.boolean(),
    z.int(),
    z.string(),
    z.array(LogJson),
    z.record(z.string(), LogJson),
  ])
);

/** e.g. draw.announced, draw.witness_committed, registry.expert_created */
const LogEntryType = z
  .string()
  .max(FORMATS.EntryType.length[1])
  .regex(FORMATS.EntryType.pattern, 'dotted lowercase name, e.g. draw.announced');

export const LogSubject = z.strictObject({
  /** what the entry is about: draw, lot, expert, account, … */
  kind: z
    .string()
    .max(FORMATS.SubjectKind.length[1])
    .regex(FORMATS.SubjectKind.pattern, 'lowercase name'),
  id: z.string().min(1).max(FORMATS.SubjectId.length[1]),
});
export type LogSubject = z.infer<typeof LogSubject>;

/** One log entry; leaf data = canonicalBytes(entry), leaf hash = SHA-256(0x00 || data). */
export const LogEntry = z.strictObject({
  v: z.literal(LOG_ENTRY_VERSION),
  type: LogEntryType,
  /** when the recorded change happened (server clock, UTC) */
  at: z.iso.datetime({ offset: false }),
  /** username of the person who caused it; null for the system (timers, beacon arrival) */
  actor: z.string().min(1).max(FORMATS.Actor.length[1]).nullable(),
  subject: LogSubject,
  data: LogJson,
});
export type LogEntry = z.infer<typeof LogEntry>;

/**
 * The envelope with its data unchecked, for readers that check the data otherwise: encoding an entry
 * canonically (shared/canonical.ts) refuses everything LogJson would, far faster on large data, and
 * typed readers parse each type's data with its own schema.
 */
export const LogEntryEnvelope = LogEntry.extend({ data: z.unknown() });

const Size = z.int().min(0);

/** A signed checkpoint as the API and bundles carry it; `note` is the signed note text. */
export const SignedCheckpoint = z.strictObject({
  origin: z.string().min(1),
  size: Size,
  rootHash: LogHash,
  note: z.string().min(1).max(65536),
});
export type SignedCheckpoint = z.infer<typeof SignedCheckpoint>;

export const LogEntryRecord = z.strictObject({
  index: Size,
  leafHash: LogHash,
  entry: LogEntry,
});
export type LogEntryRecord = z.infer<typeof LogEntryRecord>;

export const LogEntriesResponse = z.strictObject({
  /** tree size when the answer was made */
  treeSize: Size,
  start: Size,
  /** exclusive */
  end: Size,
  entries: z.array(LogEntryRecord).max(LOG_ENTRIES_MAX),
});
export type LogEntriesResponse = z.infer<typeof LogEntriesResponse>;

export const InclusionProofResponse = z.strictObject({
  index: Size,
  size: Size,
  leafHash: LogHash,
  rootHash: LogHash,
  proof: z.array(LogHash).max(64),
});
export type InclusionProofResponse = z.infer<typeof InclusionProofResponse>;

export const ConsistencyProofResponse = z.strictObject({
  from: Size,
  to: Size,
  fromRoot: LogHash,
  toRoot: LogHash,
  proof: z.array(LogHash).max(128),
});
export type ConsistencyProofResponse = z.infer<typeof ConsistencyProofResponse>;

export const LogKeyResponse = z.strictObject({
  name: z.string().min(1),
  keyId: z.string().regex(/^[0-9a-f]{8}$/),
  /** base64(0x01 || 32-byte Ed25519 public key), as in the vkey */
  publicKey: z.string(),
  /** name+keyid+base64: the verifier key to pin (adal verify --key) */
  vkey: z.string(),
});
export type LogKeyResponse = z.infer<typeof LogKeyResponse>;

/** GET /api/public/log/witnesses: the witnesses the log asks to cosign (docs/API.md "Witnesses"). */
export const LogWitnessesResponse = z.strictObject({
  witnesses: z.array(
    z.strictObject({
      name: z.string(),
      vkey: z.string(),
      cosignedSize: Size.nullable(),
    })
  ),
});
export type LogWitnessesResponse = z.infer<typeof LogWitnessesResponse>;
