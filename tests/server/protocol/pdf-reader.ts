/**
 * A small PDF reader for the protocol tests (not a test file): enough of ISO 32000 to read what
 * pdfkit writes — indirect objects, Flate streams, Type0 fonts with their ToUnicode CMaps (bfchar and
 * bfrange), page content streams with Tf / Tj / TJ text operators, and the filled squares of the QR
 * code (re operators). It decodes glyph codes back to Unicode through the CMaps, so the assertions
 * read the words a person would see, in Kazakh and Russian alike.
 */
import { inflateSync } from 'node:zlib';
import type { Response } from 'superagent';

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

export interface PdfPage {
  /** text of each BT … ET block, in drawing order */
  blocks: string[];
  /** filled rectangles [x, y, w, h] in pdfkit's top-down page coordinates */
  rects: [number, number, number, number][];
}

export interface PdfDocument {
  pages: PdfPage[];
  /** every page's blocks joined with newlines */
  text: string;
  /** the text with every run of white space as one space (a wrapped line reads as one) */
  words: string;
  /** the Info dictionary's Title, decoded */
  title: string | null;
}

function objects(pdf: Buffer): Map<number, PdfObject> {
  const out = new Map<number, PdfObject>();
  const src = pdf.toString('latin1');
  const re = /(\d+) 0 obj\b/g;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    const start = m.index + m[0].length;
    const end = src.indexOf('endobj', start);
    const body = src.slice(start, end);
    const s = body.indexOf('stream');
    let stream: Buffer | null = null;
    let dict = body;
    if (s >= 0 && /^stream\r?\n/.test(body.slice(s))) {
      dict = body.slice(0, s);
      const dataStart = start + s + (body[s + 6] === '\r' ? 8 : 7);
      const len = /\/Length (\d+)/.exec(dict);
      const raw = pdf.subarray(dataStart, dataStart + Number(len?.[1] ?? 0));
      stream = /\/FlateDecode/.test(dict) ? inflateSync(raw) : raw;
    }
    out.set(Number(m[1]), { dict, stream });
  }
  return out;
}

/** The code → text map of a ToUnicode CMap (2-byte codes, as pdfkit's Identity-H fonts use). */
export function parseCMap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const utf16 = (hex: string) =>
    String.fromCharCode(...(hex.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g))
      map.set(parseInt(m[1]!, 16), utf16(m[2]!));
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const m of block[1]!.matchAll(
      /<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g
    )) {
      const lo = parseInt(m[1]!, 16);
      const hi = parseInt(m[2]!, 16);
      if (m[3]!.startsWith('[')) {
        const items = [...m[3]!.matchAll(/<([0-9a-fA-F]+)>/g)].map((x) => utf16(x[1]!));
        for (let c = lo; c <= hi; c++) map.set(c, items[c - lo] ?? '');
      } else {
        const base = parseInt(m[3]!.slice(1, -1), 16);
        for (let c = lo; c <= hi; c++) map.set(c, String.fromCharCode(base + c - lo));
      }
    }
  return map;
}

const ref = (dict: string, key: string) => {
  const m = new RegExp(`/${key} (\\d+) 0 R`).exec(dict);
  return m ? Number(m[1]) : null;
};

function fontMaps(
  objs: Map<number, PdfObject>,
  pageDict: string
): Map<string, Map<number, string>> {
  let resources = pageDict;
  const resRef = ref(pageDict, 'Resources');
  if (resRef !== null) resources = objs.get(resRef)!.dict;
  const fontDict = /\/Font\s*<<([\s\S]*?)>>/.exec(resources)?.[1] ?? '';
  const out = new Map<string, Map<number, string>>();
  for (const m of fontDict.matchAll(/\/(\w+) (\d+) 0 R/g)) {
    const font = objs.get(Number(m[2]));
    const toUnicode = font ? ref(font.dict, 'ToUnicode') : null;
    const cmap = toUnicode !== null ? objs.get(toUnicode)?.stream : null;
    out.set(m[1]!, cmap ? parseCMap(cmap.toString('latin1')) : new Map());
  }
  return out;
}

function decodeHex(hex: string, cmap: Map<number, string>): string {
  let s = '';
  for (let i = 0; i + 4 <= hex.length; i += 4)
    s += cmap.get(parseInt(hex.slice(i, i + 4), 16)) ?? '';
  return s;
}

