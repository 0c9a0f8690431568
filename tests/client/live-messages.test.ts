/**
 * Every code the live page and the browser verifier look a message up by has one in all three
 * catalogues (shared/i18n/{kk,ru,en}.json): step outcomes and skip rules, exclusion rules and sources,
 * quota categories and values, draw states, connection states, verify checks and statuses, key
 * origins, and every failure code the verifier can report — read from shared/verify.ts's documented
 * list and from the checks' own sources, so a new code without a message fails here.
 */
import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXCLUSION_RULES, Exclusion } from '../../shared/schemas/conflicts.js';
import { DrawStep, StepRule, Violation } from '../../shared/schemas/draw-result.js';
import { DrawState } from '../../shared/api/draws.js';
import { Gender, ProposedBy } from '../../shared/schemas/registry.js';
import { VERIFY_CHECKS } from '../../shared/verify.js';
import en from '../../shared/i18n/en.json' with { type: 'json' };
import kk from '../../shared/i18n/kk.json' with { type: 'json' };
import ru from '../../shared/i18n/ru.json' with { type: 'json' };

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CATALOGS = { kk, ru, en } as Record<string, Record<string, unknown>>;

function missing(codes: readonly string[]): string[] {
  return Object.entries(CATALOGS).flatMap(([lang, cat]) =>
    codes.filter((c) => !(c in cat)).map((c) => `${lang}: ${c}`)
  );
}

/** Failure codes in the verifier's sources: its documented list and every code its checks throw. */
function verifierCodes(): string[] {
  const files = [
    join(ROOT, 'shared/verify.ts'),
    join(ROOT, 'shared/drand.ts'),
    ...readdirSync(join(ROOT, 'shared/verify')).map((f) => join(ROOT, 'shared/verify', f)),
  ];
  const codes = new Set<string>();
  const header = readFileSync(join(ROOT, 'shared/verify.ts'), 'utf8').split('*/')[0]!;
  for (const m of header.matchAll(/\b([A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+)\b/g)) codes.add(m[1]!);
  for (const f of files)
    for (const m of readFileSync(f, 'utf8').matchAll(
      /(?:fail|VerificationError)\(\s*'([A-Z][A-Z0-9_]+)'/g
    ))
      codes.add(m[1]!);
  return [...codes].sort();
}

describe('live page and verifier messages', () => {
  test('does name every step outcome, skip rule and violation in each language', () => {
    expect(
      missing([
        ...DrawStep.shape.outcome.options.map((o) => `step.outcome.${o}`),
        ...DrawStep.shape.outcome.options.map((o) => `pool.outcome.${o}`),
        ...StepRule.options.map((r) => `step.rule.${r}`),
        ...Violation.shape.kind.options.map((k) => `step.violation.${k}`),
      ])
    ).toEqual([]);
  });

  test('does name every exclusion rule and source, quota category and value, state', () => {
    expect(
      missing([
        ...EXCLUSION_RULES.map((r) => `exclusion.rule.${r}`),
        ...Exclusion.shape.source.unwrap().options.map((s) => `exclusion.source.${s}`),
        ...['proposedBy', 'region', 'gender', 'language', 'direction'].map(
          (c) => `quota.category.${c}`
        ),
        ...ProposedBy.options.map((v) => `quota.value.proposedBy.${v}`),
        ...Gender.options.map((v) => `quota.value.gender.${v}`),
        ...['kk', 'ru', 'en'].map((v) => `quota.value.language.${v}`),
        ...DrawState.options.map((s) => `draw.state.${s}`),
        ...['connecting', 'live', 'reconnecting', 'failed'].map((s) => `live.connection.${s}`),
        ...['adal-v1', 'rfc3797'].map((m) => `rules.method.${m}`),
      ])
    ).toEqual([]);
  });

  test('does name every verify check, status and key origin', () => {
    expect(
      missing([
        ...VERIFY_CHECKS.map((c) => `verify.check.${c}`),
        ...['passed', 'failed', 'skipped', 'not-run'].map((s) => `verify.status.${s}`),
        ...['server', 'pinned', 'pinned-differs', 'pasted', 'none'].map(
          (o) => `verify.key.origin.${o}`
        ),
      ])
    ).toEqual([]);
  });

  test('does explain every failure code the verifier can report', () => {
    const codes = verifierCodes();
    expect(codes).toEqual(expect.arrayContaining(['BUNDLE_MALFORMED', 'SEED_MISMATCH']));
    expect(codes.length).toBeGreaterThan(25);
    const browserCodes = ['VERIFY_DOWNLOAD_FAILED', 'VERIFY_DRAW_ID_INVALID', 'DRAW_NOT_FOUND'];
    expect(missing([...codes, ...browserCodes].map((c) => `error.${c}`))).toEqual([]);
  });
});
