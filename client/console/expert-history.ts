/**
 * An expert's history as the registry keeps it: every change with who made it, when, the action and
 * each field that changed (before → after). Newest first.
 */
import type { HistoryEntry } from '../../shared/api/registry.js';
import { h } from '../common/dom.js';
import { formatDateTime } from '../common/format.js';
import { currentLang, t, type MessageCode } from '../common/i18n.js';
import { tx } from './ui.js';

function show(v: unknown): string {
  if (v === undefined || v === null) return '—';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
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
            h('li', {}, h('code', {}, c.field), ': ', c.before, ' → ', c.after)
          )
        )
      )
    )
  );
}
