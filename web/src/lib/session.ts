// The logged-in user as the pages see it: the session answer, the one API
// client of the page, and what a role may open (the server decides; this
// only chooses which links to show and where "home" is).
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import type { Role, Session } from '../api/types';
import {
  ADJUSTMENTS_PATH,
  ADMIN_AUDIT_PATH,
  ADMIN_USERS_PATH,
  CONTRACTS_PATH,
  ESCALATIONS_PATH,
  RULES_PATH,
  SETTLEMENTS_PATH,
  SOURCING_PATH,
  THREADS_PATH,
  routeOf,
  scorecardPath,
  supplierHoldsPath,
} from './router';

export interface AppContext {
  client: ApiClient;
  session: Session;
  logout: () => void;
  /** Reads the session again (after a change the server made to it). */
  refreshSession: () => Promise<void>;
}

export const SessionContext = createContext<AppContext | null>(null);

/** The context of a page behind the login (the shell provides it). */
export function useApp(): AppContext {
  const context = useContext(SessionContext);
  if (!context) throw new Error('useApp outside the logged-in shell');
  return context;
}

export function isStaff(role: Role): boolean {
  return role === 'admin' || role === 'quality' || role === 'purchasing';
}

/** Where a user lands after the login: staff on the ranking, a supplier on its own scorecard. */
export function homePath(session: Session): string {
  if (session.role === 'supplier' && session.supplier_id) return scorecardPath(session.supplier_id);
  return '/ranking';
}

/** The pages only staff may open (a supplier user would only be refused there). */
const STAFF_PAGES: ReadonlySet<string> = new Set(['ranking', 'runs', 'run-diff', 'imports', 'holds', 'sourcing']);

/**
 * Where the login sends a user back to: the path it came from, unless that
 * is a page of staff and the user is a supplier user (who would only be
 * refused there), or the start page.
 */
export function returnPathFor(session: Session, path: string): string {
  const route = routeOf(path.split(/[?#]/)[0] ?? '/');
  if (route.page === 'home' || (STAFF_PAGES.has(route.page) && !isStaff(session.role))) return homePath(session);
  return path;
}

/** Whether the role may publish a settlement (policy: purchasing, admin). */
export function actsForPurchasing(role: Role): boolean {
  return role === 'purchasing' || role === 'admin';
}

/** Whether the role may import, publish runs and impose or withdraw holds (policy.hpp: quality, admin). */
export function actsForQuality(role: Role): boolean {
  return role === 'quality' || role === 'admin';
}

export interface NavItem {
  label: string;
  href: string;
}

/** The navigation a role sees (pages of issue 21 are added here as they come). */
export function navigationFor(session: Session): NavItem[] {
  if (isStaff(session.role)) {
    return [
      { label: 'Ranking', href: '/ranking' },
      { label: 'Runs', href: '/runs' },
      { label: 'Imports', href: '/imports' },
      { label: 'Holds', href: '/holds' },
      { label: 'Adjustments', href: ADJUSTMENTS_PATH },
      { label: 'Discussions', href: THREADS_PATH },
      ...CONTRACT_ITEMS,
      { label: 'Escalations', href: ESCALATIONS_PATH },
      { label: 'Sourcing', href: SOURCING_PATH },
      ...ADMIN_ITEMS[session.role],
    ];
  }
  if (session.supplier_id) return supplierNavigation(session.supplier_id);
  return [];
}

/** The contracts and their settlements (issue 22): staff all, a supplier user its own. */
const CONTRACT_ITEMS: NavItem[] = [
  { label: 'Contracts', href: CONTRACTS_PATH },
  { label: 'Settlements', href: SETTLEMENTS_PATH },
];

const ADMIN_ITEMS: Record<Role, NavItem[]> = {
  admin: [
    { label: 'Users', href: ADMIN_USERS_PATH },
    { label: 'Audit log', href: ADMIN_AUDIT_PATH },
  ],
  quality: [],
  purchasing: [],
  supplier: [],
};

/** A supplier user's portal: its scorecard, its holds, its contracts and their cases, the rule set it is evaluated by. */
function supplierNavigation(supplierId: string): NavItem[] {
  return [
    { label: 'My scorecard', href: scorecardPath(supplierId) },
    { label: 'Holds', href: supplierHoldsPath(supplierId) },
    { label: 'Adjustments', href: ADJUSTMENTS_PATH },
    { label: 'Discussions', href: THREADS_PATH },
    ...CONTRACT_ITEMS,
    { label: 'Escalations', href: ESCALATIONS_PATH },
    { label: 'Rules', href: RULES_PATH },
  ];
}
