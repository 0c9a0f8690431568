/**
 * An exclusion's detail as the PDF protocol and the console print it. In Kazakh and Russian it is told from the
 * exclusion's structured facts and the catalogue — the registry role as written, the applicant's name
 * beside its BIN, where the link comes from, a cooldown's dates — never the verifier's one-line English
 * record, which English readers get as published. The two record shapes read here are the ones
 * shared/eligibility.ts writes (the live page reads them the same way: client/live/exclusion-record.ts).
 */
import type { MessageCode, Params } from './catalog.js';
import type { Lang } from './langs.js';
import type { Exclusion } from '../schemas/conflicts.js';

type Words = (code: MessageCode, params?: Params) => string;

const REGISTRY_ROLE = /^registry lists the expert as "(.+)" of applicant BIN \d{12}$/;
const COOLDOWN = /^last commission on (\S+), (-?\d+) days before \S+; cooldown (\d+) days$/;

export function exclusionDetail(
  lang: Lang,
  w: Words,
  x: Exclusion,
  applicants: readonly { name: string; bin: string }[]
): string {
  if (lang === 'en') return x.detail;
  if (x.rule === 'COOLDOWN') {
    const c = COOLDOWN.exec(x.detail);
    return c
      ? w('exclusion.cooldownFacts', { date: c[1]!, days: Number(c[2]), cooldown: Number(c[3]) })
      : '';
  }
  const out: string[] = [];
  const role = x.source === 'registry' ? REGISTRY_ROLE.exec(x.detail)?.[1] : undefined;
  if (role) out.push(w('exclusion.role', { role }));
  if (x.bin) {
    const name = applicants.find((a) => a.bin === x.bin)?.name;
    out.push(
      name
        ? w('exclusion.applicantNamed', { name, bin: x.bin })
        : w('exclusion.applicant', { bin: x.bin })
    );
  }
  if (x.source) out.push(w(`exclusion.source.${x.source}` as MessageCode));
  if (x.declarationId !== undefined) out.push(w('exclusion.declaration', { id: x.declarationId }));
  return out.join('; ');
}
