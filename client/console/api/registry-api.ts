/**
 * The registry calls of the console (server/registry/experts.routes.ts), answers parsed with the shared
 * schemas. The CSV import reads its 400 answer itself: the report of a rejected file (row, column,
 * problem code) is the useful part, and apiFetch keeps only the error envelope.
 */
import { z } from 'zod';
import { Direction, Expert } from '../../../shared/schemas/registry.js';
import {
  HistoryEntry,
  ImportReport,
  type ExpertCreate,
  type ExpertListQuery,
  type ExpertPatch,
  type StatusChange,
} from '../../../shared/api/registry.js';
import { ApiError, ApiErrorBody, apiFetch } from '../../common/api.js';
import { csrfToken } from '../auth-api.js';

const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });

export const ExpertPage = pageOf(Expert);
export type ExpertPage = z.infer<typeof ExpertPage>;
export const HistoryPage = pageOf(HistoryEntry);
export type HistoryPage = z.infer<typeof HistoryPage>;

export type ExpertFilter = Partial<Omit<ExpertListQuery, 'page' | 'pageSize'>>;
export type StatusAction = 'suspend' | 'exclude' | 'reinstate';

function queryString(q: Record<string, string | number | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

const no = (registryNo: string) => encodeURIComponent(registryNo);

export function listExperts(filter: ExpertFilter, page: number, pageSize = 25) {
  return apiFetch(`/api/experts${queryString({ ...filter, page, pageSize })}`, ExpertPage);
}

export function getExpert(registryNo: string) {
  return apiFetch(`/api/experts/${no(registryNo)}`, Expert);
}

export function createExpert(body: ExpertCreate) {
  return apiFetch('/api/experts', Expert, { method: 'POST', body });
}

export function patchExpert(registryNo: string, body: ExpertPatch) {
  return apiFetch(`/api/experts/${no(registryNo)}`, Expert, { method: 'PATCH', body });
}

export function changeStatus(registryNo: string, action: StatusAction, body: StatusChange) {
  return apiFetch(`/api/experts/${no(registryNo)}/${action}`, Expert, { method: 'POST', body });
}

export function expertHistory(registryNo: string, page = 1) {
  return apiFetch(`/api/experts/${no(registryNo)}/history?page=${page}&pageSize=50`, HistoryPage);
}

/** The address of the CSV export with the list's filters (a download, not a fetch). */
/** An empty import file (every column the import reads), headers in the page's language. */
export function templateUrl(lang: string): string {
  return `/api/experts/import-template.csv${queryString({ lang })}`;
}

export function exportUrl(filter: ExpertFilter, lang: string): string {
  return `/api/experts/export.csv${queryString({ ...filter, lang })}`;
}

export function listDirections() {
  return apiFetch('/api/directions', z.array(Direction));
}

/** A rejected file answers 400 CSV_INVALID with the report beside the error envelope. */
const RejectedImport = ApiErrorBody.extend(ImportReport.shape);

/**
 * Sends a CSV file as it is (all or nothing; dryRun only checks): its bytes go unchanged, so the
 * server sees the BOM and the encoding. Returns the report whether the file was accepted or rejected;
 * throws ApiError for anything else.
 */
export async function importCsv(file: Blob | string, dryRun: boolean): Promise<ImportReport> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'content-type': 'text/csv',
  };
  const tokenValue = csrfToken();
  if (tokenValue) headers['x-csrf-token'] = tokenValue;
  let res: Response;
  try {
    res = await fetch(`/api/experts/import${dryRun ? '?dryRun=1' : ''}`, {
      method: 'POST',
      headers,
      credentials: 'same-origin',
      body: file,
    });
  } catch {
    throw new ApiError('NETWORK', 0, 'network error');
  }
  const body: unknown = await res.json().catch(() => null);
  if (res.ok) {
    const ok = ImportReport.safeParse(body);
    if (ok.success) return ok.data;
    throw new ApiError('BAD_RESPONSE', res.status, 'unexpected import report');
  }
  const rejected = RejectedImport.safeParse(body);
  if (rejected.success) {
    const { error: _error, ...report } = rejected.data;
    return report;
  }
  const env = ApiErrorBody.safeParse(body);
  if (env.success)
    throw new ApiError(
      env.data.error.code,
      res.status,
      env.data.error.message,
      env.data.error.issues
    );
  throw new ApiError('BAD_RESPONSE', res.status, res.statusText);
}
