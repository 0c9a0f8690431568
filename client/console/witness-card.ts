/**
 * One witness invitation on the witness's screen, by the draw's state: generate the secret and keep
 * it (download, copy), send only its commitment; after announcement wait; while reveals are open,
 * reveal (paste or load the file — checked against the commitment here before anything is sent);
 * afterwards, whether the reveal was accepted and how it entered the seed.
 */
import type { PublicDrawDetail, WitnessInvitation } from '../../shared/api/draws.js';
import { h } from '../common/dom.js';
import { formatDateTime, groupHex } from '../common/format.js';
import { currentLang, t } from '../common/i18n.js';
import { titleOf } from './labels.js';
import { stateBadge } from './draw-parts.js';
import { button, textArea, tx } from './ui.js';

export interface CardState {
  /** the secret made in this page for this draw (memory only) */
  made?: { secret: string; commitment: string };
  saved?: boolean;
  /** what the witness typed or loaded for the reveal */
  revealText?: string;
  message?: string;
  error?: string;
  /** the public draw (or ceremony) once revealed, for the seed listing */
  publicDraw?: Pick<PublicDrawDetail, 'witnesses' | 'seedInput' | 'seed'>;
}

export interface CardActions {
  generate(): void;
  download(): void;
  copy(): void;
  markSaved(saved: boolean): void;
  commit(btn: HTMLButtonElement): void;
  revealInput(text: string): void;
  loadFile(file: File): void;
  reveal(btn: HTMLButtonElement): void;
}

function secretBox(inv: WitnessInvitation, s: CardState, act: CardActions): HTMLElement[] {
  const made = s.made!;
  const saved = h('input', { type: 'checkbox', id: `saved-${inv.drawId}` });
  saved.checked = !!s.saved;
  saved.addEventListener('change', () => act.markSaved(saved.checked));
  const send = button('witness.commit', (e) => act.commit(e.currentTarget as HTMLButtonElement), {
    class: 'button primary',
    id: `commit-${inv.drawId}`,
  });
  send.disabled = !s.saved;
  return [
    tx('p', 'witness.secretMade'),
    h('p', { class: 'secret hex', id: `secret-${inv.drawId}` }, groupHex(made.secret)),
    h(
      'div',
      { class: 'actions' },
      button('witness.download', () => act.download(), { id: `download-${inv.drawId}` }),
      button('witness.copy', () => act.copy(), { id: `copy-${inv.drawId}` })
    ),
    tx('p', 'witness.keepWarning', { class: 'warning' }),
    h('p', {}, t('witness.commitmentIs'), ' ', h('span', { class: 'hex' }, made.commitment)),
    h(
      'div',
      { class: 'check' },
      saved,
      tx('label', 'witness.savedConfirm', { for: `saved-${inv.drawId}` })
    ),
    send,
  ];
}

function commitPart(inv: WitnessInvitation, s: CardState, act: CardActions): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (inv.commitment)
    out.push(
      h('p', { class: 'ok', id: `committed-${inv.drawId}` }, t('witness.committed')),
      h('p', { class: 'hex' }, inv.commitment)
    );
  if (s.made && s.made.commitment !== inv.commitment) out.push(...secretBox(inv, s, act));
  else
    out.push(
      tx('p', inv.commitment ? 'witness.replaceHint' : 'witness.generateHint', {
        class: 'field-hint',
      }),
      button(inv.commitment ? 'witness.generateAgain' : 'witness.generate', () => act.generate(), {
        class: inv.commitment ? 'button' : 'button primary',
        id: `generate-${inv.drawId}`,
      })
    );
  if (s.made && s.made.commitment === inv.commitment)
    out.push(
      h(
        'div',
        { class: 'actions' },
        button('witness.download', () => act.download(), { id: `download-${inv.drawId}` }),
        button('witness.copy', () => act.copy(), { id: `copy-${inv.drawId}` })
      )
    );
  return out;
}

function revealPart(inv: WitnessInvitation, s: CardState, act: CardActions): HTMLElement[] {
  const area = textArea(`reveal-${inv.drawId}`, 'witness.revealPaste', s.revealText ?? '', {
    hint: 'witness.revealHint',
  });
  area.control.classList.add('mono');
  area.control.addEventListener('input', () => act.revealInput(area.control.value));
  const file = h('input', {
    type: 'file',
    id: `reveal-file-${inv.drawId}`,
    accept: '.json,application/json,text/plain',
  });
  file.addEventListener('change', () => {
    const f = file.files?.[0];
    if (f) act.loadFile(f);
  });
  return [
    h(
      'p',
      {},
      t('witness.revealNow', {
        time: inv.revealDeadline ? formatDateTime(inv.revealDeadline, currentLang()) : '—',
      })
    ),
    h(
      'div',
      { class: 'field' },
      tx('label', 'witness.revealFile', { for: `reveal-file-${inv.drawId}` }),
      file
    ),
    area.wrap,
    button('witness.reveal', (e) => act.reveal(e.currentTarget as HTMLButtonElement), {
      class: 'button primary',
      id: `reveal-submit-${inv.drawId}`,
    }),
  ];
}

