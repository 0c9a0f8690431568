import { describe, expect, it } from '@jest/globals';
import { fromBase64, toBase64 } from '../../shared/bytes.js';
import {
  appendCosignatures,
  formatAddCheckpointRequest,
  formatCosignatureResponse,
  formatTreeSize,
  MAX_ADD_CHECKPOINT_BYTES,
  MAX_PROOF_LINES,
  parseAddCheckpointRequest,
  parseCosignatureResponse,
  parseTreeSize,
} from '../../shared/add-checkpoint.js';
import { InputError } from '../../shared/errors.js';
import { parseNote } from '../../shared/note.js';
import vectors from '../vectors/witness.json' with { type: 'json' };

const spec = vectors.add_checkpoint.spec_example;
const hash = (b: number) => new Uint8Array(32).fill(b);
const MALFORMED = 'ADD_CHECKPOINT_MALFORMED';
/** The InputError code fn throws, so a loop can name the failing case. */
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof InputError ? e.code : String(e);
  }
  return 'no error';
};

describe('add-checkpoint request', () => {
  it('does parse the spec example and format it back byte for byte', () => {
    const r = parseAddCheckpointRequest(spec.request_body);
    expect(r.oldSize).toBe(20852014);
    expect(r.proof.map(toBase64)).toEqual(spec.request_body.split('\n').slice(1, 5));
    expect(r.checkpoint).toBe(spec.request_body.slice(spec.request_body.indexOf('\n\n') + 2));
    expect(parseNote(r.checkpoint).signatures).toHaveLength(2);
    expect(formatAddCheckpointRequest(r)).toBe(spec.request_body);
  });

  it('does parse every well-formed request of the vector sequences', () => {
    const bodies = [
      ...vectors.add_checkpoint.sunlight_sequence.requests.map((q) => q.request_body),
      vectors.add_checkpoint.transparency_dev_witness.request_body,
    ];
    for (const [i, body] of bodies.entries()) {
      const r = parseAddCheckpointRequest(body);
      expect([i, formatAddCheckpointRequest(r)]).toEqual([i, body]);
    }
  });

  it('does take old 0 with no proof, and up to 63 proof lines', () => {
    expect(parseAddCheckpointRequest('old 0\n\nnote\n').proof).toEqual([]);
    const proof = Array.from({ length: MAX_PROOF_LINES }, (_, i) => hash(i));
    const body = formatAddCheckpointRequest({ oldSize: 7, proof, checkpoint: 'x\n\n— a AAAA\n' });
    expect(parseAddCheckpointRequest(body).proof).toEqual(proof);
  });

  it('does refuse malformed bodies with ADD_CHECKPOINT_MALFORMED', () => {
    const h = toBase64(hash(1));
    const bad = [
      '',
      'old 1',
      'old 01\n\ncp\n',
      'old -1\n\ncp\n',
      'old 1.0\n\ncp\n',
      'old  1\n\ncp\n',
      'Old 1\n\ncp\n',
      'old 99999999999999999\n\ncp\n',
      'old 1\n',
      'old 1\n\n',
      `old 1\n${h}`,
      `old 1\n${h} \n\ncp\n`,
      `old 1\n${toBase64(new Uint8Array(31))}\n\ncp\n`,
      `old 1\n${h.slice(0, -2)}x=\n\ncp\n`,
      `old 1\n${`${h}\n`.repeat(MAX_PROOF_LINES + 1)}\ncp\n`,
      `old 1\n\n${'x'.repeat(MAX_ADD_CHECKPOINT_BYTES)}`,
      42 as unknown as string,
    ];
    for (const [i, body] of bad.entries())
      expect([i, codeOf(() => parseAddCheckpointRequest(body))]).toEqual([i, MALFORMED]);
  });

  it('does refuse to format what a witness would refuse', () => {
    const ok = { oldSize: 1, proof: [hash(1)], checkpoint: 'cp\n' };
    for (const r of [
      { ...ok, oldSize: -1 },
      { ...ok, oldSize: 1.5 },
      { ...ok, proof: [new Uint8Array(31)] },
      { ...ok, proof: Array.from({ length: MAX_PROOF_LINES + 1 }, () => hash(0)) },
      { ...ok, checkpoint: 'cp' },
    ])
      expect(() => formatAddCheckpointRequest(r)).toThrowWithCode(InputError, MALFORMED);
  });
});

describe('add-checkpoint answers', () => {
  it('does parse the spec example answer into 76-byte cosignature lines', () => {
    const lines = parseCosignatureResponse(spec.response_body);
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(fromBase64(l.split(' ')[2]!).length).toBe(76);
    expect(formatCosignatureResponse(lines)).toBe(spec.response_body);
  });

  it('does refuse answers that are not signature lines', () => {
    const line = spec.response_body.split('\n')[0]!;
    const huge = `${line}\n`.repeat(1 + (1 << 20) / line.length);
    for (const body of [
      '',
      line,
      `${line}\n\n`,
      `\n${line}\n`,
      `${line}\n\n${line}\n`,
      'hello\n',
      huge,
    ])
      expect(() => parseCosignatureResponse(body)).toThrowWithCode(InputError, MALFORMED);
    expect(() => formatCosignatureResponse([])).toThrowWithCode(InputError, MALFORMED);
  });

  it('does append cosignature lines to a note without moving its text', () => {
    const note = parseAddCheckpointRequest(spec.request_body).checkpoint;
    const lines = parseCosignatureResponse(spec.response_body);
    const out = appendCosignatures(note, lines);
    expect(parseNote(out).text).toBe(parseNote(note).text);
    expect(parseNote(out).signatures).toHaveLength(5);
    expect(() => appendCosignatures(note, [`${lines[0]}\n\n${lines[1]}`])).toThrowWithCode(
      InputError,
      MALFORMED
    );
    expect(() => appendCosignatures(note, [''])).toThrowWithCode(InputError, 'NOTE_MALFORMED');
  });

  it('does format and parse the 409 tree size', () => {
    expect(formatTreeSize(0)).toBe('0\n');
    expect(parseTreeSize('56\n')).toBe(56);
    for (const body of ['56', '056\n', '-1\n', ' 5\n', ''])
      expect(() => parseTreeSize(body)).toThrowWithCode(InputError, MALFORMED);
    expect(() => formatTreeSize(-1)).toThrowWithCode(InputError, MALFORMED);
  });
});
