// The application: reads the session once, then routes. Without a session
// every page but the login sends the user to the login page with the way
// back (`/login?next=/ranking%3Fperiod%3D…`); a 401 later (session expired or
// revoked) does the same from wherever the user is.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiClient } from './api/client';
import type { Session } from './api/types';
import { ErrorState, Loading } from './components/states';
import { Shell } from './components/shell';
import { AccountPage } from './pages/account';
import { AdminAuditPage } from './pages/admin-audit';
import { AdminUserPage } from './pages/admin-user';
import { AdminUsersPage } from './pages/admin-users';
import { ChangePasswordPage } from './pages/change-password';
import { ContractPage } from './pages/contract';
import { ContractsPage } from './pages/contracts';
import { EscalationPage } from './pages/escalation';
import { EscalationsPage } from './pages/escalations';
import { LoginPage } from './pages/login';
import { NotFoundPage } from './pages/not-found';
import { RankingPage } from './pages/ranking';
import { RequiredActionPage } from './pages/required-action';
import { RulesPage } from './pages/rules';
import { AdjustmentsPage } from './pages/adjustments';
import { NotificationsPage } from './pages/notifications';
import { ThreadPage } from './pages/thread';
import { ThreadsPage } from './pages/threads';
import { ScorecardPage } from './pages/scorecard';
import { HoldsPage } from './pages/holds';
import { ImportsPage } from './pages/imports';
import { RunDiffPage } from './pages/run-diff';
import { RunsPage } from './pages/runs';
import { SettlementPage } from './pages/settlement';
import { SettlementsPage } from './pages/settlements';
import { SourcingPage } from './pages/sourcing';
import { SupplierHoldsPage } from './pages/supplier-holds';
import { loginPath, navigate, routeOf, safeReturnPath, useLocation } from './lib/router';
import { SessionContext, homePath, returnPathFor } from './lib/session';

type SessionState =
  { state: 'checking' } | { state: 'error'; error: unknown } | { state: 'known'; session: Session | null };

function hereWithQuery(): string {
  return `${window.location.pathname}${window.location.search}`;
}

export function App() {
  const [sessionState, setSessionState] = useState<SessionState>({ state: 'checking' });
  const location = useLocation();
  const client = useMemo(
    () =>
      new ApiClient({
        onUnauthenticated: () => {
          setSessionState({ state: 'known', session: null });
          if (routeOf(window.location.pathname).page !== 'login') navigate(loginPath(hereWithQuery()), true);
        },
      }),
    [],
  );

  useEffect(() => {
    client.currentSession().then(
      (session) => setSessionState({ state: 'known', session }),
      (error: unknown) => setSessionState({ state: 'error', error }),
    );
  }, [client]);

  const route = routeOf(location.pathname);
  const session = sessionState.state === 'known' ? sessionState.session : null;

  // Redirects decided by the session and the route, after rendering.
  useEffect(() => {
    if (sessionState.state !== 'known') return;
    if (!session && route.page !== 'login') navigate(loginPath(hereWithQuery()), true);
    else if (session && route.page === 'home') navigate(homePath(session), true);
  }, [sessionState, session, route.page]);

  if (sessionState.state === 'checking') return <Loading what="the session" />;
  if (sessionState.state === 'error') return <ErrorState error={sessionState.error} />;

  if (route.page === 'login') {
    return (
      <LoginPage
        client={client}
        onLoggedIn={(next: Session) => {
          setSessionState({ state: 'known', session: next });
          const back = safeReturnPath(new URLSearchParams(window.location.search).get('next'));
          navigate(returnPathFor(next, back), true);
        }}
      />
    );
  }
  if (!session) return <Loading what="the login page" />;

  const refreshSession = async (): Promise<void> => {
    const current = await client.currentSession();
    setSessionState({ state: 'known', session: current });
  };

  const logout = (): void => {
    client.logout().finally(() => {
      setSessionState({ state: 'known', session: null });
      navigate('/login', true);
    });
  };

  return (
    <SessionContext.Provider value={{ client, session, logout, refreshSession }}>
      <Shell>
        {session.required_action !== null ? (
          <RequiredActionPage action={session.required_action} />
        ) : route.page === 'ranking' ? (
          <RankingPage search={location.search} />
        ) : route.page === 'password' ? (
          <ChangePasswordPage required={false} />
        ) : route.page === 'scorecard' ? (
          <ScorecardPage supplierId={route.supplierId} search={location.search} />
        ) : route.page === 'runs' ? (
          <RunsPage search={location.search} />
        ) : route.page === 'run-diff' ? (
          <RunDiffPage a={route.a} b={route.b} />
        ) : route.page === 'imports' ? (
          <ImportsPage search={location.search} />
        ) : route.page === 'holds' ? (
          <HoldsPage search={location.search} />
        ) : route.page === 'supplier-holds' ? (
          <SupplierHoldsPage supplierId={route.supplierId} />
        ) : route.page === 'rules' ? (
          <RulesPage search={location.search} />
        ) : route.page === 'account' ? (
          <AccountPage />
        ) : route.page === 'admin-users' ? (
          <AdminUsersPage />
        ) : route.page === 'admin-user' ? (
          <AdminUserPage name={route.name} />
        ) : route.page === 'admin-audit' ? (
          <AdminAuditPage />
        ) : route.page === 'adjustments' ? (
          <AdjustmentsPage search={location.search} />
        ) : route.page === 'threads' ? (
          <ThreadsPage search={location.search} />
        ) : route.page === 'thread' ? (
          <ThreadPage id={route.id} />
        ) : route.page === 'notifications' ? (
          <NotificationsPage search={location.search} />
        ) : route.page === 'contracts' ? (
          <ContractsPage search={location.search} />
        ) : route.page === 'contract' ? (
          <ContractPage id={route.id} search={location.search} />
        ) : route.page === 'settlements' ? (
          <SettlementsPage search={location.search} />
        ) : route.page === 'settlement' ? (
          <SettlementPage id={route.id} search={location.search} />
        ) : route.page === 'escalations' ? (
          <EscalationsPage search={location.search} />
        ) : route.page === 'escalation' ? (
          <EscalationPage contractId={route.contractId} search={location.search} />
        ) : route.page === 'sourcing' ? (
          <SourcingPage search={location.search} />
        ) : route.page === 'home' ? (
          <Loading what="your start page" />
        ) : (
          <NotFoundPage />
        )}
      </Shell>
    </SessionContext.Provider>
  );
}
