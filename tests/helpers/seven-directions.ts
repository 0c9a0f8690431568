/**
 * The operator's real competition for the ceremony browser test (issue 16): seven directions, one
 * lot per direction, eight experts in each direction (every third proposed by the operator, each in
 * an organisation of their own), and two observer accounts to be the witnesses. Created through the
 * registry services, as tests/helpers/draws.ts does. Not a test file.
 */
import { createExpert } from '../../server/registry/experts.js';
import { createCompetition, createDirection, createLot } from '../../server/lots/lots.js';
import type { TestApp } from './app.js';
import { expert, testBin } from './draws.js';

export const DIRECTIONS = [
  ['youth', 'Жастар саясаты', 'Молодёжная политика', 'Youth policy'],
  ['ecology', 'Экология және табиғатты қорғау', 'Экология и охрана природы', 'Ecology'],
  ['culture', 'Мәдениет', 'Культура', 'Culture'],
  ['health', 'Денсаулық сақтау', 'Здравоохранение', 'Health'],
  ['education', 'Білім беру', 'Образование', 'Education'],
  ['sport', 'Спорт', 'Спорт и физическая культура', 'Sport'],
  ['social', 'Әлеуметтік қолдау', 'Социальная поддержка', 'Social support'],
] as const;

export const EXPERTS_PER_DIRECTION = 8;

export interface SevenDirections {
  competitionId: number;
  /** in direction order (the broadcast order) */
  lotIds: number[];
}

export function seedSevenDirections(t: TestApp): SevenDirections {
  const deps = t.ctx;
  const c = createCompetition(deps, 'setup', {
    code: 'GR-2023',
    titleKk: 'Мемлекеттік гранттар 2023',
    titleRu: 'Государственные гранты 2023',
    year: 2023,
  });
  const lotIds: number[] = [];
  DIRECTIONS.forEach(([code, nameKk, nameRu, nameEn], d) => {
    createDirection(deps, 'setup', { code, nameKk, nameRu, nameEn });
    lotIds.push(
      createLot(deps, 'setup', {
        competitionId: c.id,
        directionCode: code,
        titleKk: `${nameKk}: жобалар`,
        titleRu: `${nameRu}: проекты`,
        applicants: [{ name: `ОФ «Бастама ${d + 1}»`, bin: testBin(`2204${d}00`) }],
      }).id
    );
    for (let i = 1; i <= EXPERTS_PER_DIRECTION; i++) {
      const n = d * EXPERTS_PER_DIRECTION + i;
      createExpert(
        deps,
        'setup',
        expert(n, {
          directions: [code],
          organizations: [
            {
              name: `ОО «Ұйым ${n}»`,
              bin: testBin(`3${String(n).padStart(3, '0')}0540`),
              role: 'member',
            },
          ],
        })
      );
    }
  });
  return { competitionId: c.id, lotIds };
}
