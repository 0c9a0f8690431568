/**
 * /console/lots/new and /console/lots/:id — a lot: competition, direction, titles in Kazakh and
 * Russian and the applicant organizations (name and BIN, the check digit checked as it is typed and
 * again by the server). An existing lot also shows who may not sit on it today and why: every
 * exclusion with its rule (status, conflict of interest with the declaration, cooldown).
 */
import type { Exclusion } from '../../shared/schemas/conflicts.js';
import { exclusionDetail } from '../../shared/i18n/exclusion-detail.js';
import type { LotExclusions } from '../../shared/api/conflicts.js';
import type { Competition, Lot } from '../../shared/schemas/lots.js';
import type { Direction } from '../../shared/schemas/registry.js';
import { ApiError } from '../common/api.js';
import { fill, h } from '../common/dom.js';
import { currentLang, onLanguageChange, t, tCount, type MessageCode } from '../common/i18n.js';
import { createLot, getLot, listCompetitions, lotExclusions, patchLot } from './api/lots-api.js';
import { listDirections } from './api/registry-api.js';
import { localName, titleOf } from './labels.js';
import { rowsEditor } from './rows-editor.js';
import type { Mount } from './router.js';
import {
  alertLine,
  busy,
  dataHeading,
  failureText,
  navLink,
  part,
  issueMessage,
  selectField,
  showIssues,
  statusLine,
  submitButton,
  textField,
  tx,
} from './ui.js';
import { row, table } from './ui-table.js';

export function ruleText(x: Exclusion): string {
  return t(`console.rule.${x.rule}` as MessageCode);
}

/**
 * An exclusion's detail in the reader's language (in Kazakh and Russian from its facts and the
 * catalogue, not the verifier's English record: shared/i18n/exclusion-detail.ts).
 */
export function detailText(
  x: Exclusion,
  applicants: readonly { name: string; bin: string }[] = []
): string {
  return exclusionDetail(currentLang(), t, x, applicants);
}

/** The exclusions of a lot or a draw preview: registry number, rule and its detail. */
export function exclusionsTable(
  list: readonly Exclusion[],
  caption: MessageCode,
  applicants: readonly { name: string; bin: string }[] = []
): HTMLElement {
  if (list.length === 0) return tx('p', 'console.exclusions.none', { class: 'empty' });
  return table(
    caption,
    ['console.field.registryNo', 'console.field.rule', 'console.field.detail'],
    list.map((x) =>
      row(
        navLink(`/console/experts/${encodeURIComponent(x.registryNo)}`, x.registryNo),
        h('span', { class: `rule rule-${x.rule}` }, ruleText(x)),
        detailText(x, applicants)
      )
    )
  );
}

function renderExclusions(
  box: HTMLElement,
  ex: LotExclusions,
  applicants: Lot['applicants'] = []
): void {
  fill(
    box,
    h(
      'p',
      { id: 'lot-eligibility' },
      t('console.exclusions.summary', {
        considered: ex.considered,
        eligible: ex.eligible.length,
        asOf: ex.asOf,
      })
    ),
    exclusionsTable(ex.exclusions, 'console.exclusions.caption', applicants),
    h('p', {}, tCount('console.exclusions.count', ex.exclusions.length))
  );
}

