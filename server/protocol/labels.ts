/**
 * The words of the PDF protocol in Kazakh and Russian (the print view in the browser takes the same
 * wording from client/i18n). Plain data: protocol-pdf.ts looks every label up here by key.
 */
import type { DrawState } from '../../shared/api/draws.js';
import type { ExclusionRule } from '../../shared/schemas/conflicts.js';
import type { DrawStep } from '../../shared/schemas/draw-result.js';

export const PROTOCOL_LANGS = ['kk', 'ru'] as const;
export type ProtocolLang = (typeof PROTOCOL_LANGS)[number];

export interface ProtocolLabels {
  title: (id: string) => string;
  subtitle: string;
  state: string;
  states: Record<DrawState, string>;
  attempt: string;
  announcedAt: string;
  lot: string;
  competition: string;
  lotTitle: string;
  direction: string;
  applicants: string;
  orgName: string;
  bin: string;
  rules: string;
  method: string;
  methods: Record<'adal-v1' | 'rfc3797', string>;
  size: string;
  reserves: string;
  quotas: string;
  quotaCats: Record<string, string>;
  /** quota values in words: who proposed, gender, language */
  quotaValues: Record<string, string>;
  atLeast: (n: string) => string;
  atMost: (n: string) => string;
  perOrg: string;
  cooldown: string;
  asOf: string;
  deadline: string;
  beaconRound: string;
  publicSources: string;
  pool: string;
  poolSize: string;
  poolRoot: string;
  announcementHash: string;
  exclusions: string;
  rulesNames: Record<ExclusionRule, string>;
  registryNo: string;
  rule: string;
  detail: string;
  none: string;
  witnesses: string;
  witness: string;
  commitment: string;
  reveal: string;
  missing: string;
  notRevealed: string;
  seedHeading: string;
  randomness: string;
  seed: string;
  commission: string;
  reserveList: string;
  seat: string;
  order: string;
  name: string;
  replacements: string;
  noReplacements: string;
  steps: Record<DrawStep['outcome'], (no: string, replaces: string) => string>;
  checkpoint: string;
  logOrigin: string;
  treeSize: string;
  rootHash: string;
  signature: string;
  noCheckpoint: string;
  verify: string;
  verifyText: string;
  signatures: string;
  signOperator: string;
  signWitness: string;
  page: (n: number, of: number) => string;
}

const kk: ProtocolLabels = {
  title: (id) => `${id} жеребесінің хаттамасы`,
  subtitle: 'Гранттық сараптама комиссиясын жеребе арқылы іріктеу',
  state: 'Күйі',
  states: {
    draft: 'Жоба',
    announced: 'Жарияланды',
    revealing: 'Құпиялар ашылуда',
    reveals_closed: 'Ашу аяқталды',
    beacon_received: 'Маяк алынды',
    drawn: 'Өткізілді',
    closed: 'Жабылды',
    cancelled: 'Тоқтатылды',
  },
  attempt: 'Әрекет',
  announcedAt: 'Жарияланған уақыты',
  lot: 'Лот',
  competition: 'Конкурс',
  lotTitle: 'Лот атауы',
  direction: 'Бағыт',
  applicants: 'Өтінім берген ұйымдар',
  orgName: 'Ұйым',
  bin: 'БСН',
  rules: 'Ережелер',
  method: 'Әдіс',
  methods: {
    'adal-v1': 'Adal v1: drand маягы және куәгерлер',
    rfc3797: 'RFC 3797: жария дереккөздер',
  },
  size: 'Комиссия құрамы',
  reserves: 'Резервтегілер саны',
  quotas: 'Квоталар',
  quotaCats: {
    proposedBy: 'Кім ұсынған',
    region: 'Өңір',
    gender: 'Жынысы',
    language: 'Тілі',
    direction: 'Бағыт',
  },
  quotaValues: {
    operator: 'оператор',
    ngo: 'ҮЕҰ',
    female: 'әйел',
    male: 'ер',
    kk: 'қазақ тілі',
    ru: 'орыс тілі',
    en: 'ағылшын тілі',
  },
  atLeast: (n) => `кемінде ${n}`,
  atMost: (n) => `ең көбі ${n}`,
  perOrg: 'Бір ұйымнан ең көбі',
  cooldown: 'Комиссиядан кейінгі үзіліс (күн)',
  asOf: 'Рұқсат тексерілген күн',
  deadline: 'Құпияны ашу мерзімі',
  beaconRound: 'Маяк раунды',
  publicSources: 'Жария дереккөздер',
  pool: 'Пул',
  poolSize: 'Пул көлемі',
  poolRoot: 'Пул түбірі (RFC 6962)',
  announcementHash: 'Хабарлама хеші',
  exclusions: 'Ережелер бойынша шеттетулер',
  rulesNames: {
    STATUS_SUSPENDED: 'тізілімде тоқтатылған',
    STATUS_EXCLUDED: 'тізілімнен шығарылған',
    CONFLICT_OF_INTEREST: 'мүдделер қақтығысы',
    COOLDOWN: 'комиссияда жақында ғана болған',
  },
  registryNo: 'Тізілім нөмірі',
  rule: 'Ереже',
  detail: 'Толығырақ',
  none: 'Жоқ.',
  witnesses: 'Куәгерлер',
  witness: 'Куәгер',
  commitment: 'Міндеттеме',
  reveal: 'Ашылған құпия',
  missing: 'ашпады',
  notRevealed: 'әлі ашылмаған',
  seedHeading: 'Кездейсоқтық және тұқым',
  randomness: 'Маяк кездейсоқтығы',
  seed: 'Тұқым',
  commission: 'Комиссия құрамы',
  reserveList: 'Резерв, ретімен',
  seat: 'Орын',
  order: 'Реті',
  name: 'Аты-жөні',
  replacements: 'Ауыстырулар',
  noReplacements: 'Ауыстыру болған жоқ.',
  steps: {
    accepted: (no) => `${no} комиссияға кіреді`,
    skipped: (no) => `${no} өткізіліп жіберілді`,
    reserve: (no) => `${no} резервке алынады`,
    declined: (no) => `${no} орыннан бас тартады`,
    withdrawn: (no) => `${no} шығып қалады`,
    replacement: (no, r) => `${no} ${r} орнын алады`,
    vacant: (no) => `${no} орны бос қалады`,
  },
  checkpoint: 'Ашықтық журналының бақылау нүктесі',
  logOrigin: 'Журнал',
  treeSize: 'Ағаш көлемі',
  rootHash: 'Түбір хеші',
  signature: 'Қолтаңба',
  noCheckpoint: 'Журналда бұл жеребе үшін әлі бақылау нүктесі жоқ.',
  verify: 'Өзіңіз тексеріңіз',
  verifyText:
    'QR кодты сканерлеңіз: жеребені тек жарияланған деректер бойынша кез келген адам қайта есептей алады.',
  signatures: 'Қолтаңбалар',
  signOperator: 'Оператор өкілі: ____________________',
  signWitness: 'Куәгер: ____________________',
  page: (n, of) => `${of} беттің ${n}-беті`,
};

