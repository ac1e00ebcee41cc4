// The client's ETag round trip: a GET hands back the answer's ETag, a PATCH
// sends a JSON Merge Patch with If-Match and the CSRF token, and a 412 is a
// typed `precondition-failed`.
import { describe, expect, it } from 'vitest';
import { ApiClient, type FetchLike } from '../../src/api/client';
import { ApiError } from '../../src/api/problem';

function recorder(answer: () => Response): { fetch: FetchLike; sent: { url: string; init: RequestInit }[] } {
  const sent: { url: string; init: RequestInit }[] = [];
  return {
    sent,
    fetch: (url, init) => {
      sent.push({ url, init });
      return Promise.resolve(answer());
    },
  };
}

describe('tagged requests', () => {
  it("gives a GET's ETag with its answer, null when there is none", async () => {
    const tagged = recorder(() => new Response('{"name":"bob"}', { status: 200, headers: { ETag: '"user-v3"' } }));
    await expect(new ApiClient({ fetch: tagged.fetch }).getTagged('/api/v1/users/bob')).resolves.toEqual({
      value: { name: 'bob' },
      etag: '"user-v3"',
    });
    const untagged = recorder(() => new Response('{}', { status: 200 }));
    await expect(new ApiClient({ fetch: untagged.fetch }).getTagged('/x')).resolves.toEqual({ value: {}, etag: null });
  });

  it('sends a merge patch with If-Match and the CSRF token, and no Idempotency-Key', async () => {
    const { fetch, sent } = recorder(
      () => new Response('{"role":"admin"}', { status: 200, headers: { ETag: '"user-v4"' } }),
    );
    const client = new ApiClient({ fetch });
    client.setCsrfToken('csrf-1');
    await expect(client.patch('/api/v1/users/bob', { role: 'admin' }, '"user-v3"')).resolves.toEqual({
      value: { role: 'admin' },
      etag: '"user-v4"',
    });
    const headers = sent[0]?.init.headers as Record<string, string>;
    expect(sent[0]?.init.method).toBe('PATCH');
    expect(sent[0]?.init.body).toBe('{"role":"admin"}');
    expect(headers['Content-Type']).toBe('application/merge-patch+json');
    expect(headers['If-Match']).toBe('"user-v3"');
    expect(headers['X-CSRF-Token']).toBe('csrf-1');
    expect(headers['Idempotency-Key']).toBeUndefined();
  });

  it('sends no If-Match without a tag', async () => {
    const { fetch, sent } = recorder(() => new Response('{}', { status: 200 }));
    await new ApiClient({ fetch }).patch('/api/v1/users/bob', { disabled: true }, null);
    expect((sent[0]?.init.headers as Record<string, string>)['If-Match']).toBeUndefined();
  });

  it('turns a 412 into precondition-failed', async () => {
    const { fetch } = recorder(
      () =>
        new Response(
          JSON.stringify({ type: '/api/v1/problems/precondition-failed', title: 'T', status: 412, detail: 'D' }),
          {
            status: 412,
          },
        ),
    );
    const failure = await new ApiClient({ fetch }).patch('/u', {}, '"user-v1"').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).problem).toBe('precondition-failed');
  });
});
