/**
 * The public category of a decline (docs/PROTOCOL.md §Declines in the open): a closed list, logged
 * in each draw.declined entry and shown live, in the bundle and in the protocol, so a seat never moves
 * to a reserve without a public reason. The operator's free text stays private (it is about a person).
 * Labels: shared/i18n `decline.category.<value>`.
 */
import { z } from 'zod';

export const DECLINE_CATEGORIES = [
  'declined',
  'unavailable',
  'conflict_of_interest',
  'no_longer_eligible',
  'other',
] as const;

export const DeclineCategory = z.enum(DECLINE_CATEGORIES);
export type DeclineCategory = z.infer<typeof DeclineCategory>;
