/**
 * Fictional people for the demo registry: Kazakh names in their Kazakh and Russian spellings
 * (surname, given name, patronymic: "-ұлы/-қызы" in Kazakh, "-ович/-овна" in Russian), plus some
 * Russian, Korean and other names common in Kazakhstan. Any resemblance to real people is chance.
 */
import type { Prng } from './prng.js';

type Pair = readonly [kk: string, ru: string];

const MALE: readonly Pair[] = [
  ['Ерлан', 'Ерлан'],
  ['Нұрлан', 'Нурлан'],
  ['Асқар', 'Аскар'],
  ['Бауыржан', 'Бауыржан'],
  ['Дәурен', 'Даурен'],
  ['Ержан', 'Ержан'],
  ['Қайрат', 'Кайрат'],
  ['Марат', 'Марат'],
  ['Серік', 'Серик'],
  ['Талғат', 'Талгат'],
  ['Ғалым', 'Галым'],
  ['Әлібек', 'Алибек'],
  ['Мұрат', 'Мурат'],
  ['Арман', 'Арман'],
  ['Болат', 'Болат'],
  ['Жандос', 'Жандос'],
  ['Нұрсұлтан', 'Нурсултан'],
  ['Рүстем', 'Рустем'],
  ['Дархан', 'Дархан'],
  ['Санжар', 'Санжар'],
];
const FEMALE: readonly Pair[] = [
  ['Айгүл', 'Айгуль'],
  ['Гүлнар', 'Гульнар'],
  ['Әлия', 'Алия'],
  ['Дана', 'Дана'],
  ['Жанар', 'Жанар'],
  ['Динара', 'Динара'],
  ['Сәуле', 'Сауле'],
  ['Мәдина', 'Мадина'],
  ['Айжан', 'Айжан'],
  ['Гаухар', 'Гаухар'],
  ['Ақмарал', 'Акмарал'],
  ['Назым', 'Назым'],
  ['Салтанат', 'Салтанат'],
  ['Жұлдыз', 'Жулдыз'],
  ['Әсем', 'Асем'],
  ['Перизат', 'Перизат'],
  ['Ботагөз', 'Ботагоз'],
  ['Меруерт', 'Меруерт'],
  ['Гүлмира', 'Гульмира'],
  ['Ләззат', 'Ляззат'],
];
/** male surname forms; the female form adds "а" */
const SURNAMES: readonly Pair[] = [
  ['Ахметов', 'Ахметов'],
  ['Сәрсенбаев', 'Сарсенбаев'],
  ['Жұмабаев', 'Жумабаев'],
  ['Нұрғалиев', 'Нургалиев'],
  ['Қасымов', 'Касымов'],
  ['Омаров', 'Омаров'],
  ['Тоқтаров', 'Токтаров'],
  ['Бекмұхамбетов', 'Бекмухамбетов'],
  ['Әбдірахманов', 'Абдрахманов'],
  ['Смағұлов', 'Смагулов'],
  ['Есенов', 'Есенов'],
  ['Мұқанов', 'Муканов'],
  ['Ибраев', 'Ибраев'],
  ['Оспанов', 'Оспанов'],
  ['Қалиев', 'Калиев'],
  ['Серікбаев', 'Серикбаев'],
  ['Байжанов', 'Байжанов'],
  ['Төлеуов', 'Толеуов'],
  ['Ержанов', 'Ержанов'],
  ['Құдайбергенов', 'Кудайбергенов'],
  ['Исабеков', 'Исабеков'],
  ['Мамыров', 'Мамыров'],
  ['Дүйсенов', 'Дуйсенов'],
  ['Шәкенов', 'Шакенов'],
  ['Әлімжанов', 'Алимжанов'],
];
/** fathers' names: Kazakh patronymic adds -ұлы/-қызы, Russian adds -ович/-овна */
const FATHERS: readonly Pair[] = [
  ['Серік', 'Серик'],
  ['Болат', 'Болат'],
  ['Марат', 'Марат'],
  ['Қайрат', 'Кайрат'],
  ['Нұрлан', 'Нурлан'],
  ['Ерлан', 'Ерлан'],
  ['Бақыт', 'Бахыт'],
  ['Асхат', 'Асхат'],
  ['Мұрат', 'Мурат'],
  ['Жандос', 'Жандос'],
  ['Талғат', 'Талгат'],
  ['Ғабит', 'Габит'],
  ['Ербол', 'Ербол'],
  ['Мақсат', 'Максат'],
  ['Тимур', 'Тимур'],
];

/** Names written the same way in both languages. */
const OTHER_MALE = ['Сергей', 'Андрей', 'Алексей', 'Дмитрий', 'Владимир', 'Виктор'];
const OTHER_FEMALE = ['Елена', 'Ольга', 'Наталья', 'Ирина', 'Татьяна', 'Светлана'];
const OTHER_SURNAMES = ['Иванов', 'Петров', 'Соколов', 'Ким', 'Ли', 'Пак', 'Шевченко', 'Гусейнов'];
const OTHER_PATRONYMICS: readonly Pair[] = [
  ['Сергеевич', 'Сергеевна'],
  ['Александрович', 'Александровна'],
  ['Викторович', 'Викторовна'],
  ['Николаевич', 'Николаевна'],
  ['Петрович', 'Петровна'],
];

export interface DemoName {
  fullNameKk: string;
  fullNameRu: string;
  gender: 'female' | 'male';
}

function feminine(surname: string): string {
  // Korean and Ukrainian surnames do not change; -ов/-ев/-ин take -а.
  return /(ов|ев|ин)$/.test(surname) ? `${surname}а` : surname;
}

export function demoName(rng: Prng): DemoName {
  const gender = rng.chance(52) ? 'female' : 'male';
  const f = gender === 'female';
  if (rng.chance(12)) {
    const first = rng.pick(f ? OTHER_FEMALE : OTHER_MALE);
    const last = rng.pick(OTHER_SURNAMES);
    const patr = rng.pick(OTHER_PATRONYMICS)[f ? 1 : 0];
    const full = `${f ? feminine(last) : last} ${first} ${patr}`;
    return { fullNameKk: full, fullNameRu: full, gender };
  }
  const [firstKk, firstRu] = rng.pick(f ? FEMALE : MALE);
  const [lastKk, lastRu] = rng.pick(SURNAMES);
  const [fatherKk, fatherRu] = rng.pick(FATHERS);
  return {
    gender,
    fullNameKk: `${f ? feminine(lastKk) : lastKk} ${firstKk} ${fatherKk}${f ? 'қызы' : 'ұлы'}`,
    fullNameRu: `${f ? feminine(lastRu) : lastRu} ${firstRu} ${fatherRu}${f ? 'овна' : 'ович'}`,
  };
}
