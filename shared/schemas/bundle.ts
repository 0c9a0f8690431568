/**
 * The verification bundle (docs/PROTOCOL.md §Bundle format): one self-contained JSON file per
 * draw that anyone checks offline with `adal verify`, the browser verify page or their own code. It
 * holds the signed checkpoint of the transparency log (c2sp.org/tlog-checkpoint), every log entry
 * about the draw in log order with its RFC 6962 inclusion proof against that checkpoint, and the
 * drand chain info the draw names. Everything about the draw itself — announcement, frozen pool,
 * exclusions, fairness report, witness commitments and reveals, beacon round, public sources, seed
 * input, seed, every step, result and replacements — is INSIDE those entries, exactly as they were
 * logged: a bundle keeps no second copy of anything, because a redundant field is a field that can lie.
 * The few fields outside the entries (origin, tree size, key, chain info) are each checked against
 * signed or pinned data by shared/verify.ts.
 *
 * A loaded bundle is attacker-controlled: it is parsed defensively with these strict schemas (unknown
 * fields refused, sizes bounded) before any check looks at it, and nothing in it is trusted until the
 * check that covers it has passed.
 */
import { z } from 'zod';
import { DrandChainName } from './beacon.js';
import { DrawId } from './draw-events.js';
import { Hash32 } from './draw-spec.js';
import { LogEntryEnvelope, LogHash } from './log.js';

/** Bundle format version; a change to the format's meaning gets a new number. */
export const BUNDLE_VERSION = 1;
/** More entries than any draw's life can log (witness reveals and declines are bounded by the spec). */
const BUNDLE_MAX_ENTRIES = 10_000;

const Index = z.int().min(0).max(Number.MAX_SAFE_INTEGER);

/**
 * The envelope of a draw entry. Its data is NOT parsed here: the verifier's entries check parses it
 * with the strict schema of the entry's type (shared/schemas/draw-events.ts), which is stricter than
 * the generic LogJson and would only repeat its work; the inclusion check then encodes the entry
 * canonically, refusing anything RFC 8785 cannot carry.
 */
const BundleLogEntry = LogEntryEnvelope;

/** One log entry of the draw: its leaf data is canonicalBytes(entry) (RFC 8785). */
export const BundleEntry = z.strictObject({
  /** 0-based leaf index in the log */
  index: Index,
  entry: BundleLogEntry,
  /** RFC 9162 §2.1.3 inclusion proof of the leaf in the tree of log.treeSize, lowercase hex */
  proof: z.array(LogHash).max(64),
});
export type BundleEntry = z.infer<typeof BundleEntry>;

/**
 * drand chain info in drand's own `/info` JSON shape (HTTP API v1), so a re-implementer can compare it
 * with what drand publishes. The verifier never uses it to verify: it must equal the pinned chain
 * info (shared/drand.ts), and its hash must be the chain hash the announcement names.
 */
export const BundleDrandChain = z.strictObject({
  public_key: z
    .string()
    .regex(/^[0-9a-f]+$/, 'lowercase hex')
    .max(512),
  period: z.int().min(1),
  genesis_time: z.int().min(0),
  hash: Hash32,
  groupHash: Hash32,
  schemeID: z.enum(['bls-unchained-g1-rfc9380', 'pedersen-bls-chained']),
  metadata: z.strictObject({ beaconID: DrandChainName }),
});
export type BundleDrandChain = z.infer<typeof BundleDrandChain>;

export const Bundle = z.strictObject({
  version: z.literal(BUNDLE_VERSION),
  drawId: DrawId,
  log: z.strictObject({
    /** the log's origin line (c2sp.org/tlog-checkpoint) */
    origin: z.string().min(1).max(256),
    /**
     * The log's verifier key (name+keyid+base64) as the server published it. Informative: a verifier
     * trusts it only when told to (adal verify --trust-bundle-key), since whoever wrote the bundle
     * chose it; it must verify the checkpoint either way.
     */
    vkey: z.string().min(1).max(512),
    /** the size of the tree the checkpoint commits to; every proof is against this size */
    treeSize: z.int().min(1).max(Number.MAX_SAFE_INTEGER),
    /** the signed checkpoint note text */
    checkpoint: z.string().min(1).max(65536),
  }),
  /** every entry whose subject is this draw, in log order */
  entries: z.array(BundleEntry).min(1).max(BUNDLE_MAX_ENTRIES),
  /** the chain of the announced drand round; null when the draw names none (or is not announced) */
  drand: BundleDrandChain.nullable(),
  /**
   * _(v4)_ the earlier attempts of the draw's lot that its draw.created lists, in that order: every
   * entry of each, proven against the same checkpoint (docs/PROTOCOL.md §Previous attempts). Absent
   * from bundles of earlier versions' draws.
   */
  previousAttempts: z
    .array(
      z.strictObject({
        drawId: DrawId,
        entries: z.array(BundleEntry).min(1).max(BUNDLE_MAX_ENTRIES),
      })
    )
    .max(1000)
    .optional(),
});
export type Bundle = z.infer<typeof Bundle>;