const ru: ProtocolLabels = {
  title: (id) => `Протокол жеребьёвки ${id}`,
  subtitle: 'Формирование экспертной комиссии по грантам жеребьёвкой',
  state: 'Состояние',
  states: {
    draft: 'Черновик',
    announced: 'Объявлена',
    revealing: 'Раскрытие секретов',
    reveals_closed: 'Раскрытие завершено',
    beacon_received: 'Маяк получен',
    drawn: 'Проведена',
    closed: 'Закрыта',
    cancelled: 'Отменена',
  },
  attempt: 'Попытка',
  announcedAt: 'Объявлена',
  lot: 'Лот',
  competition: 'Конкурс',
  lotTitle: 'Название лота',
  direction: 'Направление',
  applicants: 'Организации-заявители',
  orgName: 'Организация',
  bin: 'БИН',
  rules: 'Правила',
  method: 'Метод',
  methods: {
    'adal-v1': 'Adal v1: маяк drand и наблюдатели',
    rfc3797: 'RFC 3797: публичные источники',
  },
  size: 'Размер комиссии',
  reserves: 'Резерв',
  quotas: 'Квоты',
  quotaCats: {
    proposedBy: 'Кем предложен',
    region: 'Регион',
    gender: 'Пол',
    language: 'Язык',
    direction: 'Направление',
  },
  quotaValues: {
    operator: 'оператор',
    ngo: 'НПО',
    female: 'женский',
    male: 'мужской',
    kk: 'казахский',
    ru: 'русский',
    en: 'английский',
  },
  atLeast: (n) => `не меньше ${n}`,
  atMost: (n) => `не больше ${n}`,
  perOrg: 'Не больше от одной организации',
  cooldown: 'Перерыв после комиссии (дней)',
  asOf: 'Дата проверки допуска',
  deadline: 'Срок раскрытия секретов',
  beaconRound: 'Раунд маяка',
  publicSources: 'Публичные источники',
  pool: 'Пул',
  poolSize: 'Размер пула',
  poolRoot: 'Корень пула (RFC 6962)',
  announcementHash: 'Хеш объявления',
  exclusions: 'Исключения по правилам',
  rulesNames: {
    STATUS_SUSPENDED: 'приостановлен в реестре',
    STATUS_EXCLUDED: 'исключён из реестра',
    CONFLICT_OF_INTEREST: 'конфликт интересов',
    COOLDOWN: 'слишком недавно был в комиссии',
  },
  registryNo: 'Номер в реестре',
  rule: 'Правило',
  detail: 'Подробности',
  none: 'Нет.',
  witnesses: 'Наблюдатели',
  witness: 'Наблюдатель',
  commitment: 'Обязательство',
  reveal: 'Раскрытый секрет',
  missing: 'не раскрыл',
  notRevealed: 'ещё не раскрыт',
  seedHeading: 'Случайность и зерно',
  randomness: 'Случайность маяка',
  seed: 'Зерно',
  commission: 'Состав комиссии',
  reserveList: 'Резерв по порядку',
  seat: 'Место',
  order: 'Порядок',
  name: 'ФИО',
  replacements: 'Замены',
  noReplacements: 'Замен не было.',
  steps: {
    accepted: (no) => `${no} входит в комиссию`,
    skipped: (no) => `${no} пропущен`,
    reserve: (no) => `${no} становится резервистом`,
    declined: (no) => `${no} отказывается от места`,
    withdrawn: (no) => `${no} выбывает`,
    replacement: (no, r) => `${no} занимает место ${r}`,
    vacant: (no) => `место ${no} остаётся вакантным`,
  },
  checkpoint: 'Контрольная точка журнала прозрачности',
  logOrigin: 'Журнал',
  treeSize: 'Размер дерева',
  rootHash: 'Корневой хеш',
  signature: 'Подпись',
  noCheckpoint: 'В журнале ещё нет контрольной точки для этой жеребьёвки.',
  verify: 'Проверьте сами',
  verifyText:
    'Отсканируйте QR-код: любой может пересчитать жеребьёвку только по опубликованным данным.',
  signatures: 'Подписи',
  signOperator: 'Оператор: ____________________',
  signWitness: 'Наблюдатель: ____________________',
  page: (n, of) => `Страница ${n} из ${of}`,
};

export const PROTOCOL_LABELS: Record<ProtocolLang, ProtocolLabels> = { kk, ru };
