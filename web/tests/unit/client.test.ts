// The API client: same-origin requests with the CSRF token on each
// state-changing one, an Idempotency-Key per POST but the login, problems as
// typed errors, and a 401 handed to the app (but not the login's own 401).
import { describe, expect, it } from 'vitest';
import { ApiClient, type FetchLike, letterUrl, withQuery } from '../../src/api/client';
import { ApiError, NetworkError, apiErrorOf, messageOf, problemNameOf } from '../../src/api/problem';

interface Sent {
  url: string;
  init: RequestInit;
}

const SESSION = {
  user: 'quality',
  display_name: 'Q',
  role: 'quality',
  supplier_id: null,
  csrf_token: 'token-1',
  expires_at: '2026-07-01T20:00:00Z',
  idle_expires_at: '2026-07-01T08:30:00Z',
  required_action: null,
};

function problem(status: number, name: string, extra: Record<string, unknown> = {}): Response {
  return new Response(
    JSON.stringify({
      type: `/api/v1/problems/${name}`,
      title: 'T',
      status,
      detail: `D ${name}`,
      instance: 'urn:uuid:1',
      ...extra,
    }),
    { status, headers: { 'Content-Type': 'application/problem+json' } },
  );
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** A client whose fetch answers from `answers` in turn and records what was sent. */
function recording(answers: Response[], onUnauthenticated?: (error: ApiError) => void) {
  const sent: Sent[] = [];
  const fetch: FetchLike = (url, init) => {
    sent.push({ url, init });
    const answer = answers.shift();
    return answer ? Promise.resolve(answer) : Promise.reject(new TypeError('Failed to fetch'));
  };
  let keys = 0;
  const client = new ApiClient({
    fetch,
    newIdempotencyKey: () => `key-${++keys}`,
    ...(onUnauthenticated ? { onUnauthenticated } : {}),
  });
  return { client, sent };
}

function headersOf(sent: Sent | undefined): Record<string, string> {
  return (sent?.init.headers ?? {}) as Record<string, string>;
}

describe('requests', () => {
  it('logs in without CSRF token or idempotency key, then sends the session token on every change', async () => {
    const { client, sent } = recording([
      json(SESSION),
      json({ ok: 1 }),
      json({}, 201),
      new Response(null, { status: 204 }),
    ]);
    await client.login('quality', 'secret', '');
    await client.get('/api/v1/ranking', { period: '2026-H1', q: '', run: null });
    await client.post('/api/v1/runs', { period: '2026-H1' });
    await client.delete('/api/v1/tokens/3');

    expect(sent.map((s) => `${s.init.method} ${s.url}`)).toEqual([
      'POST /api/v1/session',
      'GET /api/v1/ranking?period=2026-H1',
      'POST /api/v1/runs',
      'DELETE /api/v1/tokens/3',
    ]);
    expect(sent.every((s) => s.init.credentials === 'same-origin')).toBe(true);
    expect(JSON.parse(String(sent[0]?.init.body))).toEqual({ username: 'quality', password: 'secret' });
    expect(headersOf(sent[0])['X-CSRF-Token']).toBeUndefined();
    expect(headersOf(sent[0])['Idempotency-Key']).toBeUndefined();
    expect(headersOf(sent[1])['X-CSRF-Token']).toBeUndefined();
    expect(headersOf(sent[1])['Content-Type']).toBeUndefined();
    expect(headersOf(sent[2])).toMatchObject({
      'X-CSRF-Token': 'token-1',
      'Idempotency-Key': 'key-1',
      'Content-Type': 'application/json',
    });
    expect(headersOf(sent[3])['X-CSRF-Token']).toBe('token-1');
    expect(headersOf(sent[3])['Idempotency-Key']).toBeUndefined();
  });

  it('sends a PUT with the CSRF token and without an idempotency key', async () => {
    const { client, sent } = recording([json(SESSION), new Response(null, { status: 204 })]);
    await client.login('quality', 'secret');
    expect(await client.put('/api/v1/session/password', { new_password: 'x' })).toBeUndefined();
    expect(sent[1]?.init.method).toBe('PUT');
    expect(headersOf(sent[1])['X-CSRF-Token']).toBe('token-1');
    expect(headersOf(sent[1])['Idempotency-Key']).toBeUndefined();
    expect(headersOf(sent[1])['Content-Type']).toBe('application/json');
  });

  it('sends the TOTP code when there is one', async () => {
    const { client, sent } = recording([json(SESSION)]);
    await client.login('quality', 'secret', '123456');
    expect(JSON.parse(String(sent[0]?.init.body))).toEqual({ username: 'quality', password: 'secret', totp: '123456' });
  });

  it('takes the token of the session read after a reload, and forgets it at logout', async () => {
    const { client, sent } = recording([
      json({ ...SESSION, csrf_token: 'token-2' }),
      json({}, 201),
      new Response(null, { status: 204 }),
      json({}, 201),
    ]);
    expect((await client.currentSession())?.user).toBe('quality');
    await client.post('/api/v1/holds', {});
    await client.logout();
    await client.post('/api/v1/holds', {});
    expect(headersOf(sent[1])['X-CSRF-Token']).toBe('token-2');
    expect(headersOf(sent[2])['X-CSRF-Token']).toBe('token-2');
    expect(headersOf(sent[3])['X-CSRF-Token']).toBeUndefined();
  });

  it('asks the escalation and sourcing routes, a decision and the holds with a fresh idempotency key each', async () => {
    const { client, sent } = recording([
      json(SESSION),
      json({ rows: [] }),
      json({}),
      json({}, 201),
      json({ as_of: '2026-03-20', rows: [] }),
      json({ rows: [] }),
      json({ rows: [] }),
    ]);
    await client.login('quality', 'secret');
    await client.escalations({ as_of: '2026-03-20', level: 'E2,E3', supplier_id: '' });
    await client.escalation('C/7', '2026-03-20');
    await client.decideEscalation('C/7', {
      date: '2026-03-20',
      decision: 'deescalate',
      reason: 'ok',
      cause: 'quality',
    });
    await client.recordEscalationHolds('2026-03-20');
    await client.sourcing({ period: '2026-H1', scope: 'material', q: '' });
    await client.sourcingRisks(null);
    expect(sent.slice(1).map((s) => `${s.init.method} ${s.url}`)).toEqual([
      'GET /api/v1/escalations?as_of=2026-03-20&level=E2%2CE3',
      'GET /api/v1/escalations/C%2F7?as_of=2026-03-20',
      'POST /api/v1/escalations/C%2F7/decisions',
      'POST /api/v1/escalations/holds',
      'GET /api/v1/sourcing?period=2026-H1&scope=material',
      'GET /api/v1/sourcing/risks',
    ]);
    expect(JSON.parse(String(sent[3]?.init.body))).toEqual({
      date: '2026-03-20',
      decision: 'deescalate',
      reason: 'ok',
      cause: 'quality',
    });
    expect(JSON.parse(String(sent[4]?.init.body))).toEqual({ as_of: '2026-03-20' });
    expect(headersOf(sent[3])['Idempotency-Key']).toBe('key-1');
    expect(headersOf(sent[4])['Idempotency-Key']).toBe('key-2');
  });

  it('leaves empty query members out', () => {
    expect(withQuery('/x', { a: '', b: null, c: undefined, d: 0, e: 'a b' })).toBe('/x?d=0&e=a+b');
    expect(withQuery('/x')).toBe('/x');
  });
});

describe('errors', () => {
  it('turns a problem into an ApiError keyed on its type', async () => {
    const { client } = recording([
      problem(400, 'invalid-request', { errors: [{ detail: 'bad', parameter: 'limit' }, 'junk'] }),
    ]);
    const error = await client.get('/api/v1/ranking').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, problem: 'invalid-request', detail: 'D invalid-request' });
    expect((error as ApiError).errors).toEqual([{ detail: 'bad', parameter: 'limit' }]);
  });

  it('keeps CSV errors with file, line and column', () => {
    const error = apiErrorOf(
      422,
      {
        type: '/api/v1/problems/rejected-rows',
        errors: [{ detail: 'must be > 0', file: 'deliveries.csv', line: 17, column: 'due_qty' }],
      },
      null,
    );
    expect(error.problem).toBe('rejected-rows');
    expect(error.errors[0]).toEqual({ detail: 'must be > 0', file: 'deliveries.csv', line: 17, column: 'due_qty' });
  });

  it('treats an unknown or foreign type as "other", and a body that is no problem by its status', () => {
    expect(problemNameOf('/api/v1/problems/brand-new')).toBe('other');
    expect(problemNameOf('https://example.com/problems/not-found')).toBe('other');
    expect(problemNameOf(undefined)).toBe('other');
    const error = apiErrorOf(502, '<html>', null);
    expect(error).toMatchObject({ status: 502, problem: 'other', title: '', detail: '' });
    expect(messageOf(error)).toContain('HTTP 502');
  });

  it('reads Retry-After in seconds', async () => {
    const answer = problem(429, 'too-many-attempts');
    answer.headers.set('Retry-After', '600');
    const { client } = recording([answer]);
    const error = (await client.login('x', 'y').catch((e: unknown) => e)) as ApiError;
    expect(error.retryAfterSeconds).toBe(600);
    expect(messageOf(error)).toBe('Too many attempts. Try again in 10 min.');
    expect(apiErrorOf(429, {}, 'Wed, 21 Oct 2026 07:28:00 GMT').retryAfterSeconds).toBeNull();
  });

  it("hands a 401 to the app, except the login's and the session check's", async () => {
    const seen: string[] = [];
    const { client } = recording(
      [
        problem(401, 'unauthenticated'),
        problem(401, 'totp-required'),
        problem(401, 'unauthenticated'),
        problem(401, 'session-expired'),
      ],
      (error) => seen.push(error.problem),
    );
    await expect(client.login('x', 'y')).rejects.toMatchObject({ problem: 'unauthenticated' });
    await expect(client.login('x', 'y')).rejects.toMatchObject({ problem: 'totp-required' });
    expect(await client.currentSession()).toBeNull();
    await expect(client.get('/api/v1/ranking')).rejects.toMatchObject({ problem: 'session-expired' });
    expect(seen).toEqual(['session-expired']);
  });

  it('does not hand a 403 to the login', async () => {
    const seen: string[] = [];
    const { client } = recording([problem(403, 'csrf')], (error) => seen.push(error.problem));
    await expect(client.post('/api/v1/runs', {})).rejects.toMatchObject({ status: 403, problem: 'csrf' });
    expect(seen).toEqual([]);
  });

  it('tells a network failure apart from a refusal', async () => {
    const { client } = recording([]);
    const error = await client.get('/api/v1/periods').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(messageOf(error)).toContain('cannot be reached');
  });
});

describe('letterUrl', () => {
  it('names the supplier, the run and the language of the letter', () => {
    expect(letterUrl('S 1/2', 7)).toBe('/api/v1/suppliers/S%201%2F2/letter.pdf?run=7&language=en');
    expect(letterUrl('S00001', 3, 'de')).toBe('/api/v1/suppliers/S00001/letter.pdf?run=3&language=de');
  });
});
