/**
 * Facts read back from an exclusion's one-line English record (shared/eligibility.ts writes it; v1
 * exclusions carry the registry role and the cooldown dates only there), so the live page can show
 * them in the viewer's language instead of the English line. Display only; a record in another shape
 * yields nothing and the page shows the structured fields alone.
 */

const REGISTRY_ROLE = /^registry lists the expert as "(.+)" of applicant BIN \d{12}$/;
const COOLDOWN = /^last commission on (\S+), (-?\d+) days before \S+; cooldown (\d+) days$/;

/** The role as the registry writes it, from a registry conflict's record. */
export function registryRole(detail: string): string | undefined {
  return REGISTRY_ROLE.exec(detail)?.[1];
}

/** The last commission's date, the days since it and the cooldown, from a cooldown's record. */
export function cooldownFacts(
  detail: string
): { date: string; days: number; cooldown: number } | undefined {
  const c = COOLDOWN.exec(detail);
  return c ? { date: c[1]!, days: Number(c[2]), cooldown: Number(c[3]) } : undefined;
}
