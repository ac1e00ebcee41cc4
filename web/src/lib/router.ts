// The front end's own URLs (the server answers index.html for each, API.md
// "Deployment and serving"): matching a path to a route, and moving between
// them with the History API so that links can be shared and reloaded.
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { page: 'home' }
  | { page: 'login' }
  | { page: 'ranking' }
  | { page: 'password' }
  | { page: 'scorecard'; supplierId: string }
  | { page: 'runs' }
  | { page: 'run-diff'; a: string; b: string }
  | { page: 'imports' }
  | { page: 'holds' }
  | { page: 'supplier-holds'; supplierId: string }
  | { page: 'rules' }
  | { page: 'account' }
  | { page: 'admin-users' }
  | { page: 'admin-user'; name: string }
  | { page: 'admin-audit' }
  | { page: 'adjustments' }
  | { page: 'threads' }
  | { page: 'thread'; id: string }
  | { page: 'notifications' }
  | { page: 'contracts' }
  | { page: 'contract'; id: string }
  | { page: 'settlements' }
  | { page: 'settlement'; id: string }
  | { page: 'escalations' }
  | { page: 'escalation'; contractId: string }
  | { page: 'sourcing' }
  | { page: 'not-found' };

const SUPPLIER_PATH = /^\/suppliers\/([^/]+)\/?$/;
const RUN_DIFF_PATH = /^\/runs\/([1-9]\d{0,9})\/diff\/([1-9]\d{0,9})\/?$/;
/** The quality staff's pages without parameters (runs, imports, holds). */
const OPS_PAGES: Record<string, Route> = {
  '/runs': { page: 'runs' },
  '/imports': { page: 'imports' },
  '/holds': { page: 'holds' },
};
export const PASSWORD_PATH = '/account/password';
export const ACCOUNT_PATH = '/account';
export const RULES_PATH = '/rules';
export const ADMIN_USERS_PATH = '/admin/users';
export const ADMIN_AUDIT_PATH = '/admin/audit';
export const ADJUSTMENTS_PATH = '/adjustments';
export const THREADS_PATH = '/threads';
export const NOTIFICATIONS_PATH = '/notifications';
export const CONTRACTS_PATH = '/contracts';
export const SETTLEMENTS_PATH = '/settlements';
export const ESCALATIONS_PATH = '/escalations';
export const SOURCING_PATH = '/sourcing';
const THREAD_PATH = /^\/threads\/([1-9]\d{0,17})\/?$/;
const CONTRACT_PATH = /^\/contracts\/([^/]+)\/?$/;
const SETTLEMENT_PATH = /^\/settlements\/([1-9]\d{0,17})\/?$/;
const ESCALATION_PATH = /^\/escalations\/([^/]+)\/?$/;
const SUPPLIER_HOLDS_PATH = /^\/suppliers\/([^/]+)\/holds\/?$/;
const ADMIN_USER_PATH = /^\/admin\/users\/([^/]+)\/?$/;

/** The pages of a fixed path (with or without a trailing slash). */
const FIXED_PAGES: Record<string, Route> = {
  [ACCOUNT_PATH]: { page: 'account' },
  [RULES_PATH]: { page: 'rules' },
  [ADMIN_USERS_PATH]: { page: 'admin-users' },
  [ADMIN_AUDIT_PATH]: { page: 'admin-audit' },
  [ADJUSTMENTS_PATH]: { page: 'adjustments' },
  [THREADS_PATH]: { page: 'threads' },
  [NOTIFICATIONS_PATH]: { page: 'notifications' },
  [CONTRACTS_PATH]: { page: 'contracts' },
  [SETTLEMENTS_PATH]: { page: 'settlements' },
  [ESCALATIONS_PATH]: { page: 'escalations' },
  [SOURCING_PATH]: { page: 'sourcing' },
};

/** The route of a path that names a thing (`/admin/users/NAME`), or null. */
function namedRoute(pathname: string): Route | null {
  const fixed = FIXED_PAGES[pathname.replace(/(.)\/$/, '$1')];
  if (fixed) return fixed;
  try {
    const holds = SUPPLIER_HOLDS_PATH.exec(pathname);
    if (holds?.[1]) return { page: 'supplier-holds', supplierId: decodeURIComponent(holds[1]) };
    const thread = THREAD_PATH.exec(pathname);
    if (thread?.[1]) return { page: 'thread', id: thread[1] };
    const settlement = SETTLEMENT_PATH.exec(pathname);
    if (settlement?.[1]) return { page: 'settlement', id: settlement[1] };
    const contract = CONTRACT_PATH.exec(pathname);
    if (contract?.[1]) return { page: 'contract', id: decodeURIComponent(contract[1]) };
    const escalation = ESCALATION_PATH.exec(pathname);
    if (escalation?.[1]) return { page: 'escalation', contractId: decodeURIComponent(escalation[1]) };
    const user = ADMIN_USER_PATH.exec(pathname);
    if (user?.[1]) return { page: 'admin-user', name: decodeURIComponent(user[1]) };
  } catch {
    return { page: 'not-found' };
  }
  return null;
}

