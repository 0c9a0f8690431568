/**
 * One look of the monitor (auditor/monitor/monitor.ts monitorOnce) at a real app over HTTP, through a
 * proxy on 127.0.0.1 that can lie the way a compromised server would: an older checkpoint served as
 * the latest (ROLLBACK), an entry's data changed (ENTRIES), a checkpoint whose signature does not
 * verify (SIGNATURE). Honest looks go on from the remembered state, checking only new entries.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorOnce, MonitorProblem } from '../../../auditor/monitor/monitor.js';
import type { MonitorState } from '../../../auditor/monitor/monitor-state.js';
import { appendLogEntry } from '../../../server/log/transparency-log.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of closers) await c();
});

type Lie = (path: string, body: string) => string;

/** Forwards GETs to the app, passing each answer body through `lie.current`. */
async function proxy(target: string, lie: { current: Lie }): Promise<URL> {
  const s: Server = createServer((req, res) => {
    void (async () => {
      const r = await fetch(`${target}${req.url}`);
      const body = lie.current(req.url!, await r.text());
      res.writeHead(r.status, { 'Content-Type': 'application/json' }).end(body);
    })();
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => s.close(() => r())));
  return new URL(`http://127.0.0.1:${(s.address() as AddressInfo).port}`);
}

function grow(t: TestApp, n: number, tag: string): void {
  for (let i = 0; i < n; i++)
    t.ctx.db.transaction(() =>
      appendLogEntry(t.ctx, {
        type: 'registry.expert_created',
        actor: 'admin',
        subject: { kind: 'expert', id: `${tag}-${i}` },
        data: { registryNo: `${tag}-${i}`, regions: ['KZ-ALA'] },
      })
    )();
}

async function problemOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof MonitorProblem) return `${e.kind}: ${e.message}`;
    throw e;
  }
  return 'no problem';
}

describe('monitorOnce', () => {
  it('does follow an honest log and name a rollback, a changed entry and a bad signature', async () => {
    const t = await startTestApp();
    closers.push(() => t.close());
    const vkey = t.ctx.tlog.vkey;
    const honest: Lie = (_p, b) => b;
    const lie = { current: honest };
    const base = await proxy(t.baseUrl, lie);

    grow(t, 5, 'a');
    const first = await monitorOnce(base, vkey, null);
    expect([first.state.size, first.entries]).toEqual([5, 5]);
    const old = (await (await fetch(`${t.baseUrl}/api/public/log/checkpoint`)).text()) as string;
    grow(t, 4, 'b');
    const second = await monitorOnce(base, vkey, first.state);
    expect([second.state.size, second.entries]).toEqual([9, 4]);
    const held: MonitorState = second.state;

    lie.current = (p, b) => (p === '/api/public/log/checkpoint' ? old : b);
    expect(await problemOf(monitorOnce(base, vkey, held))).toBe(
      'ROLLBACK: the log serves size 5 as its latest checkpoint after this monitor verified 9'
    );

    grow(t, 2, 'c');
    lie.current = (p, b) => (p.startsWith('/api/public/log/entries') ? b.replace('c-1', 'c-X') : b);
    expect(await problemOf(monitorOnce(base, vkey, held))).toBe(
      'ENTRIES: entry 10: its leaf hash does not match its data'
    );

    lie.current = (p, b) =>
      p === '/api/public/log/checkpoint'
        ? b.replace(/— (\S+) (\S)/, (_m, n, c) => `— ${n} ${c === 'A' ? 'B' : 'A'}`)
        : b;
    expect(await problemOf(monitorOnce(base, vkey, held))).toMatch(
      /^SIGNATURE: the latest checkpoint does not verify \(/
    );

    lie.current = honest;
    const third = await monitorOnce(base, vkey, held);
    expect([third.state.size, third.entries]).toEqual([11, 2]);
  }, 60_000);
});
