// Users (admin): the list filtered by text, role and supplier
// (GET /api/v1/users), and a new user (POST /api/v1/users) whose initial
// password is shown once, with a copy button; each name opens its page.
import { useState } from 'preact/hooks';
import type { ListPage, Role, User, UserWithPassword } from '../api/types';
import { ActionError, SecretOnce, useAction } from '../components/action';
import { Field } from '../components/field';
import { Empty, ErrorState, Loading, useLoad, useTitle } from '../components/states';
import { ListPager } from '../components/table-controls';
import { formatInstant } from '../lib/format';
import { adminUserPath, onLinkClick } from '../lib/router';
import { useApp } from '../lib/session';

export const ROLES: readonly Role[] = ['admin', 'quality', 'purchasing', 'supplier'];
const PAGE_SIZE = 50;

interface Filters {
  q: string;
  role: string;
  supplier_id: string;
}

const NO_FILTERS: Filters = { q: '', role: '', supplier_id: '' };

/** The role picker of the filters and the forms. */
export function RoleSelect(props: {
  id: string;
  label: string;
  value: string;
  onValue: (role: string) => void;
  any?: boolean;
}) {
  return (
    <>
      <label for={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onValue(e.currentTarget.value)}>
        {props.any && <option value="">any</option>}
        {ROLES.map((role) => (
          <option key={role} value={role}>
            {role}
          </option>
        ))}
      </select>
    </>
  );
}

export function AdminUsersPage() {
  const { client } = useApp();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [offset, setOffset] = useState(0);
  const [version, setVersion] = useState(0);
  const query = { ...filters, limit: PAGE_SIZE, offset };
  const users = useLoad(`users|${JSON.stringify(query)}|${version}`, () =>
    client.get<ListPage<User>>('/api/v1/users', query),
  );
  useTitle('Users');
  const apply = (event: Event): void => {
    event.preventDefault();
    setFilters(draft);
    setOffset(0);
  };
  return (
    <section>
      <h1>Users</h1>
      <NewUser onCreated={() => setVersion((v) => v + 1)} />
      <h2>All users</h2>
      <form class="filters no-print" onSubmit={apply} aria-label="Filter the users">
        <Field
          id="users-q"
          label="Name contains"
          type="search"
          value={draft.q}
          onValue={(q) => setDraft({ ...draft, q })}
        />
        <RoleSelect
          id="users-role"
          label="Role"
          any
          value={draft.role}
          onValue={(role) => setDraft({ ...draft, role })}
        />
        <Field
          id="users-supplier"
          label="Supplier"
          value={draft.supplier_id}
          onValue={(supplier_id) => setDraft({ ...draft, supplier_id })}
        />
        <button type="submit">Apply</button>
      </form>
      {users.state === 'loading' && <Loading what="the users" />}
      {users.state === 'error' && <ErrorState error={users.error} />}
      {users.state === 'ready' && users.value.total_count === 0 && <Empty>No user matches.</Empty>}
      {users.state === 'ready' && users.value.total_count > 0 && (
        <>
          <table id="users">
            <caption class="visually-hidden">Users</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Display name</th>
                <th scope="col">Role</th>
                <th scope="col">Supplier</th>
                <th scope="col">State</th>
                <th scope="col">Two-factor</th>
                <th scope="col">Last login</th>
              </tr>
            </thead>
            <tbody>
              {users.value.rows.map((user) => (
                <tr key={user.name} class={user.disabled ? 'disabled-user' : undefined}>
                  <td>
                    <a
                      href={adminUserPath(user.name)}
                      onClick={(event) => onLinkClick(event, adminUserPath(user.name))}
                    >
                      {user.name}
                    </a>
                  </td>
                  <td>{user.display_name}</td>
                  <td>{user.role}</td>
                  <td>{user.supplier_id ?? '—'}</td>
                  <td>{user.disabled ? 'disabled' : 'active'}</td>
                  <td>{user.totp ? 'on' : 'off'}</td>
                  <td>{user.last_login_at === null ? 'never' : formatInstant(user.last_login_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ListPager what="Users" list={users.value} onPage={setOffset} />
        </>
      )}
    </section>
  );
}

function NewUser({ onCreated }: { onCreated: () => void }) {
  const { client } = useApp();
  const [name, setName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<string>('quality');
  const [supplier, setSupplier] = useState('');
  const [created, setCreated] = useState<UserWithPassword | null>(null);
  const action = useAction();
  const submit = (event: Event): void => {
    event.preventDefault();
    void action.run(async () => {
      const body: Record<string, string> = { name, display_name: displayName, role };
      if (role === 'supplier') body['supplier_id'] = supplier;
      setCreated(await client.post<UserWithPassword>('/api/v1/users', body));
      setName('');
      setDisplayName('');
      setSupplier('');
      onCreated();
    });
  };
  return (
    <section aria-labelledby="new-user-heading">
      <h2 id="new-user-heading">Add a user</h2>
      <form class="inline-form" onSubmit={submit}>
        <Field id="new-user-name" label="Login name" required autoComplete="off" value={name} onValue={setName} />
        <Field id="new-user-display" label="Display name" value={displayName} onValue={setDisplayName} />
        <RoleSelect id="new-user-role" label="Role" value={role} onValue={setRole} />
        {role === 'supplier' && (
          <Field id="new-user-supplier" label="Supplier ID" required value={supplier} onValue={setSupplier} />
        )}
        <button type="submit" disabled={action.busy}>
          {action.busy ? 'Adding…' : 'Add user'}
        </button>
      </form>
      <ActionError action={action} />
      {created?.initial_password && (
        <div role="status">
          <p>
            User{' '}
            <a href={adminUserPath(created.name)} onClick={(event) => onLinkClick(event, adminUserPath(created.name))}>
              {created.name}
            </a>{' '}
            added. Give them the initial password; it is valid for 72 hours, and they choose their own at the first
            login.
          </p>
          <SecretOnce id="initial-password" label="Initial password:" secret={created.initial_password} />
        </div>
      )}
    </section>
  );
}
