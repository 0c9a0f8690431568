/**
 * Puts a verification bundle together (docs/PROTOCOL.md §Bundle format): one draw's log entries with
 * their inclusion proofs against one signed checkpoint, plus the pinned drand chain info the draw
 * names. The server assembles bundles from its stored log (server/draws/bundle.ts), the audit from
 * the tree it rebuilt (auditor/audit.ts): one assembly, so both give the same bundle.
 */
import { z } from 'zod';
import { DRAND_CHAINS } from './drand-chains.js';
import { DrandChainName } from './schemas/beacon.js';
import { BUNDLE_VERSION, type Bundle, type BundleDrandChain } from './schemas/bundle.js';
import type { LogEntry, SignedCheckpoint } from './schemas/log.js';
import { announcedVersion, PREVIOUS_ATTEMPTS_SINCE } from './protocol-versions.js';

/** Just the announced chain's name; the rest of the entry is the verifier's business. */
const AnnouncedChain = z.object({
  announcement: z.object({
    spec: z.object({
      entropy: z.object({ drand: z.object({ chain: DrandChainName }).optional() }),
    }),
  }),
});

export interface BundleParts {
  drawId: string;
  origin: string;
  vkey: string;
  checkpoint: Pick<SignedCheckpoint, 'size' | 'note'>;
  /** the draw's entries in log order, each below checkpoint.size */
  entries: readonly { index: number; entry: LogEntry }[];
  /**
   * The inclusion proof of a leaf in the checkpoint's tree, lowercase hex. Absent only for the
   * audit's own bundles, which it checks against the tree it rebuilt (VerifyOptions.knownTree).
   */
  proof?: (index: number) => string[];
  /** _(v4)_ the previous attempts the draw lists, each with its entries in log order */
  previousAttempts?: readonly {
    drawId: string;
    entries: readonly { index: number; entry: LogEntry }[];
  }[];
}

/** Puts a bundle together; the drand chain info is the pinned one of the announced chain. */
export function assembleBundle(p: BundleParts): Bundle {
  // a ceremony's lots (docs/PROTOCOL.md §Ceremony bundles) name the chain in each draw.lot_sealed
  const announced = p.entries.find(
    (e) => e.entry.type === 'draw.announced' || e.entry.type === 'draw.lot_sealed'
  );
  const parsed = announced && AnnouncedChain.safeParse(announced.entry.data);
  const chain = parsed?.success ? parsed.data.announcement.spec.entropy.drand?.chain : undefined;
  return {
    version: BUNDLE_VERSION,
    drawId: p.drawId,
    log: {
      origin: p.origin,
      vkey: p.vkey,
      treeSize: p.checkpoint.size,
      checkpoint: p.checkpoint.note,
    },
    entries: p.entries.map(({ index, entry }) => ({
      index,
      entry,
      proof: p.proof ? p.proof(index) : [],
    })),
    drand: chain ? bundleDrandChain(chain) : null,
    ...(p.previousAttempts
      ? {
          previousAttempts: p.previousAttempts.map((a) => ({
            drawId: a.drawId,
            entries: a.entries.map(({ index, entry }) => ({
              index,
              entry,
              proof: p.proof ? p.proof(index) : [],
            })),
          })),
        }
      : {}),
  };
}

/**
 * The previous attempts a draw's bundle must carry (docs/PROTOCOL.md §Previous attempts): from
 * protocol version 4, those its draw.created lists; none for earlier versions, whose bundles stay as
 * they were.
 */
export function previousAttemptIds(entries: readonly { entry: LogEntry }[]): string[] {
  const created = entries.find((e) => e.entry.type === 'draw.created')?.entry.data as
    { previousDrawIds?: unknown } | undefined;
  const version = announcedVersion(
    entries.find((e) => e.entry.type === 'draw.announced')?.entry.data
  );
  if (version === undefined || version < PREVIOUS_ATTEMPTS_SINCE) return [];
  const ids = created?.previousDrawIds;
  return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
}

/** The pinned chain info in drand's `/info` shape, as a bundle carries it. */
export function bundleDrandChain(name: DrandChainName): BundleDrandChain {
  const c = DRAND_CHAINS[name];
  return {
    public_key: c.publicKey,
    period: c.period,
    genesis_time: c.genesisTime,
    hash: c.hash,
    groupHash: c.groupHash,
    schemeID: c.schemeID,
    metadata: { beaconID: c.name },
  };
}
