/**
 * The witnesses: each one's published commitment, then the revealed secret and whether it matches —
 * checked here, in the viewer's browser, with the protocol's own commitmentFor (shared/seed.ts:
 * taggedHash('commitment', secret)) — refused reveals (published with the refused secret, so anyone
 * can see it does not match) and witnesses recorded as missing when reveals closed.
 */
import { byId, fill, h, show } from '../common/dom.js';
import { currentLang, t } from '../common/i18n.js';
import { formatDateTime, groupHex } from '../common/format.js';
import { commitmentFor } from '../../shared/seed.js';
import type { CeremonyModel, WitnessView } from './ceremony-model.js';

function matches(commitment: string | null, secret: string): boolean {
  try {
    return commitment !== null && commitmentFor(secret) === commitment;
  } catch {
    return false;
  }
}

function mark(ok: boolean, text: string): HTMLElement {
  return h('span', { class: ok ? 'check-ok' : 'check-fail' }, `${ok ? '✓' : '✗'} ${text}`);
}

function revealCell(w: WitnessView): HTMLElement {
  const lang = currentLang();
  const cell = h('td', {});
  if (w.secret !== null) {
    const ok = matches(w.commitment, w.secret);
    cell.append(
      h('span', { class: 'hex' }, groupHex(w.secret)),
      h('br'),
      mark(ok, t(ok ? 'witnesses.matches' : 'witnesses.mismatch')),
      ' ',
      w.revealedAt ? h('time', { datetime: w.revealedAt }, formatDateTime(w.revealedAt, lang)) : ''
    );
  } else if (w.missing) cell.append(t('witnesses.missing'));
  else cell.append(t('witnesses.notYet'));
  for (const r of w.rejected)
    cell.append(
      h(
        'p',
        { class: 'rejected' },
        t('witnesses.rejected'),
        ' ',
        h('span', { class: 'hex' }, groupHex(r.secret)),
        ' ',
        mark(!matches(w.commitment, r.secret), t('witnesses.rejectedChecked'))
      )
    );
  return cell;
}

export function renderWitnesses(m: CeremonyModel): void {
  const rows = m.witnesses.map((w) =>
    h(
      'tr',
      { 'data-witness-id': w.id },
      h('th', { scope: 'row' }, w.name),
      h(
        'td',
        {},
        w.commitment
          ? h('span', { class: 'hex' }, groupHex(w.commitment))
          : t('witnesses.noCommitment')
      ),
      revealCell(w)
    )
  );
  fill(byId('witnesses-body', HTMLTableSectionElement), ...rows);
  show(byId('witnesses-table', HTMLTableElement), rows.length > 0);
  show(byId('witnesses-empty', HTMLParagraphElement), rows.length === 0);
}
