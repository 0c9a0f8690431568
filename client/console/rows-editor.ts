/**
 * An editable list of small records (an expert's organizations, a lot's applicants): one fieldset per
 * row with its own labelled inputs, "add" and "remove" buttons, and a BIN check as the user types
 * (12 digits with the check digit of shared/bin.ts, the same code the server runs).
 */
import { isValidBin } from '../../shared/bin.js';
import { h } from '../common/dom.js';
import { t, type MessageCode } from '../common/i18n.js';
import { button, textField, tx, type Field } from './ui.js';

export interface RowColumn {
  key: string;
  label: MessageCode;
  /** 'bin' is checked with the BIN check digit; optional BINs may be left empty */
  kind?: 'text' | 'bin' | 'date' | 'time';
  optional?: boolean;
}

export interface RowsEditor {
  wrap: HTMLElement;
  /** rows as records of trimmed strings; empty optional values are left out */
  values(): Record<string, string>[];
  /** checks required values and BINs, marking each bad input; true when all are fine */
  validate(): boolean;
  /** puts an issue message on a row's field (issue paths like "body.applicants.2.bin") */
  setIssue(index: number, key: string, message: string): boolean;
}

export function binProblem(value: string): MessageCode | null {
  if (!/^\d{12}$/.test(value)) return 'console.bin.format';
  if (!isValidBin(value)) return 'console.bin.checkDigit';
  return null;
}

export function rowsEditor(
  id: string,
  legend: MessageCode,
  columns: readonly RowColumn[],
  initial: readonly Record<string, string | undefined>[],
  addLabel: MessageCode
): RowsEditor {
  const list = h('div', { class: 'rows', id: `${id}-rows` });
  const rows: { el: HTMLElement; fields: Map<string, Field<HTMLInputElement>> }[] = [];
  let serial = 0;

  function renumber(): void {
    rows.forEach((r, i) => {
      const legendEl = r.el.querySelector('legend');
      if (legendEl) legendEl.textContent = t('console.rows.item', { n: i + 1 });
    });
  }

  function addRow(values: Record<string, string | undefined> = {}): void {
    const n = serial++;
    const fields = new Map<string, Field<HTMLInputElement>>();
    for (const c of columns) {
      const f = textField(`${id}-${n}-${c.key}`, c.label, values[c.key] ?? '', {
        required: !c.optional,
        attrs:
          c.kind === 'bin'
            ? { inputmode: 'numeric', maxlength: 12, autocomplete: 'off' }
            : c.kind === 'date' || c.kind === 'time'
              ? { type: c.kind }
              : {},
      });
      if (c.kind === 'bin') {
        const check = (onlyClear: boolean) => {
          const v = f.control.value.trim();
          const p = v === '' ? null : binProblem(v);
          if (!p || !onlyClear) f.setError(p ? t(p) : null);
        };
        // a fixed number clears its error as it is typed; a wrong one is named when the field is left
        f.control.addEventListener('input', () => check(true));
        f.control.addEventListener('change', () => check(false));
      }
      fields.set(c.key, f);
    }
    const entry = { el: h('fieldset', { class: 'row-item' }), fields };
    entry.el.append(
      h('legend', {}, ''),
      ...[...fields.values()].map((f) => f.wrap),
      button(
        'console.rows.remove',
        () => {
          rows.splice(rows.indexOf(entry), 1);
          entry.el.remove();
          renumber();
        },
        { class: 'button small' }
      )
    );
    rows.push(entry);
    list.append(entry.el);
    renumber();
  }

  for (const v of initial) addRow(v);
  const wrap = h(
    'fieldset',
    { class: 'field rows-editor', id },
    tx('legend', legend),
    list,
    button(
      addLabel,
      () => {
        addRow();
        rows.at(-1)?.fields.values().next().value?.control.focus();
      },
      { id: `${id}-add` }
    )
  );

  return {
    wrap,
    values: () =>
      rows.map((r) => {
        const out: Record<string, string> = {};
        for (const c of columns) {
          const v = r.fields.get(c.key)!.control.value.trim();
          if (v !== '' || !c.optional) out[c.key] = v;
        }
        return out;
      }),
    validate: () => {
      let ok = true;
      for (const r of rows)
        for (const c of columns) {
          const f = r.fields.get(c.key)!;
          const v = f.control.value.trim();
          let problem: MessageCode | null = null;
          if (v === '' && !c.optional) problem = 'console.form.required';
          else if (v !== '' && c.kind === 'bin') problem = binProblem(v);
          f.setError(problem ? t(problem) : null);
          if (problem) ok = false;
        }
      return ok;
    },
    setIssue: (index, key, message) => {
      const f = rows[index]?.fields.get(key);
      if (!f) return false;
      f.setError(`${t('console.form.invalid')} ${message}`);
      return true;
    },
  };
}
