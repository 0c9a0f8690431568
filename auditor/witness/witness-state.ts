/**
 * The witness's state file (shared/schemas/witness.ts): JSON, replaced whole and durably on every
 * change (auditor/witness/durable-file.ts), so after a crash it holds exactly what was acknowledged
 * or one change more — never less, never half. On load every record is checked against its own
 * checkpoint: a state that does not hold together stops the witness (it must not cosign from a
 * damaged memory of what it saw).
 */
import { readFileSync } from 'node:fs';
import { toHex } from '../../shared/bytes.js';
import { parseCheckpoint } from '../../shared/checkpoint.js';
import { AppError } from '../../shared/errors.js';
import { parseNote } from '../../shared/note.js';
import {
  WITNESS_STATE_VERSION,
  WitnessState,
  type ForkEvidence,
  type WitnessLogRecord,
} from '../../shared/schemas/witness.js';
import { replaceFileDurably } from './durable-file.js';

export class WitnessStateError extends AppError<'WITNESS_STATE_INVALID'> {}

/** The state in memory: logs by origin in a Map (origins are data, not property names). */
export interface WitnessMemory {
  logs: Map<string, WitnessLogRecord>;
  forks: ForkEvidence[];
}

export function emptyWitnessMemory(): WitnessMemory {
  return { logs: new Map(), forks: [] };
}

function checkRecord(origin: string, r: WitnessLogRecord): void {
  const c = parseCheckpoint(parseNote(r.checkpoint).text);
  if (c.origin !== origin) throw new Error(`the checkpoint kept for ${origin} is of ${c.origin}`);
  if (c.size !== r.size || toHex(c.rootHash) !== r.rootHash)
    throw new Error(`the size or root kept for ${origin} is not its checkpoint's`);
}

/** Reads the state file; a missing file is the empty state (a new witness). */
export function loadWitnessState(file: string): WitnessMemory {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return emptyWitnessMemory();
    throw new WitnessStateError(
      'WITNESS_STATE_INVALID',
      `cannot read ${file}: ${(e as Error).message}`
    );
  }
  try {
    const s = WitnessState.parse(JSON.parse(text));
    const logs = new Map(Object.entries(s.logs));
    for (const [origin, r] of logs) checkRecord(origin, r);
    return { logs, forks: s.forks };
  } catch (e) {
    throw new WitnessStateError(
      'WITNESS_STATE_INVALID',
      `${file} is not a valid witness state (${(e as Error).message.split('\n')[0]})`
    );
  }
}

export function formatWitnessState(m: WitnessMemory): string {
  const state: WitnessState = {
    version: WITNESS_STATE_VERSION,
    logs: Object.fromEntries(m.logs),
    forks: m.forks,
  };
  return JSON.stringify(state, null, 1) + '\n';
}

/** Replaces the state file durably; returns only once the new state is on disk. */
export function saveWitnessState(file: string, m: WitnessMemory): void {
  replaceFileDurably(file, formatWitnessState(m));
}