export const mountLot: Mount = (root, ctx) => {
  const id = ctx.params['id'] ? Number(ctx.params['id']) : null;
  const heading = id
    ? dataHeading(t('console.lots.one', { id }))
    : tx('h2', 'console.lots.new', { id: 'screen-heading', tabindex: -1 });
  const flash = statusLine('lot-flash');
  if (ctx.flash) flash.textContent = t(ctx.flash);
  const alert = alertLine('lot-alert');
  const box = h('div', {});
  const exclusionsBox = h('div', { id: 'lot-exclusions' });
  let exclusions: LotExclusions | null = null;
  let lot: Lot | null = null;
  root.append(heading, flash, alert, box);

  function build(competitions: Competition[], directions: Direction[]): void {
    const lang = currentLang();
    const competition = selectField(
      'l-competition',
      'console.field.competition',
      competitions.map((c) => ({ value: String(c.id), text: `${c.code} — ${titleOf(c, lang)}` })),
      String(lot?.competitionId ?? competitions[0]?.id ?? ''),
      { required: true }
    );
    if (lot) competition.control.disabled = true;
    const direction = selectField(
      'l-direction',
      'console.field.direction',
      directions.map((d) => ({ value: d.code, text: localName(d, lang) })),
      lot?.directionCode ?? directions[0]?.code ?? '',
      { required: true }
    );
    const titleKk = textField('l-titleKk', 'console.field.titleKk', lot?.titleKk ?? '', {
      required: true,
    });
    const titleRu = textField('l-titleRu', 'console.field.titleRu', lot?.titleRu ?? '', {
      required: true,
    });
    const applicants = rowsEditor(
      'l-applicants',
      'console.field.applicants',
      [
        { key: 'name', label: 'console.field.orgName' },
        { key: 'bin', label: 'console.field.bin', kind: 'bin' },
      ],
      lot?.applicants ?? [{}],
      'console.rows.addApplicant'
    );
    const submit = submitButton(lot ? 'console.form.save' : 'console.lots.create', {
      id: 'lot-submit',
    });
    const form = h(
      'form',
      { class: 'stack', novalidate: true, id: 'lot-form' },
      h('div', { class: 'two' }, competition.wrap, direction.wrap),
      h('div', { class: 'two' }, titleKk.wrap, titleRu.wrap),
      applicants.wrap,
      submit
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!applicants.validate()) {
        alert.textContent = t('console.form.fix');
        return;
      }
      const body = {
        directionCode: direction.control.value,
        titleKk: titleKk.control.value.trim(),
        titleRu: titleRu.control.value.trim(),
        applicants: applicants.values() as { name: string; bin: string }[],
      };
      void busy(submit, alert, async () => {
        try {
          if (lot) {
            lot = await patchLot(lot.id, body);
            flash.textContent = t('console.form.saved');
            await loadExclusions();
          } else {
            const made = await createLot({
              ...body,
              competitionId: Number(competition.control.value),
            });
            ctx.navigate(`/console/lots/${made.id}`, { flash: 'console.lots.created' });
          }
        } catch (err) {
          if (!(err instanceof ApiError)) throw err;
          const rest = showIssues(
            { directionCode: direction, titleKk, titleRu },
            err.issues
          ).filter((i) => {
            const m = /^body\.applicants\.(\d+)\.(\w+)/.exec(i.path);
            return !(m && applicants.setIssue(Number(m[1]), m[2]!, issueMessage(i)));
          });
          alert.textContent =
            rest.length || !err.issues.length ? failureText(err) : t('console.form.fix');
        }
      });
    });
    fill(
      box,
      part('lot-edit', lot ? 'console.lots.editHeading' : 'console.lots.new', form),
      lot
        ? part(
            'lot-exclusions-part',
            'console.exclusions.heading',
            exclusionsBox,
            h(
              'p',
              {},
              navLink(`/console/draws/new?lot=${lot.id}`, tx('span', 'console.lots.newDraw'), {
                class: 'button primary',
              })
            )
          )
        : null
    );
  }

  async function loadExclusions(): Promise<void> {
    if (!lot) return;
    exclusions = await lotExclusions(lot.id);
    renderExclusions(exclusionsBox, exclusions, lot?.applicants);
  }

  const off = onLanguageChange(() => {
    if (exclusions) renderExclusions(exclusionsBox, exclusions, lot?.applicants);
  });
  void (async () => {
    try {
      const [competitions, directions] = await Promise.all([listCompetitions(), listDirections()]);
      if (id) lot = await getLot(id);
      build(competitions, directions);
      if (lot) {
        heading.textContent =
          t('console.lots.one', { id: lot.id }) + ` — ${titleOf(lot, currentLang())}`;
        await loadExclusions();
      }
    } catch (e) {
      alert.textContent = failureText(e);
    }
  })();
  return off as () => void;
};
