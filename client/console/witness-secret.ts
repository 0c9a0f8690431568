/**
 * A witness's secret, made and kept in the browser: 32 bytes from Web Crypto (crypto.getRandomValues),
 * its commitment computed with the project's own shared/seed.ts commitmentFor (the code the server
 * and every verifier run), and the file the witness keeps. Only the commitment leaves the browser
 * before the reveal; the secret is never written to storage by the page.
 */
import { toHex } from '../../shared/bytes.js';
import { commitmentFor } from '../../shared/seed.js';

export interface SecretFile {
  kind: 'adal-draw-witness-secret';
  drawId: string;
  witnessId: string;
  secret: string;
  commitment: string;
}

export function newSecret(): { secret: string; commitment: string } {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  const secret = toHex(bytes);
  return { secret, commitment: commitmentFor(secret) };
}

export function secretFileText(f: Omit<SecretFile, 'kind'>): string {
  const file: SecretFile = { kind: 'adal-draw-witness-secret', ...f };
  return JSON.stringify(file, null, 2) + '\n';
}

export function secretFileName(drawId: string, witnessId: string): string {
  return `witness-secret-${drawId}-${witnessId}.json`.replace(/[^A-Za-z0-9._-]/g, '_');
}

/**
 * The secret in what the witness pasted or loaded: the file this page gave (JSON), or the 64 hex
 * characters alone (spaces and case forgiven). Null when neither.
 */
export function secretFrom(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (parsed && typeof parsed === 'object' && 'secret' in parsed) {
        const s = (parsed as { secret: unknown }).secret;
        return typeof s === 'string' ? secretFrom(s) : null;
      }
    } catch {
      return null;
    }
    return null;
  }
  const hex = trimmed.replace(/\s+/g, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : null;
}

/** Whether a secret opens a commitment (checked before sending, so a wrong file is caught here). */
export function opens(secret: string, commitment: string): boolean {
  return commitmentFor(secret) === commitment;
}

/** Offers text as a file download (a Blob URL, revoked right after). */
export function downloadText(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}
