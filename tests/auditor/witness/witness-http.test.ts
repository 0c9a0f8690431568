/**
 * The witness (auditor/witness/) over real HTTP on 127.0.0.1 with a test clock: the add-checkpoint
 * request sequences published by Sunlight and transparency-dev's witness, every status code and
 * rule of c2sp.org/tlog-witness on checkpoints of a log signed here, the fork evidence it keeps,
 * the monitoring read, and the bounds of its HTTP interface. Every cosignature it answers is checked
 * by the independent node:crypto check written from the spec (tests/helpers/independent-cosignature).
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { concatBytes, fromBase64, toBase64, toHex, utf8 } from '../../../shared/bytes.js';
import { signCheckpoint } from '../../../shared/checkpoint.js';
import {
  countValidCosignatures,
  ed25519Cosigner,
  formatCosignerKey,
  parseCosignerKey,
} from '../../../shared/cosignature.js';
import { sha256 } from '../../../shared/hash.js';
import { consistencyProof, leafHash, rootHash } from '../../../shared/merkle.js';
import {
  ed25519Signer,
  formatVerifierKey,
  parseNote,
  parseVerifierKey,
  verifyNote,
  type NoteSigner,
  type NoteVerifier,
} from '../../../shared/note.js';
import { WitnessState } from '../../../shared/schemas/witness.js';
import { Witness } from '../../../auditor/witness/witness.js';
import { createWitnessServer } from '../../../auditor/witness/witness-server.js';
import { WitnessStateError } from '../../../auditor/witness/witness-state.js';
import type { WitnessKey } from '../../../auditor/witness/witness-key.js';
import { independentCosignatureCheck, noteTextOf } from '../../helpers/independent-cosignature.js';
import vectors from '../../vectors/witness.json' with { type: 'json' };

const dirs: string[] = [];
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of closers) await c();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function witnessKey(name: string, seed: Uint8Array): WitnessKey {
  return {
    name,
    vkey: formatCosignerKey(name, ed25519.getPublicKey(seed)),
    cosigner: ed25519Cosigner(name, seed),
  };
}

interface Running {
  base: string;
  witness: Witness;
  vkey: string;
  stateFile: string;
  reports: string[];
  clock: { now: number };
}

async function startWitness(
  logs: Map<string, NoteVerifier[]>,
  opts: { name?: string; stateFile?: string } = {}
): Promise<Running> {
  let stateFile = opts.stateFile;
  if (!stateFile) {
    const dir = mkdtempSync(join(tmpdir(), 'adal-witness-'));
    dirs.push(dir);
    stateFile = join(dir, 'state.json');
  }
  const name = opts.name ?? 'example.com/witness';
  const key = witnessKey(name, sha256(utf8(`test witness ${name}`)));
  const clock = { now: 1_767_139_200 };
  const reports: string[] = [];
  const witness = new Witness({
    key,
    logs,
    stateFile,
    clock: () => clock.now,
    report: (l) => reports.push(l),
  });
  const server = createWitnessServer(witness, (l) => reports.push(l));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })
  );
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, witness, vkey: key.vkey, stateFile, reports, clock };
}

async function post(w: Running, body: string | Uint8Array, path = '/add-checkpoint') {
  const res = await fetch(w.base + path, {
    method: 'POST',
    body: typeof body === 'string' ? body : Buffer.from(body),
  });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

/** Checks a 200 answer: one line, a valid cosignature on the note's text at the witness clock. */
function expectCosigned(w: Running, answer: { status: number; text: string }, note: string) {
  expect(answer.status).toBe(200);
  expect(answer.text.endsWith('\n')).toBe(true);
  const lines = answer.text.slice(0, -1).split('\n');
  expect(lines).toHaveLength(1);
  expect(independentCosignatureCheck(lines[0]!, noteTextOf(note), w.vkey)).toBe(
    BigInt(w.clock.now)
  );
  expect(countValidCosignatures(note + answer.text, [parseCosignerKey(w.vkey)])).toBe(1);
}

