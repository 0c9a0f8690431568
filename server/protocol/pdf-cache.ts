/**
 * Protocol PDFs, rendered in a worker thread (pdf.worker.ts) and kept per draw, state and language:
 * the key holds the draw's last log entry and state, so a new entry of the draw (a decline, a close)
 * makes the next request render afresh, and the superseded PDFs of that draw are dropped. The key is
 * read with one cheap query (drawVersion) before anything else, so a hit costs the main thread no
 * draw view; on a miss the worker reads the view itself when the database is a file. Requests
 * that arrive while a PDF is rendering wait for that one rendering (16 viewers asking at once cost
 * one PDF, not 16). At most MAX_ENTRIES PDFs are kept, the least recently asked for going first.
 */
import type { Lang } from '../../shared/i18n/langs.js';
import { siblingEntry, workerPool, type WorkerPool } from '../workers/pool.js';
import type { PdfTask } from './pdf.worker.js';

const MAX_ENTRIES = 64;

let shared: WorkerPool<PdfTask, Uint8Array> | undefined;
/** One pool of PDF threads per process, started on the first PDF. */
export function pdfPool(): WorkerPool<PdfTask, Uint8Array> {
  shared ??= workerPool(siblingEntry(import.meta.url, 'pdf.worker'));
  return shared;
}

/** What a PDF depends on: the draw as of its state, last update and last log entry; the page. */
export interface PdfKey {
  drawId: string;
  state: string;
  updatedAt: string;
  /** the draw's last log entry (-1: none) */
  lastIndex: number;
  lang: Lang;
  verifyUrl: string;
}

function keyOf(k: PdfKey): string {
  return JSON.stringify([k.state, k.updatedAt, k.lastIndex, k.lang, k.verifyUrl]);
}

export interface PdfCache {
  /** the PDF for `key`; `task` is called only on a miss, for what the worker renders */
  get(key: PdfKey, task: () => PdfTask): Promise<Buffer>;
  /** renderings started (a cache hit starts none) */
  readonly renders: number;
}

export function pdfCache(pool: () => WorkerPool<PdfTask, Uint8Array> = pdfPool): PdfCache {
  const entries = new Map<string, Promise<Buffer>>();
  /** per draw and language: the key kept, so a newer one drops it */
  const latest = new Map<string, string>();
  let renders = 0;
  return {
    get(k, task) {
      const key = keyOf(k);
      const hit = entries.get(key);
      if (hit) {
        // most recently used last
        entries.delete(key);
        entries.set(key, hit);
        return hit;
      }
      const input = task();
      const slot = `${k.drawId}\n${k.lang}`;
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
