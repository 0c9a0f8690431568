/**
 * Fictional NGOs for the demo: names in the usual Kazakhstan forms (ОФ — public foundation, ОО —
 * public association, ҚҚ — қоғамдық қор, ЧУ — private institution) and BINs with a valid check digit
 * (YYMM of registration, 4 = resident legal entity, 0 = head office, 5-digit serial, check digit).
 */
import { checkDigit } from '../../shared/bin.js';
import type { Prng } from './prng.js';

const STEMS = [
  'Жастар бастамасы',
  'Болашақ',
  'Жасыл Қазақстан',
  'Зелёная степь',
  'Мейірім',
  'Қамқорлық',
  'Білім көпірі',
  'Открытый диалог',
  'Саламатты өмір',
  'Здоровое поколение',
  'Мұра',
  'Наследие',
  'Азамат',
  'Гражданская инициатива',
  'Шаңырақ',
  'Ақ жол волонтёрлары',
  'Экодом',
  'Таза өзен',
  'Равные возможности',
  'Балаларға көмек',
  'Достар',
  'Ұлы дала',
  'Сана',
  'Новая школа',
  'Тірек',
  'Ана мен бала',
  'Дара жол',
  'Спорт для всех',
  'Қала мәдениеті',
  'Арман',
  'Ақпарат',
  'Бірлік',
  'Шапағат',
  'Кітап әлемі',
  'Жер-Ана',
  'Серпін',
  'Үміт',
  'Нұрлы болашақ',
  'Ауыл жастары',
  'Инклюзия',
  'Қолдау',
  'Ел мен жер',
  'Сенім',
  'Алтын көпір',
  'Дала ұландары',
  'Светлый путь',
  'Өркен',
  'Ырыс',
  'Жаңа толқын',
  'Көктем',
];
const FORMS = ['ОФ', 'ОО', 'ҚҚ', 'ЧУ', 'ОЮЛ'];

export interface DemoOrg {
  name: string;
  bin: string;
}

/** A valid BIN registered in the given year/month; serials with no valid check digit are skipped. */
function demoBin(year: number, month: number, serial: number): string {
  for (let s = serial; ; s++) {
    const first11 = `${String(year % 100).padStart(2, '0')}${String(month).padStart(2, '0')}40${String(s % 100000).padStart(5, '0')}`;
    const c = checkDigit(first11);
    if (c !== null) return first11 + String(c);
  }
}

export function demoOrganizations(rng: Prng): DemoOrg[] {
  const used = new Set<string>();
  return STEMS.map((stem, i) => {
    let bin = demoBin(2000 + rng.int(24), 1 + rng.int(12), 100 + i * 1000 + rng.int(900));
    while (used.has(bin)) bin = demoBin(2000 + rng.int(24), 1 + rng.int(12), rng.int(99999));
    used.add(bin);
    return { name: `${FORMS[i % FORMS.length]} «${stem}»`, bin };
  });
}

/** Roles: some are conflict-kind codes or labels (mapped to kinds), others free text (kind "other"). */
export const DEMO_ROLES = [
  'member',
  'Член организации',
  'head',
  'Руководитель',
  'founder',
  'governing_body',
  'Ұйым мүшесі',
  'Эксперт-консультант',
  'Волонтёр',
  'Тренер',
];
