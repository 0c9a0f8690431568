/**
 * The key a bundle's checkpoint must be signed by: the transparency log's verifier key
 * (name+keyid+base64, c2sp.org/signed-note). It can be fetched from GET /api/public/log/key, but a key
 * fetched from the same server as the bundle proves little on its own; so the viewer can paste a key
 * obtained elsewhere, and pin one in this browser (localStorage), after which a server key that
 * differs is reported instead of being used silently.
 */
import { apiFetch } from '../common/api.js';
import { LogKeyResponse, LogWitnessesResponse } from '../../shared/schemas/log.js';

export const PINNED_KEY_STORAGE = 'adal.pinnedLogKey';

export async function fetchLogKey(): Promise<string> {
  return (await apiFetch('/api/public/log/key', LogKeyResponse)).vkey;
}

/** The log key another server publishes, for a bundle read from it (null when it cannot be read). */
export async function fetchLogKeyOf(origin: string): Promise<string | null> {
  try {
    const res = await fetch(new URL('/api/public/log/key', origin), { credentials: 'omit' });
    const r = LogKeyResponse.safeParse(await res.json());
    return res.ok && r.success ? r.data.vkey : null;
  } catch {
    return null;
  }
}

/**
 * The cosigner keys of the witnesses the server says it asks (GET /api/public/log/witnesses): used
 * only to name who cosigned a bundle, each line verified here — never as the viewer's policy.
 */
export async function fetchKnownWitnesses(): Promise<string[]> {
  return (await apiFetch('/api/public/log/witnesses', LogWitnessesResponse)).witnesses.map(
    (w) => w.vkey
  );
}

export function pinnedKey(): string | null {
  try {
    return window.localStorage.getItem(PINNED_KEY_STORAGE);
  } catch {
    return null;
  }
}

export function pinKey(vkey: string): boolean {
  try {
    window.localStorage.setItem(PINNED_KEY_STORAGE, vkey);
    return true;
  } catch {
    return false; // storage blocked: the key is used for this page only
  }
}

/** Where the key in the field came from, which is what the page tells the viewer. */
export type KeyOrigin =
  'server' | 'bundle-server' | 'pinned' | 'pinned-differs' | 'pasted' | 'none';

/** The key to start with: the pinned one if any (noting when the server's differs), else the server's. */
export function initialKey(
  pinned: string | null,
  server: string | null
): { key: string; origin: KeyOrigin } {
  if (pinned)
    return { key: pinned, origin: server && server !== pinned ? 'pinned-differs' : 'pinned' };
  if (server) return { key: server, origin: 'server' };
  return { key: '', origin: 'none' };
}
