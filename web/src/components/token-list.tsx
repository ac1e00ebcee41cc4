// API tokens (GET/POST /api/v1/tokens, DELETE /api/v1/tokens/{id}): a user's
// own on "My account" (create: the token shown once; revoke), or, for an
// admin, any user's (revoke only: a token is always created by its owner).
import { useState } from 'preact/hooks';
import type { ApiToken, CreatedToken, ListPage } from '../api/types';
import { formatInstant } from '../lib/format';
import { useApp } from '../lib/session';
import { ActionError, SecretOnce, useAction } from './action';
import { Field } from './field';
import { Empty, ErrorState, Loading, useLoad } from './states';

interface Props {
  /** Whose tokens: null for the caller's own. */
  user: string | null;
}

export function TokenList({ user }: Props) {
  const { client } = useApp();
  const [version, setVersion] = useState(0);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const tokens = useLoad(`tokens|${user ?? ''}|${version}`, () =>
    client.get<ListPage<ApiToken>>('/api/v1/tokens', { user, limit: 1000 }),
  );
  const revoke = useAction();
  const reload = (): void => setVersion((v) => v + 1);
  return (
    <section aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">API tokens</h2>
      <p>
        A token lets a program use the API as {user === null ? 'you' : user}; it cannot manage tokens, passwords or
        sessions.
      </p>
      {user === null && (
        <NewToken
          onCreated={(token) => {
            setCreated(token);
            reload();
          }}
        />
      )}
      {created && <SecretOnce id="new-token" label={`Token "${created.name}":`} secret={created.token} />}
      <ActionError action={revoke} />
      {tokens.state === 'loading' && <Loading what="the tokens" />}
      {tokens.state === 'error' && <ErrorState error={tokens.error} />}
      {tokens.state === 'ready' && tokens.value.rows.length === 0 && <Empty>No API tokens.</Empty>}
      {tokens.state === 'ready' && tokens.value.rows.length > 0 && (
        <table id="tokens">
          <caption class="visually-hidden">API tokens</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Created</th>
              <th scope="col">Expires</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.value.rows.map((token) => (
              <tr key={token.id}>
                <td>{token.name}</td>
                <td>{formatInstant(token.created_at)}</td>
                <td>{formatInstant(token.expires_at)}</td>
                <td>{token.last_used_at === null ? 'never' : formatInstant(token.last_used_at)}</td>
                <td>
                  <button
                    type="button"
                    disabled={revoke.busy}
                    aria-label={`Revoke token ${token.name}`}
                    onClick={() =>
                      revoke.run(async () => {
                        await client.delete(`/api/v1/tokens/${token.id}`);
                        if (created?.id === token.id) setCreated(null);
                        reload();
                      })
                    }
                  >
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function NewToken({ onCreated }: { onCreated: (token: CreatedToken) => void }) {
  const { client } = useApp();
  const [name, setName] = useState('');
  const [days, setDays] = useState('90');
  const create = useAction();
  const submit = (event: Event): void => {
    event.preventDefault();
    void create.run(async () => {
      const token = await client.post<CreatedToken>('/api/v1/tokens', { name, expires_in_days: Number(days) });
      setName('');
      onCreated(token);
    });
  };
  return (
    <form class="inline-form" onSubmit={submit}>
      <Field id="token-name" label="Token name" required maxLength={100} value={name} onValue={setName} />
      <Field
        id="token-days"
        label="Valid for (days, at most 365)"
        type="number"
        min={1}
        max={365}
        required
        value={days}
        onValue={setDays}
      />
      <button type="submit" disabled={create.busy}>
        {create.busy ? 'Creating…' : 'Create token'}
      </button>
      <ActionError action={create} />
    </form>
  );
}
