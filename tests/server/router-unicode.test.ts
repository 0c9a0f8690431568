/**
 * Invalid Unicode at the boundary (server/router.ts, server/http/body-parsers.ts, issue 18): every
 * write route of the route table, enumerated from server/routes.ts so a route added later is covered,
 * gets a lone UTF-16 surrogate (fast-check: anywhere in an otherwise valid string) in each string
 * field its body schema names, and in a key; each answers 400 INVALID_INPUT naming that field, and
 * nothing in the database or the log changes. JSON or a CSV import whose bytes are not UTF-8 is a 400 too.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { z } from 'zod';
import { allRoutes, type AnyRoute } from '../../server/routes.js';
import type { ErrorBody } from '../../server/http/error-handler.js';
import { startTestApp, withCsrf, type TestApp, type TestSession } from '../helpers/app.js';

let t: TestApp;
let admin: TestSession;
let writes: AnyRoute[];

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.loginAs('admin');
  writes = allRoutes(t.ctx).filter((d) => d.method !== 'get');
});
afterAll(async () => {
  await t.close();
});

const concretePath = (path: string) =>
  path.replace(/\{[^}]*\}/g, '').replace(/[:*][A-Za-z_][A-Za-z0-9_]*/g, '999999');

type Def = { type: string } & Record<string, unknown>;
const defOf = (s: unknown) => (s as { _zod: { def: Def } })._zod.def;

/** The paths of the string fields a body schema names (through wrappers, arrays and unions). */
function stringPaths(schema: unknown, path: (string | number)[] = []): (string | number)[][] {
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return [path];
    case 'object':
      return Object.entries(def.shape as Record<string, unknown>).flatMap(([k, v]) =>
        stringPaths(v, [...path, k])
      );
    case 'array':
      return stringPaths(def.element, [...path, 0]);
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return stringPaths(def.innerType, path);
    case 'pipe':
      return stringPaths(def.in, path);
    case 'union':
      return (def.options as unknown[]).flatMap((o) => stringPaths(o, path));
    case 'record':
      return stringPaths(def.valueType, [...path, 'key']);
    default:
      return [];
  }
}

/** A body with `bad` at `path`, containers made on the way. */
function bodyWith(path: (string | number)[], bad: string): unknown {
  if (path.length === 0) return bad;
  const [head, ...rest] = path;
  return typeof head === 'number' ? [bodyWith(rest, bad)] : { [head!]: bodyWith(rest, bad) };
}

/** Every table's rows, hashed (sessions aside: reading them touches nothing, but they are not data). */
function snapshot(): string {
  const h = createHash('sha256');
  const tables = t.ctx.db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all() as { name: string }[];
  for (const { name } of tables) {
    if (name === 'sessions') continue;
    h.update(name);
    h.update(JSON.stringify(t.ctx.db.prepare(`SELECT * FROM "${name}"`).raw().all()));
  }
  return `${h.digest('hex')}:${t.ctx.tlog.size()}`;
}

/** A string with exactly one lone surrogate somewhere in otherwise valid text. */
const withLoneSurrogate = fc
  .tuple(
    fc.string({ unit: 'binary', maxLength: 8 }),
    fc.integer({ min: 0xd800, max: 0xdfff }),
    fc.string({ unit: 'binary', maxLength: 8 })
  )
  .map(([a, unit, b]) => a + String.fromCharCode(unit) + b);

async function send(def: AnyRoute, body: unknown) {
  return admin.agent[def.method](concretePath(def.path))
    .set(withCsrf(admin))
    .send(body as object);
}

describe('lone surrogates in every write route', () => {
  it('does find the write routes, string fields included', () => {
    expect(writes.length).toBeGreaterThanOrEqual(30);
    const fields = writes.flatMap((d) => (d.body ? stringPaths(d.body as z.ZodType) : []));
    expect(fields.length).toBeGreaterThanOrEqual(40);
  });

  it('does answer 400 naming the field, and write nothing', async () => {
    const before = snapshot();
    const seen: string[] = [];
    for (const def of writes) {
      const paths = def.body ? stringPaths(def.body as z.ZodType) : [];
      // A route without string fields (or without a body) still gets a bad string somewhere.
      const targets = paths.length > 0 ? paths : [['note']];
      await fc.assert(
        fc.asyncProperty(withLoneSurrogate, async (bad) => {
          for (const path of targets) {
            const res = await send(def, bodyWith(path, bad));
            const field = ['body', ...path].join('.');
            expect([def.path, field, res.status, res.body.error?.code]).toEqual([
              def.path,
              field,
              400,
              'INVALID_INPUT',
            ]);
            expect(res.body.error.issues).toEqual([{ path: field, message: expect.any(String) }]);
            seen.push(`${def.method} ${def.path}`);
          }
        }),
        { numRuns: 4 }
      );
      // and in a key
      const res = await send(def, { [`k\uDC00ey`]: 1 });
      expect([def.path, res.status, res.body.error?.issues?.[0]?.path]).toEqual([
        def.path,
        400,
        'body.k\uFFFDey',
      ]);
    }
    expect(new Set(seen).size).toBe(writes.length);
    expect(snapshot()).toBe(before);
  });

  it('does answer 400 to JSON or a CSV import whose bytes are not UTF-8', async () => {
    const before = snapshot();
    const bad = Buffer.from([0xed, 0xa0, 0x80]);
    // raw bytes (supertest would serialize a Buffer as JSON); sign-in needs no session
    const res = await fetch(`${t.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: Buffer.concat([Buffer.from('{"username":"'), bad, Buffer.from('","password":"x"}')]),
    });
    const json = { status: res.status, body: (await res.json()) as { error?: ErrorBody['error'] } };
    expect([json.status, json.body.error?.code, json.body.error?.issues?.[0]?.path]).toEqual([
      400,
      'INVALID_INPUT',
      'body',
    ]);
    // a CSV's bad bytes are named by the CSV reader, with their row
    const csv = await admin.agent
      .post('/api/experts/import')
      .set(withCsrf(admin))
      .set('Content-Type', 'text/csv; charset=utf-8')
      .send(Buffer.concat([Buffer.from('registry_no,full_name_ru\nE-1,'), bad, Buffer.from('\n')]));
    expect([csv.status, csv.body.error?.code]).toEqual([400, 'CSV_INVALID']);
    expect(JSON.stringify(csv.body)).toContain('CSV_NOT_UTF8');
    expect(snapshot()).toBe(before);
  });
});
