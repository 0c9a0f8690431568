/**
 * The log as an edge holds it: the writer's own TransparencyLog class (the same reads, proofs and
 * start-up check) over a connection the edge only reads, with a key that can verify and never sign.
 * An edge holds no signing key: LOG_VKEY is the published verifier key, and anything that would
 * sign (an append, the empty log's first checkpoint) throws EDGE_READ_ONLY instead. At start the
 * latest stored checkpoint must verify under that key and match the stored entries, so an edge
 * refuses a database that is not the log it was told to serve.
 */
import { nodeHasher } from '../../auditor/node-crypto.js';
import type { Db } from '../../db/connection.js';
import { parseVerifierKey } from '../../shared/note.js';
import type { LogKey } from '../log/log-key.js';
import { TransparencyLog } from '../log/transparency-log.js';
import { EdgeError } from './edge-error.js';

/** A LogKey with the verifier only: its signer refuses. */
export function verifierOnlyKey(vkey: string): LogKey {
  const verifier = parseVerifierKey(vkey);
  return {
    name: verifier.name,
    vkey,
    verifier,
    signer: {
      name: verifier.name,
      keyId: verifier.keyId,
      sign: () => {
        throw new EdgeError('EDGE_READ_ONLY', 'an edge never signs: it holds no signing key');
      },
    },
  };
}

/** The read side of the log stored in `db`, checked against the pinned verifier key. */
export function openEdgeLog(db: Db, vkey: string): TransparencyLog {
  const key = verifierOnlyKey(vkey);
  return new TransparencyLog(db, key, key.name, nodeHasher());
}
