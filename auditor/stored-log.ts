/**
 * Full check of a stored transparency log (docs/PROTOCOL.md §Auditing a stored log), the log part
 * of `adal audit` and of the crash test, in three independent parts — loadTree (the tree from the
 * stored leaf hashes), checkEntries (any selection of rows) and checkCheckpoints (any size range) —
 * so the audit can split them into shards; each problem carries its place in one pass through the
 * log (Found), so the first problem is the same however the work was split:
 *   - entries are dense from 0; each entry's leaf hash is SHA-256(0x00 || data), its data is canonical
 *     JSON of a valid envelope, and its type / subject / time columns say what its data says;
 *   - every checkpoint is a note signed by the log's key (exactly that key), for its origin, whose
 *     size and root equal its row and the MTH of the first `size` rebuilt leaves, and which carries
 *     the chain line of the checkpoint stored before it — so the latest checkpoint's signature, the
 *     one signature verified by default, vouches for the bytes of all of them — and at most one more
 *     line, a time line, checked by auditor/checkpoint-time.ts;
 *   - the latest checkpoint covers every entry.
 * All checkpoints being roots of prefixes of ONE leaf sequence is what makes each consistent with every
 * earlier one (RFC 9162 §2.1.4), so no separate proofs are needed. The database is hostile here: the
 * first problem is reported with its code and entry index or tree size; nothing throws for bad data.
 * Every hash is taken with the Hasher passed in (verifyStoredLog: node:crypto's, auditor/node-crypto.ts).
 */
import { equalBytes, fromBase64, utf8 } from '../shared/bytes.js';
import { isCanonicalText } from '../shared/canonical.js';
import {
  chainExtension,
  formatCheckpoint,
  parseCheckpoint,
  parseTimeLine,
  timeAnchorOf,
  type TimeAnchor,
} from '../shared/checkpoint.js';
import type { BeaconVerifyOptions } from '../shared/drand.js';
import type { Hasher } from '../shared/hash.js';
import { MerkleTree } from '../shared/merkle-tree.js';
import { HASH_SIZE, leafHash } from '../shared/merkle.js';
import { isEd25519SignatureBase64, parseNote, parseVerifierKey } from '../shared/note.js';
import { LogEntryEnvelope, type LogEntry } from '../shared/schemas/log.js';
import type { Db } from '../db/connection.js';
import {
  checkpointBefore,
  iterateCheckpoints,
  iterateIndexedDataOfType,
  iterateEntries,
  iterateIndexedLeafHashes,
  latestCheckpoint,
  type StoredCheckpoint,
  type StoredEntry,
} from '../db/repos/log.repo.js';
import { nodeEd25519Verifier, nodeHasher } from './node-crypto.js';
import { loggedRound, TimeLineCheck, type LoggedRound } from './checkpoint-time.js';

export type LogProblemCode =
  | 'LOG_ENTRY_GAP'
  | 'LOG_ENTRY_HASH'
  | 'LOG_ENTRY_INVALID'
  | 'LOG_ENTRY_COLUMNS'
  | 'LOG_CHECKPOINT_MALFORMED'
  | 'LOG_CHECKPOINT_SIGNATURE'
  | 'LOG_CHECKPOINT_CHAIN'
  | 'LOG_CHECKPOINT_ORIGIN'
  | 'LOG_CHECKPOINT_ROOT'
  | 'LOG_CHECKPOINT_BEYOND'
  | 'LOG_CHECKPOINT_MISSING'
  | 'LOG_CHECKPOINT_TIME';

export interface LogProblem {
  code: LogProblemCode;
  message: string;
  /** the entry at fault, when it is an entry */
  index?: number;
  /** the checkpoint's tree size, when it is a checkpoint */
  size?: number;
}

export interface LogVerification {
  ok: boolean;
  entries: number;
  checkpoints: number;
  /** the first problem found, in log order */
  problem?: LogProblem;
  /** the rebuilt tree (for proofs the caller still wants to check) */
  tree: MerkleTree;
}

/**
 * A problem and its place in the one sequential pass the checks stand for — entry i at 2i, the
 * checkpoint of size s at 2s − 1 (it is checked once the tree holds s leaves, right after entry
 * s − 1) — so checks run in any order, or in parallel shards, still report the first problem.
 */
export interface Found {
  problem: LogProblem;
  at: number;
}

export const firstFound = (...found: (Found | undefined)[]): Found | undefined =>
  found.reduce<Found | undefined>((a, b) => (b && (!a || b.at < a.at) ? b : a), undefined);

