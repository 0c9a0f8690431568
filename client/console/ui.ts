/**
 * Building blocks of the console screens: translated text that follows the language switch
 * (data-i18n, so a form keeps what was typed), labelled fields with their own error line tied by
 * aria-describedby, status and alert lines, and the mapping of the API's zod issues ("body.region")
 * back to fields. No innerHTML anywhere: everything goes through common/dom.ts.
 */
import { ApiError, type ApiIssue } from '../common/api.js';
import { h, type Attrs, type Child } from '../common/dom.js';
import { errorText, t, type MessageCode } from '../common/i18n.js';
import { issueText } from '../../shared/i18n/issue-text.js';

/** An element whose text is the message `code`, kept translated by the language switcher. */
export function tx<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  code: MessageCode,
  attrs: Attrs = {}
): HTMLElementTagNameMap[K] {
  return h(tag, { ...attrs, 'data-i18n': code }, t(code));
}

/** The screen's heading: the target of focus after navigation (screen readers hear the new page). */
export function screenHeading(code: MessageCode): HTMLHeadingElement {
  return tx('h2', code, { id: 'screen-heading', tabindex: -1 });
}

/** A screen heading whose text is built from data (re-rendered by the screen on a language switch). */
export function dataHeading(text: string): HTMLHeadingElement {
  return h('h2', { id: 'screen-heading', tabindex: -1 }, text);
}

export type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

export interface Field<C extends Control = Control> {
  wrap: HTMLDivElement;
  control: C;
  /** shows an error under the field (null clears it) and marks the control invalid */
  setError(text: string | null): void;
}

export interface FieldOptions {
  required?: boolean;
  hint?: MessageCode;
  attrs?: Attrs;
}

function fieldOf<C extends Control>(
  id: string,
  label: MessageCode,
  control: C,
  opts: FieldOptions
): Field<C> {
  const error = h('p', { id: `${id}-error`, class: 'field-error', hidden: true });
  const hint = opts.hint ? tx('p', opts.hint, { id: `${id}-hint`, class: 'field-hint' }) : null;
  control.id = id;
  control.setAttribute(
    'aria-describedby',
    [hint ? `${id}-hint` : '', `${id}-error`].filter(Boolean).join(' ')
  );
  if (opts.required) control.required = true;
  for (const [k, v] of Object.entries(opts.attrs ?? {}))
    if (v !== undefined && v !== null && v !== false && typeof v !== 'function')
      control.setAttribute(k, v === true ? '' : String(v));
  const wrap = h('div', { class: 'field' }, tx('label', label, { for: id }), hint, control, error);
  return {
    wrap,
    control,
    setError(text) {
      error.textContent = text ?? '';
      error.hidden = !text;
      if (text) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
    },
  };
}

export function textField(
  id: string,
  label: MessageCode,
  value = '',
  opts: FieldOptions & { type?: string } = {}
): Field<HTMLInputElement> {
  const input = h('input', { type: opts.type ?? 'text', name: id });
  input.value = value;
  return fieldOf(id, label, input, opts);
}

export function textArea(
  id: string,
  label: MessageCode,
  value = '',
  opts: FieldOptions = {}
): Field<HTMLTextAreaElement> {
  const area = h('textarea', { name: id, rows: 4 });
  area.value = value;
  return fieldOf(id, label, area, opts);
}

export interface Option {
  value: string;
  /** shown as is (data such as names) */
  text?: string;
  /** or a message code (kept translated) */
  code?: MessageCode;
}

export function optionEl(o: Option, selected: boolean): HTMLOptionElement {
  const el = o.code
    ? tx('option', o.code, { value: o.value })
    : h('option', { value: o.value }, o.text ?? o.value);
  el.selected = selected;
  return el;
}

export function selectField(
  id: string,
  label: MessageCode,
  options: Option[],
  value = '',
  opts: FieldOptions & { multiple?: boolean; values?: string[] } = {}
): Field<HTMLSelectElement> {
  const chosen = new Set(opts.values ?? [value]);
  const select = h(
    'select',
    { name: id, multiple: opts.multiple ?? false },
    ...options.map((o) => optionEl(o, chosen.has(o.value)))
  );
  return fieldOf(id, label, select, opts);
}

