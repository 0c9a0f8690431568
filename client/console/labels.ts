/**
 * Names of registry data in the UI language: experts (Kazakh or Russian name), directions, regions,
 * lots and conflict kinds each carry their own kk/ru(/en) names; English falls back to Russian where
 * the data has no English name. Display only.
 */
import { regionByCode } from '../../shared/regions.js';
import type { Lang } from '../common/lang.js';

interface Named {
  fullNameKk?: string | undefined;
  fullNameRu?: string | undefined;
}

export function expertName(e: Named, lang: Lang): string {
  return (lang === 'kk' ? (e.fullNameKk ?? e.fullNameRu) : (e.fullNameRu ?? e.fullNameKk)) ?? '';
}

/** A pool entry or public record: nameKk / nameRu. */
export function poolName(
  e: { nameKk?: string | undefined; nameRu?: string | undefined },
  lang: Lang
) {
  return (lang === 'kk' ? (e.nameKk ?? e.nameRu) : (e.nameRu ?? e.nameKk)) ?? '';
}

export function localName(
  d: { nameKk: string; nameRu: string; nameEn?: string | undefined },
  lang: Lang
): string {
  return lang === 'kk' ? d.nameKk : lang === 'en' ? (d.nameEn ?? d.nameRu) : d.nameRu;
}

export function regionName(code: string, lang: Lang): string {
  const r = regionByCode(code);
  return r ? localName(r, lang) : code;
}

export function titleOf(x: { titleKk: string; titleRu: string }, lang: Lang): string {
  return lang === 'kk' ? x.titleKk : x.titleRu;
}

export function kindLabel(
  k: { labelKk: string; labelRu: string; labelEn: string } | undefined,
  code: string,
  lang: Lang
): string {
  if (!k) return code;
  return lang === 'kk' ? k.labelKk : lang === 'en' ? k.labelEn : k.labelRu;
}