/**
 * "seed = SHA-256 tagged «seed» of …": the tag is the protocol's byte string (shared/seed.ts), not a
 * word to translate, so it is shown as code.
 */
function formulaLine(): HTMLElement {
  const [before, ...after] = t('witness.seedFormula').split('«seed»');
  return after.length === 0
    ? tx('p', 'witness.seedFormula', { class: 'field-hint' })
    : h(
        'p',
        { class: 'field-hint' },
        before,
        '«',
        h('code', { translate: 'no' }, 'seed'),
        '»',
        after.join('«seed»')
      );
}

/** How the accepted reveal entered the seed: the seed input's reveal list, this witness marked. */
function seedPart(inv: WitnessInvitation, s: CardState): HTMLElement[] {
  const d = s.publicDraw;
  const mine = d?.witnesses.find((w) => w.id === inv.witnessId);
  const out: HTMLElement[] = [
    h('p', { class: 'ok', id: `accepted-${inv.drawId}` }, t('witness.accepted')),
  ];
  if (mine?.secret)
    out.push(h('p', {}, t('witness.published'), ' ', h('span', { class: 'hex' }, mine.secret)));
  if (!d?.seedInput) {
    out.push(tx('p', 'witness.seedLater', { class: 'field-hint' }));
    return out;
  }
  const si = d.seedInput;
  out.push(
    tx('h4', 'witness.seedHeading'),
    formulaLine(),
    h(
      'dl',
      { class: 'facts', id: `seed-input-${inv.drawId}` },
      tx('dt', 'witness.seed.announcement'),
      h('dd', { class: 'hex' }, si.announcementHash),
      tx('dt', 'witness.seed.beacon'),
      h('dd', { class: 'hex' }, si.beacon ? `#${si.beacon.round} ${si.beacon.randomness}` : '—'),
      tx('dt', 'witness.seed.reveals'),
      h(
        'dd',
        {},
        h(
          'ol',
          { class: 'seed-reveals' },
          ...si.reveals.map((r) =>
            h(
              'li',
              { class: r.witnessId === inv.witnessId ? 'mine' : '' },
              h('strong', {}, r.witnessId),
              r.witnessId === inv.witnessId ? ` (${t('witness.yours')})` : '',
              ': ',
              h('span', { class: 'hex' }, r.secret)
            )
          )
        )
      ),
      tx('dt', 'witness.seed.missing'),
      h('dd', {}, si.missing.length ? si.missing.join(', ') : '—'),
      tx('dt', 'witness.seed.value'),
      h('dd', { class: 'hex' }, d.seed ?? '—')
    )
  );
  return out;
}

export function witnessCard(inv: WitnessInvitation, s: CardState, act: CardActions): HTMLElement {
  const lang = currentLang();
  let body: HTMLElement[];
  if (inv.revealed) body = seedPart(inv, s);
  else if (inv.state === 'draft') body = commitPart(inv, s, act);
  else if (inv.state === 'announced') body = [tx('p', 'witness.waitReveal')];
  else if (inv.state === 'revealing') body = revealPart(inv, s, act);
  else if (inv.state === 'cancelled') body = [tx('p', 'witness.cancelled')];
  else body = [tx('p', 'witness.missed', { class: 'form-error' })];
  const badge = stateBadge(inv.state);
  badge.removeAttribute('id');
  return h(
    'article',
    {
      class: 'panel witness-card',
      id: `invitation-${inv.drawId}`,
      'aria-labelledby': `inv-h-${inv.drawId}`,
    },
    h(
      'h3',
      { id: `inv-h-${inv.drawId}` },
      `${inv.drawId} — ${titleOf({ titleKk: inv.lotTitleKk, titleRu: inv.lotTitleRu }, lang)}`
    ),
    h('p', {}, badge, ' ', t('witness.youAre', { id: inv.witnessId })),
    ...body,
    h('p', { class: 'status', role: 'status', id: `card-status-${inv.drawId}` }, s.message ?? ''),
    h('p', { class: 'form-error', role: 'alert', id: `card-error-${inv.drawId}` }, s.error ?? '')
  );
}
