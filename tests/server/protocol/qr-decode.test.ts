/**
 * The protocol tests' QR decoder (tests/server/protocol/qr-decode.ts) against the maintained `qrcode`
 * encoder: every error-correction level, versions 1–6, numeric, alphanumeric, byte and mixed
 * segments; and a single wrong module is never decoded into text.
 */
import { describe, expect, it } from '@jest/globals';
import QRCode from 'qrcode';
import { decodeQr } from './qr-decode.js';

const TEXTS = [
  'http://127.0.0.1:45821/verify?draw=D-2023-0001',
  'https://draw.example.kz/verify?draw=D-2026-0042',
  'HELLO WORLD 123',
  '12345678901234567890',
  'Жеребе D-1',
  'a',
];

function matrixOf(text: string, level: 'L' | 'M' | 'Q' | 'H') {
  const q = QRCode.create(text, { errorCorrectionLevel: level });
  const n = q.modules.size;
  return {
    version: q.version,
    m: Array.from({ length: n }, (_, r) =>
      Array.from({ length: n }, (_, c) => q.modules.get(r, c) === 1)
    ),
  };
}

describe('decodeQr', () => {
  it('does read back what the encoder wrote, at every level', () => {
    let cases = 0;
    for (const level of ['L', 'M', 'Q', 'H'] as const)
      for (const [i, text] of TEXTS.entries()) {
        const { version, m } = matrixOf(text, level);
        if (version > 6) continue;
        expect([level, i, decodeQr(m)]).toEqual([level, i, text]);
        cases++;
      }
    expect(cases).toBeGreaterThan(20);
  });

  it('does refuse a code with one wrong module', () => {
    for (const text of TEXTS) {
      const { m } = matrixOf(text, 'M');
      m[10]![12] = !m[10]![12];
      expect(() => decodeQr(m)).toThrow('no mask and level give valid Reed–Solomon blocks');
    }
  });
});
