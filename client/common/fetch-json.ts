/**
 * One GET or write to the project's JSON API, read to a JSON value, without checking its shape: the
 * part of api.ts a page can run before the validating code (zod) has loaded. The live page paints a
 * draw's title from such an answer (client/live/first-title.ts), then hands the same answer to
 * apiFetch's parser (api.ts), which validates all of it before anything else is rendered from it.
 */

/** What came back: the status and the body as JSON (NOT_JSON when it was not), or no answer. */
export type JsonAnswer =
  | { kind: 'answer'; status: number; ok: boolean; statusText: string; body: unknown }
  | { kind: 'network' };

/** The body of an answer that was not JSON. */
export const NOT_JSON = Symbol.for('not-json');

export interface JsonRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** sent as JSON */
  body?: unknown;
  signal?: AbortSignal;
  /** sent as X-CSRF-Token */
  csrf?: string | null;
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

/** Calls the API; an aborted request rejects with the AbortError, any other failure is `network`. */
export async function fetchJson(path: string, req: JsonRequest = {}): Promise<JsonAnswer> {
  const method = req.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (req.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && req.csrf) headers['x-csrf-token'] = req.csrf;
  try {
    const res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: req.body === undefined ? null : JSON.stringify(req.body),
      signal: req.signal ?? null,
    });
    const body = await readJson(res);
    return { kind: 'answer', status: res.status, ok: res.ok, statusText: res.statusText, body };
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    return { kind: 'network' };
  }
}
