/**
 * Ceremonies as the console calls them (docs/LIFECYCLE.md §Ceremonies): creating one from a
 * competition's lots. Everything after creation goes through the draw's own calls (draws-api.ts),
 * since a ceremony is one draw.
 */
import { z } from 'zod';
import { apiFetch } from '../../common/api.js';
import type { CeremonyRequest } from '../ceremony-draft.js';

const Created = z.object({ id: z.string() });

export const createCeremony = (body: CeremonyRequest) =>
  apiFetch('/api/draws', Created, { method: 'POST', body });
