/**
 * The columns of the registry CSV: header aliases in Kazakh, Russian and English, how a cell is
 * read into an Expert field and how a field is written back. Used by csv-read.ts for import and
 * csv.ts for export.
 *
 * Cell formats (also in docs): multi-value cells (directions, languages) separate values with "|" or
 * ","; organizations are "name / BIN / role" entries separated by "|" (BIN may be empty:
 * "name / / role"); dates are YYYY-MM-DD or DD.MM.YYYY; directions, regions, gender, proposer, status
 * and languages may be written as codes or as names in kk/ru/en.
 */
import { resolveRegion } from '../../shared/regions.js';
import type { Direction, Expert } from '../../shared/schemas/registry.js';
import type { ImportProblemCode } from '../../shared/api/registry.js';

export type ColumnKey =
  | 'registryNo'
  | 'fullNameKk'
  | 'fullNameRu'
  | 'directions'
  | 'region'
  | 'organizations'
  | 'gender'
  | 'languages'
  | 'proposedBy'
  | 'status'
  | 'statusReason'
  | 'statusDate'
  | 'includedOn'
  | 'lastCommissionOn'
  | 'iin'
  | 'phone'
  | 'email';

export type HeaderLang = 'en' | 'ru' | 'kk';

export interface ColumnDef {
  key: ColumnKey;
  /** export headers: en is the machine name */
  header: Record<HeaderLang, string>;
  /** further accepted header spellings */
  aliases: string[];
  personal?: true;
}

export const COLUMNS: readonly ColumnDef[] = [
  {
    key: 'registryNo',
    header: { en: 'registry_no', ru: 'Реестровый номер', kk: 'Тізілім нөмірі' },
    aliases: ['registryNo', 'registry no', 'номер в реестре', 'номер', 'нөмірі', '№'],
  },
  {
    key: 'fullNameKk',
    header: { en: 'full_name_kk', ru: 'ФИО (каз.)', kk: 'Аты-жөні (қазақша)' },
    aliases: [
      'fullNameKk',
      'full name kk',
      'ФИО на казахском',
      'ФИО (каз)',
      'Аты-жөні (қаз.)',
      'Аты-жөні (қаз)',
    ],
  },
  {
    key: 'fullNameRu',
    header: { en: 'full_name_ru', ru: 'ФИО (рус.)', kk: 'Аты-жөні (орысша)' },
    aliases: [
      'fullNameRu',
      'full name ru',
      'ФИО',
      'ФИО на русском',
      'ФИО (рус)',
      'Аты-жөні (орыс.)',
      'Аты-жөні (орыс)',
    ],
  },
  {
    key: 'directions',
    header: { en: 'directions', ru: 'Направления', kk: 'Бағыттар' },
    aliases: ['direction', 'направление', 'бағыт', 'Направления экспертизы', 'Сараптама бағыттары'],
  },
  {
    key: 'region',
    header: { en: 'region', ru: 'Регион', kk: 'Өңір' },
    aliases: ['область', 'аймақ', 'облыс'],
  },
  {
    key: 'organizations',
    header: { en: 'organizations', ru: 'Организации', kk: 'Ұйымдар' },
    aliases: ['organisations', 'организация', 'ұйым', 'место работы'],
  },
  { key: 'gender', header: { en: 'gender', ru: 'Пол', kk: 'Жынысы' }, aliases: ['sex', 'жыныс'] },
  {
    key: 'languages',
    header: { en: 'languages', ru: 'Языки', kk: 'Тілдер' },
    aliases: ['language', 'язык', 'тіл', 'Языки экспертизы'],
  },
  {
    key: 'proposedBy',
    header: { en: 'proposed_by', ru: 'Кем предложен', kk: 'Кім ұсынды' },
    aliases: ['proposedBy', 'proposed by', 'предложен', 'ұсынған'],
  },
  { key: 'status', header: { en: 'status', ru: 'Статус', kk: 'Мәртебесі' }, aliases: ['мәртебе'] },
  {
    key: 'statusReason',
    header: { en: 'status_reason', ru: 'Причина статуса', kk: 'Мәртебе себебі' },
    aliases: ['statusReason', 'status reason', 'причина'],
  },
  {
    key: 'statusDate',
    header: { en: 'status_date', ru: 'Дата статуса', kk: 'Мәртебе күні' },
    aliases: ['statusDate', 'status date'],
  },
  {
    key: 'includedOn',
    header: { en: 'included_on', ru: 'Дата включения', kk: 'Енгізілген күні' },
    aliases: ['includedOn', 'included on', 'дата включения в реестр', 'тізілімге енгізілген күні'],
  },
  {
    key: 'lastCommissionOn',
    header: { en: 'last_commission_on', ru: 'Дата последней комиссии', kk: 'Соңғы комиссия күні' },
    aliases: ['lastCommissionOn', 'last commission on', 'последняя комиссия'],
  },
  { key: 'iin', header: { en: 'iin', ru: 'ИИН', kk: 'ЖСН' }, aliases: [], personal: true },
  {
    key: 'phone',
    header: { en: 'phone', ru: 'Телефон', kk: 'Телефон' },
    aliases: ['тел.', 'тел', 'телефон нөмірі'],
    personal: true,
  },
  {
    key: 'email',
    header: { en: 'email', ru: 'Электронная почта', kk: 'Электрондық пошта' },
    aliases: ['e-mail', 'эл. почта', 'почта', 'пошта'],
    personal: true,
  },
];

