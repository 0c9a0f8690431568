/**
 * Child process for the crash test: appends log entries as fast as it can through the real
 * appendLogEntry + openDb (group commit with concurrent writers — one checkpoint per group — and plain
 * one-transaction appends with a checkpoint each),
 * and prints "ack <index> <leaf hash hex>" with a synchronous write only AFTER the commit returned —
 * so every printed line is an acknowledged append. The parent kills it with SIGKILL mid-stream.
 *
 *   tsx tests/helpers/log-append-child.ts <dataDir>
 */
import { writeSync } from 'node:fs';
import { join } from 'node:path';
import { openDb } from '../../db/connection.js';
import { toHex } from '../../shared/bytes.js';
import { appendLogEntry, createTransparencyLog } from '../../server/log/transparency-log.js';

const dataDir = process.argv[2]!;
const db = openDb(join(dataDir, 'adal.sqlite'));
const tlog = createTransparencyLog(db, dataDir, 'crash.example/log');
const ctx = { tlog, clock: () => new Date() };
let n = 0;
const entry = () => {
  n += 1;
  return {
    type: 'draw.witness_committed',
    actor: `w${n % 7}`,
    subject: { kind: 'draw', id: `D-${n % 13}` },
    data: { n, commitment: toHex(new Uint8Array(32).fill(n % 256)) },
  };
};
const ack = (r: { index: number; leafHash: Uint8Array }) =>
  writeSync(1, `ack ${r.index} ${toHex(r.leafHash)}\n`);
writeSync(1, `ready ${tlog.vkey}\n`);

async function groupWriter(): Promise<never> {
  for (;;) {
    const r = await tlog
      .write(() => {
        const result = appendLogEntry(ctx, entry());
        // Now and then a change fails after logging: its savepoint (and entry) must vanish.
        if (n % 11 === 0) throw new Error('rolled back on purpose');
        return result;
      })
      .catch(() => undefined);
    if (r) ack(r);
  }
}

for (let i = 0; i < 16; i++) void groupWriter();
// Plain one-append transactions, interleaved on the event loop with the group commits.
setInterval(() => ack(db.transaction(() => appendLogEntry(ctx, entry()))()), 1);
