/**
 * Who may sit on a lot's commission: every expert is checked against every rule and each reason is
 * listed (an expert may have several). Pure and deterministic — results are sorted by registry number
 * with compareUtf8 and use integer date arithmetic — because the draw builds its pool from this.
 *
 * Rules (in report order):
 * - STATUS_SUSPENDED / STATUS_EXCLUDED: the expert's current status is not active.
 * - CONFLICT_OF_INTEREST, source 'registry': one of the expert's registry organizations has the BIN of
 *   an applicant. The registry lists current ties, so no period applies. The kind is the conflict kind
 *   whose code or label (any language, case-insensitive) equals the role; otherwise 'other'.
 * - CONFLICT_OF_INTEREST, source 'self'/'operator': a declaration of this expert names an applicant's
 *   BIN and is in force: validFrom ≤ asOf and (no validTo, or validTo ≥ asOf − lookbackMonths of its
 *   kind). A kind missing from the list counts with lookback 0 (fail safe: an unknown kind still
 *   excludes).
 * - COOLDOWN: cooldownDays > 0 and asOf − lastCommissionOn < cooldownDays days (a commission dated
 *   after asOf also counts).
 */
import { compareUtf8 } from './bytes.js';
import { addMonths, daysBetween, isValidCivilDate } from './civil-date.js';
import { InputError } from './errors.js';
import {
  EXCLUSION_RULES,
  type ConflictKind,
  type Declaration,
  type Exclusion,
} from './schemas/conflicts.js';
import type { Expert } from './schemas/registry.js';

/** The part of an expert the rules read; full Expert and PublicExpert both fit. */
export type EligibilityExpert = Pick<Expert, 'registryNo' | 'status' | 'organizations'> & {
  lastCommissionOn?: string | undefined;
};

export interface EligibilityInput<E extends EligibilityExpert> {
  experts: readonly E[];
  applicantBins: readonly string[];
  declarations: readonly Declaration[];
  conflictKinds: readonly ConflictKind[];
  asOf: string;
  cooldownDays?: number;
}

export interface EligibilityResult<E extends EligibilityExpert> {
  eligible: E[];
  exclusions: Exclusion[];
}

