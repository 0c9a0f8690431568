/**
 * /console/import — CSV import of the registry: choose a file (UTF-8 with or without BOM, or
 * Windows-1251 as Excel saves it, converted here by csv-encoding.ts; ";" or ",",
 * headers in Kazakh, Russian or English — the server reads all of them), check it with a dry run,
 * then import. All or nothing: a file with any bad row is rejected whole and the report lists each
 * problem by row, column and kind, so the operator fixes the file and tries again.
 */
import type { ImportPreviewRow, ImportProblem, ImportReport } from '../../shared/api/registry.js';
import { fill, h } from '../common/dom.js';
import { currentLang, hasMessage, onLanguageChange, t, type MessageCode } from '../common/i18n.js';
import { importCsv, templateUrl } from './api/registry-api.js';
import { decodeCsvBytes, LETTERS_LOST_IN_CP1251 } from './csv-encoding.js';
import type { Mount } from './router.js';
import { alertLine, busy, button, navLink, screenHeading, tx } from './ui.js';
import { row, table } from './ui-table.js';

/** Problem codes the import reports (server/registry/csv*.ts); others show as "invalid". */
const PROBLEMS = new Set([
  'REQUIRED',
  'INVALID',
  'BIN_INVALID',
  'IIN_INVALID',
  'DATE_INVALID',
  'VALUE_UNKNOWN',
  'DIRECTION_UNKNOWN',
  'REGION_UNKNOWN',
  'ORGANIZATION_FORMAT',
  'STATUS_REASON_MISSING',
  'NAME_MISSING',
  'ROW_REPEATED',
  'ROW_TOO_LONG',
  'COLUMN_UNKNOWN',
  'COLUMN_REPEATED',
  'COLUMN_MISSING',
  'CSV_EMPTY',
  'CSV_SYNTAX',
  'CSV_NOT_UTF8',
  'TOO_MANY_PROBLEMS',
]);

function problemText(code: string): string {
  return t(`console.csv.${PROBLEMS.has(code) ? code : 'INVALID'}` as MessageCode);
}

/**
 * The details cell from the catalogue by code and params (the cell as written, the row a registry
 * number first appears on, …). The server's English line is shown to English readers only, when the
 * catalogue has nothing more specific: kk and ru readers never get English.
 */
function detailText(e: ImportProblem): string {
  const own = `console.csv.detail.${e.code}`;
  if (e.params && hasMessage(own)) return t(own as MessageCode, e.params);
  if (e.params?.value !== undefined) return t('console.csv.detail.value', e.params);
  return currentLang() === 'en' ? e.problem : '—';
}

/** Expert fields as the console's forms label them. */
const FIELD_LABELS: Record<string, MessageCode> = {
  fullNameKk: 'console.field.nameKk',
  fullNameRu: 'console.field.nameRu',
  directions: 'console.field.directions',
  region: 'console.field.region',
  organizations: 'console.field.organizations',
  gender: 'console.field.gender',
  languages: 'console.field.languages',
  proposedBy: 'console.field.proposedBy',
  status: 'console.field.status',
  statusReason: 'console.field.statusReason',
  statusDate: 'console.field.statusDate',
  includedOn: 'console.field.includedOn',
  lastCommissionOn: 'console.field.lastCommissionOn',
  iin: 'console.field.iin',
  phone: 'console.field.phone',
  email: 'console.field.email',
};

function changeText(p: ImportPreviewRow): string {
  if (p.action === 'create') return t('console.import.action.create');
  const fields = p.fields.map((f) => (FIELD_LABELS[f] ? t(FIELD_LABELS[f]) : f));
  return t('console.import.action.update', { fields: fields.join(', ') });
}

/** The rows a clean dry run would add or change, for the operator to look over before importing. */
function renderPreview(rows: readonly ImportPreviewRow[]): HTMLElement | null {
  if (rows.length === 0) return null;
  return table(
    'console.import.preview',
    ['console.field.registryNo', 'console.field.name', 'console.import.action'],
    rows.map((p) => row(p.registryNo, p.name, changeText(p))),
    { id: 'import-preview' }
  );
}

function renderReport(r: ImportReport): HTMLElement {
  if (r.errors.length > 0)
    return h(
      'div',
      { id: 'import-report', class: 'report bad' },
      h(
        'p',
        { class: 'form-error', id: 'import-outcome' },
        t('console.import.rejected', { n: r.errors.length })
      ),
      table(
        'console.import.problems',
        [
          'console.import.row',
          'console.import.column',
          'console.import.problem',
          'console.import.detail',
        ],
        r.errors.map((e) => row(String(e.row), e.column || '—', problemText(e.code), detailText(e)))
      )
    );
  const summary = t(r.dryRun ? 'console.import.checked' : 'console.import.done', {
    rows: r.rows,
    created: r.created,
    updated: r.updated,
    unchanged: r.unchanged,
  });
  return h(
    'div',
    { id: 'import-report', class: 'report good' },
    h('p', { class: 'ok', id: 'import-outcome' }, summary),
    r.preview ? renderPreview(r.preview) : null,
    r.dryRun
      ? null
      : h('p', {}, navLink('/console/experts', tx('span', 'console.import.toRegistry')))
  );
}

export const mountImport: Mount = (root) => {
  let report: ImportReport | null = null;
  const file = h('input', {
    type: 'file',
    id: 'import-file',
    accept: '.csv,text/csv,text/plain',
    'aria-describedby': 'import-hint',
  });
  const alert = alertLine('import-alert');
  const notice = h('p', { id: 'import-encoding', class: 'field-hint', 'aria-live': 'polite' });
  const out = h('div', { 'aria-live': 'polite', id: 'import-out' });
  const render = () => fill(out, report ? renderReport(report) : null);

  const send = (dryRun: boolean) => (e: Event) => {
    const chosen = file.files?.[0];
    if (!chosen) {
      alert.textContent = t('console.import.chooseFirst');
      file.focus();
      return;
    }
    report = null;
    notice.textContent = '';
    render();
    void busy(e.currentTarget as HTMLButtonElement, alert, async () => {
      // The one place a file's encoding is decided: Windows-1251 from Excel is converted here.
      const decoded = decodeCsvBytes(new Uint8Array(await chosen.arrayBuffer()));
      if (!decoded.ok) {
        notice.textContent =
          decoded.reason === 'LETTERS_LOST'
            ? t('console.import.lettersLost', { letters: LETTERS_LOST_IN_CP1251 })
            : t('console.import.notText');
        return;
      }
      if (decoded.encoding === 'windows-1251') notice.textContent = t('console.import.converted');
      report = await importCsv(decoded.text, dryRun);
      render();
    });
  };

  root.append(
    screenHeading('console.import.heading'),
    tx('p', 'console.import.intro', { class: 'lead' }),
    h(
      'div',
      { class: 'field' },
      tx('label', 'console.import.file', { for: 'import-file' }),
      tx('p', 'console.import.hint', { id: 'import-hint', class: 'field-hint' }),
      h(
        'p',
        {},
        tx('a', 'console.import.template', {
          id: 'import-template',
          href: templateUrl(currentLang()),
          download: '',
        })
      ),
      file
    ),
    alert,
    notice,
    h(
      'div',
      { class: 'actions' },
      button('console.import.dryRun', send(true), { id: 'import-dry-run' }),
      button('console.import.run', send(false), { id: 'import-run', class: 'button primary' })
    ),
    out
  );
  return onLanguageChange(render) as () => void;
};
