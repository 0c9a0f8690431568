/**
 * The demo registry seeded at the first start on an empty data folder (unless DEMO=0): 320 fictional
 * experts over 7 directions and all 20 regions, ~30% proposed by the operator and ~70% by NGOs, two
 * competitions with a lot per direction and their applicants, and conflict-of-interest declarations
 * (some experts are tied to applicants through their registry organizations or a declaration).
 * Deterministic: a fixed PRNG seed gives the same data everywhere. Goes through the services, so every
 * record has its history entry (actor "demo").
 */
import { countExperts } from '../../db/repos/experts.repo.js';
import { listCompetitions, listDirections } from '../../db/repos/lots.repo.js';
import { civilFromDays, daysFromCivil } from '../../shared/civil-date.js';
import { checkDigit } from '../../shared/bin.js';
import { REGIONS } from '../../shared/regions.js';
import type { Direction } from '../../shared/schemas/registry.js';
import type { ExpertCreate } from '../../shared/api/registry.js';
import { createDeclaration } from '../lots/conflicts.js';
import { changeExpertStatus, createExpert } from '../registry/experts.js';
import { createCompetition, createDirection, createLot } from '../lots/lots.js';
import type { RegistryDeps } from '../registry/registry-write.js';
import { demoName } from './names.js';
import { DEMO_ROLES, demoOrganizations, type DemoOrg } from './organizations.js';
import { createPrng, type Prng } from './prng.js';

const DEMO_ACTOR = 'demo';
// Exported for the test that checks the seeded registry's size.
export const DEMO_EXPERTS = 320;

const DEMO_DIRECTIONS: Direction[] = [
  {
    code: 'youth',
    nameKk: 'Жастар саясаты',
    nameRu: 'Молодёжная политика',
    nameEn: 'Youth policy',
  },
  {
    code: 'ecology',
    nameKk: 'Экология және қоршаған ортаны қорғау',
    nameRu: 'Экология и охрана окружающей среды',
    nameEn: 'Ecology and environmental protection',
  },
  {
    code: 'social-support',
    nameKk: 'Әлеуметтік қолдау',
    nameRu: 'Социальная поддержка',
    nameEn: 'Social support',
  },
  {
    code: 'education',
    nameKk: 'Білім беру және ғылым',
    nameRu: 'Образование и наука',
    nameEn: 'Education and science',
  },
  {
    code: 'culture',
    nameKk: 'Мәдениет және өнер',
    nameRu: 'Культура и искусство',
    nameEn: 'Culture and arts',
  },
  {
    code: 'healthy-lifestyle',
    nameKk: 'Салауатты өмір салты',
    nameRu: 'Здоровый образ жизни',
    nameEn: 'Healthy lifestyle',
  },
  {
    code: 'civil-society',
    nameKk: 'Азаматтық қоғамды дамыту',
    nameRu: 'Развитие гражданского общества',
    nameEn: 'Civil society development',
  },
];

function randomDate(rng: Prng, from: string, to: string): string {
  const a = daysFromCivil(from);
  return civilFromDays(a + rng.int(daysFromCivil(to) - a));
}

function demoIin(rng: Prng, female: boolean): string {
  for (;;) {
    const y = 60 + rng.int(40);
    const first11 = `${y}${String(1 + rng.int(12)).padStart(2, '0')}${String(1 + rng.int(28)).padStart(2, '0')}${female ? 4 : 3}${String(rng.int(10000)).padStart(4, '0')}`;
    const c = checkDigit(first11);
    if (c !== null) return first11 + String(c);
  }
}

function demoExpert(rng: Prng, i: number, orgs: DemoOrg[]): ExpertCreate {
  const name = demoName(rng);
  const dirs = new Set([DEMO_DIRECTIONS[i % DEMO_DIRECTIONS.length]!.code]);
  if (rng.chance(35)) dirs.add(rng.pick(DEMO_DIRECTIONS).code);
  const languages = rng.chance(92) ? ['kk', 'ru'] : [rng.pick(['kk', 'ru'])];
  if (rng.chance(25)) languages.push('en');
  const organizations = Array.from({ length: 1 + rng.int(2) }, () => {
    const o = rng.pick(orgs);
    return { name: o.name, bin: o.bin, role: rng.pick(DEMO_ROLES) };
  }).filter((o, k, all) => all.findIndex((x) => x.bin === o.bin) === k);
  return {
    registryNo: `R-${String(i + 1).padStart(4, '0')}`,
    ...name,
    directions: [...dirs],
    // the first 20 cover every region; the rest spread at random
    region: (i < REGIONS.length ? REGIONS[i]! : rng.pick(REGIONS)).code,
    organizations,
    languages,
    proposedBy: rng.chance(30) ? 'operator' : 'ngo',
    includedOn: randomDate(rng, '2017-03-01', '2025-12-01'),
    ...(rng.chance(30) ? { lastCommissionOn: randomDate(rng, '2024-01-10', '2026-02-20') } : {}),
    ...(rng.chance(60) ? { iin: demoIin(rng, name.gender === 'female') } : {}),
    ...(rng.chance(70)
      ? {
          phone: `+7 7${String(rng.int(100)).padStart(2, '0')} ${String(rng.int(1000)).padStart(3, '0')} ${String(rng.int(100)).padStart(2, '0')} ${String(rng.int(100)).padStart(2, '0')}`,
        }
      : {}),
    ...(rng.chance(60) ? { email: `expert${i + 1}@example.org` } : {}),
  };
}

