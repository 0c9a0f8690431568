/**
 * Reads a bundle: a file chosen or dropped by the user, or the draw's bundle downloaded from
 * GET /api/public/draws/:id/bundle (the one request verification makes), or by its address from this
 * or another server that allows it (CORS); its bytes, their SHA-256
 * (computed by the project's shared/hash.ts, the same code the server and the CLI use) and the parsed
 * JSON. A bundle is attacker-controlled: size-capped, decoded as strict UTF-8, and parsed without
 * trusting its shape (shared/verify.ts checks that first).
 */
import { ApiErrorBody } from '../common/api.js';
import { toHex } from '../../shared/bytes.js';
import { sha256 } from '../../shared/hash.js';
import { parseStrictJson } from '../../shared/json-strict.js';

/** Bundles are JSON text; anything larger than this is refused before reading. */
export const MAX_BUNDLE_BYTES = 50 * 1024 * 1024;

export type BundleFileCode =
  | 'VERIFY_FILE_TOO_LARGE'
  | 'VERIFY_NOT_JSON'
  | 'VERIFY_READ_FAILED'
  | 'VERIFY_DOWNLOAD_FAILED'
  | 'VERIFY_URL_BLOCKED'
  | 'DRAW_NOT_FOUND';

export class BundleFileError extends Error {
  constructor(readonly code: BundleFileCode | string) {
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
    // docs/PROTOCOL.md §JSON text: the checking reader, as `adal verify` reads bundles
    return parseStrictJson(
      new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
    );
  } catch {
    throw new BundleFileError('VERIFY_NOT_JSON');
  }
}

/**
 * Downloads a draw's bundle from this server. A server error envelope gives its code (DRAW_NOT_FOUND
 * for a draw the log never mentioned); anything else that is not a bundle is VERIFY_DOWNLOAD_FAILED.
 */
export function downloadBundle(drawId: string): Promise<Uint8Array> {
  return fetchBundle(
    `/api/public/draws/${encodeURIComponent(drawId)}/bundle`,
    'VERIFY_DOWNLOAD_FAILED'
  );
}

/** An http(s) address typed or given as ?bundle= (relative to this page), or null. */
export function bundleUrl(raw: string, base: string): URL | null {
  try {
    const url = new URL(raw.trim(), base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

/**
 * Downloads a bundle by its address: this server's or another's that lets this page read it (CORS).
 * A refused or unreachable address is VERIFY_URL_BLOCKED (the browser does not say which).
 */
export function downloadBundleFrom(url: URL): Promise<Uint8Array> {
  return fetchBundle(url.href, 'VERIFY_URL_BLOCKED');
}

async function fetchBundle(href: string, unreachable: string): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(href, {
      headers: { accept: 'application/json' },
      credentials: 'omit',
    });
  } catch {
    throw new BundleFileError(unreachable);
  }
  if (!res.ok) {
    let code = 'VERIFY_DOWNLOAD_FAILED';
    try {
      const env = ApiErrorBody.safeParse(await res.json());
      if (env.success) code = env.data.error.code;
    } catch {
      // not JSON: keep the generic code
    }
    throw new BundleFileError(code);
  }
  const length = Number(res.headers.get('content-length') ?? '0');
  if (length > MAX_BUNDLE_BYTES) throw new BundleFileError('VERIFY_FILE_TOO_LARGE');
  try {
    return new Uint8Array(await res.arrayBuffer());
  } catch {
    throw new BundleFileError('VERIFY_DOWNLOAD_FAILED');
  }
}