export const entryAt = (problem: LogProblem): Found => ({ problem, at: 2 * problem.index! });

/**
 * The tree rebuilt from the stored leaf hashes (each entry's own hash is checked against its data by
 * checkEntries). The indices must be dense from 0: at a gap the tree stops and LOG_ENTRY_GAP names
 * the first row after it.
 */
export function loadTree(db: Db, hasher: Hasher): { tree: MerkleTree; gap?: Found } {
  const tree = new MerkleTree(hasher);
  for (const [idx, h] of iterateIndexedLeafHashes(db)) {
    // A gap is met where entry tree.size was expected: before the checkpoint of size tree.size + 1.
    if (idx !== tree.size)
      return {
        tree,
        gap: {
          problem: { code: 'LOG_ENTRY_GAP', message: `entry ${tree.size} is missing`, index: idx },
          at: 2 * tree.size,
        },
      };
    if (h.length !== HASH_SIZE)
      return {
        tree,
        gap: entryAt({
          code: 'LOG_ENTRY_HASH',
          message: `entry ${idx}: leaf hash is not ${HASH_SIZE} bytes`,
          index: idx,
        }),
      };
    tree.append(h);
  }
  return { tree };
}

/**
 * Checks each entry on its own — the leaf hash of its data, valid canonical JSON of a valid
 * envelope (with `envelopes`), columns that say what the data says — and hands each good entry to
 * onEntry (each bad one to onBad) in the order given. It goes on after a problem and returns the
 * first one by place.
 */
export function checkEntries(
  entries: Iterable<StoredEntry>,
  opts: {
    envelopes: boolean;
    hasher: Hasher;
    onEntry?: (e: StoredEntry, entry: LogEntry) => void;
    onBad?: (e: StoredEntry) => void;
  }
): Found | undefined {
  let first: Found | undefined;
  for (const e of entries) {
    const checked = checkEntry(e, opts.envelopes, opts.hasher);
    if ('problem' in checked) {
      first = firstFound(first, entryAt(checked.problem));
      opts.onBad?.(e);
    } else opts.onEntry?.(e, checked.entry);
  }
  return first;
}

