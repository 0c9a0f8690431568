/**
 * The published values of a draw's announced public sources (state reveals_closed), typed as each
 * source published them: shared/source-entry.ts reads "7 14 21", "7, 14, 21" or "7;14;21" as the same
 * number list and anything else as text, and under each field the console shows, as it is typed,
 * exactly what will be hashed (the RFC 3797 canonical text) or what is wrong, in the UI language.
 * Nothing is posted while a field is wrong, so no schema message of the API reaches the operator.
 */
import { h } from '../common/dom.js';
import { t, tCount } from '../common/i18n.js';
import { readSourceEntry, type SourceEntry } from '../../shared/source-entry.js';
import * as api from './api/draws-api.js';
import type { OperatorDrawDetail, PublishedSourceInput } from './api/draws-api.js';
import type { PublicSource } from '../../shared/schemas/draw-spec.js';
import { busy, button, textArea, tx } from './ui.js';

function previewText(e: SourceEntry): string {
  if (!e.ok) return t(`console.sources.error.${e.error}`);
  return e.kind === 'numbers'
    ? tCount('console.sources.previewNumbers', Array.isArray(e.value) ? e.value.length : 0, {
        hashed: e.hashed,
      })
    : t('console.sources.previewText', { hashed: e.hashed });
}

/** What the sources part needs of a draw or a ceremony: the announced sources and those posted. */
export interface SourcesFacts {
  id: string;
  sources: readonly PublicSource[];
  posted: readonly { id: string }[];
}

export function sourcesPart(
  d: OperatorDrawDetail,
  alert: HTMLElement,
  onUpdate: (d: OperatorDrawDetail) => void
): HTMLElement[] {
  return sourcesPartOf(
    { id: d.id, sources: d.spec?.entropy.publicSources ?? [], posted: d.publicSources },
    alert,
    onUpdate,
    api.postPublicSources
  );
}

/** The same part for anything whose posting answers a T (a ceremony posts on the same route). */
export function sourcesPartOf<T>(
  d: SourcesFacts,
  alert: HTMLElement,
  onUpdate: (d: T) => void,
  post: (drawId: string, values: PublishedSourceInput[]) => Promise<T>
): HTMLElement[] {
  const sources = d.sources;
  const posted = new Set(d.posted.map((s) => s.id));
  const open = sources.filter((s) => !posted.has(s.id));
  if (!open.length) return [];
  const fields = open.map((s) => {
    const f = textArea(`source-${s.id}`, 'console.sources.value', '', {
      hint: 'console.sources.hint',
    });
    f.control.rows = 2;
    f.wrap.prepend(h('p', { class: 'field-hint' }, `${s.id}: ${s.description}`));
    const preview = h('p', {
      class: 'field-hint mono',
      id: `source-${s.id}-preview`,
      'aria-live': 'polite',
    });
    f.wrap.append(preview);
    const described = f.control.getAttribute('aria-describedby') ?? '';
    f.control.setAttribute('aria-describedby', `${described} ${preview.id}`.trim());
    f.control.addEventListener('input', () => {
      const typed = f.control.value;
      f.setError(null);
      preview.textContent = typed.trim() ? previewText(readSourceEntry(typed)) : '';
    });
    return { s, f };
  });
  return [
    tx('h4', 'console.sources.heading'),
    ...fields.map((x) => x.f.wrap),
    button(
      'console.sources.post',
      (e) => {
        const values: { id: string; value: Exclude<SourceEntry, { ok: false }>['value'] }[] = [];
        let wrong = false;
        for (const { s, f } of fields) {
          if (!f.control.value.trim()) continue;
          const entry = readSourceEntry(f.control.value);
          f.setError(entry.ok ? null : t(`console.sources.error.${entry.error}`));
          if (entry.ok) values.push({ id: s.id, value: entry.value });
          else wrong = true;
        }
        if (wrong) return;
        if (!values.length) {
          fields[0]!.f.setError(t('console.sources.error.empty'));
          return;
        }
        void busy(e.currentTarget as HTMLButtonElement, alert, async () =>
          onUpdate(await post(d.id, values))
        );
      },
      { id: 'sources-post' }
    ),
  ];
}
