/**
 * Protocol PDFs, rendered in a worker thread (pdf.worker.ts) and kept per draw, state and language:
 * the key holds the draw's last log entry and state, so a new entry of the draw (a decline, a close)
 * makes the next request render afresh, and the superseded PDFs of that draw are dropped. Requests
 * that arrive while a PDF is rendering wait for that one rendering (16 viewers asking at once cost
 * one PDF, not 16). At most MAX_ENTRIES PDFs are kept, the least recently asked for going first.
 */
import type { PublicDrawDetail } from '../../shared/api/draws.js';
import { siblingEntry, workerPool, type WorkerPool } from '../workers/pool.js';
import type { ProtocolInput } from './pdf.js';

const MAX_ENTRIES = 64;

let shared: WorkerPool<ProtocolInput, Uint8Array> | undefined;
/** One pool of PDF threads per process, started on the first PDF. */
export function pdfPool(): WorkerPool<ProtocolInput, Uint8Array> {
  shared ??= workerPool(siblingEntry(import.meta.url, 'pdf.worker'));
  return shared;
}

function keyOf(input: ProtocolInput): string {
  const d: PublicDrawDetail = input.draw;
  return JSON.stringify([
    d.state,
    d.updatedAt,
    d.log.at(-1)?.index ?? -1,
    input.lang,
    input.verifyUrl,
  ]);
}

export interface PdfCache {
  get(input: ProtocolInput): Promise<Buffer>;
  /** renderings started (a cache hit starts none) */
  readonly renders: number;
}

export function pdfCache(pool: () => WorkerPool<ProtocolInput, Uint8Array> = pdfPool): PdfCache {
  const entries = new Map<string, Promise<Buffer>>();
  /** per draw and language: the key kept, so a newer one drops it */
  const latest = new Map<string, string>();
  let renders = 0;
  return {
    get(input) {
      const key = keyOf(input);
      const hit = entries.get(key);
      if (hit) {
        // most recently used last
        entries.delete(key);
        entries.set(key, hit);
        return hit;
      }
      const slot = `${input.draw.id}\n${input.lang}`;
      const old = latest.get(slot);
      if (old !== undefined) entries.delete(old);
      latest.set(slot, key);
      renders += 1;
      const pdf = pool()
        .run(input)
        .then((u8) => Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength));
      pdf.catch(() => {
        if (entries.get(key) === pdf) entries.delete(key);
      });
      entries.set(key, pdf);
      while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
      return pdf;
    },
    get renders() {
      return renders;
    },
  };
}