/** Header normalization: case, "ё", spaces, "_" and trailing ":"/"*" do not matter. */
function normalizeHeader(h: string): string {
  return h
    .trim()
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[_\s]+/g, ' ')
    .replace(/[:*]+$/, '')
    .trim();
}

const HEADER_INDEX = new Map<string, ColumnKey>();
for (const c of COLUMNS)
  for (const h of [...Object.values(c.header), ...c.aliases])
    HEADER_INDEX.set(normalizeHeader(h), c.key);

export function columnForHeader(h: string): ColumnKey | undefined {
  return HEADER_INDEX.get(normalizeHeader(h));
}

/** A cell that cannot be read: `code` and `value` (what was written) are stable, `problem` is English. */
export class CellProblem extends Error {
  constructor(
    readonly code: ImportProblemCode,
    readonly problem: string,
    readonly value: string
  ) {
    super(problem);
  }
}

const word = (s: string) => normalizeHeader(s);

function lookup<T extends string>(table: Record<string, T>, cell: string, what: string): T {
  const v = table[word(cell)];
  if (v === undefined) throw new CellProblem('VALUE_UNKNOWN', `unknown ${what} "${cell}"`, cell);
  return v;
}

const GENDERS: Record<string, 'female' | 'male'> = {
  female: 'female',
  f: 'female',
  ж: 'female',
  жен: 'female',
  женский: 'female',
  әйел: 'female',
  male: 'male',
  m: 'male',
  м: 'male',
  муж: 'male',
  мужской: 'male',
  ер: 'male',
  еркек: 'male',
};
const PROPOSERS: Record<string, 'operator' | 'ngo'> = {
  operator: 'operator',
  оператор: 'operator',
  'оператор ұсынды': 'operator',
  ngo: 'ngo',
  нпо: 'ngo',
  нко: 'ngo',
  нно: 'ngo',
  'неправительственная организация': 'ngo',
  үеұ: 'ngo',
};
const STATUSES: Record<string, 'active' | 'suspended' | 'excluded'> = {
  active: 'active',
  активен: 'active',
  активный: 'active',
  действующий: 'active',
  белсенді: 'active',
  suspended: 'suspended',
  приостановлен: 'suspended',
  тоқтатылған: 'suspended',
  'тоқтатыла тұрған': 'suspended',
  excluded: 'excluded',
  исключен: 'excluded',
  шығарылған: 'excluded',
};
const LANGUAGES: Record<string, string> = {
  казахский: 'kk',
  қазақ: 'kk',
  қазақша: 'kk',
  'қазақ тілі': 'kk',
  kazakh: 'kk',
  русский: 'ru',
  орыс: 'ru',
  орысша: 'ru',
  'орыс тілі': 'ru',
  russian: 'ru',
  английский: 'en',
  ағылшын: 'en',
  ағылшынша: 'en',
  'ағылшын тілі': 'en',
  english: 'en',
};

function splitList(cell: string): string[] {
  return cell
    .split(/[|,]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function parseDateCell(cell: string): string {
  const ru = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(cell);
  if (ru) return `${ru[3]}-${ru[2]!.padStart(2, '0')}-${ru[1]!.padStart(2, '0')}`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(cell)) return cell;
  throw new CellProblem('DATE_INVALID', `"${cell}" is not a date (YYYY-MM-DD or DD.MM.YYYY)`, cell);
}

function parseOrganizations(cell: string): Expert['organizations'] {
  return cell
    .split('|')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((entry) => {
      const parts = entry.split('/');
      if (parts.length < 3)
        throw new CellProblem(
          'ORGANIZATION_FORMAT',
          `write each organization as "name / BIN / role" (BIN may be empty): "${entry}"`,
          entry
        );
      const role = parts.pop()!.trim();
      const bin = parts.pop()!.trim().replace(/\s+/g, '');
      const name = parts.join('/').trim();
      return { name, ...(bin ? { bin } : {}), role };
    });
}

/** Reads one non-empty cell into the value of its field (schema validation comes after). */
export function parseCell(key: ColumnKey, cell: string, directions: readonly Direction[]): unknown {
  switch (key) {
    case 'directions':
      return splitList(cell).map((d) => {
        const w = word(d);
        const hit = directions.find((x) =>
          [x.code, x.nameKk, x.nameRu, x.nameEn].some((n) => word(n) === w)
        );
        if (!hit) throw new CellProblem('DIRECTION_UNKNOWN', `unknown direction "${d}"`, d);
        return hit.code;
      });
    case 'region': {
      const code = resolveRegion(cell);
      if (!code) throw new CellProblem('REGION_UNKNOWN', `unknown region "${cell}"`, cell);
      return code;
    }
    case 'organizations':
      return parseOrganizations(cell);
    case 'gender':
      return lookup(GENDERS, cell, 'gender');
    case 'languages':
      return splitList(cell).map((l) => LANGUAGES[word(l)] ?? word(l));
    case 'proposedBy':
      return lookup(PROPOSERS, cell, 'proposer (operator or ngo)');
    case 'status':
      return lookup(STATUSES, cell, 'status');
    case 'statusDate':
    case 'includedOn':
    case 'lastCommissionOn':
      return parseDateCell(cell);
    case 'iin':
      return cell.replace(/\s+/g, '');
    default:
      return cell;
  }
}

/** Writes a field for export (the inverse of parseCell for canonical values). */
export function formatCell(key: ColumnKey, e: Expert): string {
  switch (key) {
    case 'directions':
    case 'languages':
      return e[key].join('|');
    case 'organizations':
      return e.organizations.map((o) => `${o.name} / ${o.bin ?? ''} / ${o.role}`).join(' | ');
    default:
      return e[key] ?? '';
  }
}
