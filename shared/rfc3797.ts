/**
 * RFC 3797 "Publicly Verifiable Nominations Committee (NomCom) Random Selection", §4 and its reference
 * code, exactly (docs/PROTOCOL.md §RFC 3797 mode). Reproduces the RFC's §6 worked example.
 *
 * Key string: for each source in the published order, its canonical text followed by "/":
 * - a numeric source (one or more non-negative decimal values): each value without leading zeros
 *   (a single "0" for a zero integer part) and, for a fraction, without trailing zeros; an integer is
 *   terminated by ".", a fraction keeps its "." between whole and fractional part; values are sorted
 *   ascending and concatenated ("2 5 12 8 10" → "2.5.8.10.12./");
 * - a text source: upper-cased, every character other than A–Z and 0–9 dropped ("W 4-1" → "W41/").
 * Selection i = 0 … k−1: d = MD5(BE16(i) || key || BE16(i)); r = d as a 128-bit big-endian integer mod
 * (pool − i); the r-th (0-based) not yet selected entry of 1 … pool is selected.
 * MD5 is used only here, for compatibility with the RFC.
 */
import { toHex, utf8, concatBytes } from './bytes.js';
import { InputError } from './errors.js';
import { md5 } from './hash.js';

export type Rfc3797ErrorCode =
  | 'RFC3797_SOURCES_EMPTY'
  | 'RFC3797_SOURCE_INVALID'
  | 'RFC3797_POOL_INVALID'
  | 'RFC3797_COUNT_INVALID';

/** A non-negative value of a numeric source: an integer, or a decimal string such as "007" or "1.25". */
export type Rfc3797Value = number | bigint | string;
/** An array is a numeric source (sorted by us); a plain string is a text source. */
export type Rfc3797Source = readonly Rfc3797Value[] | string;

export interface Rfc3797Selection {
  /** 1-based number of the selection (the RFC's "index") */
  index: number;
  /** MD5 digest, upper-case hex as the RFC prints it */
  digest: string;
  /** pool − (index − 1): the number of entries not yet selected */
  divisor: number;
  /** 1-based position in the published pool list */
  position: number;
}

export interface Rfc3797Result {
  key: string;
  selections: Rfc3797Selection[];
}

/** The reference code's limit (16-bit pool positions); the 2-byte index then always fits too. */
// Exported for the test of the limit.
export const RFC3797_MAX_POOL = 65535;

function fail(code: Rfc3797ErrorCode, message: string): never {
  throw new InputError(code, message);
}

interface Decimal {
  whole: bigint;
  /** fractional digits without trailing zeros ("" for an integer) */
  fraction: string;
}

function parseValue(v: Rfc3797Value, where: string): Decimal {
  if (typeof v === 'bigint') {
    if (v < 0n) fail('RFC3797_SOURCE_INVALID', `${where}: negative value ${v}`);
    return { whole: v, fraction: '' };
  }
  if (typeof v === 'number') {
    // Fractions must come as decimal strings so no binary floating point ever enters the key.
    if (!Number.isSafeInteger(v) || v < 0)
      fail('RFC3797_SOURCE_INVALID', `${where}: ${v} is not a non-negative integer`);
    return { whole: BigInt(v), fraction: '' };
  }
  const m = /^([0-9]+)(?:\.([0-9]+))?$/.exec(v);
  if (!m) fail('RFC3797_SOURCE_INVALID', `${where}: "${v}" is not a non-negative decimal number`);
  return { whole: BigInt(m[1]!), fraction: (m[2] ?? '').replace(/0+$/, '') };
}

function compareDecimal(a: Decimal, b: Decimal): number {
  if (a.whole !== b.whole) return a.whole < b.whole ? -1 : 1;
  // Digit strings without trailing zeros: code-unit order is numeric order ("05" < "25" < "3").
  return a.fraction === b.fraction ? 0 : a.fraction < b.fraction ? -1 : 1;
}

function formatDecimal(d: Decimal): string {
  return d.fraction === '' ? `${d.whole}.` : `${d.whole}.${d.fraction}`;
}

