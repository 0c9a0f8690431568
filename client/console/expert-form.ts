/**
 * The fields of an expert (create and edit): names in Kazakh and Russian, directions, region,
 * organizations with BIN and role, gender, languages, who proposed the expert, dates and the personal
 * data only operators see (IIN, phone, e-mail). read() gives the values in the API's shape; for an
 * edit, changes() gives only what differs (null clears an optional field).
 */
import { REGIONS } from '../../shared/regions.js';
import type { Direction, Expert } from '../../shared/schemas/registry.js';
import type { ExpertCreate, ExpertPatch } from '../../shared/api/registry.js';
import { h } from '../common/dom.js';
import { currentLang, t, type MessageCode } from '../common/i18n.js';
import { localName, regionName } from './labels.js';
import { rowsEditor, type RowsEditor } from './rows-editor.js';
import { checkboxGroup, selectField, textField, type Field } from './ui.js';

type Settable = { setError(text: string | null): void };

export interface ExpertForm {
  elements: HTMLElement[];
  /** fields by API name, for issues from the server */
  fields: Record<string, Settable>;
  organizations: RowsEditor;
  /** checks what the browser can; marks bad fields; true when fine */
  validate(): boolean;
  read(): ExpertCreate;
  changes(): ExpertPatch;
}

const OPTIONAL = [
  'fullNameKk',
  'fullNameRu',
  'gender',
  'lastCommissionOn',
  'iin',
  'phone',
  'email',
];

export function expertForm(directions: readonly Direction[], e?: Expert): ExpertForm {
  const lang = currentLang();
  const text = (key: string, label: MessageCode, value = '', type = 'text', attrs = {}) =>
    textField(`x-${key}`, label, value, { type, attrs });
  const registryNo = text('registryNo', 'console.field.registryNo', e?.registryNo ?? '', 'text', {
    autocomplete: 'off',
  });
  registryNo.control.required = true;
  if (e) registryNo.control.readOnly = true;
  const nameKk = text('fullNameKk', 'console.field.fullNameKk', e?.fullNameKk ?? '');
  const nameRu = text('fullNameRu', 'console.field.fullNameRu', e?.fullNameRu ?? '');
  const dirs = checkboxGroup(
    'x-directions',
    'console.field.directions',
    directions.map((d) => ({ value: d.code, text: localName(d, lang) })),
    e?.directions ?? []
  );
  const region = selectField(
    'x-region',
    'console.field.region',
    [
      { value: '', code: 'console.filter.choose' },
      ...REGIONS.map((r) => ({ value: r.code, text: regionName(r.code, lang) })),
    ],
    e?.region ?? '',
    { required: true }
  );
  const gender = selectField(
    'x-gender',
    'console.field.gender',
    ['', 'female', 'male'].map((g) => ({
      value: g,
      code: (g ? `console.gender.${g}` : 'console.gender.none') as MessageCode,
    })),
    e?.gender ?? ''
  );
  const languages = text(
    'languages',
    'console.field.languages',
    (e?.languages ?? ['kk', 'ru']).join(', ')
  );
  const proposedBy = selectField(
    'x-proposedBy',
    'console.field.proposedBy',
    ['ngo', 'operator'].map((p) => ({ value: p, code: `console.proposedBy.${p}` as MessageCode })),
    e?.proposedBy ?? 'ngo'
  );
  const includedOn = text('includedOn', 'console.field.includedOn', e?.includedOn ?? '', 'date');
  const lastCommissionOn = text(
    'lastCommissionOn',
    'console.field.lastCommissionOn',
    e?.lastCommissionOn ?? '',
    'date'
  );
  const iin = text('iin', 'console.field.iin', e?.iin ?? '', 'text', { inputmode: 'numeric' });
  const phone = text('phone', 'console.field.phone', e?.phone ?? '', 'tel');
  const email = text('email', 'console.field.email', e?.email ?? '', 'email');
  const organizations = rowsEditor(
    'x-organizations',
    'console.field.organizations',
    [
      { key: 'name', label: 'console.field.orgName' },
      { key: 'bin', label: 'console.field.bin', kind: 'bin', optional: true },
      { key: 'role', label: 'console.field.orgRole' },
    ],
    e?.organizations ?? [],
    'console.rows.addOrganization'
  );

  const fields: Record<string, Field> = {
    registryNo,
    fullNameKk: nameKk,
    fullNameRu: nameRu,
    region,
    gender,
    languages,
    proposedBy,
    includedOn,
    lastCommissionOn,
    iin,
    phone,
    email,
  };
  const v = (f: Field) => f.control.value.trim();

  function read(): ExpertCreate {
    const out: Record<string, unknown> = {
      registryNo: v(registryNo),
      directions: dirs.values(),
      region: v(region),
      organizations: organizations.values(),
      languages: v(languages)
        .split(/[\s,;]+/)
        .map((s) => s.toLowerCase())
        .filter(Boolean),
      proposedBy: v(proposedBy),
    };
    for (const key of [...OPTIONAL, 'includedOn']) {
      const value = v(fields[key]!);
      if (value) out[key] = value;
    }
    return out as ExpertCreate;
  }

  function validate(): boolean {
    let ok = organizations.validate();
    const need = (f: Field, empty: boolean) => {
      f.setError(empty ? t('console.form.required') : null);
      if (empty) ok = false;
    };
    need(registryNo, v(registryNo) === '');
    need(region, v(region) === '');
    const noName = v(nameKk) === '' && v(nameRu) === '';
    nameRu.setError(noName ? t('console.experts.nameNeeded') : null);
    if (noName) ok = false;
    const noDir = dirs.values().length === 0;
    dirs.setError(noDir ? t('console.experts.directionNeeded') : null);
    if (noDir) ok = false;
    return ok;
  }

  function changes(): ExpertPatch {
    const now = read() as Record<string, unknown>;
    const before = (e ?? {}) as Record<string, unknown>;
    const patch: Record<string, unknown> = {};
    for (const key of Object.keys(fields)) {
      if (key === 'registryNo') continue;
      const a = before[key] ?? null;
      const b = now[key] ?? null;
      if (b === null && !OPTIONAL.includes(key)) continue;
      if (a !== b) patch[key] = b === null && OPTIONAL.includes(key) ? null : b;
    }
    for (const key of ['directions', 'organizations', 'languages'])
      if (JSON.stringify(before[key] ?? []) !== JSON.stringify(now[key])) patch[key] = now[key];
    return patch as ExpertPatch;
  }

  return {
    elements: [
      registryNo.wrap,
      h('div', { class: 'two' }, nameKk.wrap, nameRu.wrap),
      dirs.wrap,
      h('div', { class: 'two' }, region.wrap, proposedBy.wrap),
      h('div', { class: 'two' }, gender.wrap, languages.wrap),
      organizations.wrap,
      h('div', { class: 'two' }, includedOn.wrap, lastCommissionOn.wrap),
      h('div', { class: 'three' }, iin.wrap, phone.wrap, email.wrap),
    ],
    fields: { ...fields, directions: dirs, organizations: { setError: () => undefined } },
    organizations,
    validate,
    read,
    changes,
  };
}