const stateOnDisk = (w: Running) =>
  WitnessState.parse(JSON.parse(readFileSync(w.stateFile, 'utf8')));

describe('published add-checkpoint sequences', () => {
  it('does answer the Sunlight / litewitness sequence as the current spec says', async () => {
    const seq = vectors.add_checkpoint.sunlight_sequence;
    const log = parseVerifierKey(seq.log_vkey);
    const w = await startWitness(new Map([[log.name, [log]]]));
    for (const [i, q] of seq.requests.entries()) {
      const a = await post(w, q.request_body);
      if (q.name === 'invalid signature') {
        // its last base64 character leaves non-zero padding bits: Go decodes it leniently (then
        // 403), our decoding is canonical, so the note is already malformed (the vector says so)
        expect([i, a.status, a.text]).toEqual([i, 400, expect.stringContaining('invalid input')]);
        // the 403 itself: the same request with one signature bit flipped, canonically encoded
        const grow = seq.requests.find((r) => r.name === 'grow to size 3')!.request_body;
        const flipped = await post(w, flipSignatureBit(grow));
        expect([i, flipped.status, flipped.text]).toEqual([
          i,
          403,
          expect.stringContaining('invalid signature'),
        ]);
        continue;
      }
      expect([i, q.name, a.status]).toEqual([i, q.name, q.expected_status]);
      expect([i, a.text]).toEqual([i, expect.stringContaining(q.response_body_contains)]);
      if (a.status === 200)
        expectCosigned(w, a, q.request_body.slice(q.request_body.indexOf('\n\n') + 2));
      if (a.status === 409) {
        expect(a.type).toBe('text/x.tlog.size');
        expect(a.text).toBe(q.response_body_contains);
      }
    }
    // the two bad proofs for one checkpoint are one piece of evidence, printed once and kept
    expect(w.reports).toHaveLength(1);
    expect(w.reports[0]).toMatch(/^POSSIBLE FORK EVIDENCE \{/);
    const kept = stateOnDisk(w);
    expect(kept.forks.map((f) => [f.kind, f.oldSize])).toEqual([['inconsistent-proof', 1]]);
    expect(kept.logs[log.name]!.size).toBe(5);
  });

  it('does take transparency-dev’s checkpoint 5 and then 8 with its consistency proof', async () => {
    const td = vectors.add_checkpoint.transparency_dev_witness;
    const log = parseVerifierKey(td.log_vkey);
    const w = await startWitness(new Map([[log.name, [log]]]));
    expectCosigned(w, await post(w, `old 0\n\n${td.stored_checkpoint}`), td.stored_checkpoint);
    w.clock.now += 60;
    const note = td.request_body.slice(td.request_body.indexOf('\n\n') + 2);
    expectCosigned(w, await post(w, td.request_body), note);
    const again = await post(w, td.request_body);
    expect([again.status, again.type, again.text]).toEqual([409, 'text/x.tlog.size', '8\n']);
  });
});

/** The request with the last byte of its first signature flipped, re-encoded canonically. */
function flipSignatureBit(body: string): string {
  const at = body.lastIndexOf('\n— ');
  const line = body.slice(at + 1, -1);
  const [dash, name, b64] = line.split(' ') as [string, string, string];
  const raw = fromBase64(b64);
  raw[raw.length - 1]! ^= 1;
  return `${body.slice(0, at + 1)}${dash} ${name} ${toBase64(raw)}\n`;
}

describe('the tlog-witness rules on a log signed here', () => {
  const ORIGIN = 'adal.example/log';
  const logSigner = ed25519Signer(ORIGIN, sha256(utf8('adal witness test log')));
  const logKey = parseVerifierKey(
    formatVerifierKey(ORIGIN, ed25519.getPublicKey(sha256(utf8('adal witness test log'))))
  );
  const forger = ed25519Signer(ORIGIN, sha256(utf8('not the log')));
  const leaves = Array.from({ length: 40 }, (_, i) => leafHash(utf8(`entry ${i}`)));
  const other = Array.from({ length: 40 }, (_, i) => leafHash(utf8(`other ${i}`)));
  const cp = (
    size: number,
    opts: { from?: Uint8Array[]; signer?: NoteSigner; ext?: string[] } = {}
  ) =>
    signCheckpoint(
      {
        origin: ORIGIN,
        size,
        rootHash: rootHash((opts.from ?? leaves).slice(0, size)),
        extensions: opts.ext ?? [],
      },
      opts.signer ?? logSigner
    );
  const req = (old: number, proof: Uint8Array[], note: string) =>
    `old ${old}\n${proof.map((h) => toBase64(h) + '\n').join('')}\n${note}`;
  const proof = (from: number, to: number, tree = leaves) =>
    consistencyProof(from, tree.slice(0, to));

  it('does apply each rule in the order of the spec', async () => {
    const w = await startWitness(new Map([[ORIGIN, [logKey]]]));
    const status = async (body: string) => (await post(w, body)).status;

    // size 0: only the empty tree's root, and from old 0 only an empty proof
    const badEmpty = signCheckpoint(
      { origin: ORIGIN, size: 0, rootHash: sha256(utf8('x')), extensions: [] },
      logSigner
    );
    expect(await status(req(0, [], badEmpty))).toBe(422);
    expectCosigned(w, await post(w, req(0, [], cp(0))), cp(0));
    expect(await status(req(0, [leaves[0]!], cp(3)))).toBe(422);
    expectCosigned(w, await post(w, req(0, [], cp(3))), cp(3));
    // the origin, then the signature, then the sizes
    const unknown = signCheckpoint(
      {
        origin: 'other.example/log',
        size: 5,
        rootHash: rootHash(leaves.slice(0, 5)),
        extensions: [],
      },
      ed25519Signer('other.example/log', sha256(utf8('o')))
    );
    const u = await post(w, req(3, proof(3, 5), unknown));
    expect([u.status, u.text]).toEqual([404, expect.stringContaining('unknown log')]);
    expect(await status(req(3, proof(3, 5), cp(5, { signer: forger })))).toBe(403);
    // a forged line with the log's name and key ID fails verification: 403, even beside a good one
    const forgedLine = parseNote(cp(5, { signer: forger })).signatures[0]!;
    const withForged = `${cp(5)}— ${ORIGIN} ${toBase64(concatBytes(logKey.keyId, forgedLine.signature))}\n`;
    expect(await status(req(3, proof(3, 5), withForged))).toBe(403);
    expect(await status(req(6, proof(3, 5), cp(5)))).toBe(400);
    const stale = await post(w, req(1, proof(1, 5), cp(5)));
    expect([stale.status, stale.type, stale.text]).toEqual([409, 'text/x.tlog.size', '3\n']);
    // a wrong proof for a real checkpoint: refused, and reported as a possible fork (only the
    // log's own proof between the two can tell a fork from a bad proof)
    expect(await status(req(3, proof(2, 5), cp(5)))).toBe(422);
    expect(w.reports).toEqual([expect.stringMatching(/^POSSIBLE FORK EVIDENCE \{/)]);
    expect(w.witness.latest(ORIGIN)!.size).toBe(3);

    // same size: same root is cosigned again (later); a non-empty proof is not
    w.clock.now += 10;
    expectCosigned(w, await post(w, req(3, [], cp(3))), cp(3));
    expect(w.witness.latest(ORIGIN)!.cosignedAt).toBe(w.clock.now);
    expect(await status(req(3, [leaves[0]!], cp(3)))).toBe(422);
    expect(w.reports).toHaveLength(1);

    // a consistent extension with an extension line: cosigned over the whole body, unknown
    // signature lines dropped from what is kept
    const ext = cp(7, { ext: ['prev abc', 'more'] });
    const stranger = ed25519Signer('stranger.example', sha256(utf8('s')));
    const noisy = `${ext}— ${stranger.name} ${toBase64(concatBytes(stranger.keyId, stranger.sign(utf8('x'))))}\n`;
    expectCosigned(w, await post(w, req(3, proof(3, 7), noisy)), ext);
    expect(stateOnDisk(w).logs[ORIGIN]!.checkpoint).toBe(ext);
  });

  it('does refuse a fork and keep its evidence: same size, other root; a proof that fails', async () => {
    const w = await startWitness(new Map([[ORIGIN, [logKey]]]));
    expectCosigned(w, await post(w, req(0, [], cp(5))), cp(5));
    const fork5 = cp(5, { from: other });
    const a = await post(w, req(5, [], fork5));
    expect([a.status, a.text]).toEqual([422, expect.stringContaining('root differs')]);
    const fork9 = cp(9, { from: other });
    const b = await post(w, req(5, proof(5, 9, other), fork9));
    expect([b.status, b.text]).toEqual([422, expect.stringContaining('consistency proof')]);
    // the witness still holds and extends the first view
    expectCosigned(w, await post(w, req(5, proof(5, 9), cp(9))), cp(9));

    expect(w.reports.map((r) => r.split(' {')[0])).toEqual([
      'FORK EVIDENCE',
      'POSSIBLE FORK EVIDENCE',
    ]);
    const printed = JSON.parse(w.reports[0]!.slice(w.reports[0]!.indexOf('{')));
    const { forks } = stateOnDisk(w);
    expect(forks[0]).toEqual(printed);
    expect(forks[0]).toEqual({
      origin: ORIGIN,
      kind: 'same-size-different-root',
      seenAt: w.clock.now,
      held: cp(5),
      shown: fork5,
      oldSize: 5,
      proof: [],
    });
    expect(forks[1]).toMatchObject({
      kind: 'inconsistent-proof',
      held: cp(5),
      shown: fork9,
      oldSize: 5,
      proof: proof(5, 9, other).map(toBase64),
    });
    // both held and shown carry the log's valid signature: anyone can check the evidence
    for (const f of forks) {
      expect(verifyNote(f.held, [logKey]).ok).toBe(true);
      expect(verifyNote(f.shown, [logKey]).ok).toBe(true);
    }
    // the fork goes on against the new view: each new conflicting checkpoint is kept once
    expect((await post(w, req(9, [], cp(9, { from: other })))).status).toBe(422);
    expect((await post(w, req(9, proof(9, 12, other), cp(12, { from: other })))).status).toBe(422);
    expect(w.reports).toHaveLength(4);
    expect((await post(w, req(9, [], cp(9, { from: other })))).status).toBe(422);
    expect((await post(w, req(9, [other[0]!], cp(12, { from: other })))).status).toBe(422);
    expect(w.reports).toHaveLength(4);
    expect(stateOnDisk(w).forks).toHaveLength(4);
  });

  it('does let exactly one of many concurrent requests from the same size through', async () => {
    const w = await startWitness(new Map([[ORIGIN, [logKey]]]));
    expectCosigned(w, await post(w, req(0, [], cp(4))), cp(4));
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => post(w, req(4, proof(4, 5 + i), cp(5 + i))))
    );
    const ok = answers.filter((a) => a.status === 200);
    expect(ok).toHaveLength(1);
    const size = w.witness.latest(ORIGIN)!.size;
    expect(answers.filter((a) => a.status === 409).map((a) => a.text)).toEqual(
      Array(19).fill(`${size}\n`)
    );
    expect(stateOnDisk(w).logs[ORIGIN]!.size).toBe(size);
  });

  it('does serve the latest cosigned checkpoint by the hash of its origin', async () => {
    const w = await startWitness(new Map([[ORIGIN, [logKey]]]), { name: 'w.example/monitor' });
    const path = `/${toHex(sha256(utf8(ORIGIN)))}/checkpoint`;
    expect((await fetch(w.base + path)).status).toBe(404);
    await post(w, req(0, [], cp(6)));
    const res = await fetch(w.base + path);
    const note = await res.text();
    expect(res.status).toBe(200);
    expect(verifyNote(note, [logKey]).ok).toBe(true);
    expect(countValidCosignatures(note, [parseCosignerKey(w.vkey)])).toBe(1);
    expect(noteTextOf(note)).toBe(noteTextOf(cp(6)));
    const monitoring = vectors.add_checkpoint.monitoring_origin_hash;
    expect(toHex(sha256(utf8(monitoring.origin)))).toBe(monitoring.sha256_hex);
  });

  it('does keep its state across a restart and refuse a damaged one', async () => {
    const w = await startWitness(new Map([[ORIGIN, [logKey]]]));
    await post(w, req(0, [], cp(6)));
    const again = await startWitness(new Map([[ORIGIN, [logKey]]]), { stateFile: w.stateFile });
    expect(again.witness.latest(ORIGIN)).toEqual(w.witness.latest(ORIGIN));
    const stale = await post(again, req(0, [], cp(6)));
    expect([stale.status, stale.text]).toEqual([409, '6\n']);

    const state = JSON.parse(readFileSync(w.stateFile, 'utf8'));
    state.logs[ORIGIN].size = 7;
    writeFileSync(w.stateFile, JSON.stringify(state));
    expect(
      () =>
        new Witness({
          key: witnessKey('x', new Uint8Array(32)),
          logs: new Map(),
          stateFile: w.stateFile,
          clock: () => 1,
          report: () => {},
        })
    ).toThrowWithCode(WitnessStateError, 'WITNESS_STATE_INVALID');
    writeFileSync(w.stateFile, '{"version":1,');
    expect(
      () =>
        new Witness({
          key: witnessKey('x', new Uint8Array(32)),
          logs: new Map(),
          stateFile: w.stateFile,
          clock: () => 1,
          report: () => {},
        })
    ).toThrowWithCode(WitnessStateError, 'WITNESS_STATE_INVALID');
  });

  it('does never cosign at time 0, and changes nothing when it cannot', async () => {
    const w = await startWitness(new Map([[ORIGIN, [logKey]]]));
    w.clock.now = 0;
    expect((await post(w, req(0, [], cp(2)))).status).toBe(500);
    expect(w.witness.latest(ORIGIN)).toBeUndefined();
    expect(w.reports).toEqual([expect.stringContaining('internal error')]);
  });
});