/** The canonical text of one source, including its terminating "/". */
export function rfc3797SourceText(source: Rfc3797Source, where = 'source'): string {
  if (typeof source === 'string') {
    if (!/^[\x20-\x7e]*$/.test(source))
      fail('RFC3797_SOURCE_INVALID', `${where}: text sources must be printable ASCII`);
    const text = source.toUpperCase().replace(/[^A-Z0-9]/g, '');
    if (text === '') fail('RFC3797_SOURCE_INVALID', `${where}: text has no letters or digits`);
    return `${text}/`;
  }
  if (source.length === 0) fail('RFC3797_SOURCE_INVALID', `${where}: no values`);
  const values = source.map((v, i) => parseValue(v, `${where} value ${i + 1}`));
  values.sort(compareDecimal);
  return values.map(formatDecimal).join('') + '/';
}

/** The key string: every source's canonical text in the published order. */
// Exported for the test against the key string RFC 3797 section 6 prints.
export function rfc3797Key(sources: readonly Rfc3797Source[]): string {
  if (sources.length === 0) fail('RFC3797_SOURCES_EMPTY', 'at least one source is required');
  return sources.map((s, i) => rfc3797SourceText(s, `source ${i + 1}`)).join('');
}

function be16(i: number): Uint8Array {
  return new Uint8Array([(i >> 8) & 255, i & 255]);
}

/** Digest i of a key: MD5(BE16(i) || key || BE16(i)). */
// Exported for the test against the digests RFC 3797 section 6 prints.
export function rfc3797Digest(key: string, i: number): Uint8Array {
  const idx = be16(i);
  return md5(concatBytes(idx, utf8(key), idx));
}

/**
 * Selects `count` distinct positions (1-based) from a pool of `poolSize`, in selection order. The
 * "r-th not yet selected" lookup uses a Fenwick tree so a whole pool is O(n log n), not O(n²).
 */
export function rfc3797Select(
  sources: readonly Rfc3797Source[],
  poolSize: number,
  count: number
): Rfc3797Result {
  if (!Number.isSafeInteger(poolSize) || poolSize < 1 || poolSize > RFC3797_MAX_POOL)
    fail('RFC3797_POOL_INVALID', `pool size must be an integer 1…${RFC3797_MAX_POOL}`);
  if (!Number.isSafeInteger(count) || count < 1 || count > poolSize)
    fail('RFC3797_COUNT_INVALID', `count must be an integer 1…${poolSize} (the pool size)`);
  const key = rfc3797Key(sources);
  const remaining = new Fenwick(poolSize);
  const selections: Rfc3797Selection[] = [];
  for (let i = 0; i < count; i++) {
    const d = rfc3797Digest(key, i);
    const divisor = poolSize - i;
    const r = Number(BigInt('0x' + toHex(d)) % BigInt(divisor));
    const position = remaining.takeNth(r + 1);
    selections.push({ index: i + 1, digest: toHex(d).toUpperCase(), divisor, position });
  }
  return { key, selections };
}

/** Positions 1…n, each present once; takeNth(k) removes and returns the k-th present position. */
class Fenwick {
  private readonly tree: Int32Array;
  private readonly top: number;
  constructor(private readonly n: number) {
    this.tree = new Int32Array(n + 1);
    // All ones: node i covers (i − lowbit(i), i], so it counts lowbit(i) positions.
    for (let i = 1; i <= n; i++) this.tree[i] = i & -i;
    let top = 1;
    while (top * 2 <= n) top *= 2;
    this.top = top;
  }
  takeNth(k: number): number {
    let pos = 0;
    for (let step = this.top; step > 0; step >>= 1) {
      const next = pos + step;
      if (next <= this.n && this.tree[next]! < k) {
        pos = next;
        k -= this.tree[next]!;
      }
    }
    const found = pos + 1;
    for (let i = found; i <= this.n; i += i & -i) this.tree[i]! -= 1;
    return found;
  }
}
