/**
 * The lines `adal verify` prints, in the language of `--lang` (or LANG): each check with its mark,
 * the catalogue's label and what it found, then the verdict. Labels and verdicts come from the one
 * kk/ru/en catalogue (shared/i18n); what a check found is, in Kazakh and Russian, its fact rendered
 * from the catalogue (shared/i18n/verify-text.ts) and, in English, the verifier's own detail line —
 * the English output is frozen byte for byte by the v1 goldens (tests/fixtures/v1).
 */
import { text, type MessageCode, type Params } from '../shared/i18n/catalog.js';
import { LANGS, type Lang } from '../shared/i18n/langs.js';
import { checkStatus, factText, type Tr } from '../shared/i18n/verify-text.js';
import type { VerifiedBundle, VerifyCheck } from '../shared/verify.js';

/** `--lang` if given, else the first of LC_ALL, LC_MESSAGES, LANG naming kk or ru (kk_KZ.UTF-8), else en. */
export function cliLang(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  if (flag !== undefined) return flag as Lang;
  for (const v of [env['LC_ALL'], env['LC_MESSAGES'], env['LANG']]) {
    const primary = v?.split(/[_.@-]/)[0]?.toLowerCase();
    if (primary && (LANGS as readonly string[]).includes(primary)) return primary as Lang;
    if (v) break; // the first one set decides, as for any program's messages
  }
  return 'en';
}

export function translator(lang: Lang): Tr {
  return (code: MessageCode, params: Params = {}) => text(lang, code, params);
}

/** The draw state an entry type leaves the draw in (for the verdict line in kk and ru). */
const STATE_AFTER: Record<string, string> = {
  'draw.announced': 'announced',
  'draw.reveals_opened': 'revealing',
  'draw.revealed': 'revealing',
  'draw.reveal_rejected': 'revealing',
  'draw.reveals_closed': 'reveals_closed',
  'draw.public_sources': 'reveals_closed',
  'draw.beacon': 'beacon_received',
  'draw.result': 'drawn',
  'draw.declined': 'drawn',
  'draw.lot_closed': 'drawn',
  'draw.closed': 'closed',
  'draw.cancelled': 'cancelled',
};

const MARKS = { passed: '✓', failed: '✗', na: '–', 'not-requested': '–' } as const;

export function checkLine(lang: Lang, c: VerifyCheck): string {
  const tr = translator(lang);
  const status = checkStatus(c);
  const label = tr(`verify.cli.check.${c.id}` as MessageCode);
  let found: string;
  if (lang === 'en')
    found = c.ok ? (c.skipped ? `skipped: ${c.detail}` : c.detail) : `${c.code}: ${c.detail}`;
  else {
    const fact = factText(tr, c.fact);
    const head =
      status === 'failed'
        ? `${c.code}: ${tr(`error.${c.code}` as MessageCode)}`
        : tr(`verify.status.${status}` as MessageCode);
    found = fact ? `${head}${/[.!?]$/.test(head) ? '' : '.'} ${fact}` : head;
  }
  // English keeps its marks too: a check that does not apply but passed (no drand round) is ✓
  const mark = lang === 'en' ? (!c.ok ? '✗' : c.skipped ? '–' : '✓') : MARKS[status];
  return `${mark} ${label} — ${found}\n`;
}

export function verifiedLine(lang: Lang, r: VerifiedBundle): string {
  const tr = translator(lang);
  const list = (l: string[]) => l.join(', ') || tr('verify.cli.none');
  const result = r.result
    ? tr('verify.cli.result', {
        commission: list(r.result.commission),
        reserves: list(r.result.reserves),
      })
    : // a ceremony: each lot's commission and reserves, in broadcast order
      (r.ceremony?.lots ?? [])
        .flatMap((l) =>
          l.result
            ? [
                tr('verify.cli.lot', {
                  lotId: l.lotId,
                  commission: list(l.result.commission),
                  reserves: list(l.result.reserves),
                }),
              ]
            : []
        )
        .join('');
  const state = STATE_AFTER[r.lastEvent] ?? 'draft';
  const last = lang === 'en' ? r.lastEvent : tr(`draw.state.${state}` as MessageCode);
  return `${tr('verify.cli.verified', { drawId: r.drawId, origin: r.origin, size: r.treeSize, last, result })}\n`;
}
