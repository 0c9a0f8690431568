/**
 * What a remote edge cannot build from its copy of the log: the public views made from the writer's
 * tables (draw list and detail, registry, lots, the PDF protocol). They are asked of the writer and
 * kept for a second, so a crowd of viewers costs the writer one request per view per second; the
 * answer (status, body and the headers that matter to a browser) is passed on as it came. Rebuilding
 * them from the log would mean a second implementation of every view; a second of staleness on a
 * page the live socket keeps current is the cheaper price (deploy/README.md).
 */
import { z } from 'zod';
import { DrawSummary } from '../../shared/api/draws.js';
import { fetchUpstream, upstreamJson } from './upstream.js';

export interface UpstreamAnswer {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

const PASSED_HEADERS = ['content-type', 'content-disposition', 'cache-control', 'etag'];
const MAX_KEPT = 500;

export class UpstreamViews {
  private readonly kept = new Map<string, { until: number; answer: Promise<UpstreamAnswer> }>();

  constructor(
    private readonly base: string,
    private readonly ttlMs = 1000,
    private readonly now: () => number = Date.now
  ) {}

  /** The writer's answer to GET `pathAndQuery`, at most ttlMs old; one request in flight per URL. */
  get(pathAndQuery: string): Promise<UpstreamAnswer> {
    const t = this.now();
    const hit = this.kept.get(pathAndQuery);
    if (hit && hit.until > t) return hit.answer;
    const answer = this.fetch(pathAndQuery);
    if (this.kept.size >= MAX_KEPT) this.kept.delete(this.kept.keys().next().value!);
    this.kept.set(pathAndQuery, { until: t + this.ttlMs, answer });
    // A failure is not kept: the next viewer asks again.
    answer.catch(() => this.kept.delete(pathAndQuery));
    return answer;
  }

  private async fetch(pathAndQuery: string): Promise<UpstreamAnswer> {
    const res = await fetchUpstream(this.base, pathAndQuery);
    const headers: [string, string][] = [];
    for (const name of PASSED_HEADERS) {
      const v = res.headers.get(name);
      if (v !== null) headers.push([name, v]);
    }
    return { status: res.status, headers, body: Buffer.from(await res.arrayBuffer()) };
  }
}

/**
 * The draw list of the live socket's list channel on a remote edge: the writer's GET
 * /api/public/draws, refreshed when the log shows draw entries (before they are announced).
 */
export class UpstreamSummaries {
  private list: DrawSummary[] = [];

  constructor(private readonly base: string) {}

  all(): DrawSummary[] {
    return this.list;
  }

  one(drawId: string): DrawSummary | undefined {
    return this.list.find((d) => d.id === drawId);
  }

  async refresh(): Promise<void> {
    this.list = await upstreamJson(this.base, '/api/public/draws', z.array(DrawSummary));
  }
}
