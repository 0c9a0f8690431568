/**
 * The monitor's memory (adal monitor --state FILE): the last checkpoint it verified, as served, and
 * the right edge of that tree (./compact-range.ts), written durably (write, fsync, rename) after
 * every look that verified. A file that does not parse, or that was kept for another log's key, is
 * refused: a monitor that silently forgot would accept a rollback.
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../../shared/errors.js';
import { LogHash } from '../../shared/schemas/log.js';
import { replaceFileDurably } from '../witness/durable-file.js';

export const MonitorState = z.strictObject({
  version: z.literal(1),
  vkey: z.string().min(1),
  size: z.number().int().min(0),
  rootHash: LogHash,
  /** the checkpoint note as the server served it (cosignature lines included) */
  note: z.string().min(1),
  /** the roots of the tree's perfect subtrees, largest first */
  edge: z.array(LogHash).max(64),
});
export type MonitorState = z.infer<typeof MonitorState>;

export function loadMonitorState(file: string, vkey: string): MonitorState | null {
  if (!existsSync(file)) return null;
  let r;
  try {
    r = MonitorState.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    r = { success: false as const };
  }
  if (!r.success) throw new InputError('MONITOR_STATE_INVALID', `${file} is not a monitor state`);
  if (r.data.vkey !== vkey)
    throw new InputError(
      'MONITOR_STATE_INVALID',
      `${file} was kept for another key: ${r.data.vkey}`
    );
  return r.data;
}

export function saveMonitorState(file: string, s: MonitorState): void {
  replaceFileDurably(file, JSON.stringify(s, null, 2) + '\n', 0o644);
}
