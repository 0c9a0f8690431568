/**
 * /console/lots — competitions and their lots: the competitions with a form to add one, and every lot
 * with its direction, title and applicants, linking to the lot's page and to a new draw for it.
 */
import type { Competition, Lot } from '../../shared/schemas/lots.js';
import type { Direction } from '../../shared/schemas/registry.js';
import { fill, h } from '../common/dom.js';
import { currentLang, onLanguageChange, t } from '../common/i18n.js';
import { createCompetition, listCompetitions, listLots } from './api/lots-api.js';
import { listDirections } from './api/registry-api.js';
import { localName, titleOf } from './labels.js';
import type { Mount } from './router.js';
import {
  alertLine,
  busy,
  failureText,
  navLink,
  part,
  screenHeading,
  formFailureText,
  statusLine,
  submitButton,
  textField,
  tx,
} from './ui.js';
import { row, table } from './ui-table.js';

function competitionForm(onSaved: () => Promise<void>, flash: HTMLElement): HTMLFormElement {
  const code = textField('c-code', 'console.field.code', '', { required: true });
  const year = textField('c-year', 'console.field.year', String(new Date().getFullYear()), {
    type: 'number',
    required: true,
    attrs: { min: 2000, max: 2100 },
  });
  const titleKk = textField('c-titleKk', 'console.field.titleKk', '', { required: true });
  const titleRu = textField('c-titleRu', 'console.field.titleRu', '', { required: true });
  const alert = alertLine('competition-alert');
  const submit = submitButton('console.lots.addCompetition', { id: 'competition-submit' });
  const form = h(
    'form',
    { class: 'stack', novalidate: true, id: 'competition-form' },
    h('div', { class: 'two' }, code.wrap, year.wrap),
    h('div', { class: 'two' }, titleKk.wrap, titleRu.wrap),
    alert,
    submit
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void busy(submit, alert, async () => {
      try {
        await createCompetition({
          code: code.control.value.trim(),
          year: Number(year.control.value),
          titleKk: titleKk.control.value.trim(),
          titleRu: titleRu.control.value.trim(),
        });
        form.reset();
        flash.textContent = t('console.form.saved');
        await onSaved();
      } catch (err) {
        const fields = { code, year, titleKk, titleRu };
        alert.textContent = formFailureText(fields, err);
      }
    });
  });
  return form;
}

export const mountLots: Mount = (root, ctx) => {
  let competitions: Competition[] = [];
  let lots: Lot[] = [];
  let directions: Direction[] = [];
  const flash = statusLine('lots-flash');
  if (ctx.flash) flash.textContent = t(ctx.flash);
  const alert = alertLine();
  const compBox = h('div', {});
  const lotBox = h('div', {});

  function render(): void {
    const lang = currentLang();
    const comp = new Map(competitions.map((c) => [c.id, c]));
    const dir = new Map(directions.map((d) => [d.code, d]));
    fill(
      compBox,
      table(
        'console.lots.competitions',
        ['console.field.code', 'console.field.year', 'console.field.title'],
        competitions.map((c) =>
          row(h('code', { translate: 'no' }, c.code), String(c.year), titleOf(c, lang))
        )
      )
    );
    fill(
      lotBox,
      lots.length === 0
        ? tx('p', 'console.lots.none', { class: 'empty' })
        : table(
            'console.lots.caption',
            [
              'console.field.lot',
              'console.field.competition',
              'console.field.direction',
              'console.field.applicants',
              'console.field.actions',
            ],
            lots.map((l) =>
              row(
                navLink(`/console/lots/${l.id}`, `${l.id}. ${titleOf(l, lang)}`),
                comp.get(l.competitionId)?.code ?? String(l.competitionId),
                dir.get(l.directionCode)
                  ? localName(dir.get(l.directionCode)!, lang)
                  : l.directionCode,
                String(l.applicants.length),
                navLink(`/console/draws/new?lot=${l.id}`, t('console.lots.newDraw'), {
                  class: 'button small',
                })
              )
            )
          )
    );
  }

  async function load(): Promise<void> {
    try {
      [competitions, lots, directions] = await Promise.all([
        listCompetitions(),
        listLots(),
        listDirections(),
      ]);
      render();
    } catch (e) {
      alert.textContent = failureText(e);
    }
  }

  root.append(
    screenHeading('console.lots.heading'),
    flash,
    alert,
    h(
      'div',
      { class: 'actions' },
      navLink('/console/lots/new', tx('span', 'console.lots.add'), { class: 'button primary' })
    ),
    lotBox,
    part(
      'competitions-part',
      'console.lots.competitions',
      compBox,
      tx('h4', 'console.lots.addCompetition'),
      competitionForm(load, flash)
    )
  );
  void load();
  return onLanguageChange(render) as () => void;
};
