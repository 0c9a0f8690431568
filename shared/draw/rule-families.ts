/**
 * The draw's rule families as one table (docs/PROTOCOL.md §Rules). Selection, the completion search,
 * feasibility, replacement, the fairness simulation, the schemas, the live page, the console, the
 * catalogue and the PDF all read it, so a new cap is one entry here plus its words in shared/i18n.
 *
 * Two kinds of family. Quotas bound how many members count toward a (category, value): the quota
 * family below. Caps bound how many members may share any one key of a kind — an organization, a
 * region: each cap family names its spec field (the limit; absent = no limit), how to read an entry's
 * keys, the skip rule and step detail the walk records, the violation kind a replacement reports, the
 * feasibility problem and relaxation, and its label codes. The walk tests the quota maxes, then the
 * caps in table order, then the completion (§Selection); violations are listed in the same order.
 * The field, rule, detail, key and violation names are part of what is logged: never rename one.
 */
import type { ProtocolVersion } from '../protocol-versions.js';
import type { PoolEntry } from '../schemas/pool.js';

/** The quota family: one QUOTA_MAX skip, detail `quotas`; quota-max and quota-min violations. */
export const QUOTA_FAMILY = {
  field: 'quotas',
  since: 1,
  rule: 'QUOTA_MAX',
  detail: 'quotas',
  /**
   * Quota categories; `single`: an entry holds at most one value of it, so its quotas exclude each
   * other (the solver's group prunings use that).
   */
  categories: {
    proposedBy: { single: true },
    region: { single: true },
    gender: { single: true },
    language: { single: false },
    direction: { single: false },
  },
} as const;

export interface CapFamilySpec {
  /** the DrawSpec field holding the limit (1…15); absent = no limit */
  field: string;
  /** the protocol version that introduced it (docs/PROTOCOL.md §Versions) */
  since: ProtocolVersion;
  /** what a key is: the member naming it in a step's detail and in a violation */
  key: string;
  /** the entry's keys: distinct, in the entry's own (UTF-8) order, as the frozen pool holds them */
  keysOf: (e: PoolEntry) => readonly string[];
  /** the walk's skip rule when a key of the candidate is at the limit */
  rule: string;
  /** the step detail member listing those keys as {key, count, max} */
  detail: string;
  /** the violation kind (replacement) and feasibility problem kind */
  violation: string;
  /** the feasibility relaxation that raises the limit */
  relax: string;
  /** the limit in plain English words, for the feasibility report's messages */
  noun: string;
  /**
   * codes of shared/i18n (the protocol does not import the catalogue: the pages and the PDF, which
   * look these up, are type-checked against it)
   */
  labels: {
    /** the limit on the live page's rules (a fact) */
    rules: string;
    /** the console's field, the print view and the PDF line */
    field: string;
    hint: string;
    /** one key of a step's detail at the limit: {key name}, {count}, {max} */
    full: string;
  };
}

/** The cap families, in the order the walk tests them. */
export const CAP_FAMILIES = [
  {
    field: 'perOrganizationMax',
    since: 1,
    key: 'organization',
    keysOf: (e) => e.organizations,
    rule: 'ORG_LIMIT',
    detail: 'organizations',
    violation: 'org-limit',
    relax: 'raise-org-limit',
    noun: 'organization limit',
    labels: {
      rules: 'rules.perOrganizationMax',
      field: 'console.draft.perOrganizationMax',
      hint: 'console.draft.perOrgHint',
      full: 'step.detail.orgFull',
    },
  },
  {
    // an entry has exactly one region
    field: 'perRegionMax',
    since: 2,
    key: 'region',
    keysOf: (e) => [e.region],
    rule: 'REGION_LIMIT',
    detail: 'regions',
    violation: 'region-limit',
    relax: 'raise-region-limit',
    noun: 'region limit',
    labels: {
      rules: 'rules.perRegionMax',
      field: 'console.draft.perRegionMax',
      hint: 'console.draft.perRegionHint',
      full: 'step.detail.regionFull',
    },
  },
] as const satisfies readonly CapFamilySpec[];

export type CapFamily = (typeof CAP_FAMILIES)[number];
export type CapField = CapFamily['field'];
export type CapKey = CapFamily['key'];
export type CapRule = CapFamily['rule'];
export type CapDetail = CapFamily['detail'];
export type CapViolation = CapFamily['violation'];
export type CapRelax = CapFamily['relax'];

export const CAP_RULES = CAP_FAMILIES.map((f) => f.rule);
export const CAP_VIOLATIONS = CAP_FAMILIES.map((f) => f.violation);
export const CAP_RELAXATIONS = CAP_FAMILIES.map((f) => f.relax);

/** One value per cap family, keyed by one of its names: `perCap('field', (f) => …)`. */
export function perCap<K extends 'field' | 'key' | 'detail', T>(
  by: K,
  make: (f: CapFamily) => T
): { [N in CapFamily[K]]: T } {
  return Object.fromEntries(CAP_FAMILIES.map((f) => [f[by], make(f)])) as {
    [N in CapFamily[K]]: T;
  };
}

/** The cap families a spec of this protocol version may use, in table order. */
export function capFamiliesOf(version: number): CapFamily[] {
  return CAP_FAMILIES.filter((f) => f.since <= version);
}
