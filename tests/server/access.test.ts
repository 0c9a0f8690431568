/**
 * The access gate, enumerated from the app's own route table (server/routes.ts allRoutes), so a
 * route added later is covered without touching this file: every non-public route answers 401 without
 * a session and 403 to each lower role; every non-public write without the CSRF token is refused; the
 * right role passes the gate. Also checks that no /api route is served outside the table.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { allRoutes, type AnyRoute } from '../../server/routes.js';
import { Role, roleAtLeast } from '../../shared/api/auth.js';
import {
  startTestApp,
  withCsrf,
  type TestAgent,
  type TestApp,
  type TestSession,
} from '../helpers/app.js';

/** Path params become a value that names nothing, so handlers reached by the right role change nothing. */
const DUMMY = '999999';
function concretePath(path: string): string {
  return path
    .replace(/\{[^}]*\}/g, '') // express 5 optional segments: leave them out
    .replace(/[:*][A-Za-z_][A-Za-z0-9_]*/g, DUMMY);
}

function send(agent: TestAgent, def: AnyRoute, headers: Record<string, string> = {}) {
  const req = agent[def.method](concretePath(def.path)).set(headers);
  return def.method === 'get' ? req : req.send({});
}

const GATE_CODES = ['UNAUTHENTICATED', 'FORBIDDEN', 'CSRF_TOKEN_INVALID'];

let t: TestApp;
const sessions = {} as Record<Role, TestSession>;
let routes: AnyRoute[];
let guarded: AnyRoute[];
const label = (d: AnyRoute) => `${d.method.toUpperCase()} ${d.path} (${d.access})`;

beforeAll(async () => {
  t = await startTestApp();
  for (const role of Role.options) sessions[role] = await t.loginAs(role);
  routes = allRoutes(t.ctx);
  guarded = routes.filter((d) => d.access !== 'public');
});
afterAll(async () => {
  await t.close();
});

describe('access control over the whole route table', () => {
  it('does find routes of every kind in the table, each path and method once', () => {
    expect(guarded.map((d) => d.path)).toEqual(
      expect.arrayContaining(['/api/auth/me', '/api/accounts'])
    );
    expect(routes.some((d) => d.access === 'public')).toBe(true);
    const keys = routes.map((d) => `${d.method} ${d.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('does serve no /api route that is missing from the table', () => {
    type Layer = {
      route?: { path: string; methods: Record<string, boolean> };
      handle?: { stack?: Layer[] };
    };
    const found: string[] = [];
    const walk = (stack: Layer[]) => {
      for (const layer of stack) {
        if (layer.route)
          for (const m of Object.keys(layer.route.methods))
            if (m !== '_all') found.push(`${m} ${layer.route.path}`);
        if (layer.handle?.stack) walk(layer.handle.stack);
      }
    };
    walk((t.app as unknown as { router: { stack: Layer[] } }).router.stack);
    const table = new Set(routes.map((d) => `${d.method} ${d.path}`));
    const outside = found.filter((k) => k.split(' ')[1]!.startsWith('/api') && !table.has(k));
    expect(outside).toEqual([]);
    expect(found.length).toBeGreaterThanOrEqual(routes.length);
  });

  it('does answer 401 UNAUTHENTICATED to every non-public route without a session', async () => {
    for (const def of guarded) {
      const res = await send(t.agent, def);
      expect([label(def), res.status, res.body?.error?.code]).toEqual([
        label(def),
        401,
        'UNAUTHENTICATED',
      ]);
    }
  });

  it('does answer 401 to every non-public route when the cookie names no session', async () => {
    const forged = { Cookie: `adal_session=${'A'.repeat(43)}`, 'X-CSRF-Token': 'x' };
    for (const def of guarded) {
      const res = await send(t.agent, def, forged);
      expect([label(def), res.status]).toEqual([label(def), 401]);
    }
  });

  it('does answer 403 FORBIDDEN to each role below the one a route needs', async () => {
    let checked = 0;
    for (const def of guarded) {
      for (const role of Role.options.filter((r) => !roleAtLeast(r, def.access as Role))) {
        const s = sessions[role];
        const res = await send(s.agent, def, withCsrf(s));
        expect([label(def), role, res.status, res.body?.error?.code]).toEqual([
          label(def),
          role,
          403,
          'FORBIDDEN',
        ]);
        checked += 1;
      }
    }
    // the admin routes alone give two lower roles each
    expect(checked).toBeGreaterThanOrEqual(2);
  });

  it('does refuse every non-public write without the CSRF token, or with a wrong one', async () => {
    const writes = guarded.filter((d) => d.method !== 'get');
    expect(writes.length).toBeGreaterThan(0);
    for (const def of writes) {
      const role = def.access as Role;
      const s = sessions[role];
      // another live session's token is as wrong as none
      const other = sessions[role === 'admin' ? 'observer' : 'admin'];
      for (const [how, headers] of [
        ['none', {}],
        ['empty', withCsrf({ csrf: '' })],
        ['other session', withCsrf(other)],
        ['cookie value', { 'X-CSRF-Token': 'A'.repeat(43) }],
      ] as const) {
        const res = await send(s.agent, def, headers);
        expect([label(def), how, res.status, res.body?.error?.code]).toEqual([
          label(def),
          how,
          403,
          'CSRF_TOKEN_INVALID',
        ]);
      }
    }
  });

  it('does keep the public side read-only: every public route is a GET, except sign-in', () => {
    const publicWrites = routes
      .filter((d) => d.access === 'public' && d.method !== 'get')
      .map((d) => `${d.method} ${d.path}`);
    expect(publicWrites).toEqual(['post /api/auth/login']);
  });

  it('does let the needed role and every higher role through the gate, without a 500', async () => {
    for (const def of guarded) {
      for (const role of Role.options.filter((r) => roleAtLeast(r, def.access as Role))) {
        const s = sessions[role];
        const res = await send(s.agent, def, withCsrf(s));
        expect([label(def), role, GATE_CODES.includes(res.body?.error?.code)]).toEqual([
          label(def),
          role,
          false,
        ]);
        expect([label(def), role, res.status < 500]).toEqual([label(def), role, true]);
        // a route may end the session (logout); sign in again so the next route sees this role
        if ((await s.agent.get('/api/auth/me')).status !== 200)
          sessions[role] = await t.loginAs(role, {
            username: s.user.username,
            password: s.password,
          });
      }
    }
  });

  it('does serve a public route without a session', async () => {
    const res = await t.agent.get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
  });
});
