/**
 * A JSON answer computed once per database version (db/version.ts) and kept as bytes with the ETag
 * express would generate for them, so a repeated GET costs neither the queries, JSON.stringify nor
 * the hash. What goes out is what `res.json(compute())` sends (the app sets no JSON replacer or
 * spacing): the same headers in the same order, and 304 on a matching If-None-Match.
 */
import type { Request, Response } from 'express';
import type { Db } from '../../db/connection.js';
import { dbVersion } from '../../db/version.js';

interface Entry {
  version: string | undefined;
  body: Buffer;
  etag?: string;
}

export class CachedJson {
  private entry?: Entry;

  constructor(
    private readonly db: Db,
    private readonly compute: () => unknown
  ) {}

  /** Writes the response (the route handler then returns undefined). */
  send(req: Request, res: Response): void {
    const version = dbVersion(this.db);
    let e = this.entry;
    if (!e || version === undefined || e.version !== version) {
      e = { version, body: Buffer.from(JSON.stringify(this.compute())) };
      if (version !== undefined) this.entry = e;
    }
    if (e.etag === undefined) {
      // the app's 'etag fn' setting, as res.send applies it (weak by default)
      const etagFn = req.app.get('etag fn') as ((body: Buffer) => string) | undefined;
      if (etagFn) e.etag = etagFn(e.body);
    }
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', String(e.body.length));
    if (e.etag) res.setHeader('ETag', e.etag);
    // what res.send(bytes) then does, without its type checks and header lookups
    if (req.fresh) {
      res.statusCode = 304;
      res.removeHeader('Content-Type');
      res.removeHeader('Content-Length');
      res.end();
    } else res.end(req.method === 'HEAD' ? undefined : e.body);
  }
}
