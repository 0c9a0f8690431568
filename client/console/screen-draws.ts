/**
 * /console/draws and /console/draws/new?lot=… — every draw with its state (newest first), and opening
 * a new draft draw for a lot (a lot has one draw at a time; a new attempt follows a cancelled one).
 * The draft starts with the usual rules — 3 members and 3 reserves, at most one proposed by the
 * operator (30/70) — which the operator reviews on the draw's screen before anything is announced.
 */
import type { DraftSpec } from '../../shared/schemas/draw-draft.js';
import type { DrawSummary } from '../../shared/api/draws.js';
import type { Lot } from '../../shared/schemas/lots.js';
import { fill, h } from '../common/dom.js';
import { formatDateTime } from '../common/format.js';
import { currentLang, onLanguageChange, t } from '../common/i18n.js';
import { createDraw, listDraws } from './api/draws-api.js';
import { listLots } from './api/lots-api.js';
import { titleOf } from './labels.js';
import { logWitnessesPanel } from './log-witnesses.js';
import type { Mount } from './router.js';
import { stateBadge } from './draw-parts.js';
import {
  alertLine,
  busy,
  failureText,
  navLink,
  part,
  screenHeading,
  selectField,
  submitButton,
  tx,
} from './ui.js';
import { row, table } from './ui-table.js';

/** Starting rules of a new draft (the operator's practice: 3 per direction plus 3 reserves; 30/70 → 1 of 3). */
export const DEFAULT_DRAFT: DraftSpec = {
  method: 'adal-v1',
  size: 3,
  reserves: 3,
  quotas: [{ category: 'proposedBy', value: 'operator', max: 1 }],
  cooldownDays: 0,
  entropy: { publicSources: [] },
};

export const mountDraws: Mount = (root, ctx) => {
  let draws: DrawSummary[] = [];
  let lots: Lot[] = [];
  const alert = alertLine('draws-alert');
  const listBox = h('div', {});
  const lotField = selectField('n-lot', 'console.field.lot', [], ctx.query.get('lot') ?? '', {
    required: true,
  });
  const formAlert = alertLine('new-draw-alert');
  const submit = submitButton('console.draws.create', { id: 'new-draw-submit' });
  const form = h(
    'form',
    { class: 'inline-form', id: 'new-draw-form', novalidate: true },
    lotField.wrap,
    submit,
    formAlert
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const lotId = Number(lotField.control.value);
    if (!lotId) return;
    void busy(submit, formAlert, async () => {
      const d = await createDraw(lotId, DEFAULT_DRAFT);
      ctx.navigate(`/console/draws/${encodeURIComponent(d.id)}`, {
        flash: 'console.draws.created',
      });
    });
  });

  const witnesses = logWitnessesPanel();

  function render(): void {
    witnesses.render();
    const lang = currentLang();
    const keep = lotField.control.value || ctx.query.get('lot') || '';
    fill(
      lotField.control,
      ...lots.map((l) => h('option', { value: String(l.id) }, `${l.id}. ${titleOf(l, lang)}`))
    );
    if (keep) lotField.control.value = keep;
    fill(
      listBox,
      draws.length === 0
        ? tx('p', 'console.draws.none', { class: 'empty' })
        : table(
            'console.draws.caption',
            [
              'console.field.draw',
              'console.field.lot',
              'console.field.state',
              'console.field.updated',
            ],
            draws.map((d) =>
              row(
                navLink(
                  `/console/${d.lotIds ? 'ceremonies' : 'draws'}/${encodeURIComponent(d.id)}`,
                  d.id
                ),
                d.lotIds
                  ? `${d.competitionCode}: ${t('console.ceremony.lotCount', { n: d.lotIds.length })}`
                  : `${titleOf({ titleKk: d.lotTitleKk, titleRu: d.lotTitleRu }, lang)}${d.attempt > 1 ? ` (${t('console.draws.attempt', { n: d.attempt })})` : ''}`,
                stateBadge(d.state),
                formatDateTime(d.updatedAt, lang)
              )
            ),
            { id: 'draws-table' }
          )
    );
    for (const b of listBox.querySelectorAll('#draw-state')) b.removeAttribute('id');
  }

  root.append(
    screenHeading('console.draws.heading'),
    ctx.flash ? tx('p', ctx.flash, { class: 'status ok', role: 'status' }) : alert,
    part(
      'new-draw',
      'console.draws.newHeading',
      tx('p', 'console.draws.newHint', { class: 'field-hint' }),
      form,
      h(
        'p',
        {},
        navLink('/console/ceremonies/new', tx('span', 'console.ceremony.new'), {
          id: 'new-ceremony',
        })
      )
    ),
    listBox,
    witnesses.panel
  );
  if (ctx.flash) root.append(alert);
  witnesses.load();
  void (async () => {
    try {
      [draws, lots] = await Promise.all([listDraws(), listLots()]);
      render();
    } catch (e) {
      alert.textContent = failureText(e);
    }
  })();
  return onLanguageChange(render) as () => void;
};
