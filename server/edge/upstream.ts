/**
 * A remote edge's reads of its writer's public API: JSON through a zod schema (the writer is
 * trusted for nothing: every answer is parsed, and the log's are verified by log-mirror.ts), with a
 * timeout, so a writer that hangs cannot hang the edge.
 */
import type { z } from 'zod';
import { EdgeError } from './edge-error.js';

const TIMEOUT_MS = 10_000;

export async function fetchUpstream(base: string, path: string): Promise<Response> {
  try {
    return await fetch(new URL(path, base), { signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (e) {
    throw new EdgeError('EDGE_UPSTREAM_FAILED', `GET ${path}: ${(e as Error).message}`);
  }
}

export async function upstreamJson<T>(
  base: string,
  path: string,
  schema: z.ZodType<T>
): Promise<T> {
  const res = await fetchUpstream(base, path);
  if (!res.ok) throw new EdgeError('EDGE_UPSTREAM_FAILED', `GET ${path}: HTTP ${res.status}`);
  const parsed = schema.safeParse(await res.json().catch(() => undefined));
  if (!parsed.success)
    throw new EdgeError('EDGE_UPSTREAM_FAILED', `GET ${path}: not the expected answer`);
  return parsed.data;
}
