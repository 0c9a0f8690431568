/**
 * /console/ceremonies/:id — one ceremony for the operator (docs/LIFECYCLE.md §Ceremonies). In draft:
 * the shared rules form, each lot's own fields, and the witness invitations. Always: the controls for
 * the current state (ceremony-controls.ts; once drawn, each lot's result, declines and close), the
 * witnesses' progress and the public broadcast exactly as viewers see it (the live page, framed). The
 * ceremony is re-read every few seconds so witnesses' commitments and reveals show up by themselves.
 */
import type { Direction } from '../../shared/schemas/registry.js';
import { ApiError } from '../common/api.js';
import { fill, h } from '../common/dom.js';
import { currentLang, onLanguageChange, t, type MessageCode } from '../common/i18n.js';
import * as api from './api/ceremony-api.js';
import type { OperatorCeremonyDetail } from './api/ceremony-api.js';
import { listDirections } from './api/registry-api.js';
import { ceremonyControls } from './ceremony-controls.js';
import { lotHeading } from './ceremony-lot-results.js';
import { ceremonyPreviewTable } from './ceremony-preview.js';
import { overrideText, pdfLinks } from './ceremony-parts.js';
import { draftForm } from './draw-draft-form.js';
import { stateBadge } from './draw-parts.js';
import { inviteForm, witnessTable } from './draw-witnesses.js';
import type { Mount } from './router.js';
import {
  alertLine,
  busy,
  button,
  dataHeading,
  failureText,
  navLink,
  part,
  showIssues,
  statusLine,
  tx,
} from './ui.js';

const POLL_MS = 3000;

