// The login: user name and password, then the TOTP code when the server asks
// for it (401 totp-required). Failures say only what the server lets them say.
import { useRef, useState } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import { ApiError, messageOf } from '../api/problem';
import type { Session } from '../api/types';
import { Field } from '../components/field';

interface Props {
  client: ApiClient;
  onLoggedIn: (session: Session) => void;
}

function loginMessage(error: unknown): string {
  if (error instanceof ApiError && error.problem === 'unauthenticated') {
    return 'The user name, password or code is not right.';
  }
  return messageOf(error);
}

export function LoginPage({ client, onLoggedIn }: Props) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [askTotp, setAskTotp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const totpInput = useRef<HTMLInputElement>(null);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onLoggedIn(await client.login(username, password, askTotp ? totp : undefined));
    } catch (caught) {
      if (caught instanceof ApiError && caught.problem === 'totp-required') {
        setAskTotp(true);
        setTimeout(() => totpInput.current?.focus(), 0);
      } else {
        setError(loginMessage(caught));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="login">
      <h1>supeval</h1>
      <form onSubmit={submit} aria-describedby={error ? 'login-error' : undefined}>
        <h2>Log in</h2>
        <Field
          id="login-username"
          label="User name"
          name="username"
          autoComplete="username"
          required
          value={username}
          onValue={setUsername}
        />
        <Field
          id="login-password"
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onValue={setPassword}
        />
        {askTotp && (
          <>
            <label for="login-totp">Code from your authenticator app</label>
            <input
              id="login-totp"
              name="totp"
              ref={totpInput}
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={6}
              required
              value={totp}
              onInput={(e) => setTotp(e.currentTarget.value)}
            />
          </>
        )}
        {error && (
          <p id="login-error" class="state state-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </main>
  );
}
