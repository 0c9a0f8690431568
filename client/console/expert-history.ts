/**
 * An expert's history as the registry keeps it: every change with who made it, when, the action and
 * each field that changed (before → after). Newest first.
 */
import type { HistoryEntry } from '../../shared/api/registry.js';
import { h } from '../common/dom.js';
import { formatDateTime } from '../common/format.js';
import { currentLang, hasMessage, t, type MessageCode } from '../common/i18n.js';
import { tx } from './ui.js';

function show(v: unknown): string {
  if (v === undefined || v === null) return '—';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** Fields whose values are codes with a name in the catalogue (`<prefix><code>`). */
const NAMED_VALUES: Record<string, string> = {
  status: 'console.status.',
  proposedBy: 'console.proposedBy.',
  gender: 'console.gender.',
};

/**
 * A changed value as the reader's language has it (issue 17: the history showed JSON): a coded value
 * by its name, organizations as "name / BIN / role", lists of codes (directions, languages) and
 * anything else as written, marked as not to be translated.
 */
function valueNode(field: string, raw: unknown): Node | string {
  if (raw === undefined || raw === null) return '—';
  const prefix = NAMED_VALUES[field];
  if (prefix && typeof raw === 'string' && hasMessage(prefix + raw))
    return t((prefix + raw) as MessageCode);
  if (field === 'organizations' && Array.isArray(raw))
    return (raw as { name?: unknown; bin?: unknown; role?: unknown }[])
      .map((o) => [o.name, o.bin, o.role].filter((x) => typeof x === 'string' && x).join(' / '))
      .join('; ');
  if (typeof raw === 'string' || typeof raw === 'number') return String(raw);
  if (Array.isArray(raw) && raw.every((x) => typeof x === 'string'))
    return h('code', { translate: 'no' }, raw.join(', '));
  return h('code', { translate: 'no' }, show(raw));
}

/** A field's label from the catalogue (`console.field.<name>`), else its name as an identifier. */
function fieldNode(field: string): Node | string {
  const code = `console.field.${field}`;
  return hasMessage(code) ? t(code as MessageCode) : h('code', { translate: 'no' }, field);
}

/** The fields whose values differ between before and after, in a stable order. */
export function changedFields(e: HistoryEntry): { field: string; before: string; after: string }[] {
  const before = e.before ?? {};
  const after = e.after ?? {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => ({ field: k, before: show(before[k]), after: show(after[k]) }));
}

const ACTIONS = new Set([
  'create',
  'update',
  'suspend',
  'exclude',
  'reinstate',
  'import-create',
  'import-update',
]);

export function renderHistory(items: readonly HistoryEntry[]): HTMLElement {
  if (items.length === 0) return tx('p', 'console.history.none', { class: 'empty' });
  const lang = currentLang();
  return h(
    'ol',
    { class: 'history', id: 'expert-history' },
    ...items.map((e) =>
      h(
        'li',
        { class: 'history-entry' },
        h(
          'p',
          { class: 'history-head' },
          h(
            'strong',
            {},
            ACTIONS.has(e.action) ? t(`console.action.${e.action}` as MessageCode) : e.action
          ),
          ' · ',
          h('time', { datetime: e.at }, formatDateTime(e.at, lang)),
          ' · ',
          t('console.history.by', { actor: e.actor })
        ),
        h(
          'ul',
          { class: 'history-changes' },
          ...changedFields(e).map((c) =>
            h(
              'li',
              { 'data-field': c.field },
              fieldNode(c.field),
              ': ',
              valueNode(c.field, (e.before ?? {})[c.field]),
              ' → ',
              valueNode(c.field, (e.after ?? {})[c.field])
            )
          )
        )
      )
    )
  );
}