/** Fatal on invalid UTF-8, and a BOM stays in the text (where JSON.parse refuses it). */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The entry parsed from its data, or the problem with it (checkEntries' check of one entry). */
export function checkEntry(
  e: StoredEntry,
  envelopes: boolean,
  hasher: Hasher
): { problem: LogProblem } | { entry: LogEntry } {
  const at = (code: LogProblemCode, message: string) => ({
    problem: { code, message, index: e.index },
  });
  if (!equalBytes(leafHash(e.data, hasher), e.leafHash))
    return at('LOG_ENTRY_HASH', `entry ${e.index}: leaf hash does not match its data`);
  let text: string;
  let json: unknown;
  try {
    text = strictUtf8.decode(e.data);
    json = JSON.parse(text);
  } catch {
    return at('LOG_ENTRY_INVALID', `entry ${e.index}: data is not JSON`);
  }
  if (envelopes && !LogEntryEnvelope.safeParse(json).success)
    return at('LOG_ENTRY_INVALID', `entry ${e.index}: not a valid log entry`);
  // The stored text must be its value's canonical text, which only JSON canonical.ts can encode
  // (integers only) has: LogJson's rule, checked on the text itself without re-encoding the value.
  if (envelopes && !isCanonicalText(text))
    return at('LOG_ENTRY_INVALID', `entry ${e.index}: data is not canonical JSON`);
  // Unchecked shape without `envelopes`: the optional chains below then just report a mismatch.
  const parsed = json as LogEntry | null;
  if (
    parsed?.type !== e.type ||
    parsed.subject?.kind !== e.subjectKind ||
    parsed.subject.id !== e.subjectId ||
    parsed.at !== e.at
  )
    return at('LOG_ENTRY_COLUMNS', `entry ${e.index}: columns differ from its data`);
  return { entry: parsed };
}

function makeCheckpointCheck(vkey: string, signatures: 'all' | 'latest', hasher: Hasher) {
  const key = parseVerifierKey(vkey);
  const verify = nodeEd25519Verifier(key.publicKey);
  const sigPrefix = `\n— ${key.name} `;
  /**
   * `previous`: the note stored before this one (undefined for the first checkpoint). The result's
   * `timeLine` is the checkpoint's extension line after the chain line, if any (a time line).
   */
  return (
    c: StoredCheckpoint,
    tree: MerkleTree,
    previous: StoredCheckpoint | undefined,
    latest: boolean
  ): { problem: LogProblem } | { timeLine: string | undefined } => {
    const root = tree.root(c.size);
    // Fast path: the note is exactly the one the log signs at this size — this origin, size and
    // rebuilt root, the chain line of the note before it, maybe a time line — plus one signature
    // line by the key. Everything the checks below would accept; anything else goes through them.
    let text = formatCheckpoint({
      origin: key.name,
      size: c.size,
      rootHash: root,
      extensions: previous ? [chainExtension(previous.note, hasher)] : [],
    });
    let timeLine: string | undefined;
    if (c.note.startsWith(text) && c.note.startsWith('drand ', text.length)) {
      const end = c.note.indexOf('\n', text.length);
      timeLine = c.note.slice(text.length, end);
      if (parseTimeLine(timeLine) !== null) text += `${timeLine}\n`;
      else timeLine = undefined;
    }
    if (c.note.startsWith(text) && equalBytes(c.rootHash, root)) {
      const line = c.note.slice(text.length);
      const sig = line.slice(sigPrefix.length, -1);
      if (
        line.startsWith(sigPrefix) &&
        line.indexOf('\n', 1) === line.length - 1 &&
        isEd25519SignatureBase64(sig) &&
        // its first 6 bytes (8 characters) hold the key id; only a verified one is decoded whole
        equalBytes(fromBase64(sig.slice(0, 8)).subarray(0, 4), key.keyId) &&
        (!(latest || signatures === 'all') || verify(utf8(text), fromBase64(sig).subarray(4)))
      )
        return { timeLine };
    }
    return checkInDetail(c, root, previous, latest);
  };

  /** Every check in turn, to find and name the problem (the fast path found one, or an oddity). */
  function checkInDetail(
    c: StoredCheckpoint,
    root: Uint8Array,
    previous: StoredCheckpoint | undefined,
    latest: boolean
  ): { problem: LogProblem } | { timeLine: string | undefined } {
    const at = (code: LogProblemCode, message: string, size = c.size) => ({
      problem: { code, message, size },
    });
    let text: string;
    let sigs: ReturnType<typeof parseNote>['signatures'];
    try {
      ({ text, signatures: sigs } = parseNote(c.note));
    } catch {
      return at('LOG_CHECKPOINT_MALFORMED', `checkpoint ${c.size}: not a signed note`);
    }
    // Exactly one signature, by the log's key: a stored checkpoint has nothing else to carry.
    const sig = sigs[0];
    if (sigs.length !== 1 || sig!.name !== key.name || !equalBytes(sig!.keyId, key.keyId))
      return at('LOG_CHECKPOINT_SIGNATURE', `checkpoint ${c.size}: not signed by ${vkey}`);
    // The chain makes the latest signature vouch for every earlier note's bytes.
    if ((latest || signatures === 'all') && !verify(utf8(text), sig!.signature))
      return at('LOG_CHECKPOINT_SIGNATURE', `checkpoint ${c.size}: signature does not verify`);
    let cp;
    try {
      cp = parseCheckpoint(text);
    } catch {
      return at('LOG_CHECKPOINT_MALFORMED', `checkpoint ${c.size}: malformed checkpoint text`);
    }
    // our lines: the chain line (after the first checkpoint), then at most one line starting
    // "drand ", the time line (its content is TimeLineCheck's); anything else breaks the chain
    const rest = cp.extensions.slice(previous ? 1 : 0);
    const timeLine = rest.length === 1 && rest[0]!.startsWith('drand ') ? rest[0] : undefined;
    if (
      (previous && cp.extensions[0] !== chainExtension(previous.note, hasher)) ||
      (rest.length > 0 && timeLine === undefined)
    )
      return previous
        ? at(
            'LOG_CHECKPOINT_CHAIN',
            `checkpoint ${previous.size} or ${c.size} was changed: the chain between them is broken`,
            previous.size
          )
        : at(
            'LOG_CHECKPOINT_CHAIN',
            `checkpoint ${c.size}: the first checkpoint has no chain line`
          );
    if (cp.origin !== key.name)
      return at(
        'LOG_CHECKPOINT_ORIGIN',
        `checkpoint ${c.size}: origin ${cp.origin}, not ${key.name}`
      );
    if (cp.size !== c.size || !equalBytes(cp.rootHash, root) || !equalBytes(c.rootHash, root))
      return at('LOG_CHECKPOINT_ROOT', `checkpoint ${c.size}: root differs from the rebuilt tree`);
    return { timeLine };
  }
}

/** Which checkpoints checkCheckpoints reads: sizes from..to (inclusive). */
export interface CheckpointSelection {
  from: number;
  to: number;
}

/**
 * Checks the stored checkpoints of sizes from..to against the tree, in size order (the place order),
 * each chained to the one stored before it (read too when it is outside the range). Returns the first
 * problem and how many checkpoints were read.
 */
export function checkCheckpoints(
  db: Db,
  tree: MerkleTree,
  sel: CheckpointSelection,
  opts: {
    vkey: string;
    signatures?: 'all' | 'latest';
    hasher: Hasher;
    /** for benchmarks only (auditor/audit.ts DrawAuditOptions.drand) */
    drand?: BeaconVerifyOptions;
  }
): { found?: Found; count: number } {
  const checkCheckpoint = makeCheckpointCheck(opts.vkey, opts.signatures ?? 'latest', opts.hasher);
  const times = new TimeLineCheck(() => loggedQuicknetRounds(db), opts.drand);
  const latest = latestCheckpoint(db)?.size;
  let previous = checkpointBefore(db, sel.from);
  let previousTime = previous ? storedTimeAnchor(previous) : null;
  let count = 0;
  let found: Found | undefined;
  for (const c of iterateCheckpoints(db, sel.from, sel.to)) {
    count++;
    const at = 2 * c.size - 1;
    if (c.size > tree.size) {
      const message = `checkpoint ${c.size} is beyond the ${tree.size} entries`;
      found = { problem: { code: 'LOG_CHECKPOINT_BEYOND', message, size: c.size }, at };
      break;
    }
    const r = checkCheckpoint(c, tree, previous, c.size === latest);
    const t = 'problem' in r ? r : times.see(c.size, r.timeLine, previousTime);
    if ('problem' in t) {
      found = { problem: t.problem, at };
      break;
    }
    previous = c;
    previousTime = t.anchor;
  }
  // a time line's signature that fails comes before a problem found later in the range
  return { count, found: firstFound(times.finish(), found) };
}

/** The time line of a stored note (the one before a range), or null. */
function storedTimeAnchor(c: StoredCheckpoint): TimeAnchor | null {
  try {
    return timeAnchorOf(parseCheckpoint(parseNote(c.note).text));
  } catch {
    return null; // a malformed note is its own range's problem
  }
}

/** The quicknet rounds of the log's draw.beacon entries (hostile data: what parses). */
function* loggedQuicknetRounds(db: Db): Generator<LoggedRound> {
  for (const [index, data] of iterateIndexedDataOfType(db, 'draw', 'draw.beacon')) {
    const r = loggedRound(index, data);
    if (r) yield r;
  }
}

/** Whether a signed checkpoint covers every entry: the latest stored one must be of size `entries`. */
export function checkCoverage(db: Db, entries: number): Found | undefined {
  if (latestCheckpoint(db)?.size === entries) return undefined;
  return {
    problem: {
      code: 'LOG_CHECKPOINT_MISSING',
      message: `no signed checkpoint covers all ${entries} entries`,
      size: entries,
    },
    at: 2 * entries + 1,
  };
}

export interface VerifyStoredLogOptions {
  /** the log's verifier key (name+keyid+base64); its name is the log's origin */
  vkey: string;
  /** 'latest' (default): the chain makes the latest signature cover the rest; 'all': check each */
  signatures?: 'all' | 'latest';
  /** also check that every entry is a valid envelope in canonical JSON (default true); the leaf
   *  hashes alone already detect any change of stored data */
  envelopes?: boolean;
}

/** Checks the whole stored log; the first problem comes with its entry index or tree size. */
export function verifyStoredLog(db: Db, opts: VerifyStoredLogOptions): LogVerification {
  const hasher = nodeHasher();
  const { tree, gap } = loadTree(db, hasher);
  const entries = checkEntries(iterateEntries(db), { envelopes: opts.envelopes ?? true, hasher });
  const checkpoints = checkCheckpoints(
    db,
    tree,
    { from: 0, to: Number.MAX_SAFE_INTEGER },
    { ...opts, hasher }
  );
  const found = firstFound(
    gap,
    entries,
    checkpoints.found,
    gap ? undefined : checkCoverage(db, tree.size)
  );
  return {
    ok: !found,
    entries: tree.size,
    checkpoints: checkpoints.count,
    problem: found?.problem,
    tree,
  };
}
