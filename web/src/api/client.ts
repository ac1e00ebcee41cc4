// The typed client of /api/v1 (API.md): same-origin fetch with the session
// cookie, the session's CSRF token on every state-changing request, a fresh
// Idempotency-Key per POST, problems turned into ApiError, and a 401 on any
// route but the login handed to `onUnauthenticated` (the app sends the user
// to the login page and back). One instance per page load; not shared
// between tabs (each reads the session anew).
import { ApiError, NetworkError, apiErrorOf } from './problem';
import type {
  EscalationCase,
  EscalationDecisionRequest,
  EscalationDetail,
  ListPage,
  RecordedHolds,
  Session,
  SourcingPage,
  SourcingRisks,
} from './types';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export type Query = Record<string, string | number | null | undefined>;

/** An answer with its ETag (null when the server sent none). */
export interface Tagged<T> {
  value: T;
  etag: string | null;
}

export interface ClientOptions {
  fetch?: FetchLike;
  /** Called once per 401 outside the login; the request still rejects. */
  onUnauthenticated?: (error: ApiError) => void;
  /** A fresh Idempotency-Key (tests pass a fixed one). */
  newIdempotencyKey?: () => string;
}

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);
const SESSION_PATH = '/api/v1/session';
const ESCALATIONS_API = '/api/v1/escalations';

