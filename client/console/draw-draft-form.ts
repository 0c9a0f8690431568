/**
 * The rules of a draft draw, edited field by field before anything is announced: method, commission
 * size and reserves, quotas, one limit per cap family (shared/draw/rule-families.ts: the
 * per-organization limit, …), cooldown, the eligibility date, the entropy
 * (a future drand round, whose production time is shown, and RFC 3797 public sources) and the reveal
 * deadline (entered in local time, sent in UTC). read() gives a PATCH /api/draws/:id/draft body.
 */
import { DRAND_CHAINS, roundAt, roundTime } from '../../shared/drand-chains.js';
import { CAP_FAMILIES } from '../../shared/draw/rule-families.js';
import type { DraftSpec } from '../../shared/schemas/draw-draft.js';
import type { DraftSpecPatch } from '../../shared/api/draw-draft.js';
import type { Direction } from '../../shared/schemas/registry.js';
import { h } from '../common/dom.js';
import { formatDateTime } from '../common/format.js';
import { currentLang, t, type MessageCode } from '../common/i18n.js';
import { quotaEditor } from './quota-editor.js';
import { rowsEditor } from './rows-editor.js';
import { button, selectField, textField, tx, type Field } from './ui.js';

type Chain = keyof typeof DRAND_CHAINS;

