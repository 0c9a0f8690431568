/**
 * Wording shared by the protocol's print view: a quota in words of the UI language, the signature
 * lines of a signed note, times in Kazakhstan time, the drawn experts' organisations by name, the
 * lines people sign, and the address of a draw's public verify page (the QR code's content).
 */
import type { PublicDrawDetail } from '../../shared/api/draws.js';
import { kzLocalTime } from '../../shared/kz-time.js';
import type { Quota } from '../../shared/schemas/draw-spec.js';
import { currentLang, t, type MessageCode } from '../common/i18n.js';
import { regionName } from './labels.js';

/** "Proposed by = operator: at most 1" in words of the UI language. */
export function quotaText(q: Quota): string {
  const unit = q.minPercent !== undefined || q.maxPercent !== undefined ? '%' : '';
  const lo = q.min ?? q.minPercent;
  const hi = q.max ?? q.maxPercent;
  const parts: string[] = [];
  if (lo !== undefined) parts.push(t('protocol.quota.min', { n: `${lo}${unit}` }));
  if (hi !== undefined) parts.push(t('protocol.quota.max', { n: `${hi}${unit}` }));
  return `${t(`console.quota.cat.${q.category}` as MessageCode)} = ${quotaValue(q)}: ${parts.join(', ')}`;
}

/** A quota's value in words where the domain has them (region names, who proposed, …). */
export function quotaValue(q: Quota): string {
  switch (q.category) {
    case 'proposedBy':
      return t(`console.proposedBy.${q.value}` as MessageCode);
    case 'gender':
      return t(`console.gender.${q.value}` as MessageCode);
    case 'language':
      return ['kk', 'ru', 'en'].includes(q.value)
        ? t(`console.language.${q.value}` as MessageCode)
        : q.value;
    case 'region':
      return regionName(q.value, currentLang());
    default:
      return q.value;
  }
}

/** The signature lines ("— origin base64") of a signed note. */
export function signatureLines(note: string): string[] {
  return note.split('\n').filter((l) => l.startsWith('— '));
}

export function verifyUrl(origin: string, drawId: string): string {
  return `${origin}/verify?draw=${encodeURIComponent(drawId)}`;
}

/** Kazakhstan local time with the zone named: a printed time must not depend on the reader's zone. */
export function kzTime(iso: string | null | undefined): string {
  const time = iso ? kzLocalTime(iso) : null;
  return time ? t('protocol.kzTime', { time }) : '—';
}

/** The organisations of a drawn expert's pool entry, by the names the public registry gives them. */
export function organizationsOf(
  d: Pick<PublicDrawDetail, 'pool' | 'organizationNames'>,
  registryNo: string
): string {
  const keys = d.pool.find((p) => p.registryNo === registryNo)?.organizations ?? [];
  return keys.map((k) => d.organizationNames[k] ?? k.replace(/^(bin|name):/, '')).join('; ');
}

/** One line for the operator, each witness by name, the commission's chair and its secretary. */
export function signLines(d: Pick<PublicDrawDetail, 'witnesses'>): string[] {
  return [
    t('protocol.signOperator'),
    ...d.witnesses.map((w) => t('protocol.signWitnessNamed', { name: w.name, id: w.id })),
    t('protocol.signChair'),
    t('protocol.signSecretary'),
  ];
}
