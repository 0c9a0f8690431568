/**
 * Generates registry CSV files of any size at test time (so megabytes are never committed): realistic
 * rows with valid BINs and IINs, UTF-8 with BOM, ";" delimiter, Russian headers. Not a test file.
 */
import { checkDigit } from '../../../shared/bin.js';

/** The n-th valid 12-digit number with the given 6-digit prefix (skips never-issued prefixes). */
export function validNumber(prefix6: string, n: number): string {
  for (let k = n; ; k++) {
    const first11 = prefix6 + String(k).padStart(5, '0');
    const c = checkDigit(first11);
    if (c !== null) return first11 + String(c);
  }
}

const REGIONS = ['KZ-10', 'KZ-33', 'KZ-62', 'KZ-71', 'KZ-75', 'KZ-79', 'Карагандинская область'];
const DIRS = ['youth', 'ecology', 'culture', 'Молодёжная политика'];

export function registryCsv(rows: number, opts: { start?: number; bom?: boolean } = {}): string {
  const start = opts.start ?? 1;
  const lines = [
    'Реестровый номер;ФИО (каз.);ФИО (рус.);Направления;Регион;Организации;Пол;Языки;Кем предложен;Дата включения;ИИН;Телефон',
  ];
  for (let i = start; i < start + rows; i++) {
    const bin = validNumber('100440', i % 90000);
    const iin = validNumber('850101', i % 90000);
    lines.push(
      [
        `R-${String(i).padStart(5, '0')}`,
        `Тестов Ерлан ${i}`,
        `Тестов Ерлан ${i}`,
        `${DIRS[i % DIRS.length]}|culture`.replace('culture|culture', 'culture'),
        REGIONS[i % REGIONS.length],
        `"ОФ ""Тест ${i}"" / ${bin} / член"`,
        i % 2 ? 'м' : 'ж',
        'kk|ru',
        i % 10 < 3 ? 'оператор' : 'НПО',
        '01.02.2021',
        iin,
        `'+7 700 ${String(i).padStart(7, '0')}`,
      ].join(';')
    );
  }
  return (opts.bom === false ? '' : '\uFEFF') + lines.join('\r\n') + '\r\n';
}
