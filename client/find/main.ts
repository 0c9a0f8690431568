/**
 * The public "find me" page (/find, docs/PROTOCOL.md §Find me): for a registry number, every draw
 * and ceremony lot whose pool or exclusion list mentions it, with the pool number and the outcome.
 * Nothing is taken on trust from the answer: the checkpoint's signature is verified with the log key
 * (the key pinned in this browser on the verify page, else the server's, and the page says which),
 * each entry's inclusion proof against it, and the outcome is derived again from the proven entries
 * (shared/verify/expert-proof.ts) — a draw whose proof or claim fails is shown as such.
 */
import { ApiError, apiFetch } from '../common/api.js';
import { byId, fill, h, show } from '../common/dom.js';
import { currentLang, errorText, onLanguageChange, t, type MessageCode } from '../common/i18n.js';
import { initPage } from '../common/page.js';
import { ExpertDrawsResponse } from '../../shared/api/expert-draws.js';
import type { ExpertOutcome } from '../../shared/expert-outcome.js';
import { checkExpertDraws, type CheckedExpertDraws } from '../../shared/verify/expert-proof.js';
import { initialKey, pinnedKey } from '../verify/trusted-key.js';

interface Found {
  answer: ExpertDrawsResponse;
  checked: CheckedExpertDraws;
  keyOrigin: 'pinned' | 'pinned-differs' | 'server';
}

let found: Found | null = null;
let status: { code: MessageCode } | { error: string } | null = null;

function outcomeText(o: ExpertOutcome): string {
  switch (o.kind) {
    case 'reserve':
      return t('find.outcome.reserve', { n: o.n });
    case 'skipped':
      return o.rule
        ? t('find.outcome.skippedRule', { rule: t(`step.rule.${o.rule}` as MessageCode) })
        : t('find.outcome.skipped');
    case 'excluded':
      return t('find.outcome.excluded', { rule: t(`exclusion.rule.${o.rule}` as MessageCode) });
    default:
      return t(`find.outcome.${o.kind}` as MessageCode);
  }
}

function drawItem(f: Found, i: number): HTMLElement {
  const d = f.answer.draws[i]!;
  const c = f.checked.draws[i];
  const ok = f.checked.checkpointOk && c?.ok === true;
  const title = currentLang() === 'kk' ? d.lotTitleKk : d.lotTitleRu;
  // a ceremony's lot: which one, by its broadcast position (1-based, as the live page heads it)
  const lot = d.lot ? ` (${t('find.ceremonyLot', { n: d.lot.index + 1 })})` : '';
  return h(
    'li',
    {
      'data-draw-id': d.drawId,
      ...(d.lot ? { 'data-lot-id': String(d.lot.lotId) } : {}),
      'data-outcome': d.claim.outcome.kind,
      'data-verified': String(ok),
    },
    h('a', { href: `/draws/${encodeURIComponent(d.drawId)}` }, `${d.drawId}${lot} — ${title}`),
    h(
      'p',
      { class: 'find-outcome' },
      d.claim.poolNo === null ? '' : `${t('find.poolNo', { n: d.claim.poolNo })} · `,
      outcomeText(d.claim.outcome)
    ),
    h(
      'p',
      { class: ok ? 'check-ok' : 'check-fail' },
      ok ? `✓ ${t('find.proofOk')}` : `✗ ${t('find.proofFailed')}`
    )
  );
}

function render(): void {
  const st = byId('find-status', HTMLParagraphElement);
  st.textContent =
    status === null ? '' : 'code' in status ? t(status.code) : errorText(status.error);
  const section = byId('find-result', HTMLElement);
  show(section, found !== null);
  if (!found) return;
  const e = found.answer.expert;
  const name = currentLang() === 'kk' ? e.fullNameKk : e.fullNameRu;
  byId('find-expert', HTMLHeadingElement).textContent = `${e.registryNo} — ${name}`;
  byId('find-key', HTMLParagraphElement).textContent = t(`find.key.${found.keyOrigin}`);
  byId('find-checkpoint', HTMLParagraphElement).textContent = found.checked.checkpointOk
    ? t('find.checkpointOk', { size: found.answer.checkpoint.size })
    : t('find.checkpointFailed');
  fill(
    byId('find-draws', HTMLUListElement),
    ...found.answer.draws.map((_, i) => drawItem(found!, i))
  );
  show(byId('find-none', HTMLParagraphElement), found.answer.draws.length === 0);
}

async function find(registryNo: string): Promise<void> {
  found = null;
  status = { code: 'find.searching' };
  render();
  try {
    const answer = await apiFetch(
      `/api/public/experts/${encodeURIComponent(registryNo)}/draws`,
      ExpertDrawsResponse
    );
    const { key, origin } = initialKey(pinnedKey(), answer.vkey);
    const keyOrigin = origin === 'pinned' || origin === 'pinned-differs' ? origin : 'server';
    found = { answer, checked: checkExpertDraws(answer, key), keyOrigin };
    status = null;
  } catch (e) {
    status = { error: e instanceof ApiError ? e.code : 'UNKNOWN' };
  }
  render();
}

initPage();
onLanguageChange(render);
const input = byId('find-registry-no', HTMLInputElement);
byId('find-form', HTMLFormElement).addEventListener('submit', (ev) => {
  ev.preventDefault();
  const no = input.value.trim();
  if (no) void find(no);
});
const fromQuery = new URLSearchParams(window.location.search).get('no');
if (fromQuery) {
  input.value = fromQuery;
  void find(fromQuery);
}