/** The route a path names. */
export function routeOf(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'home' };
  if (pathname === '/login' || pathname === '/login/') return { page: 'login' };
  if (pathname === '/ranking' || pathname === '/ranking/') return { page: 'ranking' };
  if (pathname === PASSWORD_PATH) return { page: 'password' };
  const ops = OPS_PAGES[pathname.replace(/(.)\/$/, '$1')];
  if (ops) return ops;
  const diff = RUN_DIFF_PATH.exec(pathname);
  if (diff?.[1] && diff[2]) return { page: 'run-diff', a: diff[1], b: diff[2] };
  const named = namedRoute(pathname);
  if (named) return named;
  const supplier = SUPPLIER_PATH.exec(pathname);
  if (supplier?.[1]) {
    try {
      return { page: 'scorecard', supplierId: decodeURIComponent(supplier[1]) };
    } catch {
      return { page: 'not-found' };
    }
  }
  return { page: 'not-found' };
}

export function scorecardPath(supplierId: string, search = ''): string {
  return `/suppliers/${encodeURIComponent(supplierId)}${search}`;
}

export function threadPath(id: number): string {
  return `${THREADS_PATH}/${id}`;
}

export function contractPath(id: string, search = ''): string {
  return `${CONTRACTS_PATH}/${encodeURIComponent(id)}${search}`;
}

export function escalationPath(contractId: string, search = ''): string {
  return `${ESCALATIONS_PATH}/${encodeURIComponent(contractId)}${search}`;
}

export function settlementPath(n: number): string {
  return `${SETTLEMENTS_PATH}/${n}`;
}

export function runDiffPath(a: number, b: number): string {
  return `/runs/${a}/diff/${b}`;
}

export function supplierHoldsPath(supplierId: string): string {
  return `/suppliers/${encodeURIComponent(supplierId)}/holds`;
}

export function adminUserPath(name: string): string {
  return `${ADMIN_USERS_PATH}/${encodeURIComponent(name)}`;
}

/**
 * Where the login page sends the user back to: only a path of this site
 * (`/…`, not `//host`), never the login page itself.
 */
export function safeReturnPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (routeOf(next.split(/[?#]/)[0] ?? '/').page === 'login') return '/';
  return next;
}

/** The login page's URL that comes back to `returnTo` afterwards. */
export function loginPath(returnTo: string): string {
  const next = safeReturnPath(returnTo);
  return next === '/' ? '/login' : `/login?${new URLSearchParams({ next }).toString()}`;
}

const LOCATION_CHANGED = 'supeval:navigate';

/** Goes to `url` (path and query) without reloading; `replace` keeps no history entry. */
export function navigate(url: string, replace = false): void {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  window.dispatchEvent(new Event(LOCATION_CHANGED));
}

export interface Location {
  pathname: string;
  search: string;
}

function currentLocation(): Location {
  return { pathname: window.location.pathname, search: window.location.search };
}

/** The current location, updated on navigate() and on Back/Forward. */
export function useLocation(): Location {
  const [location, setLocation] = useState(currentLocation);
  useEffect(() => {
    const update = (): void => setLocation(currentLocation());
    window.addEventListener('popstate', update);
    window.addEventListener(LOCATION_CHANGED, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(LOCATION_CHANGED, update);
    };
  }, []);
  return location;
}

/**
 * A link that navigates in place on a plain click and behaves as a link
 * otherwise (middle click, Ctrl+click, copy address).
 */
export function onLinkClick(event: MouseEvent, href: string): void {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(href);
}

/** A list page's URL with its non-empty filters and its offset (0 left out), so a view can be shared. */
export function listPath(path: string, filters: Record<string, string>, offset = 0): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
  if (offset > 0) params.set('offset', String(offset));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** The offset of a list page's query (`offset=50`); 0 when absent or not a count. */
export function offsetOf(search: string): number {
  const text = new URLSearchParams(search).get('offset') ?? '';
  return /^\d{1,9}$/.test(text) ? Number(text) : 0;
}