function readContent(content: string, fonts: Map<string, Map<number, string>>): PdfPage {
  const blocks: string[] = [];
  const rects: [number, number, number, number][] = [];
  let cmap = new Map<number, string>();
  let current: string | null = null;
  const tokens =
    /\/(\w+) [\d.]+ Tf|\[((?:<[0-9a-fA-F]*>|[^\]<])*)\] TJ|<([0-9a-fA-F]*)> Tj|\bBT\b|\bET\b|(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re/g;
  for (const m of content.matchAll(tokens)) {
    if (m[1]) cmap = fonts.get(m[1]) ?? new Map();
    else if (m[2] !== undefined)
      current =
        (current ?? '') +
        [...m[2].matchAll(/<([0-9a-fA-F]*)>/g)].map((x) => decodeHex(x[1]!, cmap)).join('');
    else if (m[3] !== undefined) current = (current ?? '') + decodeHex(m[3], cmap);
    else if (m[0] === 'BT') current = '';
    else if (m[0] === 'ET') {
      if (current) blocks.push(current);
      current = null;
    } else if (m[4] !== undefined)
      rects.push([Number(m[4]), Number(m[5]), Number(m[6]), Number(m[7])]);
  }
  return { blocks, rects };
}

export function readPdf(pdf: Buffer): PdfDocument {
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error('not a PDF');
  const objs = objects(pdf);
  const pages: PdfPage[] = [];
  let title: string | null = null;
  for (const o of [...objs.keys()].sort((a, b) => a - b).map((k) => objs.get(k)!)) {
    const titleRef = ref(o.dict, 'Title');
    const t =
      titleRef === null
        ? /\/Title\s*(<[0-9a-fA-F]+>|\((?:\\.|[^)])*\))/.exec(o.dict)?.[1]
        : objs.get(titleRef)?.dict.trim();
    if (t && title === null) title = pdfString(t);
    if (!/\/Type\s*\/Page\b/.test(o.dict)) continue;
    const fonts = fontMaps(objs, o.dict);
    const contentRef = ref(o.dict, 'Contents');
    const content = contentRef !== null ? objs.get(contentRef)?.stream : null;
    pages.push(readContent(content?.toString('latin1') ?? '', fonts));
  }
  const text = pages.map((p) => p.blocks.join('\n')).join('\n');
  return { pages, text, words: text.replace(/\s+/g, ' '), title };
}

/** A PDF text string: <FEFF…> UTF-16BE hex, or a literal (…) with escapes. */
function pdfString(s: string): string {
  if (s.startsWith('<')) {
    const hex = s.slice(1, -1);
    const bytes = Buffer.from(hex, 'hex');
    if (bytes[0] === 0xfe && bytes[1] === 0xff)
      return bytes.subarray(2).swap16().toString('utf16le');
    return bytes.toString('latin1');
  }
  const body = s
    .slice(1, -1)
    .replace(/\\([nrt()\\]|[0-7]{1,3})/g, (_m, e: string) =>
      /^[0-7]/.test(e)
        ? String.fromCharCode(parseInt(e, 8))
        : (({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[e] ?? e)
    );
  const bytes = Buffer.from(body, 'latin1');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return bytes.subarray(2).swap16().toString('utf16le');
  return body;
}

/**
 * The QR module matrix drawn as equal small squares on a page: module (r, c) is dark when a square
 * sits at that grid position. Returns null when the page has no such squares.
 */
export function qrMatrix(page: PdfPage): boolean[][] | null {
  const squares = page.rects.filter(([, , w, h]) => w > 0 && Math.abs(w - h) < 1e-6 && w < 8);
  if (squares.length < 50) return null;
  const unit = squares[0]![2];
  const xs = squares.map((s) => s[0]);
  const ys = squares.map((s) => s[1]);
  const x0 = Math.min(...xs);
  const y0 = Math.min(...ys);
  const n = Math.round((Math.max(...xs) - x0) / unit) + 1;
  const m: boolean[][] = Array.from({ length: n }, () => Array<boolean>(n).fill(false));
  for (const [x, y] of squares) m[Math.round((y - y0) / unit)]![Math.round((x - x0) / unit)] = true;
  return m;
}

/** A superagent parser that keeps a binary answer (a PDF) as one Buffer: `.buffer(true).parse(binary)`. */
export function binary(res: Response, cb: (err: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (x: Buffer) => chunks.push(x));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
}