describe('the HTTP interface', () => {
  const ORIGIN = 'adal.example/log';
  const logKey = parseVerifierKey(
    formatVerifierKey(ORIGIN, ed25519.getPublicKey(sha256(utf8('adal witness test log'))))
  );

  it('does refuse other methods, paths, oversized and non-UTF-8 bodies', async () => {
    const w = await startWitness(new Map([[ORIGIN, [logKey]]]));
    const get = await fetch(`${w.base}/add-checkpoint`);
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
    expect((await fetch(`${w.base}/nothing`)).status).toBe(404);
    expect((await post(w, 'x', '/elsewhere')).status).toBe(404);
    const big = await post(w, `old 0\n\n${'a'.repeat(200 * 1024)}`);
    expect(big.status).toBe(413);
    // without a Content-Length: counted as it streams in
    const chunks = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(utf8('old 0\n\n'));
        for (let i = 0; i < 200; i++) c.enqueue(new Uint8Array(1024).fill(0x61));
        c.close();
      },
    });
    const streamed = await fetch(`${w.base}/add-checkpoint`, {
      method: 'POST',
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    const bad = await post(w, new Uint8Array([0x6f, 0x6c, 0x64, 0x20, 0xff, 0x0a]));
    expect([bad.status, bad.text]).toEqual([400, expect.stringContaining('invalid input')]);
    expect((await post(w, '')).status).toBe(400);
    expect(w.witness.latest(ORIGIN)).toBeUndefined();
  });
});
