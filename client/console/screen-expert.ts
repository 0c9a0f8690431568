/**
 * /console/experts/new and /console/experts/:registryNo — one expert: create, or edit (only changed
 * fields are sent), suspend / exclude / reinstate with a reason (never a delete), and the full
 * history of changes with who made them.
 */
import type { Direction, Expert } from '../../shared/schemas/registry.js';
import type { HistoryEntry } from '../../shared/api/registry.js';
import { ApiError } from '../common/api.js';
import { fill, h } from '../common/dom.js';
import { currentLang, onLanguageChange, t } from '../common/i18n.js';
import {
  changeStatus,
  createExpert,
  expertHistory,
  getExpert,
  listDirections,
  patchExpert,
  type StatusAction,
} from './api/registry-api.js';
import { expertForm, type ExpertForm } from './expert-form.js';
import { renderHistory } from './expert-history.js';
import { expertName } from './labels.js';
import type { Mount, ScreenContext } from './router.js';
import { statusBadge } from './screen-experts.js';
import {
  alertLine,
  busy,
  button,
  dataHeading,
  failureText,
  issueMessage,
  navLink,
  part,
  showIssues,
  statusLine,
  submitButton,
  textArea,
  tx,
} from './ui.js';

function issuesTo(form: ExpertForm, alert: HTMLElement, e: unknown): void {
  if (!(e instanceof ApiError)) {
    alert.textContent = failureText(e);
    return;
  }
  const rest = showIssues(form.fields, e.issues).filter((i) => {
    const m = /^body\.organizations\.(\d+)\.(\w+)/.exec(i.path);
    return !(m && form.organizations.setIssue(Number(m[1]), m[2]!, issueMessage(i)));
  });
  alert.textContent = rest.length || e.issues.length === 0 ? failureText(e) : t('console.form.fix');
}

function formOf(form: ExpertForm, submitCode: 'console.experts.create' | 'console.form.save') {
  return h(
    'form',
    { class: 'stack', novalidate: true, id: 'expert-form' },
    ...form.elements,
    submitButton(submitCode, { id: 'expert-submit' })
  );
}

function mountNew(root: HTMLElement, ctx: ScreenContext, directions: Direction[]): void {
  const form = expertForm(directions);
  const alert = alertLine('expert-alert');
  const el = formOf(form, 'console.experts.create');
  el.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!form.validate()) {
      alert.textContent = t('console.form.fix');
      return;
    }
    void busy(el.querySelector('button[type=submit]')!, alert, async () => {
      try {
        const x = await createExpert(form.read());
        ctx.navigate(`/console/experts/${encodeURIComponent(x.registryNo)}`, {
          flash: 'console.experts.created',
        });
      } catch (e) {
        issuesTo(form, alert, e);
      }
    });
  });
  root.append(alert, el);
}

function statusPart(x: Expert, onDone: (x: Expert) => void): HTMLElement {
  const reason = textArea('status-reason', 'console.experts.statusReason', '', { required: true });
  const alert = alertLine('status-alert');
  const act = (action: StatusAction) => (e: Event) => {
    const value = reason.control.value.trim();
    reason.setError(value ? null : t('console.form.required'));
    if (!value) return reason.control.focus();
    void busy(e.currentTarget as HTMLButtonElement, alert, async () =>
      onDone(await changeStatus(x.registryNo, action, { reason: value }))
    );
  };
  const summary = h(
    'p',
    { id: 'expert-status' },
    statusBadge(x.status),
    x.statusReason ? ` ${x.statusReason}` : '',
    x.statusDate ? ` (${x.statusDate})` : ''
  );
  return part(
    'status-part',
    'console.experts.statusHeading',
    summary,
    reason.wrap,
    alert,
    h(
      'div',
      { class: 'actions' },
      x.status === 'active'
        ? button('console.experts.suspend', act('suspend'), { id: 'expert-suspend' })
        : button('console.experts.reinstate', act('reinstate'), { id: 'expert-reinstate' }),
      x.status !== 'excluded'
        ? button('console.experts.exclude', act('exclude'), {
            id: 'expert-exclude',
            class: 'button danger',
          })
        : null
    )
  );
}

function mountExisting(
  root: HTMLElement,
  ctx: ScreenContext,
  directions: Direction[],
  first: Expert,
  heading: HTMLHeadingElement
): () => void {
  let x = first;
  let history: HistoryEntry[] = [];
  const flash = statusLine('expert-flash');
  if (ctx.flash) flash.textContent = t(ctx.flash);
  const body = h('div', {});
  const historyBox = h('div', {});

  function renderHead(): void {
    heading.textContent = t('console.experts.one', {
      no: x.registryNo,
      name: expertName(x, currentLang()),
    });
    fill(historyBox, renderHistory(history));
  }

  function renderBody(): void {
    const form = expertForm(directions, x);
    const alert = alertLine('expert-alert');
    const el = formOf(form, 'console.form.save');
    el.addEventListener('submit', (ev) => {
      ev.preventDefault();
      if (!form.validate()) {
        alert.textContent = t('console.form.fix');
        return;
      }
      const patch = form.changes();
      if (Object.keys(patch).length === 0) {
        flash.textContent = t('console.form.nothingChanged');
        return;
      }
      void busy(el.querySelector('button[type=submit]')!, alert, async () => {
        try {
          done(await patchExpert(x.registryNo, patch), 'console.form.saved');
        } catch (e) {
          issuesTo(form, alert, e);
        }
      });
    });
    fill(
      body,
      statusPart(x, (nx) => done(nx, 'console.experts.statusChanged')),
      part('edit-part', 'console.experts.editHeading', alert, el),
      part('history-part', 'console.history.heading', historyBox)
    );
  }

  async function loadHistory(): Promise<void> {
    try {
      history = (await expertHistory(x.registryNo)).items;
    } catch (e) {
      fill(historyBox, h('p', { class: 'form-error', role: 'alert' }, failureText(e)));
      return;
    }
    renderHead();
  }

  function done(nx: Expert, message: 'console.form.saved' | 'console.experts.statusChanged') {
    x = nx;
    flash.textContent = t(message);
    renderHead();
    renderBody();
    void loadHistory();
    heading.focus();
  }

  root.append(
    flash,
    h('p', {}, navLink('/console/experts', tx('span', 'console.experts.back'))),
    body
  );
  renderHead();
  renderBody();
  void loadHistory();
  return onLanguageChange(renderHead) as () => void;
}

export const mountExpert: Mount = (root, ctx) => {
  const isNew = ctx.params['registryNo'] === undefined;
  const alert = alertLine();
  const box = h('div', {});
  const heading = isNew
    ? tx('h2', 'console.experts.new', { id: 'screen-heading', tabindex: -1 })
    : dataHeading(ctx.params['registryNo']!);
  root.append(heading, alert, box);
  let cleanup: (() => void) | undefined;
  let left = false;
  void (async () => {
    try {
      const directions = await listDirections();
      if (left) return;
      if (isNew) mountNew(box, ctx, directions);
      else {
        const x = await getExpert(ctx.params['registryNo']!);
        if (left) return;
        cleanup = mountExisting(box, ctx, directions, x, heading);
      }
    } catch (e) {
      alert.textContent = failureText(e);
    }
  })();
  return () => {
    left = true;
    cleanup?.();
  };
};