/** `path` with the query's non-empty members, in the order given. */
export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === null || value === undefined || value === '') continue;
    params.set(name, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** Where a supplier's scorecard letter of a run is (a PDF the browser downloads with the session cookie; docs/letters.md). */
export function letterUrl(supplierId: string, run: number, language: 'de' | 'en' = 'en'): string {
  return withQuery(`/api/v1/suppliers/${encodeURIComponent(supplierId)}/letter.pdf`, { run, language });
}

/** The workbook download of a GET route that offers one (`?format=xlsx`, docs/excel.md). */
export function workbookUrl(path: string, query: Query = {}): string {
  return withQuery(path, { ...query, format: 'xlsx' });
}

export class ApiClient {
  private csrfToken: string | null = null;
  private readonly fetchImpl: FetchLike;
  private readonly onUnauthenticated: (error: ApiError) => void;
  private readonly newIdempotencyKey: () => string;

  constructor(options: ClientOptions = {}) {
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.onUnauthenticated = options.onUnauthenticated ?? (() => undefined);
    this.newIdempotencyKey = options.newIdempotencyKey ?? (() => crypto.randomUUID());
  }

  /** The token of the session the answers of login and GET session carry. */
  setCsrfToken(token: string | null): void {
    this.csrfToken = token;
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', withQuery(path, query));
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  /** A multipart/form-data POST (an import's files); the browser sets the boundary. */
  postForm<T>(path: string, form: FormData): Promise<T> {
    return this.request<T>('POST', path, form);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  /** A file as the whole body (a sorting report), sent with its own media type. */
  putFile(path: string, file: Blob): Promise<void> {
    return this.request<void>('PUT', path, file, true, { 'Content-Type': file.type || 'application/octet-stream' });
  }

  /** A JSON POST with If-Match (a decision on what the caller saw; 412 when it changed meanwhile). */
  postIfMatch<T>(path: string, body: unknown, ifMatch: string | null): Promise<T> {
    return this.request<T>('POST', path, body, true, ifMatch === null ? {} : { 'If-Match': ifMatch });
  }

  delete(path: string): Promise<void> {
    return this.request<void>('DELETE', path);
  }

  /** A GET with the answer's ETag, for a later `patch` with If-Match. */
  async getTagged<T>(path: string): Promise<Tagged<T>> {
    let etag: string | null = null;
    const value = await this.request<T>('GET', path, undefined, true, {}, (headers) => {
      etag = headers.get('ETag');
    });
    return { value, etag };
  }

  /**
   * A JSON Merge Patch (RFC 7396) sent with If-Match when a tag is given;
   * a change made meanwhile answers 412 `precondition-failed`.
   */
  async patch<T>(path: string, body: unknown, ifMatch: string | null): Promise<Tagged<T>> {
    let etag: string | null = null;
    const headers: Record<string, string> = { 'Content-Type': 'application/merge-patch+json' };
    if (ifMatch !== null) headers['If-Match'] = ifMatch;
    const value = await this.request<T>('PATCH', path, body, true, headers, (answer) => {
      etag = answer.get('ETag');
    });
    return { value, etag };
  }

  /** Logs in; the answer's CSRF token is used from then on. */
  async login(username: string, password: string, totp?: string): Promise<Session> {
    const body: Record<string, string> = { username, password };
    if (totp !== undefined && totp !== '') body['totp'] = totp;
    const session = await this.request<Session>('POST', SESSION_PATH, body);
    this.setCsrfToken(session.csrf_token);
    return session;
  }

  /** The current session (after a reload), or null when there is none. */
  async currentSession(): Promise<Session | null> {
    try {
      const session = await this.request<Session>('GET', SESSION_PATH, undefined, false);
      this.setCsrfToken(session.csrf_token);
      return session;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  }

  async logout(): Promise<void> {
    await this.request<void>('DELETE', SESSION_PATH, undefined, false);
    this.setCsrfToken(null);
  }

  // The escalation cases and sourcing concentration of issue 23 (docs/escalations-api.md).

  /** The cases board: `as_of`, `supplier_id`, `level` (`E2,E3`), `status`, `limit` (the default order is the board's). */
  escalations(query: Query): Promise<ListPage<EscalationCase>> {
    return this.get<ListPage<EscalationCase>>(ESCALATIONS_API, query);
  }

  /** One contract's case with every case's timeline, holds, decisions and triggers up to `asOf`. */
  escalation(contractId: string, asOf: string | null = null): Promise<EscalationDetail> {
    return this.get<EscalationDetail>(`${ESCALATIONS_API}/${encodeURIComponent(contractId)}`, { as_of: asOf });
  }

  /** Records a decision on a contract's case: the case as it stands afterwards (422 when it does not fit). */
  decideEscalation(contractId: string, decision: EscalationDecisionRequest): Promise<EscalationDetail> {
    return this.post<EscalationDetail>(`${ESCALATIONS_API}/${encodeURIComponent(contractId)}/decisions`, decision);
  }

  /** Records the holds the ladders reached up to `asOf`: the holds this call wrote. */
  recordEscalationHolds(asOf: string): Promise<RecordedHolds> {
    return this.post<RecordedHolds>(`${ESCALATIONS_API}/holds`, { as_of: asOf });
  }

  /** The concentration rows of a period: `period`, `scope`, `q`, `finding`, `limit`, `offset`. */
  sourcing(query: Query): Promise<SourcingPage> {
    return this.get<SourcingPage>('/api/v1/sourcing', query);
  }

  /** The single-sourced materials of a period, most urgent first. */
  sourcingRisks(period: string | null): Promise<SourcingRisks> {
    return this.get<SourcingRisks>('/api/v1/sourcing/risks', { period });
  }

  private async request<T>(
    method: string,
    path: string,
    body?: unknown,
    reportUnauthenticated = true,
    extraHeaders: Record<string, string> = {},
    onHeaders: (headers: Headers) => void = () => undefined,
  ): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    // A form or a file goes as it is (the browser or the caller sets its type); anything else as JSON.
    const isForm = typeof FormData !== 'undefined' && body instanceof FormData;
    const isFile = typeof Blob !== 'undefined' && body instanceof Blob;
    const isRaw = isForm || isFile;
    if (body !== undefined && !isRaw) headers['Content-Type'] = 'application/json';
    Object.assign(headers, extraHeaders);
    if (!SAFE_METHODS.has(method) && this.csrfToken !== null) headers['X-CSRF-Token'] = this.csrfToken;
    const isLogin = method === 'POST' && path === SESSION_PATH;
    if (method === 'POST' && !isLogin) headers['Idempotency-Key'] = this.newIdempotencyKey();
    const init: RequestInit = { method, headers, credentials: 'same-origin', cache: 'no-cache' };
    if (body !== undefined) init.body = isRaw ? (body as BodyInit) : JSON.stringify(body);

    let response: Response;
    try {
      response = await this.fetchImpl(path, init);
    } catch (cause) {
      throw new NetworkError(cause instanceof Error ? cause.message : String(cause));
    }
    if (response.status >= 400) {
      const error = apiErrorOf(response.status, await jsonOrNull(response), response.headers.get('Retry-After'));
      if (error.status === 401 && reportUnauthenticated && !isLogin) this.onUnauthenticated(error);
      throw error;
    }
    onHeaders(response.headers);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }
}

async function jsonOrNull(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return null;
  }
}