/** A group of checkboxes in a fieldset with a legend (multi-choice that works on phones). */
export function checkboxGroup(
  id: string,
  legend: MessageCode,
  options: Option[],
  values: readonly string[]
): { wrap: HTMLFieldSetElement; values(): string[]; setError(text: string | null): void } {
  const boxes = options.map((o, i) => {
    const box = h('input', { type: 'checkbox', id: `${id}-${i}`, name: id, value: o.value });
    box.checked = values.includes(o.value);
    const label = o.code
      ? tx('label', o.code, { for: `${id}-${i}` })
      : h('label', { for: `${id}-${i}` }, o.text ?? o.value);
    return { box, item: h('div', { class: 'check' }, box, label) };
  });
  const error = h('p', { id: `${id}-error`, class: 'field-error', hidden: true });
  const wrap = h(
    'fieldset',
    { class: 'field checks-group', id, 'aria-describedby': `${id}-error` },
    tx('legend', legend),
    h('div', { class: 'check-list' }, ...boxes.map((b) => b.item)),
    error
  );
  return {
    wrap,
    values: () => boxes.filter((b) => b.box.checked).map((b) => b.box.value),
    setError(text) {
      error.textContent = text ?? '';
      error.hidden = !text;
    },
  };
}

export function button(
  code: MessageCode,
  onClick: (e: Event) => void,
  attrs: Attrs = {}
): HTMLButtonElement {
  return tx('button', code, { type: 'button', class: 'button', ...attrs, onclick: onClick });
}

export function submitButton(code: MessageCode, attrs: Attrs = {}): HTMLButtonElement {
  return tx('button', code, { type: 'submit', class: 'button primary', ...attrs });
}

/** A polite status line (results of actions) and an assertive alert line (errors). */
export function statusLine(id?: string): HTMLParagraphElement {
  return h('p', { class: 'status', role: 'status', ...(id ? { id } : {}) });
}

export function alertLine(id?: string): HTMLParagraphElement {
  return h('p', { class: 'form-error', role: 'alert', ...(id ? { id } : {}) });
}

export function codeOf(e: unknown): string {
  return e instanceof ApiError ? e.code : 'UNKNOWN';
}

/** An issue's text in the user's language when the server coded it, else its own message. */
export function issueMessage(i: ApiIssue): string {
  return issueText(t, i, i.coded ? [i.coded] : []);
}

/** Text for a failed call: the error code's message, with the issues the server named. */
export function failureText(e: unknown): string {
  const base = errorText(codeOf(e));
  if (!(e instanceof ApiError) || e.issues.length === 0) return base;
  return `${base} ${e.issues.map((i) => `${i.path}: ${issueMessage(i)}`).join('; ')}`;
}

/**
 * The form alert's text after a failed submit: when every issue found its field, "fix the marked
 * fields"; otherwise what went wrong, with the issues that fit no field.
 */
export function formFailureText(
  fields: Record<string, { setError(text: string | null): void }>,
  e: unknown
): string {
  if (e instanceof ApiError && e.issues.length && showIssues(fields, e.issues).length === 0)
    return t('console.form.fix');
  return failureText(e);
}

/**
 * Puts each issue whose path is `body.<name>` (or deeper) on the field `name`; returns the issues
 * that fit no field, so the caller shows them in the form's alert.
 */
export function showIssues(
  fields: Record<string, { setError(text: string | null): void }>,
  issues: readonly ApiIssue[],
  prefix = 'body.'
): ApiIssue[] {
  for (const f of Object.values(fields)) f.setError(null);
  const rest: ApiIssue[] = [];
  for (const issue of issues) {
    const path = issue.path.startsWith(prefix) ? issue.path.slice(prefix.length) : issue.path;
    const name = path.split('.')[0] ?? '';
    const field = fields[name];
    if (field) field.setError(`${t('console.form.invalid')} ${issueMessage(issue)}`);
    else rest.push(issue);
  }
  return rest;
}

/** Runs an action with its button disabled, writing failures to `alert`. */
export async function busy<T>(
  btn: HTMLButtonElement,
  alert: HTMLElement,
  fn: () => Promise<T>
): Promise<T | undefined> {
  btn.disabled = true;
  btn.setAttribute('aria-busy', 'true');
  alert.textContent = '';
  try {
    return await fn();
  } catch (e) {
    alert.textContent = failureText(e);
    return undefined;
  } finally {
    btn.disabled = false;
    btn.removeAttribute('aria-busy');
  }
}

/** A section with its own heading (h3) for a part of a screen. */
export function part(id: string, heading: MessageCode, ...children: Child[]): HTMLElement {
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': `${id}-heading`, id },
    tx('h3', heading, { id: `${id}-heading` }),
    ...children
  );
}

/** A link inside the console (the router takes the click and navigates without a reload). */
export function navLink(href: string, text: Child, attrs: Attrs = {}): HTMLAnchorElement {
  return h('a', { href, 'data-route': '', ...attrs }, text);
}
