/** The log's witnesses as the operator sees them (server/log/log.routes.ts GET /api/log/witnesses). */
import { LogWitnessStatusResponse } from '../../../shared/api/log.js';
import { apiFetch } from '../../common/api.js';

export function logWitnesses(): Promise<LogWitnessStatusResponse> {
  return apiFetch('/api/log/witnesses', LogWitnessStatusResponse);
}
