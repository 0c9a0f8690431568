/**
 * fetch() for the project's JSON API with typed, validated answers: every response body is parsed with
 * a zod schema (types are erased at runtime, and a page must not render a shape it did not check).
 * Failures become ApiError with a stable code: the server's `{ error: { code, message, issues? } }`
 * code, or NETWORK / BAD_RESPONSE made here. The UI shows errorText(code), never the raw message.
 */
import { z } from 'zod';
import { ISSUE_CODES, type CodedIssue } from '../../shared/api/issue-codes.js';
import { fetchJson, type JsonAnswer } from './fetch-json.js';

const IssueCodes = z.array(
  z.object({
    path: z.string(),
    code: z.enum(ISSUE_CODES),
    params: z.record(z.string(), z.union([z.string(), z.number()])),
  })
);

/** The server's error envelope (server/http/error-handler.ts ErrorBody). */
export const ApiErrorBody = z.object({
  error: z.object({
    code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    // an unknown code from a newer server: the issues' own messages are shown instead
    issueCodes: IssueCodes.optional().catch(undefined),
  }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;
/** An issue, with its catalogue code when the server sent one (shared/i18n/issue-text.ts). */
export type ApiIssue = NonNullable<ApiErrorBody['error']['issues']>[number] & {
  coded?: CodedIssue;
};

export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly issues: ApiIssue[] = []
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** sent as JSON */
  body?: unknown;
  signal?: AbortSignal;
}

let csrfToken: string | null = null;

/** The CSRF token the session gave; sent as X-CSRF-Token on every write. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Calls the API and returns the body parsed by `schema`; throws ApiError on any failure. */
export async function apiFetch<T>(
  path: string,
  schema: z.ZodType<T>,
  req: ApiRequest = {}
): Promise<T> {
  return parseAnswer(path, await fetchJson(path, { ...req, csrf: csrfToken }), schema);
}

/**
 * An answer already fetched (fetch-json.ts; e.g. the live page's early request for a draw's detail)
 * parsed by `schema`, exactly as apiFetch would; throws ApiError on any failure.
 */
export function parseAnswer<T>(path: string, answer: JsonAnswer, schema: z.ZodType<T>): T {
  if (answer.kind === 'network') throw new ApiError('NETWORK', 0, 'network error');
  const { body } = answer;
  if (!answer.ok) {
    const env = ApiErrorBody.safeParse(body);
    if (env.success) {
      const { code, message, issues, issueCodes = [] } = env.data.error;
      const coded = (i: ApiIssue): ApiIssue => {
        const c = issueCodes.find((x) => x.path === i.path);
        return c ? { ...i, coded: c } : i;
      };
      throw new ApiError(code, answer.status, message, issues?.map(coded));
    }
    throw new ApiError(
      answer.status === 404 ? 'NOT_FOUND' : 'BAD_RESPONSE',
      answer.status,
      answer.statusText
    );
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      path: i.path.map(String).join('.'),
      message: i.message,
    }));
    throw new ApiError('BAD_RESPONSE', answer.status, `unexpected answer from ${path}`, issues);
  }
  return parsed.data;
}
