/**
 * A small QR code decoder for the protocol tests (not a test file), written from ISO/IEC 18004 and
 * independent of the `qrcode` encoder the app uses: versions 1–6, any error-correction level and
 * mask, numeric / alphanumeric / byte segments. It takes a clean module matrix (as drawn in the PDF
 * or the print view's SVG), finds the (level, mask) whose blocks all pass the Reed–Solomon syndrome
 * check, de-interleaves the blocks and reads the segments. No error correction: a drawn code has no
 * damaged modules, and any wrong module makes the syndrome check fail.
 */

const LEVELS = ['L', 'M', 'Q', 'H'] as const;
/** ISO/IEC 18004 Table 9, versions 1–6: error-correction codewords per block, and blocks. */
const ECC_PER_BLOCK: Record<(typeof LEVELS)[number], number[]> = {
  L: [7, 10, 15, 20, 26, 18],
  M: [10, 16, 26, 18, 24, 16],
  Q: [13, 22, 18, 26, 18, 24],
  H: [17, 28, 22, 16, 22, 28],
};
const BLOCKS: Record<(typeof LEVELS)[number], number[]> = {
  L: [1, 1, 1, 1, 1, 2],
  M: [1, 1, 1, 2, 2, 4],
  Q: [1, 1, 2, 2, 4, 4],
  H: [1, 1, 2, 4, 4, 4],
};
const RAW_CODEWORDS = [26, 44, 70, 100, 134, 172];
const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

const MASKS: ((i: number, j: number) => boolean)[] = [
  (i, j) => (i + j) % 2 === 0,
  (i) => i % 2 === 0,
  (_i, j) => j % 3 === 0,
  (i, j) => (i + j) % 3 === 0,
  (i, j) => (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0,
  (i, j) => ((i * j) % 2) + ((i * j) % 3) === 0,
  (i, j) => (((i * j) % 2) + ((i * j) % 3)) % 2 === 0,
  (i, j) => (((i + j) % 2) + ((i * j) % 3)) % 2 === 0,
];

/** GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1. */
const EXP: number[] = [];
const LOG: number[] = [];
for (let i = 0, x = 1; i < 255; i++) {
  EXP[i] = x;
  LOG[x] = i;
  x <<= 1;
  if (x & 0x100) x ^= 0x11d;
}
const mul = (a: number, b: number) => (a === 0 || b === 0 ? 0 : EXP[(LOG[a]! + LOG[b]!) % 255]!);

/** All syndromes S_i = c(α^i), i < ecc, are zero for a valid block (codewords highest degree first). */
function syndromesZero(block: number[], ecc: number): boolean {
  for (let i = 0; i < ecc; i++) {
    let s = 0;
    for (const c of block) s = mul(s, EXP[i]!) ^ c;
    if (s !== 0) return false;
  }
  return true;
}

function isFunctionModule(n: number, version: number, r: number, c: number): boolean {
  if ((r < 9 && c < 9) || (r < 9 && c >= n - 8) || (r >= n - 8 && c < 9)) return true;
  if (r === 6 || c === 6) return true;
  if (version >= 2) {
    const a = n - 7;
    if (Math.abs(r - a) <= 2 && Math.abs(c - a) <= 2) return true;
  }
  return false;
}

/** The data-area bits in reading order (two-column zigzag from the bottom right, skipping column 6). */
function dataModules(n: number, version: number): [number, number][] {
  const out: [number, number][] = [];
  for (let right = n - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    for (let vert = 0; vert < n; vert++)
      for (let j = 0; j < 2; j++) {
        const c = right - j;
        const upward = ((right + 1) & 2) === 0;
        const r = upward ? n - 1 - vert : vert;
        if (!isFunctionModule(n, version, r, c)) out.push([r, c]);
      }
  }
  return out;
}

function blocksOf(codewords: number[], version: number, level: (typeof LEVELS)[number]) {
  const numBlocks = BLOCKS[level][version - 1]!;
  const ecc = ECC_PER_BLOCK[level][version - 1]!;
  const raw = RAW_CODEWORDS[version - 1]!;
  const numShort = numBlocks - (raw % numBlocks);
  const shortLen = Math.floor(raw / numBlocks);
  const blocks: number[][] = Array.from({ length: numBlocks }, () => []);
  let k = 0;
  for (let i = 0; i <= shortLen; i++)
    for (let j = 0; j < numBlocks; j++) {
      if (i === shortLen - ecc && j < numShort) continue; // short blocks have one data codeword less
      blocks[j]!.push(codewords[k++]!);
    }
  return { blocks, ecc };
}

function readSegments(data: number[], version: number): string {
  let pos = 0;
  const bits = (n: number) => {
    let v = 0;
    for (let i = 0; i < n; i++, pos++) v = (v << 1) | ((data[pos >> 3]! >> (7 - (pos & 7))) & 1);
    return v;
  };
  if (version > 9) throw new Error('only versions 1–9 have these length widths');
  const bytes: number[] = [];
  let text = '';
  const flush = () => {
    text += Buffer.from(bytes.splice(0)).toString('utf8');
  };
  while (pos + 4 <= data.length * 8) {
    const mode = bits(4);
    if (mode === 0) break;
    if (mode === 4) {
      for (let len = bits(8); len > 0; len--) bytes.push(bits(8));
      continue;
    }
    flush();
    if (mode === 1) {
      let len = bits(10);
      for (; len >= 3; len -= 3) text += String(bits(10)).padStart(3, '0');
      if (len === 2) text += String(bits(7)).padStart(2, '0');
      if (len === 1) text += String(bits(4));
    } else if (mode === 2) {
      let len = bits(9);
      for (; len >= 2; len -= 2) {
        const v = bits(11);
        text += ALNUM[Math.floor(v / 45)]! + ALNUM[v % 45]!;
      }
      if (len === 1) text += ALNUM[bits(6)]!;
    } else throw new Error(`unsupported mode ${mode}`);
  }
  flush();
  return text;
}

/** The text of a QR code given as rows of dark (true) / light modules, without a quiet zone. */
export function decodeQr(matrix: boolean[][]): string {
  const n = matrix.length;
  const version = (n - 17) / 4;
  if (!Number.isInteger(version) || version < 1 || version > 6)
    throw new Error(`unsupported size ${n}`);
  const order = dataModules(n, version);
  for (let mask = 0; mask < 8; mask++) {
    const codewords: number[] = [];
    for (let i = 0; i + 8 <= order.length; i += 8) {
      let v = 0;
      for (let b = 0; b < 8; b++) {
        const [r, c] = order[i + b]!;
        v = (v << 1) | (matrix[r]![c]! !== MASKS[mask]!(r, c) ? 1 : 0);
      }
      codewords.push(v);
    }
    // A code with more error correction also passes the checks of a level with fewer EC codewords
    // in the same block layout (its syndromes are a superset), so the strongest passing level wins.
    const passing = LEVELS.map((level) => ({ level, ...blocksOf(codewords, version, level) }))
      .filter(({ blocks, ecc }) => blocks.every((b) => syndromesZero(b, ecc)))
      .sort((a, b) => b.ecc * b.blocks.length - a.ecc * a.blocks.length);
    const best = passing[0];
    if (best)
      return readSegments(
        best.blocks.flatMap((b) => b.slice(0, b.length - best.ecc)),
        version
      );
  }
  throw new Error('no mask and level give valid Reed–Solomon blocks');
}
