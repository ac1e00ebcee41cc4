// My account (any user): the password (its own page), two-factor
// authentication — enrolment (POST /api/v1/session/totp shows the otpauth URI
// and the secret as text for an authenticator app, PUT confirms with a code)
// and removal —, my sessions (GET /api/v1/session/all; the others ended with
// the password re-entered), and my API tokens.
import { useState } from 'preact/hooks';
import { ApiError, messageOf } from '../api/problem';
import type { ListPage, OwnSession, TotpEnrolment } from '../api/types';
import { ActionError, SecretOnce, useAction } from '../components/action';
import { Field } from '../components/field';
import { Empty, ErrorState, Loading, useLoad, useTitle } from '../components/states';
import { TokenList } from '../components/token-list';
import { formatInstant } from '../lib/format';
import { PASSWORD_PATH, onLinkClick } from '../lib/router';
import { useApp } from '../lib/session';

/** A refusal of a password or code re-entered, in words. */
function credentialMessage(error: unknown): string {
  if (error instanceof ApiError && error.problem === 'wrong-password') return 'The password is not right.';
  if (error instanceof ApiError && error.status === 403 && error.problem === 'forbidden') {
    return 'This server requires two-factor authentication for your account: it cannot be removed.';
  }
  return messageOf(error);
}

type ValueProps = { id: string; value: string; onValue: (value: string) => void };

/** The password re-entered to confirm a change of the account's security. */
function PasswordAgain(props: ValueProps) {
  return <Field label="Your password" type="password" autoComplete="current-password" required {...props} />;
}

/** A 6-digit code from the authenticator app. */
function CodeField(props: ValueProps & { label: string }) {
  return <Field inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" required {...props} />;
}

export function AccountPage() {
  const { session } = useApp();
  useTitle('My account');
  return (
    <section class="account">
      <h1>My account</h1>
      <p>
        {session.display_name} ({session.user}, {session.role}). Session ends at the latest{' '}
        {formatInstant(session.expires_at)}.{' '}
        <a href={PASSWORD_PATH} onClick={(event) => onLinkClick(event, PASSWORD_PATH)}>
          Change my password
        </a>
      </p>
      <TotpSection />
      <MySessions />
      <TokenList user={null} />
    </section>
  );
}

function TotpSection() {
  return (
    <section aria-labelledby="totp-heading">
      <h2 id="totp-heading">Two-factor authentication</h2>
      <p>With an authenticator app, the login asks for a 6-digit code besides the password.</p>
      <div class="columns">
        <TotpEnrolmentForm onEnrolled={() => undefined} />
        <TotpRemovalForm />
      </div>
    </section>
  );
}

/** Enrolment in two steps: the password shows the secret, a code from the app confirms it. */
export function TotpEnrolmentForm({ onEnrolled }: { onEnrolled: () => void }) {
  const { client } = useApp();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [done, setDone] = useState(false);
  const action = useAction(credentialMessage);
  const start = (event: Event): void => {
    event.preventDefault();
    void action.run(async () => {
      setEnrolment(await client.post<TotpEnrolment>('/api/v1/session/totp', { password }));
      setPassword('');
    });
  };
  const confirm = (event: Event): void => {
    event.preventDefault();
    void action.run(async () => {
      await client.put<void>('/api/v1/session/totp', { code });
      setEnrolment(null);
      setCode('');
      setDone(true);
      onEnrolled();
    });
  };
  return (
    <div>
      <h3>Set up</h3>
      {done && <p role="status">Two-factor authentication is on: the next login asks for a code.</p>}
      {enrolment === null ? (
        <form class="stacked" onSubmit={start}>
          <PasswordAgain id="totp-password" value={password} onValue={setPassword} />
          <button type="submit" disabled={action.busy}>
            Show the secret
          </button>
        </form>
      ) : (
        <form class="stacked" onSubmit={confirm}>
          <p>Add this account to your authenticator app: open the link on the device, or type the secret in.</p>
          <p>
            <a href={enrolment.otpauth_uri} id="totp-uri">
              {enrolment.otpauth_uri}
            </a>
          </p>
          <SecretOnce id="totp-secret" label="Secret:" secret={enrolment.secret} />
          <CodeField id="totp-code" label="The 6-digit code the app shows" value={code} onValue={setCode} />
          <button type="submit" disabled={action.busy}>
            Confirm
          </button>
        </form>
      )}
      <ActionError action={action} />
    </div>
  );
}

function TotpRemovalForm() {
  const { client } = useApp();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [done, setDone] = useState(false);
  const action = useAction(credentialMessage);
  const submit = (event: Event): void => {
    event.preventDefault();
    setDone(false);
    void action.run(async () => {
      await client.post<void>('/api/v1/session/totp/remove', { password, code });
      setPassword('');
      setCode('');
      setDone(true);
    });
  };
  return (
    <form class="stacked" onSubmit={submit}>
      <h3>Remove</h3>
      <PasswordAgain id="totp-remove-password" value={password} onValue={setPassword} />
      <CodeField id="totp-remove-code" label="A current code from the app" value={code} onValue={setCode} />
      <button type="submit" disabled={action.busy}>
        Remove two-factor authentication
      </button>
      {done && <p role="status">Two-factor authentication is off.</p>}
      <ActionError action={action} />
    </form>
  );
}

function MySessions() {
  const { client } = useApp();
  const [version, setVersion] = useState(0);
  const [password, setPassword] = useState('');
  const sessions = useLoad(`sessions|${version}`, () => client.get<ListPage<OwnSession>>('/api/v1/session/all'));
  const action = useAction(credentialMessage);
  const endOthers = (event: Event): void => {
    event.preventDefault();
    void action.run(async () => {
      await client.post<void>('/api/v1/session/end-others', { password });
      setPassword('');
      setVersion((v) => v + 1);
    });
  };
  const others = sessions.state === 'ready' ? sessions.value.rows.filter((s) => !s.current).length : 0;
  return (
    <section aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">My sessions</h2>
      {sessions.state === 'loading' && <Loading what="your sessions" />}
      {sessions.state === 'error' && <ErrorState error={sessions.error} />}
      {sessions.state === 'ready' && sessions.value.rows.length === 0 && <Empty>No sessions.</Empty>}
      {sessions.state === 'ready' && sessions.value.rows.length > 0 && (
        <table id="sessions">
          <caption class="visually-hidden">My sessions</caption>
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Last seen</th>
              <th scope="col">Address</th>
              <th scope="col">Browser</th>
            </tr>
          </thead>
          <tbody>
            {sessions.value.rows.map((s) => (
              <tr key={s.id} class={s.current ? 'current' : undefined}>
                <td>
                  {formatInstant(s.created_at)}
                  {s.current && <strong> (this one)</strong>}
                </td>
                <td>{formatInstant(s.last_seen_at)}</td>
                <td>{s.address ?? '—'}</td>
                <td>{s.user_agent || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {others > 0 && (
        <form class="inline-form" onSubmit={endOthers}>
          <PasswordAgain id="sessions-password" value={password} onValue={setPassword} />
          <button type="submit" disabled={action.busy}>
            Log out my other sessions
          </button>
        </form>
      )}
      <ActionError action={action} />
    </section>
  );
}
