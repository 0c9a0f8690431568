/**
 * The label catalogues shared/i18n/{kk,ru,en}.json: the same codes in all three, plural forms for each
 * language's CLDR categories, the same {placeholders}, real Kazakh and Russian text, and a message for
 * every code the pages use (data-i18n in the templates, draw states, roles, sign-in error codes).
 */
import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DrawState } from '../../client/live/draws-api.js';
import { Role } from '../../shared/api/auth.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
type Message = string | Record<string, string>;
type Catalog = Record<string, Message>;
const LANGS = ['kk', 'ru', 'en'] as const;
const LOCALES = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' } as const;
const catalogs = Object.fromEntries(
  LANGS.map((l) => [l, JSON.parse(readFileSync(join(ROOT, 'shared/i18n', `${l}.json`), 'utf8'))])
) as Record<(typeof LANGS)[number], Catalog>;

const texts = (m: Message) => (typeof m === 'string' ? [m] : Object.values(m));
const placeholders = (m: Message) =>
  [...new Set(texts(m).flatMap((s) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1])))].sort();

/** Letters of the Kazakh alphabet that Russian does not have. */
const KAZAKH_ONLY = ['ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'і'];
/** Codes whose text is rightly the same in Kazakh and Russian (names, loanwords). */
const SAME_IN_KK_AND_RU = new Set([
  'app.name',
  // "Adal Draw v1 ({parts})": the method's name, then its sources in the language
  'live.method.adal',
  'nav.console',
  'role.operator',
  'verify.file.heading',
  'verify.file.sha256',
  'draw.docTitle',
  'console.session.heading',
  'pdf.lot',
  'pdf.competition',
  'pdf.pool',
  'pdf.logOrigin',
  'pdf.proposedBy.operator',
]);

describe('i18n catalogues', () => {
  test('does have the same codes in kk, ru and en', () => {
    const en = Object.keys(catalogs.en).sort();
    for (const lang of LANGS) expect(Object.keys(catalogs[lang]).sort()).toEqual(en);
  });

  test('does give each plural message exactly the CLDR categories of its language', () => {
    for (const lang of LANGS) {
      const categories = new Intl.PluralRules(LOCALES[lang]).resolvedOptions().pluralCategories;
      for (const [code, m] of Object.entries(catalogs[lang])) {
        const enIsPlural = typeof catalogs.en[code] !== 'string';
        expect([code, typeof m !== 'string']).toEqual([code, enIsPlural]);
        if (typeof m !== 'string')
          expect([code, Object.keys(m).sort()]).toEqual([code, [...categories].sort()]);
      }
    }
  });

  test('does use the same placeholders in every language', () => {
    for (const [code, m] of Object.entries(catalogs.en))
      for (const lang of LANGS)
        expect([lang, code, placeholders(catalogs[lang][code]!)]).toEqual([
          lang,
          code,
          placeholders(m),
        ]);
  });

  test('does write Kazakh in Kazakh Cyrillic and Russian without Kazakh letters', () => {
    const kk = Object.values(catalogs.kk).flatMap(texts).join(' ');
    for (const letter of KAZAKH_ONLY) expect([letter, kk.includes(letter)]).toEqual([letter, true]);
    const ru = Object.values(catalogs.ru).flatMap(texts).join(' ');
    for (const letter of KAZAKH_ONLY)
      expect([letter, ru.includes(letter)]).toEqual([letter, false]);
    expect(ru).toMatch(/[ыэъё]/);
    for (const code of Object.keys(catalogs.en)) {
      if (SAME_IN_KK_AND_RU.has(code)) continue;
      expect([code, catalogs.kk[code]]).not.toEqual([code, catalogs.ru[code]]);
    }
  });

  test('does have a message for every data-i18n code in the page templates', () => {
    const pages = ['live', 'verify', 'console'].map((p) => join(ROOT, 'client', p, 'index.html'));
    const codes = new Set<string>();
    for (const file of pages)
      for (const m of readFileSync(file, 'utf8').matchAll(/data-i18n(?:-[a-z-]+)?="([^"]+)"/g))
        codes.add(m[1]!);
    expect(codes.size).toBeGreaterThan(20);
    for (const code of codes) expect([code, code in catalogs.en]).toEqual([code, true]);
  });

  test('does have a message for every draw state, role and client-side error code', () => {
    const codes = [
      ...DrawState.options.map((s) => `draw.state.${s}`),
      ...Role.options.map((r) => `role.${r}`),
      ...['UNKNOWN', 'NETWORK', 'BAD_RESPONSE', 'NOT_FOUND', 'INTERNAL', 'INVALID_INPUT'].map(
        (c) => `error.${c}`
      ),
      ...['VERIFY_FILE_TOO_LARGE', 'VERIFY_NOT_JSON', 'VERIFY_READ_FAILED'].map(
        (c) => `error.${c}`
      ),
    ];
    for (const code of codes) expect([code, code in catalogs.en]).toEqual([code, true]);
  });

  test('does have a message for every AuthError code the server can answer', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name));
        else if (e.name.endsWith('.ts')) files.push(join(dir, e.name));
      }
    };
    walk(join(ROOT, 'server'));
    const codes = new Set<string>();
    for (const f of files)
      for (const m of readFileSync(f, 'utf8').matchAll(/new AuthError\(\s*'([A-Z0-9_]+)'/g))
        codes.add(m[1]!);
    expect(codes.has('INVALID_CREDENTIALS')).toBe(true);
    for (const code of codes) expect([code, `error.${code}` in catalogs.en]).toEqual([code, true]);
  });
});
