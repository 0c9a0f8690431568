/**
 * The log asking witnesses (server/log/cosigning.ts) when witnesses misbehave, over real HTTP on
 * 127.0.0.1: a witness that never answers and one that answers with a line its key did not make.
 * Writes are acknowledged while those requests are still in flight (nothing waits for a witness),
 * each failure is recorded for its witness only, and nothing unverified is stored or served.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ed25519 } from '@noble/curves/ed25519.js';
import {
  cosignCheckpoint,
  ed25519Cosigner,
  formatCosignerKey,
} from '../../../shared/cosignature.js';
import { parseNote } from '../../../shared/note.js';
import { parseWitnessList } from '../../../server/log/witness-list.js';
import { appendLogEntry } from '../../../server/log/transparency-log.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';

const servers: Server[] = [];
const apps: TestApp[] = [];
afterAll(async () => {
  for (const a of apps) await a.close();
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const s = createServer(handler);
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

const seed = (i: number) => new Uint8Array(32).fill(i);
const vkeyOf = (name: string, i: number) => formatCosignerKey(name, ed25519.getPublicKey(seed(i)));

describe('the log asking witnesses that misbehave', () => {
  it('does acknowledge writes while a witness hangs, and store no line that is not its own', async () => {
    let hung = 0;
    let dropped = 0;
    const hanging = await listen((req) => {
      hung++; // accepts the request and never answers; the log's timeout drops it
      req.socket.on('close', () => dropped++);
    });
    // signs with key 9 but is configured with key 2's vkey under the same name
    const impostor = await listen((req, res) => {
      let body = '';
      req.setEncoding('utf8').on('data', (d: string) => (body += d));
      req.on('end', () => {
        const note = body.slice(body.indexOf('\n\n') + 2);
        const line = cosignCheckpoint(
          parseNote(note).text,
          ed25519Cosigner('b.example/w', seed(9)),
          1_700_000_000
        );
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end(`${line}\n`);
      });
    });
    const t = await startTestApp({
      config: {
        WITNESSES: parseWitnessList(
          `slow ${hanging} ${vkeyOf('a.example/w', 1)}\nfake ${impostor} ${vkeyOf('b.example/w', 2)}`
        ),
        WITNESS_TIMEOUT_MS: 1000,
        WITNESS_INTERVAL_MS: 100_000,
      },
    });
    apps.push(t);
    const cosigning = t.ctx.cosigning!;
    cosigning.ask();
    while (hung === 0) await new Promise((r) => setTimeout(r, 10));
    // a write goes through while the slow witness still holds the request
    const done = await t.ctx.tlog.write(() =>
      appendLogEntry(t.ctx, {
        type: 'registry.expert_created',
        actor: 'admin',
        subject: { kind: 'expert', id: 'x-1' },
        data: { registryNo: 'x-1', regions: ['KZ-ALA'] },
      })
    );
    expect(done.index).toBe(0);
    expect([hung, dropped]).toEqual([1, 0]);
    await cosigning.settled();
    const status = cosigning.status();
    expect(status.map((s) => [s.name, s.cosignedSize, s.conflict])).toEqual([
      ['slow', null, false],
      ['fake', null, false],
    ]);
    expect(status[0]!.lastError).toMatch(/^no answer \(TimeoutError\)$/);
    expect(status[1]!.lastError).toBe(`no line that verifies under ${vkeyOf('b.example/w', 2)}`);
    expect(hung).toBe(3); // bounded retries: three attempts, then it waits for the next ask
    const served = (await (await fetch(`${t.baseUrl}/api/public/log/checkpoint`)).json()) as {
      note: string;
    };
    expect(served.note.match(/^— /gm)).toHaveLength(1);
    expect((await fetch(`${t.baseUrl}/api/public/log/checkpoint/witnessed`)).status).toBe(404);
  }, 60_000);
});
