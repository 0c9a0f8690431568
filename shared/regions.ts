/**
 * Regions of Kazakhstan: the 17 regions (oblystar) and the 3 cities of republican significance, as
 * they stand after the 2022 reform that created the Abai, Jetisu and Ulytau regions. Codes are the
 * ISO 3166-2:KZ subdivision codes (numeric series adopted by ISO after the 2022 reform, e.g. KZ-10 Abai).
 */

export interface Region {
  code: string;
  kind: 'region' | 'city';
  nameKk: string;
  nameRu: string;
  nameEn: string;
}

export const REGIONS: readonly Region[] = [
  {
    code: 'KZ-10',
    kind: 'region',
    nameKk: 'Абай облысы',
    nameRu: 'Абайская область',
    nameEn: 'Abai Region',
  },
  {
    code: 'KZ-11',
    kind: 'region',
    nameKk: 'Ақмола облысы',
    nameRu: 'Акмолинская область',
    nameEn: 'Akmola Region',
  },
  {
    code: 'KZ-15',
    kind: 'region',
    nameKk: 'Ақтөбе облысы',
    nameRu: 'Актюбинская область',
    nameEn: 'Aktobe Region',
  },
  {
    code: 'KZ-19',
    kind: 'region',
    nameKk: 'Алматы облысы',
    nameRu: 'Алматинская область',
    nameEn: 'Almaty Region',
  },
  {
    code: 'KZ-23',
    kind: 'region',
    nameKk: 'Атырау облысы',
    nameRu: 'Атырауская область',
    nameEn: 'Atyrau Region',
  },
  {
    code: 'KZ-27',
    kind: 'region',
    nameKk: 'Батыс Қазақстан облысы',
    nameRu: 'Западно-Казахстанская область',
    nameEn: 'West Kazakhstan Region',
  },
  {
    code: 'KZ-31',
    kind: 'region',
    nameKk: 'Жамбыл облысы',
    nameRu: 'Жамбылская область',
    nameEn: 'Jambyl Region',
  },
  {
    code: 'KZ-33',
    kind: 'region',
    nameKk: 'Жетісу облысы',
    nameRu: 'Область Жетісу',
    nameEn: 'Jetisu Region',
  },
  {
    code: 'KZ-35',
    kind: 'region',
    nameKk: 'Қарағанды облысы',
    nameRu: 'Карагандинская область',
    nameEn: 'Karaganda Region',
  },
  {
    code: 'KZ-39',
    kind: 'region',
    nameKk: 'Қостанай облысы',
    nameRu: 'Костанайская область',
    nameEn: 'Kostanay Region',
  },
  {
    code: 'KZ-43',
    kind: 'region',
    nameKk: 'Қызылорда облысы',
    nameRu: 'Кызылординская область',
    nameEn: 'Kyzylorda Region',
  },
  {
    code: 'KZ-47',
    kind: 'region',
    nameKk: 'Маңғыстау облысы',
    nameRu: 'Мангистауская область',
    nameEn: 'Mangystau Region',
  },
  {
    code: 'KZ-55',
    kind: 'region',
    nameKk: 'Павлодар облысы',
    nameRu: 'Павлодарская область',
    nameEn: 'Pavlodar Region',
  },
  {
    code: 'KZ-59',
    kind: 'region',
    nameKk: 'Солтүстік Қазақстан облысы',
    nameRu: 'Северо-Казахстанская область',
    nameEn: 'North Kazakhstan Region',
  },
  {
    code: 'KZ-61',
    kind: 'region',
    nameKk: 'Түркістан облысы',
    nameRu: 'Туркестанская область',
    nameEn: 'Turkistan Region',
  },
  {
    code: 'KZ-62',
    kind: 'region',
    nameKk: 'Ұлытау облысы',
    nameRu: 'Область Ұлытау',
    nameEn: 'Ulytau Region',
  },
  {
    code: 'KZ-63',
    kind: 'region',
    nameKk: 'Шығыс Қазақстан облысы',
    nameRu: 'Восточно-Казахстанская область',
    nameEn: 'East Kazakhstan Region',
  },
  {
    code: 'KZ-71',
    kind: 'city',
    nameKk: 'Астана қаласы',
    nameRu: 'город Астана',
    nameEn: 'Astana',
  },
  {
    code: 'KZ-75',
    kind: 'city',
    nameKk: 'Алматы қаласы',
    nameRu: 'город Алматы',
    nameEn: 'Almaty',
  },
  {
    code: 'KZ-79',
    kind: 'city',
    nameKk: 'Шымкент қаласы',
    nameRu: 'город Шымкент',
    nameEn: 'Shymkent',
  },
];

export const REGION_CODES = REGIONS.map((r) => r.code) as [string, ...string[]];

const BY_CODE = new Map(REGIONS.map((r) => [r.code, r]));

export function regionByCode(code: string): Region | undefined {
  return BY_CODE.get(code);
}

function normalizeName(s: string): string {
  // toLowerCase is locale-independent (unlike toLocaleLowerCase); ё and е are one letter in practice.
  return s.trim().toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ');
}

const BY_NAME = new Map<string, string>();
for (const r of REGIONS) {
  for (const n of [r.code, r.nameKk, r.nameRu, r.nameEn]) BY_NAME.set(normalizeName(n), r.code);
}

/**
 * The region code for a code or a name in any of the three languages (case-insensitive), as people
 * type them into spreadsheets; undefined when nothing matches. "Алматы" alone is the city.
 */
export function resolveRegion(text: string): string | undefined {
  const key = normalizeName(text);
  if (key === 'алматы' || key === 'almaty') return 'KZ-75';
  return BY_NAME.get(key);
}
