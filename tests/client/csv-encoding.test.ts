/**
 * The console's encoding detection (client/console/csv-encoding.ts) on real Windows-1251 bytes, made
 * with the platform's own windows-1251 table (WHATWG Encoding): a Russian file is converted, a Kazakh
 * one whose letters Excel saved as "?" is refused, UTF-8 passes as is, binary junk is refused.
 */
import { describe, expect, it } from '@jest/globals';
import { decodeCsvBytes } from '../../client/console/csv-encoding.js';

/** Windows-1251 encoder: the inverse of TextDecoder('windows-1251'); unknown characters become "?". */
function cp1251(text: string): Uint8Array {
  const decoder = new TextDecoder('windows-1251');
  const table = new Map<string, number>();
  for (let b = 0; b < 256; b++) table.set(decoder.decode(new Uint8Array([b])), b);
  return Uint8Array.from([...text].map((c) => table.get(c) ?? 0x3f));
}

const RU = 'Реестровый номер;ФИО (рус.);Регион\r\nR-0001;Сарсенова Айгуль;KZ-71\r\n';
const KK = 'Тізілім нөмірі;Аты-жөні (қаз.)\r\nR-0001;Сәрсенова Айгүл\r\n';

describe('CSV encoding detection', () => {
  it('does convert a Windows-1251 file to the same text', () => {
    const bytes = cp1251(RU);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(decodeCsvBytes(bytes)).toEqual({ ok: true, text: RU, encoding: 'windows-1251' });
  });

  it('does read UTF-8 (with a BOM too) as is', () => {
    const utf8 = new TextEncoder().encode(KK);
    expect(decodeCsvBytes(utf8)).toEqual({ ok: true, text: KK, encoding: 'utf-8' });
    const bom = new TextEncoder().encode('\ufeff' + RU);
    expect(decodeCsvBytes(bom)).toMatchObject({ ok: true, encoding: 'utf-8' });
  });

  it('when Kazakh letters were lost to "?", does refuse the file', () => {
    const bytes = cp1251(KK);
    expect(new TextDecoder('windows-1251').decode(bytes)).toContain('С?рсенова');
    expect(decodeCsvBytes(bytes)).toEqual({ ok: false, reason: 'LETTERS_LOST' });
  });

  it('when the bytes are not text, does refuse the file', () => {
    // the start of an .xlsx (a zip) chosen by mistake, then bytes that read as Cyrillic
    const xlsx = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, ...cp1251(RU)]);
    expect(decodeCsvBytes(xlsx)).toEqual({ ok: false, reason: 'NOT_TEXT' });
    // Latin-1 bytes: not UTF-8, and not Cyrillic in Windows-1251 either
    const latin = Uint8Array.from([...'Registry;Name\r\nR-0001;M'].map((c) => c.charCodeAt(0)));
    expect(decodeCsvBytes(Uint8Array.from([...latin, 0xfc, 0x6c, 0x6c, 0x65, 0x72]))).toEqual({
      ok: false,
      reason: 'NOT_TEXT',
    });
  });
});
