/**
 * The console's "Log witnesses" panel (docs/API.md "Witnesses"): which configured witnesses cosigned
 * the checkpoint of the latest draw milestone, and per witness the latest size it cosigned, its last
 * error and whether it reported another history of the log (a conflict: evidence of a fork).
 */
import type { LogWitnessStatusResponse } from '../../shared/api/log.js';
import { fill, h } from '../common/dom.js';
import { t } from '../common/i18n.js';
import { logWitnesses } from './api/log-api.js';
import { failureText, part, tx } from './ui.js';

export function logWitnessesPanel(): { panel: HTMLElement; render(): void; load(): void } {
  const body = h('div', { id: 'log-witnesses-body' });
  const panel = part('log-witnesses', 'console.logWitnesses.heading', body);
  let data: LogWitnessStatusResponse | null = null;
  let error: string | null = null;

  function render(): void {
    if (error) return fill(body, h('p', { class: 'status error', role: 'alert' }, error));
    if (!data) return fill(body);
    if (data.witnesses.length === 0)
      return fill(body, tx('p', 'console.logWitnesses.none', { class: 'empty' }));
    const m = data.milestone;
    fill(
      body,
      m
        ? h(
            'p',
            { id: 'log-witnesses-milestone', 'data-cosigned': String(m.cosignedBy.length) },
            t('console.logWitnesses.latest', {
              size: m.size,
              n: m.cosignedBy.length,
              total: data.witnesses.length,
              names: m.cosignedBy.join(', ') || '—',
            })
          )
        : null,
      h(
        'ul',
        { class: 'log-witnesses' },
        ...data.witnesses.map((w) =>
          h(
            'li',
            { 'data-witness': w.name, 'data-conflict': String(w.conflict) },
            h('strong', {}, w.name),
            ' — ',
            w.cosignedSize === null
              ? t('console.logWitnesses.never')
              : t('console.logWitnesses.cosigned', { size: w.cosignedSize }),
            w.conflict
              ? h('span', { class: 'status error' }, ' ', t('console.logWitnesses.conflict'))
              : null,
            w.lastError ? h('small', { class: 'note', lang: 'en' }, ' ', w.lastError) : null
          )
        )
      )
    );
  }

  return {
    panel,
    render,
    load: () => {
      logWitnesses().then(
        (d) => {
          data = d;
          render();
        },
        (e: unknown) => {
          error = failureText(e);
          render();
        }
      );
    },
  };
}
