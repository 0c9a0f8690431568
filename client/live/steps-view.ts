/**
 * The ceremony timeline: #draw-steps, an ordered list with one item per live event, in seq order. It is
 * the page's polite aria-live region, so each item appended while watching is read out once. Catch-up
 * batches (joining late, reconnecting) and language switches re-render with the region muted: a screen
 * reader would otherwise read the whole history again; the status line says what was caught up.
 */
import { byId, fill, h, show } from '../common/dom.js';
import type { LiveEvent } from '../../shared/api/events.js';
import type { CeremonyModel } from './ceremony-model.js';
import { eventText } from './event-text.js';
import type { Labels } from './labels.js';

/**
 * For a ceremony (ceremony-view.ts): the model an event's names come from (its lot's own pool) and
 * an event's own text (a lot's heading); absent for a single draw.
 */
export interface StepsHooks {
  modelOf(e: LiveEvent): CeremonyModel | null;
  textOf(e: LiveEvent): string | null;
}

function item(m: CeremonyModel, labels: Labels, e: LiveEvent, hooks?: StepsHooks): HTMLLIElement {
  const own = hooks?.textOf(e) ?? null;
  const { text, details } =
    own !== null ? { text: own, details: [] } : eventText(hooks?.modelOf(e) ?? m, labels, e);
  const attrs: Record<string, string | number> = {
    class: `step kind-${e.kind}`,
    'data-seq': e.seq,
    'data-kind': e.kind === 'entry' ? e.entry.type : e.kind,
  };
  if (e.kind === 'step') {
    attrs['data-step-n'] = e.step.n;
    attrs['data-registry-no'] = e.step.registryNo;
    attrs['data-outcome'] = e.step.outcome;
    attrs['class'] += ` outcome-${e.step.outcome}`;
    if (e.step.rule) attrs['data-rule'] = e.step.rule;
  }
  return h(
    'li',
    attrs,
    h('span', { class: 'step-text' }, text),
    details.length > 0
      ? h('ul', { class: 'step-details' }, ...details.map((d) => h('li', {}, d)))
      : null
  );
}

/** Mutes the live region while `fn` changes it wholesale, then makes it polite again. */
function muted(list: HTMLOListElement, fn: () => void): void {
  list.setAttribute('aria-live', 'off');
  fn();
  // Restored after the change is in the tree, so the change itself is not announced.
  window.setTimeout(() => list.setAttribute('aria-live', 'polite'), 0);
}

export class StepsView {
  private readonly list = byId('draw-steps', HTMLOListElement);
  private readonly waiting = byId('steps-waiting', HTMLParagraphElement);

  constructor(
    private readonly labels: Labels,
    private readonly hooks?: StepsHooks
  ) {}

  /** Appends the items of newly applied events; `announce` false for a catch-up batch. */
  append(m: CeremonyModel, events: readonly LiveEvent[], announce: boolean): void {
    const add = () => {
      for (const e of events) this.list.appendChild(item(m, this.labels, e, this.hooks));
    };
    if (announce) add();
    else muted(this.list, add);
    show(this.waiting, m.events.length === 0);
  }

  /** Renders every item again (a language switch). */
  renderAll(m: CeremonyModel): void {
    muted(this.list, () =>
      fill(this.list, ...m.events.map((e) => item(m, this.labels, e, this.hooks)))
    );
    show(this.waiting, m.events.length === 0);
  }
}