function normalizeRole(s: string): string {
  return s.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** The conflict kind a registry role names, or 'other'. */
// Exported for its test: role names in three languages, checked directly.
export function kindForRole(role: string, kinds: readonly ConflictKind[]): string {
  const r = normalizeRole(role);
  for (const k of kinds) {
    const names = [k.code, k.code.replace(/_/g, ' '), k.labelKk, k.labelRu, k.labelEn];
    if (names.some((n) => normalizeRole(n) === r)) return k.code;
  }
  return 'other';
}

function periodText(d: Declaration): string {
  return `${d.validFrom}…${d.validTo ?? 'open'}`;
}

/** Whether a declaration is in force for a check on asOf under its kind's lookback. */
// Exported for its test: the lookback's boundary days, checked directly.
export function declarationInForce(
  d: Pick<Declaration, 'validFrom' | 'validTo'>,
  lookbackMonths: number,
  asOf: string
): boolean {
  if (d.validFrom > asOf) return false;
  if (d.validTo === undefined) return true;
  const windowStart = lookbackMonths > 0 ? addMonths(asOf, -lookbackMonths) : asOf;
  return d.validTo >= windowStart;
}

function ruleRank(e: Exclusion): number {
  return EXCLUSION_RULES.indexOf(e.rule);
}

function compareExclusions(a: Exclusion, b: Exclusion): number {
  return (
    compareUtf8(a.registryNo, b.registryNo) ||
    ruleRank(a) - ruleRank(b) ||
    // registry ties first, then declarations by id
    (a.declarationId ?? 0) - (b.declarationId ?? 0) ||
    compareUtf8(a.bin ?? '', b.bin ?? '') ||
    compareUtf8(a.kind ?? '', b.kind ?? '')
  );
}

function checkInput<E extends EligibilityExpert>(input: EligibilityInput<E>): number {
  if (!isValidCivilDate(input.asOf))
    throw new InputError('DATE_INVALID', `asOf is not a date YYYY-MM-DD: ${input.asOf}`);
  const cooldown = input.cooldownDays ?? 0;
  if (!Number.isSafeInteger(cooldown) || cooldown < 0)
    throw new InputError('COOLDOWN_INVALID', 'cooldownDays must be a non-negative integer');
  const seen = new Set<string>();
  for (const e of input.experts) {
    if (seen.has(e.registryNo))
      throw new InputError('DUPLICATE_REGISTRY_NO', `expert ${e.registryNo} is listed twice`);
    seen.add(e.registryNo);
  }
  return cooldown;
}

function statusExclusions(e: EligibilityExpert): Exclusion[] {
  if (e.status === 'suspended')
    return [{ registryNo: e.registryNo, rule: 'STATUS_SUSPENDED', detail: 'status is suspended' }];
  if (e.status === 'excluded')
    return [{ registryNo: e.registryNo, rule: 'STATUS_EXCLUDED', detail: 'status is excluded' }];
  return [];
}

function registryConflicts(
  e: EligibilityExpert,
  bins: ReadonlySet<string>,
  kinds: readonly ConflictKind[]
): Exclusion[] {
  const out: Exclusion[] = [];
  for (const org of e.organizations) {
    if (org.bin === undefined || !bins.has(org.bin)) continue;
    out.push({
      registryNo: e.registryNo,
      rule: 'CONFLICT_OF_INTEREST',
      source: 'registry',
      bin: org.bin,
      kind: kindForRole(org.role, kinds),
      detail: `registry lists the expert as "${org.role}" of applicant BIN ${org.bin}`,
    });
  }
  return out;
}

function declaredConflicts(
  decls: readonly Declaration[],
  bins: ReadonlySet<string>,
  lookback: ReadonlyMap<string, number>,
  asOf: string
): Exclusion[] {
  const out: Exclusion[] = [];
  for (const d of decls) {
    if (!bins.has(d.bin)) continue;
    if (!declarationInForce(d, lookback.get(d.kind) ?? 0, asOf)) continue;
    out.push({
      registryNo: d.registryNo,
      rule: 'CONFLICT_OF_INTEREST',
      source: d.source,
      declarationId: d.id,
      bin: d.bin,
      kind: d.kind,
      detail: `declaration #${d.id} (${d.source}): ${d.kind} of applicant BIN ${d.bin}, ${periodText(d)}`,
    });
  }
  return out;
}

function cooldownExclusions(e: EligibilityExpert, cooldownDays: number, asOf: string): Exclusion[] {
  if (cooldownDays === 0 || e.lastCommissionOn === undefined) return [];
  const since = daysBetween(e.lastCommissionOn, asOf);
  if (since >= cooldownDays) return [];
  return [
    {
      registryNo: e.registryNo,
      rule: 'COOLDOWN',
      detail: `last commission on ${e.lastCommissionOn}, ${since} days before ${asOf}; cooldown ${cooldownDays} days`,
    },
  ];
}

export function computeEligibility<E extends EligibilityExpert>(
  input: EligibilityInput<E>
): EligibilityResult<E> {
  const cooldownDays = checkInput(input);
  const bins = new Set(input.applicantBins);
  const lookback = new Map(input.conflictKinds.map((k) => [k.code, k.lookbackMonths]));
  const declsByExpert = new Map<string, Declaration[]>();
  for (const d of input.declarations) {
    const list = declsByExpert.get(d.registryNo) ?? [];
    list.push(d);
    declsByExpert.set(d.registryNo, list);
  }
  const eligible: E[] = [];
  const exclusions: Exclusion[] = [];
  for (const e of input.experts) {
    const mine = [
      ...statusExclusions(e),
      ...registryConflicts(e, bins, input.conflictKinds),
      ...declaredConflicts(declsByExpert.get(e.registryNo) ?? [], bins, lookback, input.asOf),
      ...cooldownExclusions(e, cooldownDays, input.asOf),
    ];
    if (mine.length === 0) eligible.push(e);
    else exclusions.push(...mine);
  }
  eligible.sort((a, b) => compareUtf8(a.registryNo, b.registryNo));
  exclusions.sort(compareExclusions);
  return { eligible, exclusions };
}
