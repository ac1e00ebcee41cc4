// RFC 9457 problems (API.md "Problems") as typed errors: the front end keys on
// the problem's NAME (the last segment of `type`), never on title or detail;
// a NAME this build does not know is kept as "other" (API.md "Compatibility").

export const PROBLEM_NAMES = [
  'malformed-json',
  'invalid-request',
  'unauthenticated',
  'session-expired',
  'totp-required',
  'cross-origin',
  'csrf',
  'forbidden',
  'password-change-required',
  'totp-enrolment-required',
  'wrong-password',
  'not-found',
  'method-not-allowed',
  'conflict',
  'already-decided',
  'already-withdrawn',
  'import-in-progress',
  'idempotency-in-flight',
  'precondition-failed',
  'too-large',
  'unsupported-media-type',
  'rule-violation',
  'deadline-passed',
  'rejected-rows',
  'idempotency-key-reused',
  'too-many-attempts',
  'internal',
  'unavailable',
] as const;

export type ProblemName = (typeof PROBLEM_NAMES)[number] | 'other';

/** One item of a problem's `errors` (a body member, a parameter or a CSV cell). */
export interface ProblemItem {
  detail: string;
  pointer?: string;
  parameter?: string;
  file?: string;
  line?: number;
  column?: string;
}

const PROBLEM_PREFIX = '/api/v1/problems/';
const knownNames: ReadonlySet<string> = new Set(PROBLEM_NAMES);

export function problemNameOf(type: unknown): ProblemName {
  if (typeof type !== 'string' || !type.startsWith(PROBLEM_PREFIX)) return 'other';
  const name = type.slice(PROBLEM_PREFIX.length);
  return knownNames.has(name) ? (name as ProblemName) : 'other';
}

/** A refused request: the HTTP status and the problem the server sent. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly problem: ProblemName,
    readonly title: string,
    readonly detail: string,
    readonly instance: string | null,
    readonly errors: readonly ProblemItem[],
    readonly retryAfterSeconds: number | null,
  ) {
    super(detail || title || `HTTP ${status}`);
  }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function itemsOf(value: unknown): ProblemItem[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((raw: unknown): ProblemItem[] => {
    if (typeof raw !== 'object' || raw === null) return [];
    const item = raw as Record<string, unknown>;
    const result: ProblemItem = { detail: text(item['detail']) };
    if (typeof item['pointer'] === 'string') result.pointer = item['pointer'];
    if (typeof item['parameter'] === 'string') result.parameter = item['parameter'];
    if (typeof item['file'] === 'string') result.file = item['file'];
    if (typeof item['line'] === 'number') result.line = item['line'];
    if (typeof item['column'] === 'string') result.column = item['column'];
    return [result];
  });
}

/**
 * The error for an answer of status >= 400, from its body when it is a
 * problem, else from the status alone (a proxy's HTML error page, say).
 */
export function apiErrorOf(status: number, body: unknown, retryAfter: string | null): ApiError {
  const problem = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const seconds = retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : null;
  return new ApiError(
    status,
    problemNameOf(problem['type']),
    text(problem['title']),
    text(problem['detail']),
    typeof problem['instance'] === 'string' ? problem['instance'] : null,
    itemsOf(problem['errors']),
    seconds,
  );
}

/** A network failure (no answer at all), told apart from a refusal. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
}

/** What to tell the user about an error, in plain words. */
export function messageOf(error: unknown): string {
  if (error instanceof NetworkError) return 'The server cannot be reached. Check the connection and try again.';
  if (!(error instanceof ApiError)) return 'Something went wrong in this page. Reload it to try again.';
  switch (error.problem) {
    case 'not-found':
      return 'Not found: it does not exist, or it is not yours to see.';
    case 'forbidden':
      return 'Your role may not see this.';
    case 'unavailable':
      return 'The server is busy or its database does not answer. Try again in a moment.';
    case 'too-many-attempts':
      return error.retryAfterSeconds !== null
        ? `Too many attempts. Try again in ${Math.ceil(error.retryAfterSeconds / 60)} min.`
        : 'Too many attempts. Try again later.';
    default:
      return error.detail || error.title || `The server refused the request (HTTP ${error.status}).`;
  }
}
