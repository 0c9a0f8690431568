/**
 * Full check of a stored transparency log (docs/PROTOCOL.md §Auditing a stored log), the log part
 * of `adal audit` and of the crash test. One pass over the entries, with the checkpoints checked as
 * the rebuilt tree reaches their sizes:
 *   - entries are dense from 0; each entry's leaf hash is SHA-256(0x00 || data), its data is canonical
 *     JSON of a valid envelope, and its type / subject / time columns say what its data says;
 *   - every checkpoint is a note signed by the log's key (exactly that key), for its origin, whose
 *     size and root equal its row and the MTH of the first `size` rebuilt leaves, and which carries
 *     the chain line of the checkpoint stored before it — so the latest checkpoint's signature, the
 *     one signature verified by default, vouches for the bytes of all of them;
 *   - the latest checkpoint covers every entry.
 * All checkpoints being roots of prefixes of ONE leaf sequence is what makes each consistent with every
 * earlier one (RFC 9162 §2.1.4), so no separate proofs are needed. The database is hostile here: the
 * first problem is reported with its code and entry index or tree size; nothing throws for bad data.
 */
import { equalBytes, fromUtf8, utf8 } from '../../shared/bytes.js';
import { canonicalBytes } from '../../shared/canonical.js';
import { isChainedTo, parseCheckpoint } from '../../shared/checkpoint.js';
import { MerkleTree } from '../../shared/merkle-tree.js';
import { leafHash } from '../../shared/merkle.js';
import { parseNote, parseVerifierKey } from '../../shared/note.js';
import { LogEntry } from '../../shared/schemas/log.js';
import type { Db } from '../../db/connection.js';
import {
  iterateCheckpoints,
  iterateEntries,
  type StoredCheckpoint,
  type StoredEntry,
} from '../../db/repos/log.repo.js';
import { nodeEd25519Verifier } from './log-key.js';

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
  | 'LOG_CHECKPOINT_MISSING';

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

type Check = LogProblem | undefined;

function checkEntry(e: StoredEntry, expected: number, envelopes: boolean): Check {
  const at = (code: LogProblemCode, message: string): LogProblem => ({
    code,
    message,
    index: e.index,
  });
  if (e.index !== expected) return at('LOG_ENTRY_GAP', `entry ${expected} is missing`);
  if (!equalBytes(leafHash(e.data), e.leafHash))
    return at('LOG_ENTRY_HASH', `entry ${e.index}: leaf hash does not match its data`);
  let parsed: Pick<LogEntry, 'type' | 'subject' | 'at'>;
  try {
    const json: unknown = JSON.parse(fromUtf8(e.data));
    if (envelopes) {
      const r = LogEntry.safeParse(json);
      if (!r.success) return at('LOG_ENTRY_INVALID', `entry ${e.index}: not a valid log entry`);
      if (!equalBytes(canonicalBytes(r.data), e.data))
        return at('LOG_ENTRY_INVALID', `entry ${e.index}: data is not canonical JSON`);
    }
    // Unchecked shape without `envelopes`: the optional chains below then just report a mismatch.
    parsed = json as LogEntry;
  } catch {
    return at('LOG_ENTRY_INVALID', `entry ${e.index}: data is not JSON`);
  }
  if (
    parsed?.type !== e.type ||
    parsed.subject?.kind !== e.subjectKind ||
    parsed.subject.id !== e.subjectId ||
    parsed.at !== e.at
  )
    return at('LOG_ENTRY_COLUMNS', `entry ${e.index}: columns differ from its data`);
  return undefined;
}

function makeCheckpointCheck(vkey: string, signatures: 'all' | 'latest') {
  const key = parseVerifierKey(vkey);
  const verify = nodeEd25519Verifier(key.publicKey);
  /** `previous`: the note stored before this one (undefined for the first checkpoint). */
  return (
    c: StoredCheckpoint,
    tree: MerkleTree,
    previous: StoredCheckpoint | undefined,
    latest: boolean
  ): Check => {
    const at = (code: LogProblemCode, message: string, size = c.size): LogProblem => ({
      code,
      message,
      size,
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
    if (previous ? !isChainedTo(cp, previous.note) : cp.extensions.length !== 0)
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
    const root = tree.root();
    if (cp.size !== c.size || !equalBytes(cp.rootHash, root) || !equalBytes(c.rootHash, root))
      return at('LOG_CHECKPOINT_ROOT', `checkpoint ${c.size}: root differs from the rebuilt tree`);
    return undefined;
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
  const envelopes = opts.envelopes ?? true;
  const checkCheckpoint = makeCheckpointCheck(opts.vkey, opts.signatures ?? 'latest');
  const tree = new MerkleTree();
  // Two cursors need two statements; iterate checkpoints from a materialised list (small rows).
  const checkpoints = [...iterateCheckpoints(db)];
  let next = 0;
  let problem: LogProblem | undefined;
  const reach = (): Check => {
    while (next < checkpoints.length && checkpoints[next]!.size <= tree.size) {
      const c = checkpoints[next++]!;
      if (c.size < tree.size)
        return {
          code: 'LOG_CHECKPOINT_ROOT',
          message: `checkpoint ${c.size} out of order`,
          size: c.size,
        };
      const p = checkCheckpoint(c, tree, checkpoints[next - 2], next === checkpoints.length);
      if (p) return p;
    }
    return undefined;
  };
  problem = reach();
  if (!problem)
    for (const e of iterateEntries(db)) {
      problem = checkEntry(e, tree.size, envelopes);
      if (problem) break;
      tree.append(e.leafHash);
      problem = reach();
      if (problem) break;
    }
  if (!problem && next < checkpoints.length) {
    const c = checkpoints[next]!;
    problem = {
      code: 'LOG_CHECKPOINT_BEYOND',
      message: `checkpoint ${c.size} is beyond the ${tree.size} entries`,
      size: c.size,
    };
  }
  const latest = checkpoints.at(-1);
  if (!problem && (!latest || latest.size !== tree.size))
    problem = {
      code: 'LOG_CHECKPOINT_MISSING',
      message: `no signed checkpoint covers all ${tree.size} entries`,
      size: tree.size,
    };
  return { ok: !problem, entries: tree.size, checkpoints: checkpoints.length, problem, tree };
}
