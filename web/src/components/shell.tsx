// The frame of every page behind the login: a skip link, the site name, the
// navigation the user's role gets, who is logged in and the logout button.
// A move to another page puts the focus on its content (as a page load
// would), so a screen reader starts there; a change of the query (a sort,
// a page) leaves the focus where the user is.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { Adjustment, AppNotification, ListPage } from '../api/types';
import {
  ACCOUNT_PATH,
  ADJUSTMENTS_PATH,
  NOTIFICATIONS_PATH,
  PASSWORD_PATH,
  onLinkClick,
  useLocation,
} from '../lib/router';
import { actsForQuality, navigationFor, useApp } from '../lib/session';
import { useLoad } from './states';

/** The submissions waiting for quality (the badge at "Adjustments"), read again on each move; null while unknown. */
function usePendingAdjustments(enabled: boolean, pathname: string): number | null {
  const { client } = useApp();
  const pending = useLoad(`pending|${enabled}|${pathname}`, () =>
    enabled
      ? client.get<ListPage<Adjustment>>('/api/v1/adjustments', { state: 'submitted', limit: 1 })
      : Promise.resolve(null),
  );
  return pending.state === 'ready' && pending.value ? pending.value.total_count : null;
}

/** The caller's unread notifications (the badge at "Notifications"), read again on each move; null while unknown. */
function useUnreadNotifications(pathname: string): number | null {
  const { client } = useApp();
  const unread = useLoad(`unread|${pathname}`, () =>
    client.get<ListPage<AppNotification>>('/api/v1/notifications', { unread: 'true', limit: 1 }),
  );
  return unread.state === 'ready' ? unread.value.total_count : null;
}

export function Shell({ children }: { children: ComponentChildren }) {
  const { session, logout } = useApp();
  const { pathname } = useLocation();
  const pending = usePendingAdjustments(actsForQuality(session.role), pathname);
  const unread = useUnreadNotifications(pathname);
  const main = useRef<HTMLElement>(null);
  const shownBefore = useRef(false);
  useEffect(() => {
    if (shownBefore.current) main.current?.focus();
    shownBefore.current = true;
  }, [pathname]);
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="site-header">
        <span class="site-name">supeval</span>
        <nav aria-label="Main">
          <ul>
            {navigationFor(session).map((item) => (
              <li key={item.href}>
                <a
                  href={item.href}
                  aria-current={pathname === item.href.split('?')[0] ? 'page' : undefined}
                  onClick={(event) => onLinkClick(event, item.href)}
                >
                  {item.label}
                  {item.href === ADJUSTMENTS_PATH && pending !== null && pending > 0 && (
                    <span class="badge" aria-label={`${pending} waiting for a decision`}>
                      {pending}
                    </span>
                  )}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span class="who">
          {session.display_name} <span class="role">({session.role})</span>{' '}
          <a href={PASSWORD_PATH} onClick={(event) => onLinkClick(event, PASSWORD_PATH)}>
            Password
          </a>{' '}
          <a href={ACCOUNT_PATH} onClick={(event) => onLinkClick(event, ACCOUNT_PATH)}>
            My account
          </a>{' '}
          <a href={NOTIFICATIONS_PATH} onClick={(event) => onLinkClick(event, NOTIFICATIONS_PATH)}>
            Notifications
            {unread !== null && unread > 0 && (
              <span class="badge" aria-label={`${unread} unread`}>
                {unread}
              </span>
            )}
          </a>
        </span>
        <button type="button" class="link-button" onClick={logout}>
          Log out
        </button>
      </header>
      <main id="main" tabIndex={-1} ref={main}>
        {children}
      </main>
    </>
  );
}