export const mountCeremony: Mount = (root, ctx) => {
  const id = ctx.params['id']!;
  let d: OperatorCeremonyDetail | null = null;
  let directions: Direction[] = [];
  let left = false;
  const heading = dataHeading(id);
  const stateLine = h('p', { class: 'state-line' });
  const flash = statusLine('draw-flash');
  if (ctx.flash) flash.textContent = t(ctx.flash);
  const alert = alertLine('draw-alert');
  const body = h('div', {});
  const witnessBox = h('div', { id: 'witness-box' });
  const controlsBox = h('div', {});
  const previewBox = h('div', { id: 'preview-box', 'aria-live': 'polite' });
  const frame = h('iframe', { class: 'public-view', id: 'public-view' });
  let invite: HTMLElement | undefined;
  root.append(
    heading,
    stateLine,
    h('p', {}, navLink('/console/draws', tx('span', 'console.draws.back'))),
    flash,
    alert,
    body
  );

  function renderHead(): void {
    if (!d) return;
    const title = currentLang() === 'kk' ? d.competitionTitleKk : d.competitionTitleRu;
    heading.textContent = t('console.ceremony.one', {
      id: d.id,
      title: title ?? d.competitionCode,
      n: d.lots.length,
    });
    fill(stateLine, `${t('draw.stateLabel')}: `, stateBadge(d.state));
    fill(
      witnessBox,
      witnessTable(d),
      d.state === 'draft'
        ? (invite ??= inviteForm<OperatorCeremonyDetail>(
            d,
            (nd) => update(nd, 'console.witnesses.invited'),
            api.inviteCeremonyWitness
          ))
        : null
    );
    frame.title = t('console.embed.title');
  }

  async function preview(): Promise<void> {
    if (!d || d.state !== 'draft') return;
    const lots = d.lots;
    fill(previewBox, tx('p', 'console.loading', { class: 'empty' }));
    try {
      const p = await api.previewCeremony(d.id);
      fill(
        previewBox,
        ceremonyPreviewTable(p, (lotId) => {
          const lot = lots.find((l) => l.lotId === lotId);
          return lot ? lotHeading(lot) : String(lotId);
        })
      );
    } catch (e) {
      fill(previewBox, h('p', { class: 'form-error', role: 'alert' }, failureText(e)));
    }
  }

  function draftPart(dd: OperatorCeremonyDetail): HTMLElement {
    const form = draftForm(dd.draft ?? {}, directions);
    const formAlert = alertLine('draft-alert');
    const save = button(
      'console.draft.save',
      (e) => {
        void busy(e.currentTarget as HTMLButtonElement, formAlert, async () => {
          try {
            update(await api.patchCeremonyDraft(dd.id, form.read()), 'console.draft.saved');
          } catch (err) {
            if (!(err instanceof ApiError) || err.issues.length === 0) throw err;
            const rest = showIssues(form.fields, err.issues);
            formAlert.textContent = rest.length ? failureText(err) : t('console.form.fix');
          }
        });
      },
      { id: 'draft-save', class: 'button primary' }
    );
    return part(
      'draft-part',
      'console.ceremony.rulesHeading',
      h(
        'ol',
        { id: 'ceremony-lot-list', class: 'stack' },
        ...dd.lots.map((l) => {
          const own = overrideText(l);
          return h('li', { 'data-lot': l.lotId }, lotHeading(l), own ? ` (${own})` : '');
        })
      ),
      form.el,
      formAlert,
      h('div', { class: 'actions' }, save)
    );
  }

  function renderBody(): void {
    if (!d) return;
    const src = `/draws/${encodeURIComponent(d.id)}?embed=1&lang=${currentLang()}`;
    if (frame.getAttribute('src') !== src) frame.src = src;
    fill(
      body,
      pdfLinks(d),
      part('controls-part', 'console.controls.heading', controlsBox),
      d.state === 'draft' ? draftPart(d) : null,
      d.state === 'draft'
        ? part(
            'preview-part',
            'console.preview.heading',
            button('console.preview.refresh', () => void preview(), { id: 'preview-refresh' }),
            previewBox
          )
        : null,
      part('witnesses-part', 'console.witnesses.heading', witnessBox),
      part(
        'public-part',
        'console.embed.heading',
        tx('p', 'console.embed.hint', { class: 'field-hint' }),
        button('console.embed.reload', () => frame.contentWindow?.location.reload(), {
          class: 'button small',
          id: 'public-view-reload',
        }),
        frame
      )
    );
    renderControls();
    renderHead();
    void preview();
  }

  function renderControls(): void {
    if (d)
      fill(
        controlsBox,
        ceremonyControls(d, (nd) => update(nd, 'console.controls.done'))
      );
  }

  function update(nd: OperatorCeremonyDetail, message?: MessageCode): void {
    const stateChanged = !d || d.state !== nd.state;
    d = nd;
    if (message) flash.textContent = t(message);
    alert.textContent = '';
    if (stateChanged) {
      renderBody();
      frame.contentWindow?.location.reload();
    } else {
      renderHead();
      renderControls();
      if (message === 'console.draft.saved') void preview();
    }
  }

  /** Picks up what others changed (witnesses committing or revealing, the beacon arriving). */
  async function poll(): Promise<void> {
    if (left || !d) return;
    try {
      const nd = await api.getCeremony(id);
      if (left || !d) return;
      if (nd.state !== d.state) update(nd);
      else if (JSON.stringify(nd.witnesses) !== JSON.stringify(d.witnesses)) {
        d = { ...d, witnesses: nd.witnesses };
        renderHead();
        const progress = body.querySelector('#reveal-progress');
        if (progress)
          progress.textContent = t('console.controls.revealed', {
            n: nd.witnesses.filter((w) => w.secret).length,
            of: nd.witnesses.length,
          });
      }
    } catch {
      // a missed poll is retried on the next tick
    }
  }

  const timer = window.setInterval(() => void poll(), POLL_MS);
  const off = onLanguageChange(() => {
    renderHead();
    renderControls();
  });
  void (async () => {
    try {
      [d, directions] = await Promise.all([api.getCeremony(id), listDirections()]);
      if (!left) renderBody();
    } catch (e) {
      alert.textContent = failureText(e);
    }
  })();
  return () => {
    left = true;
    window.clearInterval(timer);
    off();
  };
};