/** "2023-08-23T15:10:00Z" → the value of a datetime-local input in the browser's zone. */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** A datetime-local value (browser's zone) → UTC ISO without milliseconds, or '' when empty. */
export function fromLocalInput(value: string): string {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface DraftForm {
  el: HTMLElement;
  fields: Record<string, { setError(text: string | null): void }>;
  read(): DraftSpecPatch;
}

export function draftForm(draft: DraftSpec, directions: readonly Direction[]): DraftForm {
  const num = (id: string, label: MessageCode, v: number | undefined, hint?: MessageCode) =>
    textField(id, label, v === undefined ? '' : String(v), {
      type: 'number',
      attrs: { min: 0, inputmode: 'numeric' },
      ...(hint ? { hint } : {}),
    });
  const method = selectField(
    'd-method',
    'console.draft.method',
    [
      { value: 'adal-v1', code: 'console.method.adal-v1' },
      { value: 'rfc3797', code: 'console.method.rfc3797' },
    ],
    draft.method ?? 'adal-v1'
  );
  const size = num('d-size', 'console.draft.size', draft.size, 'console.draft.sizeHint');
  const reserves = num('d-reserves', 'console.draft.reserves', draft.reserves);
  // the per-organization field keeps its historic id
  const capFields = CAP_FAMILIES.map((f) => ({
    field: f.field,
    input: num(
      f.field === 'perOrganizationMax' ? 'd-perOrg' : `d-${f.field}`,
      f.labels.field,
      draft[f.field],
      f.labels.hint
    ),
  }));
  const cooldown = num('d-cooldown', 'console.draft.cooldownDays', draft.cooldownDays ?? 0);
  const asOf = textField('d-asOf', 'console.draft.asOf', draft.asOf ?? '', { type: 'date' });
  const quotas = quotaEditor(draft.quotas ?? [], directions);
  const drand = draft.entropy?.drand;
  const chain = selectField(
    'd-chain',
    'console.draft.chain',
    [
      { value: '', code: 'console.draft.noBeacon' },
      { value: 'quicknet', text: 'drand quicknet (3 s)' },
      { value: 'default', text: 'drand default (30 s)' },
    ],
    drand?.chain ?? 'quicknet'
  );
  const round = num('d-round', 'console.draft.round', drand?.round);
  const roundInfo = h('p', { id: 'd-round-time', class: 'field-hint', 'aria-live': 'polite' });
  const deadline = textField(
    'd-deadline',
    'console.draft.revealDeadline',
    toLocalInput(draft.revealDeadline),
    {
      type: 'datetime-local',
      attrs: { step: 1 },
    }
  );
  const deadlineInfo = h('p', { id: 'd-deadline-utc', class: 'field-hint' });
  const sources = rowsEditor(
    'd-sources',
    'console.draft.publicSources',
    [
      { key: 'id', label: 'console.draft.sourceId' },
      { key: 'description', label: 'console.draft.sourceDescription' },
      // when the value first exists, Kazakhstan time (docs/PROTOCOL.md §Unpredictable by construction)
      { key: 'date', label: 'console.draft.sourceDate', kind: 'date', optional: true },
      { key: 'time', label: 'console.draft.sourceTime', kind: 'time', optional: true },
    ],
    draft.entropy?.publicSources ?? [],
    'console.draft.addSource'
  );

  function showTimes(): void {
    const lang = currentLang();
    const c = chain.control.value as Chain | '';
    const r = Number(round.control.value);
    roundInfo.textContent =
      c && Number.isSafeInteger(r) && r >= 1
        ? t('console.draft.roundAt', {
            time: formatDateTime(new Date(roundTime(c, r) * 1000).toISOString(), lang),
          })
        : '';
    const iso = fromLocalInput(deadline.control.value);
    deadlineInfo.textContent = iso ? `UTC: ${iso}` : '';
  }
  for (const c of [chain.control, round.control, deadline.control])
    c.addEventListener('input', showTimes);
  showTimes();

  /** The first round produced at least ten minutes after the reveal deadline. */
  const pickRound = button(
    'console.draft.pickRound',
    () => {
      const c = (chain.control.value || 'quicknet') as Chain;
      const iso = fromLocalInput(deadline.control.value);
      if (!iso) {
        deadline.setError(t('console.draft.deadlineFirst'));
        deadline.control.focus();
        return;
      }
      deadline.setError(null);
      chain.control.value = c;
      round.control.value = String(roundAt(c, Math.floor(Date.parse(iso) / 1000) + 600) + 1);
      showTimes();
    },
    { id: 'd-pick-round', class: 'button small' }
  );

  const v = (f: Field) => f.control.value.trim();
  function read(): DraftSpecPatch {
    const out: Record<string, unknown> = {
      method: v(method),
      quotas: quotas.values(),
      cooldownDays: v(cooldown) === '' ? 0 : Number(v(cooldown)),
    };
    for (const { field, input } of capFields)
      out[field] = v(input) === '' ? null : Number(v(input));
    if (v(size) !== '') out['size'] = Number(v(size));
    if (v(reserves) !== '') out['reserves'] = Number(v(reserves));
    if (v(asOf) !== '') out['asOf'] = v(asOf);
    const iso = fromLocalInput(deadline.control.value);
    if (iso) out['revealDeadline'] = iso;
    const c = chain.control.value as Chain | '';
    out['entropy'] = {
      ...(c && v(round) !== ''
        ? { drand: { chain: c, chainHash: DRAND_CHAINS[c].hash, round: Number(v(round)) } }
        : {}),
      publicSources: sources.values(),
    };
    return out as DraftSpecPatch;
  }

  return {
    el: h(
      'div',
      { class: 'stack' },
      method.wrap,
      h('div', { class: 'two' }, size.wrap, reserves.wrap),
      h('div', { class: 'two' }, ...capFields.map((c) => c.input.wrap)),
      h('div', { class: 'two' }, cooldown.wrap, asOf.wrap),
      quotas.wrap,
      h(
        'fieldset',
        { class: 'field rows-editor' },
        tx('legend', 'console.draft.entropy'),
        h('div', { class: 'two' }, h('div', {}, deadline.wrap, deadlineInfo), chain.wrap),
        h(
          'div',
          { class: 'two' },
          h('div', {}, round.wrap, roundInfo),
          h('div', { class: 'field end' }, pickRound)
        ),
        sources.wrap
      )
    ),
    fields: {
      method,
      size,
      reserves,
      ...Object.fromEntries(capFields.map((c) => [c.field, c.input])),
      cooldownDays: cooldown,
      asOf,
      revealDeadline: deadline,
      entropy: round,
    },
    read,
  };
}
