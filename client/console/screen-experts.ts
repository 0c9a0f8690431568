/**
 * /console/experts — the Registry of Experts: search by name or number, filter by direction, region,
 * status and who proposed the expert, page through the results, export what the filter selects as
 * CSV for Excel, and open an expert to edit, suspend or see the history. The filter lives in the
 * address (?q=…&status=…), so a filtered list can be bookmarked.
 */
import { REGIONS } from '../../shared/regions.js';
import type { Direction, Expert } from '../../shared/schemas/registry.js';
import { h, fill } from '../common/dom.js';
import { currentLang, onLanguageChange, t, tCount, type MessageCode } from '../common/i18n.js';
import { exportUrl, listDirections, listExperts, type ExpertFilter } from './api/registry-api.js';
import { expertName, localName, regionName } from './labels.js';
import type { Mount } from './router.js';
import {
  alertLine,
  failureText,
  navLink,
  screenHeading,
  selectField,
  statusLine,
  submitButton,
  textField,
  tx,
} from './ui.js';
import { row, table } from './ui-table.js';

const PAGE_SIZE = 25;
const FILTER_KEYS = ['q', 'direction', 'region', 'status', 'proposedBy'] as const;

export function statusBadge(status: Expert['status']): HTMLElement {
  return tx('span', `console.status.${status}` as MessageCode, {
    class: `badge status-${status}`,
  });
}

function filterFrom(query: URLSearchParams): ExpertFilter {
  const f: Record<string, string> = {};
  for (const k of FILTER_KEYS) {
    const v = query.get(k);
    if (v) f[k] = v;
  }
  return f as ExpertFilter;
}

export const mountExperts: Mount = (root, ctx) => {
  const filter = filterFrom(ctx.query);
  const page = Math.max(1, Number(ctx.query.get('page') ?? '1') || 1);
  let directions: Direction[] = [];
  let experts: Expert[] | null = null;
  let total = 0;
  const alert = alertLine();
  const results = h('div', { id: 'experts-results', 'aria-live': 'polite' });
  const count = h('p', { id: 'experts-count' });

  const q = textField('f-q', 'console.experts.search', filter.q ?? '', {
    type: 'search',
    hint: 'console.experts.searchHint',
  });
  const direction = selectField('f-direction', 'console.field.direction', [], '');
  const region = selectField(
    'f-region',
    'console.field.region',
    [
      { value: '', code: 'console.filter.any' },
      ...REGIONS.map((r) => ({ value: r.code, text: r.code })),
    ],
    filter.region ?? ''
  );
  const status = selectField(
    'f-status',
    'console.field.status',
    ['', 'active', 'suspended', 'excluded'].map((s) => ({
      value: s,
      code: (s ? `console.status.${s}` : 'console.filter.any') as MessageCode,
    })),
    filter.status ?? ''
  );
  const proposedBy = selectField(
    'f-proposedBy',
    'console.field.proposedBy',
    ['', 'operator', 'ngo'].map((s) => ({
      value: s,
      code: (s ? `console.proposedBy.${s}` : 'console.filter.any') as MessageCode,
    })),
    filter.proposedBy ?? ''
  );

  function fillChoices(): void {
    const lang = currentLang();
    const keep = direction.control.value || filter.direction || '';
    fill(
      direction.control,
      h('option', { value: '' }, t('console.filter.any')),
      ...directions.map((d) => h('option', { value: d.code }, localName(d, lang)))
    );
    direction.control.value = keep;
    for (const o of region.control.options) if (o.value) o.textContent = regionName(o.value, lang);
  }

  const form = h(
    'form',
    { role: 'search', class: 'filters', 'aria-labelledby': 'screen-heading' },
    q.wrap,
    h('div', { class: 'filter-row' }, direction.wrap, region.wrap, status.wrap, proposedBy.wrap),
    submitButton('console.experts.apply', { id: 'experts-apply' })
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const p = new URLSearchParams();
    for (const [k, f] of [
      ['q', q],
      ['direction', direction],
      ['region', region],
      ['status', status],
      ['proposedBy', proposedBy],
    ] as const)
      if (f.control.value.trim()) p.set(k, f.control.value.trim());
    ctx.navigate(`/console/experts${p.toString() ? `?${p}` : ''}`, { replace: true });
  });

  const exportLink = h('a', { class: 'button', id: 'experts-export', download: 'registry.csv' });
  function renderResults(): void {
    const lang = currentLang();
    fillChoices();
    exportLink.href = exportUrl(filter, lang);
    exportLink.textContent = t('console.experts.export');
    if (experts === null) {
      fill(results, tx('p', 'console.loading', { class: 'empty' }));
      return;
    }
    count.textContent = tCount('console.experts.count', total);
    const byCode = new Map(directions.map((d) => [d.code, d]));
    const rows = experts.map((e) =>
      row(
        navLink(`/console/experts/${encodeURIComponent(e.registryNo)}`, e.registryNo),
        expertName(e, lang),
        e.directions.map((c) => (byCode.get(c) ? localName(byCode.get(c)!, lang) : c)).join(', '),
        regionName(e.region, lang),
        statusBadge(e.status),
        t(`console.proposedBy.${e.proposedBy}` as MessageCode)
      )
    );
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const pageHref = (n: number) => {
      const p = new URLSearchParams(ctx.query);
      p.set('page', String(n));
      return `/console/experts?${p}`;
    };
    fill(
      results,
      count,
      experts.length === 0
        ? tx('p', 'console.experts.none', { class: 'empty' })
        : table(
            'console.experts.caption',
            [
              'console.field.registryNo',
              'console.field.name',
              'console.field.directions',
              'console.field.region',
              'console.field.status',
              'console.field.proposedBy',
            ],
            rows
          ),
      pages > 1
        ? h(
            'nav',
            { class: 'pager', 'aria-label': t('console.pager.label') },
            page > 1 ? navLink(pageHref(page - 1), t('console.pager.prev')) : null,
            h('span', {}, t('console.pager.position', { page, pages })),
            page < pages ? navLink(pageHref(page + 1), t('console.pager.next')) : null
          )
        : null
    );
  }

  root.append(
    screenHeading('console.experts.heading'),
    ctx.flash ? tx('p', ctx.flash, { class: 'status ok', role: 'status' }) : statusLine(),
    h(
      'div',
      { class: 'actions' },
      navLink('/console/experts/new', tx('span', 'console.experts.add'), {
        class: 'button primary',
      }),
      navLink('/console/import', tx('span', 'console.nav.import'), { class: 'button' }),
      exportLink
    ),
    form,
    alert,
    results
  );
  renderResults();
  const off = onLanguageChange(renderResults);
  void (async () => {
    try {
      const [d, list] = await Promise.all([listDirections(), listExperts(filter, page, PAGE_SIZE)]);
      directions = d;
      experts = list.items;
      total = list.total;
    } catch (e) {
      experts = [];
      alert.textContent = failureText(e);
    }
    renderResults();
  })();
  return off;
};
