/**
 * /console/ceremonies/new?competition=… — a ceremony from a competition's lots in one screen
 * (docs/LIFECYCLE.md §Ceremonies): every lot of the competition ticked in broadcast order, one rules
 * form for all of them (the usual 3 + 3 with at most one proposed by the operator), and a row per lot
 * to change its size, reserves or quota maxima. One click creates the ceremony with its shared draft
 * and each changed lot's own fields, then the ceremony's own screen opens (witnesses, announce, …).
 */
import type { Competition, Lot } from '../../shared/schemas/lots.js';
import type { Direction } from '../../shared/schemas/registry.js';
import { ApiError } from '../common/api.js';
import { fill, h } from '../common/dom.js';
import { onLanguageChange, t } from '../common/i18n.js';
import { createCeremony } from './api/ceremony-api.js';
import { listCompetitions, listLots } from './api/lots-api.js';
import { listDirections } from './api/registry-api.js';
import { ceremonyRequest, draftOf } from './ceremony-draft.js';
import { lotsTable, type LotsTable } from './ceremony-lots.js';
import { draftForm, type DraftForm } from './draw-draft-form.js';
import type { Mount } from './router.js';
import { DEFAULT_DRAFT } from './screen-draws.js';
import {
  alertLine,
  busy,
  failureText,
  navLink,
  part,
  screenHeading,
  selectField,
  showIssues,
  submitButton,
  tx,
} from './ui.js';

export const mountCeremonyNew: Mount = (root, ctx) => {
  let competitions: Competition[] = [];
  let lots: Lot[] = [];
  let directions: Direction[] = [];
  let table: LotsTable | null = null;
  let rules: DraftForm | null = null;
  const alert = alertLine('ceremony-alert');
  const competition = selectField('cer-competition', 'console.ceremony.competition', [], '', {
    required: true,
  });
  const lotsBox = h('div', {});
  const rulesBox = h('div', {});
  const submit = submitButton('console.ceremony.create', { id: 'ceremony-submit' });
  const form = h(
    'form',
    { id: 'ceremony-form', class: 'stack', novalidate: true },
    competition.wrap,
    part(
      'ceremony-lots-part',
      'console.ceremony.lotsHeading',
      tx('p', 'console.ceremony.lotsHint', { class: 'field-hint' }),
      lotsBox
    ),
    part(
      'ceremony-rules-part',
      'console.ceremony.rulesHeading',
      tx('p', 'console.ceremony.rulesHint', { class: 'field-hint' }),
      rulesBox
    ),
    h('div', { class: 'actions' }, submit),
    alert
  );

  function shared() {
    return draftOf(rules ? rules.read() : DEFAULT_DRAFT);
  }

  function renderLots(): void {
    const id = Number(competition.control.value);
    const mine = lots.filter((l) => l.competitionId === id);
    table = mine.length ? lotsTable(mine, directions) : null;
    fill(lotsBox, table ? table.el : tx('p', 'console.ceremony.noLots', { class: 'empty' }));
    table?.render(shared());
  }

  function renderCompetitions(): void {
    const keep = competition.control.value || ctx.query.get('competition') || '';
    fill(
      competition.control,
      ...competitions.map((c) => h('option', { value: String(c.id) }, `${c.code} — ${c.titleRu}`))
    );
    if (keep) competition.control.value = keep;
  }

  competition.control.addEventListener('change', renderLots);
  // quotas added or removed in the shared rules change the table's quota columns
  rulesBox.addEventListener('change', () => table?.render(shared()));

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!rules || !table) return;
    const rows = table.read();
    if (!rows) {
      alert.textContent = t('console.ceremony.badRow');
      return;
    }
    const req = ceremonyRequest(rules.read(), rows);
    if (req.lotIds.length < 2) {
      alert.textContent = t('console.ceremony.tooFew');
      return;
    }
    const fields = rules.fields;
    void busy(submit, alert, async () => {
      try {
        const d = await createCeremony(req);
        ctx.navigate(`/console/ceremonies/${encodeURIComponent(d.id)}`, {
          flash: 'console.ceremony.created',
        });
      } catch (err) {
        if (!(err instanceof ApiError) || err.issues.length === 0) throw err;
        const rest = showIssues(fields, err.issues, 'body.draft.');
        if (rest.length) throw err;
        alert.textContent = t('console.form.fix');
      }
    });
  });

  root.append(
    screenHeading('console.ceremony.newHeading'),
    h('p', {}, navLink('/console/draws', tx('span', 'console.draws.back'))),
    tx('p', 'console.ceremony.newHint', { class: 'field-hint' }),
    form
  );
  void (async () => {
    try {
      [competitions, lots, directions] = await Promise.all([
        listCompetitions(),
        listLots(),
        listDirections(),
      ]);
      rules = draftForm(DEFAULT_DRAFT, directions);
      fill(rulesBox, rules.el);
      renderCompetitions();
      renderLots();
    } catch (e) {
      alert.textContent = failureText(e);
    }
  })();
  return onLanguageChange(() => {
    renderCompetitions();
    table?.render(shared());
  }) as () => void;
};
