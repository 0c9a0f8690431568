/**
 * Reads a bundle file chosen or dropped by the user: its bytes, their SHA-256 (computed by the project's
 * shared/hash.ts, the same code the server and the CLI use) and the parsed JSON. The file is
 * attacker-controlled: size-capped, decoded as strict UTF-8, and parsed without trusting its shape.
 * Verifying the parsed bundle (shared/verify.ts) plugs in after this with issue 5.
 */
import { toHex } from '../../shared/bytes.js';
import { sha256 } from '../../shared/hash.js';

/** Bundles are JSON text; anything larger than this is refused before reading. */
export const MAX_BUNDLE_BYTES = 50 * 1024 * 1024;

export type BundleFileCode = 'VERIFY_FILE_TOO_LARGE' | 'VERIFY_NOT_JSON' | 'VERIFY_READ_FAILED';

export class BundleFileError extends Error {
  constructor(readonly code: BundleFileCode) {
    super(code);
    this.name = 'BundleFileError';
  }
}

export async function readFileBytes(file: File): Promise<Uint8Array> {
  if (file.size > MAX_BUNDLE_BYTES) throw new BundleFileError('VERIFY_FILE_TOO_LARGE');
  try {
    return new Uint8Array(await file.arrayBuffer());
  } catch {
    throw new BundleFileError('VERIFY_READ_FAILED');
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return toHex(sha256(bytes));
}

/** The parsed JSON value, not yet validated (the bundle schema does that). */
export function parseJsonBytes(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new BundleFileError('VERIFY_NOT_JSON');
  }
}
