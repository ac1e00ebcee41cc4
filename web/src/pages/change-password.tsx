// The caller's own password (PUT /api/v1/session/password): required after an
// initial password (required_action "change-password"), and open to every
// user from the header. The new one is typed twice; the server's rules
// (length, common passwords) answer with their reason.
import { useState } from 'preact/hooks';
import { ApiError, messageOf } from '../api/problem';
import { Field } from '../components/field';
import { useTitle } from '../components/states';
import { useApp } from '../lib/session';

function changeMessage(error: unknown): string {
  if (error instanceof ApiError && error.problem === 'wrong-password') return 'The current password is not right.';
  return messageOf(error);
}

export function ChangePasswordPage({ required }: { required: boolean }) {
  const { client, refreshSession } = useApp();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeated, setRepeated] = useState('');
  const [endOthers, setEndOthers] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  useTitle('Change password');

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setError(null);
    if (next !== repeated) {
      setError('The two new passwords differ.');
      return;
    }
    setBusy(true);
    try {
      await client.put<void>('/api/v1/session/password', {
        current_password: current,
        new_password: next,
        end_other_sessions: endOthers,
      });
      setDone(true);
      await refreshSession();
    } catch (caught) {
      setError(changeMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="narrow">
      <h1>Change password</h1>
      {required && <p role="alert">Your account has an initial password: choose your own password first.</p>}
      {done && !required && <p role="status">Your password is changed.</p>}
      <form class="stacked" onSubmit={submit}>
        <Field
          id="password-current"
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onValue={setCurrent}
        />
        <Field
          id="password-new"
          label="New password (at least 8 characters)"
          type="password"
          autoComplete="new-password"
          minLength={8}
          required
          value={next}
          onValue={setNext}
        />
        <Field
          id="password-repeat"
          label="New password again"
          type="password"
          autoComplete="new-password"
          required
          value={repeated}
          onValue={setRepeated}
        />
        <label class="inline">
          <input type="checkbox" checked={endOthers} onChange={(e) => setEndOthers(e.currentTarget.checked)} />
          Log out my other sessions
        </label>
        {error && (
          <p class="state state-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Changing…' : 'Change password'}
        </button>
      </form>
    </section>
  );
}
