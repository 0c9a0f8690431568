/**
 * Which text encoding a registry CSV is in (issue 17: Excel in Russian and Kazakh Windows saves "CSV"
 * as Windows-1251). Pure: bytes in, text or a refusal out. UTF-8 (with or without BOM) is read as is;
 * bytes that are not UTF-8 but read as Cyrillic in Windows-1251 are converted — unless letters were
 * lost: Windows-1251 has no ә ғ қ ң ө ұ ү һ, so Excel writes "?" for them, and a "?" inside a
 * Cyrillic word means the file no longer holds the names; such a file is refused, naming them.
 */

/** Kazakh letters Windows-1251 cannot hold (і and ё it can). */
export const LETTERS_LOST_IN_CP1251 = 'ә ғ қ ң ө ұ ү һ';

export type DecodedCsv =
  | { ok: true; text: string; encoding: 'utf-8' | 'windows-1251' }
  | { ok: false; reason: 'LETTERS_LOST' | 'NOT_TEXT' };

const CYRILLIC = /[\u0400-\u04FF]/g;
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LOST_LETTER = /[\u0400-\u04FF]\?|\?[\u0400-\u04FF]/;

export function decodeCsvBytes(bytes: Uint8Array): DecodedCsv {
  try {
    return {
      ok: true,
      text: new TextDecoder('utf-8', { fatal: true }).decode(bytes),
      encoding: 'utf-8',
    };
  } catch {
    // not UTF-8: try Windows-1251 below
  }
  const text = new TextDecoder('windows-1251').decode(bytes);
  // Control characters mean a binary file (an .xlsx chosen by mistake), not text in any encoding.
  if (CONTROL.test(text)) return { ok: false, reason: 'NOT_TEXT' };
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  const cyrillic = text.match(CYRILLIC)?.length ?? 0;
  // Windows-1251 decodes any byte; only a mostly Cyrillic result is taken for a registry file.
  if (cyrillic === 0 || cyrillic * 2 < letters) return { ok: false, reason: 'NOT_TEXT' };
  if (LOST_LETTER.test(text)) return { ok: false, reason: 'LETTERS_LOST' };
  return { ok: true, text, encoding: 'windows-1251' };
}
