/**
 * The console's "Log witnesses" panel in a real browser: the server asks two witnesses over real
 * HTTP on 127.0.0.1 — one answers with a valid cosignature, one is down — and after a draw milestone
 * the operator's draws screen says which of them cosigned that checkpoint, and which has not yet.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ed25519 } from '@noble/curves/ed25519.js';
import type { Browser } from 'playwright-core';
import { cosignCheckpoint, ed25519Cosigner, formatCosignerKey } from '../../shared/cosignature.js';
import { parseNote } from '../../shared/note.js';
import { parseWitnessList } from '../../server/log/witness-list.js';
import type { TestApp } from '../helpers/app.js';
import { launchBrowser, startPageServer } from '../helpers/browser.js';
import { openConsole } from './console-helpers.js';

let browser: Browser;
let t: TestApp;
let witness: Server;
const seed = new Uint8Array(32).fill(5);

beforeAll(async () => {
  // a witness that cosigns whatever it is sent (the protocol checks are its own tests' business)
  witness = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d));
    req.on('end', () => {
      const note = body.slice(body.indexOf('\n\n') + 2);
      const line = cosignCheckpoint(
        parseNote(note).text,
        ed25519Cosigner('ngo.example/w1', seed),
        1_767_139_200
      );
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end(`${line}\n`);
    });
  });
  await new Promise<void>((r) => witness.listen(0, '127.0.0.1', r));
  const up = `http://127.0.0.1:${(witness.address() as AddressInfo).port}`;
  const pub = ed25519.getPublicKey(seed);
  t = await startPageServer({
    config: {
      WITNESSES: parseWitnessList(
        `ngo ${up} ${formatCosignerKey('ngo.example/w1', pub)}\n` +
          `uni http://127.0.0.1:9 ${formatCosignerKey('uni.example/w1', ed25519.getPublicKey(new Uint8Array(32).fill(6)))}`
      ),
      WITNESS_TIMEOUT_MS: 500,
    },
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  witness?.closeAllConnections();
  await new Promise((r) => witness?.close(r));
});

describe('console log witnesses panel', () => {
  test('does show which witnesses cosigned the latest milestone', async () => {
    // a milestone as the draws feature announces one after its commit
    t.ctx.drawEvents!.emit('entry', { drawId: 'D-2026-0001', logIndex: 0, type: 'draw.announced' });
    await t.ctx.cosigning!.settled();
    const size = t.ctx.tlog.size();
    const op = await t.createUser('operator');
    const p = await openConsole(browser, t, op.username, '/draws', { lang: 'en' });
    const milestone = p.page.locator('#log-witnesses-milestone');
    await milestone.waitFor();
    expect(await milestone.textContent()).toBe(
      `Latest milestone checkpoint (size ${size}) cosigned by 1 of 2: ngo`
    );
    expect(await p.page.locator('li[data-witness="ngo"]').textContent()).toBe(
      `ngo — cosigned size ${size}`
    );
    expect(await p.page.locator('li[data-witness="uni"]').textContent()).toMatch(
      /^uni — has not cosigned yet no answer/
    );
    await p.context.close();
  }, 60_000);
});
