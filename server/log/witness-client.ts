/**
 * One add-checkpoint exchange with one witness (C2SP tlog-witness; docs/PROTOCOL.md §Cosigned
 * checkpoints): POST <url>/add-checkpoint with the size we believe the witness holds and the
 * consistency proof from it, then read the answer into a closed set of outcomes. Never throws: a
 * network error, a timeout or a malformed answer is an outcome too. Only our witness's own line is
 * kept, and only after it verified under the configured key.
 */
import { AppError } from '../../shared/errors.js';
import {
  appendCosignatures,
  formatAddCheckpointRequest,
  parseCosignatureResponse,
  parseTreeSize,
} from '../../shared/add-checkpoint.js';
import { verifyCosignatures } from '../../shared/cosignature.js';
import type { ConfiguredWitness } from './witness-list.js';

export type ExchangeOutcome =
  /** line: the witness's cosignature line (verified under its key) */
  | { kind: 'cosigned'; line: string }
  /** 409: the witness holds a checkpoint of another size */
  | { kind: 'size'; size: number }
  /** 422, or 409 naming a size our log cannot prove from: the witness holds another history */
  | { kind: 'conflict'; message: string }
  /** anything else: down, timed out, refused, malformed */
  | { kind: 'failed'; message: string; retry: boolean };

export interface ExchangeRequest {
  oldSize: number;
  proof: Uint8Array[];
  /** the signed checkpoint note, as stored */
  note: string;
}

/** Answers whose body is read at most this long; a witness's answer is a few lines. */
const MAX_ANSWER_BYTES = 64 * 1024;

export async function exchange(
  w: ConfiguredWitness,
  r: ExchangeRequest,
  timeoutMs: number
): Promise<ExchangeOutcome> {
  let res: Response;
  let text: string;
  try {
    const body = formatAddCheckpointRequest({
      oldSize: r.oldSize,
      proof: r.proof,
      checkpoint: r.note,
    });
    res = await fetch(`${w.url}/add-checkpoint`, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    text = await res.text();
  } catch (e) {
    const why = e instanceof AppError ? e.message : (e as Error).name;
    return { kind: 'failed', message: `no answer (${why})`, retry: true };
  }
  if (text.length > MAX_ANSWER_BYTES)
    return { kind: 'failed', message: 'answer too large', retry: false };
  if (res.status === 200) return cosigned(w, r.note, text);
  if (res.status === 409) {
    try {
      return { kind: 'size', size: parseTreeSize(text) };
    } catch {
      return { kind: 'failed', message: '409 without a tree size', retry: false };
    }
  }
  if (res.status === 422) return { kind: 'conflict', message: `422: ${text.trim().slice(0, 200)}` };
  return {
    kind: 'failed',
    message: `HTTP ${res.status}: ${text.trim().slice(0, 200)}`,
    retry: res.status >= 500,
  };
}

/** The witness's own line among the answer's, verified under its configured key. */
function cosigned(w: ConfiguredWitness, note: string, text: string): ExchangeOutcome {
  let lines: string[];
  try {
    lines = parseCosignatureResponse(text);
  } catch (e) {
    return { kind: 'failed', message: (e as Error).message, retry: false };
  }
  for (const line of lines) {
    if (!line.startsWith(`— ${w.key.name} `)) continue;
    let one: string;
    try {
      one = appendCosignatures(note, [line]);
    } catch {
      continue;
    }
    const v = verifyCosignatures(one, [w.key]);
    if (v.ok && v.cosignatures.length === 1) return { kind: 'cosigned', line };
  }
  return {
    kind: 'failed',
    message: `no line that verifies under ${w.key.vkey}`,
    retry: false,
  };
}
