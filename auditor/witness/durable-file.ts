/**
 * Files that survive a crash (kill -9, power loss) whole or not at all: written to a temporary file
 * in the same folder, fsynced, then renamed (replace) or hard-linked (create, never overwrite) into
 * place, and the folder fsynced so the new name is durable too. Private by default (mode 0600).
 */
import {
  closeSync,
  fsyncSync,
  linkSync,
  openSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';

function writeTemp(file: string, text: string, mode: number): string {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', mode);
  try {
    writeFileSync(fd, text); // loops until all is written, unlike one writeSync
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  return tmp;
}

function fsyncDir(file: string): void {
  const fd = openSync(dirname(file), 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Replaces `file` with `text` atomically and durably. */
export function replaceFileDurably(file: string, text: string, mode = 0o600): void {
  const tmp = writeTemp(file, text, mode);
  try {
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  fsyncDir(file);
}

/** Creates `file` with `text` durably; false (and nothing written) when it already exists. */
export function createFileDurably(file: string, text: string, mode = 0o600): boolean {
  const tmp = writeTemp(file, text, mode);
  try {
    linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
  fsyncDir(file);
  return true;
}
