/**
 * `adal verify --lang kk|ru|en` spawned as a real process on the frozen v1 bundles (tests/fixtures/v1,
 * read only): check labels, findings and verdict come from the kk/ru/en catalogue — a tampered
 * replacement names its first difference in plain words — the language defaults from LANG, English
 * stays the goldens' output, a bad --lang is a usage error, and the Kazakh and Russian output holds
 * no Latin-only word outside the allow-list (tests/helpers/latin-words.ts).
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runAdal } from '../../helpers/adal-cli.js';
import { latinWords } from '../../helpers/latin-words.js';
import en from '../../../shared/i18n/en.json' with { type: 'json' };
import kk from '../../../shared/i18n/kk.json' with { type: 'json' };
import ru from '../../../shared/i18n/ru.json' with { type: 'json' };

const path = (name: string) => fileURLToPath(new URL(`../../fixtures/v1/${name}`, import.meta.url));
const vkey = readFileSync(path('v1.vkey'), 'utf8').trim();
const golden = (name: string) =>
  JSON.parse(readFileSync(path(`${name}.verify.golden.json`), 'utf8')) as {
    stdout: string;
    stderr: string;
    status: number;
  };
const fill = (m: string, p: Record<string, string>) =>
  m.replace(/\{(\w+)\}/g, (w, k: string) => p[k] ?? w);
const verify = (name: string, args: string[] = [], env: Record<string, string | undefined> = {}) =>
  runAdal(['verify', path(`${name}.bundle.json`), '--key', vkey, ...args], {
    LANG: 'C.UTF-8',
    LC_ALL: undefined,
    LC_MESSAGES: undefined,
    ...env,
  });

describe('adal verify --lang', () => {
  it('does speak Kazakh and Russian from the catalogue, with no Latin word left', async () => {
    const runs = await Promise.all(
      (['kk', 'ru'] as const).flatMap((lang) => [
        verify('rfc3797', ['--lang', lang]).then((r) => ({ lang, r, ok: true })),
        verify('tampered-replacement', ['--lang', lang]).then((r) => ({ lang, r, ok: false })),
      ])
    );
    for (const { lang, r, ok } of runs) {
      const m = lang === 'kk' ? kk : ru;
      expect([lang, ok, r.status]).toEqual([lang, ok, ok ? 0 : 1]);
      expect(r.stdout).toContain(
        `${m['verify.cli.check.selection']} — ${m['verify.status.passed']}`
      );
      expect([lang, latinWords(r.stdout + r.stderr)]).toEqual([lang, []]);
      if (ok) {
        expect(r.stdout).toContain(`– ${m['verify.cli.check.beacon']} — ${m['verify.status.na']}`);
        expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(
          new RegExp(`^${m['verify.cli.verified'].split(' ')[0]} `)
        );
      } else {
        const diff = fill(m['verify.diff.seat'], { file: 'R-0004', place: '2', rerun: 'R-0027' });
        expect(r.stdout).toContain(
          `✗ ${m['verify.cli.check.replacements']} — REPLACEMENT_MISMATCH`
        );
        expect(r.stdout).toContain(diff);
        expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(m['verify.verdict.failed']);
        expect(r.stderr).toBe(`adal: REPLACEMENT_MISMATCH: ${m['error.REPLACEMENT_MISMATCH']}\n`);
      }
    }
  }, 60_000);

  it('does take the language from LANG, and keep English as the goldens have it', async () => {
    const [fromLang, english, explicit] = await Promise.all([
      verify('rfc3797', [], { LANG: 'ru_RU.UTF-8' }),
      verify('tampered-replacement'),
      verify('tampered-replacement', ['--lang', 'en'], { LANG: 'kk_KZ.UTF-8' }),
    ]);
    expect(fromLang.stdout).toContain(ru['verify.cli.check.seed']);
    const g = golden('tampered-replacement');
    for (const r of [english, explicit])
      expect([r.status, r.stdout, r.stderr]).toEqual([g.status, g.stdout, g.stderr]);
    expect(english.stdout).toContain(en['verify.cli.check.replacements']);
  }, 60_000);

  it('when --lang is not kk, ru or en, does refuse it (exit 2)', async () => {
    const r = await verify('rfc3797', ['--lang', 'de']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^adal: VERIFY_LANG_INVALID: /);
    expect(r.stdout).toBe('');
  }, 30_000);
});