export interface DemoSummary {
  experts: number;
  directions: number;
  competitions: number;
  lots: number;
  declarations: number;
}

/** Seeds the demo in one transaction. */
function seedDemo(deps: RegistryDeps): DemoSummary {
  const rng = createPrng(20260301);
  const orgs = demoOrganizations(rng);
  return deps.db.transaction(() => {
    for (const d of DEMO_DIRECTIONS) createDirection(deps, DEMO_ACTOR, d);
    const experts = Array.from({ length: DEMO_EXPERTS }, (_, i) => demoExpert(rng, i, orgs));
    for (const e of experts) createExpert(deps, DEMO_ACTOR, e);
    for (const e of experts) {
      const date = randomDate(rng, '2025-01-01', '2026-02-01');
      if (rng.chance(5))
        changeExpertStatus(deps, DEMO_ACTOR, e.registryNo, 'suspend', {
          reason: 'Приостановлено по личному заявлению эксперта',
          date,
        });
      else if (rng.chance(2))
        changeExpertStatus(deps, DEMO_ACTOR, e.registryNo, 'exclude', {
          reason: 'Исключён решением оператора',
          date,
        });
    }
    let lots = 0;
    const applicantBins: string[] = [];
    for (const year of [2025, 2026]) {
      const c = createCompetition(deps, DEMO_ACTOR, {
        code: `GG-${year}`,
        titleKk: `${year} жылғы мемлекеттік гранттар конкурсы`,
        titleRu: `Конкурс государственных грантов ${year} года`,
        year,
      });
      for (const d of DEMO_DIRECTIONS) {
        const pool = [...orgs];
        const applicants = Array.from(
          { length: 3 + rng.int(4) },
          () => pool.splice(rng.int(pool.length), 1)[0]!
        );
        applicantBins.push(...applicants.map((a) => a.bin));
        createLot(deps, DEMO_ACTOR, {
          competitionId: c.id,
          directionCode: d.code,
          titleKk: `${d.nameKk}: ${year} жылғы лот`,
          titleRu: `${d.nameRu}: лот ${year} года`,
          applicants,
        });
        lots++;
      }
    }
    let declarations = 0;
    const kinds = [
      'member',
      'founder',
      'governing_body',
      'head',
      'funded_12m',
      'relative_of_employee',
      'other',
    ];
    for (let k = 0; k < 48; k++) {
      const e = rng.pick(experts);
      const kind = rng.pick(kinds);
      const validFrom = randomDate(rng, '2019-01-01', '2025-06-01');
      const ended = rng.chance(30) ? { validTo: randomDate(rng, validFrom, '2026-02-01') } : {};
      createDeclaration(deps, DEMO_ACTOR, {
        registryNo: e.registryNo,
        bin: rng.chance(70) ? rng.pick(applicantBins) : rng.pick(orgs).bin,
        kind,
        validFrom,
        ...ended,
        source: rng.chance(60) ? 'self' : 'operator',
        ...(kind === 'other' ? { note: 'Совместный проект в прошлом году' } : {}),
      });
      declarations++;
    }
    return {
      experts: experts.length,
      directions: DEMO_DIRECTIONS.length,
      competitions: 2,
      lots,
      declarations,
    };
  })();
}

/** Seeds only when the registry is empty (no experts, directions or competitions). */
export function seedDemoIfEmpty(deps: RegistryDeps): DemoSummary | null {
  if (
    countExperts(deps.db) > 0 ||
    listDirections(deps.db).length > 0 ||
    listCompetitions(deps.db).length > 0
  )
    return null;
  return seedDemo(deps);
}
