// One user (admin): display name, role, bound supplier and disabled edited
// through PATCH /api/v1/users/{name} (JSON Merge Patch with only what
// changed, If-Match with the ETag the page read: another admin's change in
// between answers 412, told as "changed meanwhile, reload"); resetting the
// password (the new initial password shown once) or TOTP; ending the user's
// sessions; the user's API tokens.
import { useState } from 'preact/hooks';
import type { Tagged } from '../api/client';
import { ApiError, messageOf } from '../api/problem';
import type { UserWithPassword } from '../api/types';
import { ActionError, SecretOnce, useAction } from '../components/action';
import { Field } from '../components/field';
import { ErrorState, Loading, useLoad, useTitle } from '../components/states';
import { TokenList } from '../components/token-list';
import { formatInstant } from '../lib/format';
import { ADMIN_USERS_PATH, onLinkClick } from '../lib/router';
import { useApp } from '../lib/session';
import { RoleSelect } from './admin-users';

function isStale(error: unknown): boolean {
  return error instanceof ApiError && error.problem === 'precondition-failed';
}

function changeMessage(error: unknown): string {
  if (isStale(error)) {
    return 'This user was changed meanwhile (by someone else): reload to see the change, then edit again.';
  }
  return messageOf(error);
}

/** The members of the form that differ from the user as read: the merge patch. */
export function userPatch(
  user: UserWithPassword,
  form: { display_name: string; role: string; supplier_id: string; disabled: boolean },
): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  if (form.display_name !== user.display_name) patch['display_name'] = form.display_name;
  if (form.role !== user.role) patch['role'] = form.role;
  const supplier = form.role === 'supplier' ? form.supplier_id : '';
  if (supplier !== (user.supplier_id ?? '')) patch['supplier_id'] = supplier === '' ? null : supplier;
  if (form.disabled !== user.disabled) patch['disabled'] = form.disabled;
  return patch;
}

export function AdminUserPage({ name }: { name: string }) {
  const { client } = useApp();
  const [version, setVersion] = useState(0);
  const path = `/api/v1/users/${encodeURIComponent(name)}`;
  const loaded = useLoad(`${path}|${version}`, () => client.getTagged<UserWithPassword>(path));
  useTitle(`User ${name}`);
  return (
    <section>
      <p class="no-print">
        <a href={ADMIN_USERS_PATH} onClick={(event) => onLinkClick(event, ADMIN_USERS_PATH)}>
          All users
        </a>
      </p>
      <h1>User {name}</h1>
      {loaded.state === 'loading' && <Loading what="the user" />}
      {loaded.state === 'error' && <ErrorState error={loaded.error} />}
      {loaded.state === 'ready' && (
        <UserEditor
          key={loaded.value.etag ?? version}
          loaded={loaded.value}
          path={path}
          reload={() => setVersion((v) => v + 1)}
        />
      )}
      {loaded.state === 'ready' && <TokenList user={name} />}
    </section>
  );
}

function UserEditor({ loaded, path, reload }: { loaded: Tagged<UserWithPassword>; path: string; reload: () => void }) {
  const { client } = useApp();
  const [current, setCurrent] = useState(loaded);
  const user = current.value;
  const [displayName, setDisplayName] = useState(user.display_name);
  const [role, setRole] = useState<string>(user.role);
  const [supplier, setSupplier] = useState(user.supplier_id ?? '');
  const [disabled, setDisabled] = useState(user.disabled);
  const [notice, setNotice] = useState<string | null>(null);
  const [password, setPassword] = useState<string | null>(null);
  const action = useAction(changeMessage);

  const send = (patch: Record<string, unknown>, done: string): Promise<void> =>
    action.run(async () => {
      setNotice(null);
      const answer = await client.patch<UserWithPassword>(path, patch, current.etag);
      setCurrent(answer);
      setPassword(answer.value.initial_password ?? null);
      setNotice(done);
    });

  const save = (event: Event): void => {
    event.preventDefault();
    const patch = userPatch(user, { display_name: displayName, role, supplier_id: supplier, disabled });
    if (Object.keys(patch).length === 0) {
      setNotice('Nothing changed.');
      return;
    }
    void send(patch, 'Saved. A changed role, supplier or disabling ended the user’s sessions.');
  };
  const endSessions = (): Promise<void> =>
    action.run(async () => {
      setNotice(null);
      await client.delete(`${path}/sessions`);
      setNotice(`All sessions of ${user.name} are ended.`);
    });

  return (
    <>
      <p>
        Created {formatInstant(user.created_at)}; last login{' '}
        {user.last_login_at === null ? 'never' : formatInstant(user.last_login_at)}; two-factor authentication{' '}
        {user.totp ? 'on' : 'off'}.
      </p>
      <form class="stacked narrow" onSubmit={save} aria-label={`Edit ${user.name}`}>
        <Field id="user-display" label="Display name" value={displayName} onValue={setDisplayName} />
        <RoleSelect id="user-role" label="Role" value={role} onValue={setRole} />
        {role === 'supplier' && (
          <Field id="user-supplier" label="Supplier ID" required value={supplier} onValue={setSupplier} />
        )}
        <label class="inline">
          <input type="checkbox" checked={disabled} onChange={(e) => setDisabled(e.currentTarget.checked)} />
          Disabled (cannot log in; its sessions end and its tokens are revoked)
        </label>
        <button type="submit" disabled={action.busy}>
          Save
        </button>
      </form>
      <h2>Access</h2>
      <div class="button-row">
        <button
          type="button"
          disabled={action.busy}
          onClick={() => void send({ reset_password: true }, 'The password is reset; the user’s sessions are ended.')}
        >
          Reset password
        </button>
        <button
          type="button"
          disabled={action.busy || !user.totp}
          onClick={() => void send({ reset_totp: true }, 'Two-factor authentication is reset.')}
        >
          Reset two-factor authentication
        </button>
        <button type="button" disabled={action.busy} onClick={() => void endSessions()}>
          End all sessions
        </button>
      </div>
      {notice && <p role="status">{notice}</p>}
      {password && <SecretOnce id="reset-password" label="New initial password:" secret={password} />}
      <ActionError action={action} />
      {isStale(action.failure) && (
        <button type="button" onClick={reload}>
          Reload
        </button>
      )}
    </>
  );
}
