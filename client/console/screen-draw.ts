/**
 * /console/draws/:id — one draw for the operator. In draft: the rules form, the live preview
 * (eligible experts, exclusions with rules, feasibility with relaxations, fairness) and the witness
 * invitations. Always: the ceremony controls for the current state, the witnesses' progress, the
 * public view exactly as viewers see it (the live page framed in embed mode, not re-rendered here)
 * and, once drawn, the printable protocol and its PDFs. The draw is re-read every few seconds so
 * witnesses' commitments and reveals show up without a reload.
 */
import type { Relaxation } from '../../shared/schemas/feasibility.js';
import type { Direction } from '../../shared/schemas/registry.js';
import { ApiError } from '../common/api.js';
import { fill, h } from '../common/dom.js';
import { currentLang, onLanguageChange, t, type MessageCode } from '../common/i18n.js';
import * as api from './api/draws-api.js';
import { isCeremony } from './api/ceremony-api.js';
import type { OperatorDrawDetail } from './api/draws-api.js';
import { listDirections } from './api/registry-api.js';
import { controlsPart } from './draw-controls.js';
import { protocolLinks, sealedPart, stateBadge } from './draw-parts.js';
import { draftForm } from './draw-draft-form.js';
import { relaxationPatch, renderPreview } from './draw-preview.js';
import { inviteForm, witnessTable } from './draw-witnesses.js';
import { titleOf } from './labels.js';
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

export const mountDraw: Mount = (root, ctx) => {
  const id = ctx.params['id']!;
  let d: OperatorDrawDetail | null = null;
  let directions: Direction[] = [];
  let left = false;
  const heading = dataHeading(id);
  const stateLine = h('p', { class: 'state-line' });
  const flash = statusLine('draw-flash');
  const alert = alertLine('draw-alert');
  const body = h('div', {});
  const witnessBox = h('div', { id: 'witness-box' });
  const previewBox = h('div', { id: 'preview-box', 'aria-live': 'polite' });
  const controlsBox = h('div', {});
  const frame = h('iframe', { class: 'public-view', id: 'public-view' });
  root.append(
    heading,
    stateLine,
    h('p', {}, navLink('/console/draws', tx('span', 'console.draws.back'))),
    flash,
    alert,
    body
  );

  /** kept across re-renders, so a username being typed survives the periodic refresh */
  let invite: HTMLElement | undefined;

  function renderHead(): void {
    if (!d) return;
    heading.textContent = t('console.draws.one', {
      id: d.id,
      title: titleOf(d.lot, currentLang()),
    });
    fill(stateLine, `${t('draw.stateLabel')}: `, stateBadge(d.state));
    fill(
      witnessBox,
      witnessTable(d),
      d.state === 'draft'
        ? (invite ??= inviteForm(d, (nd) => update(nd, 'console.witnesses.invited')))
        : null
    );
    frame.title = t('console.embed.title');
  }

  async function preview(): Promise<void> {
    if (!d) return;
    fill(previewBox, tx('p', 'console.loading', { class: 'empty' }));
    try {
      const p = await api.previewDraw(d.id);
      fill(previewBox, renderPreview(p, applyRelaxation));
    } catch (e) {
      fill(previewBox, h('p', { class: 'form-error', role: 'alert' }, failureText(e)));
    }
  }

  function applyRelaxation(r: Relaxation): void {
    if (!d?.draft) return;
    void api
      .patchDraft(d.id, relaxationPatch(d.draft, r))
      .then((nd) => {
        d = nd;
        renderBody();
        flash.textContent = t('console.preview.applied');
      })
      .catch((e: unknown) => (alert.textContent = failureText(e)));
  }

  function draftPart(dd: OperatorDrawDetail): HTMLElement {
    const form = draftForm(dd.draft ?? {}, directions);
    const formAlert = alertLine('draft-alert');
    const save = button(
      'console.draft.save',
      (e) => {
        void busy(e.currentTarget as HTMLButtonElement, formAlert, async () => {
          try {
            update(await api.patchDraft(dd.id, form.read()), 'console.draft.saved');
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
      'console.draft.heading',
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
      protocolLinks(d),
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
      sealedPart(d),
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
    if (d.state === 'draft') void preview();
  }

  function renderControls(): void {
    if (d)
      fill(
        controlsBox,
        controlsPart(d, (nd) => update(nd, 'console.controls.done'))
      );
  }

  function update(nd: OperatorDrawDetail, message?: MessageCode): void {
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
      if (d.state === 'draft') void preview();
    }
  }

  /** Picks up what others changed (witnesses committing or revealing, the beacon arriving). */
  async function poll(): Promise<void> {
    if (left || !d) return;
    try {
      const nd = await api.getDraw(id);
      if (left || !d) return;
      if (nd.state !== d.state) update(nd);
      // compared whole: updatedAt alone may repeat (the server's clock is injectable)
      else if (JSON.stringify(nd) !== JSON.stringify(d)) {
        d = nd;
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
    const src = d ? `/draws/${encodeURIComponent(d.id)}?embed=1&lang=${currentLang()}` : '';
    if (d && frame.getAttribute('src') !== src) frame.src = src;
  });
  void (async () => {
    try {
      [d, directions] = await Promise.all([api.getDraw(id), listDirections()]);
      if (!left) renderBody();
    } catch (e) {
      // a ceremony is a draw too, with its own screen: an old link to it lands there
      if (await isCeremony(id).catch(() => false))
        return ctx.navigate(`/console/ceremonies/${encodeURIComponent(id)}`, { replace: true });
      alert.textContent = failureText(e);
    }
  })();
  return () => {
    left = true;
    window.clearInterval(timer);
    off();
  };
};
