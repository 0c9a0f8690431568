/**
 * Every expert of the lot's direction kept out of the pool, with the rule that excluded them (status,
 * conflict of interest, cooldown) in the viewer's language and the exclusion's structured facts: for a
 * conflict, its kind (or, for a registry role that names no kind, the role as the registry writes it,
 * so a board member is not shown as "other conflict of interest"), the applicant's name beside its BIN
 * and where the link comes from (a declaration or the registry entry); for a cooldown, its dates.
 * Each expert is named beside the registry number, as the public registry names them.
 * The verifier's own one-line record is English: it is shown as published to English readers only.
 */
import { byId, fill, h, show } from '../common/dom.js';
import { currentLang, t, tCount, type MessageCode } from '../common/i18n.js';
import type { Exclusion } from '../../shared/schemas/conflicts.js';
import type { CeremonyModel } from './ceremony-model.js';
import { cooldownFacts, registryRole } from './exclusion-record.js';
import { filterItems, labelFold, wireFoldSearch } from './fold.js';
import type { Labels } from './labels.js';

export interface Applicant {
  name: string;
  bin: string;
}

function conflictFacts(labels: Labels, x: Exclusion, applicants: readonly Applicant[]): string[] {
  const out: string[] = [];
  // A registry role that names no conflict kind is shown as written, not as "other".
  const role = x.source === 'registry' && x.kind === 'other' ? registryRole(x.detail) : undefined;
  if (x.kind && !role) out.push(labels.conflictKind(x.kind));
  if (role) out.push(t('exclusion.role', { role }));
  if (x.bin) {
    const name = applicants.find((a) => a.bin === x.bin)?.name;
    out.push(
      name
        ? t('exclusion.applicantNamed', { name, bin: x.bin })
        : t('exclusion.applicant', { bin: x.bin })
    );
  }
  if (x.source) out.push(t(`exclusion.source.${x.source}` as MessageCode));
  if (x.declarationId !== undefined) out.push(t('exclusion.declaration', { id: x.declarationId }));
  return out;
}

function facts(labels: Labels, x: Exclusion, applicants: readonly Applicant[]): string[] {
  if (x.rule === 'COOLDOWN') {
    const c = cooldownFacts(x.detail);
    return c ? [t('exclusion.cooldownFacts', c)] : [];
  }
  return conflictFacts(labels, x, applicants);
}

let wired = false;

function applySearch(): void {
  const query = byId('exclusions-search', HTMLInputElement).value;
  filterItems(byId('exclusions-list', HTMLUListElement), 'li', query);
}

/** An excluded expert's names from the public registry (GET /api/public/draws/:id excludedNames). */
export type ExcludedNames = Readonly<Record<string, { kk: string; ru: string }>>;

/** The expert's name in the viewer's language (Russian for English readers, as the PDF does). */
function nameOf(names: ExcludedNames, registryNo: string): string | undefined {
  const n = names[registryNo];
  if (!n) return undefined;
  return (currentLang() === 'kk' ? n.kk : n.ru) || n.ru || n.kk || undefined;
}

export function renderExclusions(
  m: CeremonyModel,
  labels: Labels,
  applicants: readonly Applicant[] = [],
  names: ExcludedNames = {}
): void {
  const list = m.announcement?.exclusions ?? [];
  const english = currentLang() === 'en';
  fill(
    byId('exclusions-list', HTMLUListElement),
    ...list.map((x) =>
      h(
        'li',
        { 'data-registry-no': x.registryNo, 'data-rule': x.rule },
        h('span', { class: 'nowrap' }, x.registryNo),
        ...(nameOf(names, x.registryNo)
          ? [' ', h('span', { class: 'name' }, nameOf(names, x.registryNo)!)]
          : []),
        ' — ',
        h('strong', {}, t(`exclusion.rule.${x.rule}` as MessageCode)),
        ...facts(labels, x, applicants).map((f) => `; ${f}`),
        english ? ' ' : null,
        english ? h('small', { class: 'record' }, `(${x.detail})`) : null
      )
    )
  );
  if (!wired) {
    wired = true;
    wireFoldSearch('exclusions-fold', 'exclusions-search', applySearch);
  }
  applySearch();
  labelFold('exclusions-fold', tCount('fold.showRows', list.length), t('fold.hide'));
  const heading = byId('exclusions-count', HTMLElement);
  heading.textContent = m.announcement ? tCount('exclusion.count', list.length) : '';
  show(byId('exclusions-fold', HTMLDetailsElement), list.length > 0);
  show(byId('exclusions-search', HTMLInputElement).parentElement as HTMLElement, list.length > 0);
}
