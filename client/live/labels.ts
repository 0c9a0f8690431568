/**
 * Names for the codes a draw is written in, in the viewer's language: experts (the public names the
 * frozen pool carries), regions (shared/regions.ts), directions and conflict kinds (reference data from
 * the public API, which may add kinds without a code change), quota categories and values, and
 * organization keys. Display only: a code without a name is shown as the code itself.
 */
import { currentLang, hasMessage, t, type MessageCode } from '../common/i18n.js';
import type { Lang } from '../common/lang.js';
import { regionByCode } from '../../shared/regions.js';
import type { ConflictKind } from '../../shared/schemas/conflicts.js';
import type { PoolEntry } from '../../shared/schemas/pool.js';
import type { Direction } from '../../shared/schemas/registry.js';

export interface ReferenceData {
  directions: Direction[];
  conflictKinds: ConflictKind[];
}

type Named = { nameKk: string; nameRu: string; nameEn: string };

function pick(n: Named, lang: Lang): string {
  return lang === 'kk' ? n.nameKk : lang === 'ru' ? n.nameRu : n.nameEn;
}

/** A message when the catalogue has one for this code, else the fallback. */
function tOr(code: string, fallback: string): string {
  return hasMessage(code) ? t(code as MessageCode) : fallback;
}

export interface Labels {
  expertName(entry: Pick<PoolEntry, 'nameKk' | 'nameRu'> | undefined): string;
  region(code: string): string;
  direction(code: string): string;
  conflictKind(code: string): string;
  category(category: string): string;
  /**
   * a value of a kind: a quota's (a region, a direction, "operator", "female", "kk", …) or a cap's key
   * (an organization, a region)
   */
  value(kind: string, value: string): string;
  /** "bin:123456789012" → "БИН 123456789012"; "name:…" → the name */
  organization(key: string): string;
}

export function createLabels(ref: ReferenceData): Labels {
  const labels: Labels = {
    expertName: (e) => {
      if (!e) return '';
      return (currentLang() === 'kk' ? (e.nameKk ?? e.nameRu) : (e.nameRu ?? e.nameKk)) ?? '';
    },
    region: (code) => {
      const r = regionByCode(code);
      return r ? pick(r, currentLang()) : code;
    },
    direction: (code) => {
      const d = ref.directions.find((x) => x.code === code);
      return d
        ? pick({ nameKk: d.nameKk, nameRu: d.nameRu, nameEn: d.nameEn }, currentLang())
        : code;
    },
    conflictKind: (code) => {
      const k = ref.conflictKinds.find((x) => x.code === code);
      if (!k) return code;
      const lang = currentLang();
      return lang === 'kk' ? k.labelKk : lang === 'ru' ? k.labelRu : k.labelEn;
    },
    category: (category) => tOr(`quota.category.${category}`, category),
    value: (category, value) => {
      switch (category) {
        case 'region':
          return labels.region(value);
        case 'direction':
          return labels.direction(value);
        case 'organization':
          return labels.organization(value);
        case 'proposedBy':
        case 'gender':
        case 'language':
          return tOr(`quota.value.${category}.${value}`, value);
        default:
          return value;
      }
    },
    organization: (key) => {
      if (key.startsWith('bin:')) return t('org.bin', { bin: key.slice(4) });
      return key.startsWith('name:') ? key.slice(5) : key;
    },
  };
  return labels;
}
