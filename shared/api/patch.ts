/**
 * PATCH semantics of the console API: a field given with a value sets it, a field given as null
 * removes it (an optional field cleared), a field left out keeps its value.
 */
export function applyPatch<T extends object>(base: T, patch: object): T {
  const out = { ...base } as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else if (v !== undefined) out[k] = v;
  }
  return out as T;
}
