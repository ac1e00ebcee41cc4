// A session that must change its password or enrol TOTP first (API.md
// "Authentication and sessions"): until then the API refuses every other
// route, so the pages say what is needed instead of failing one by one.
import type { RequiredAction } from '../api/types';
import { useApp } from '../lib/session';
import { TotpEnrolmentForm } from './account';
import { ChangePasswordPage } from './change-password';

export function RequiredActionPage({ action }: { action: Exclude<RequiredAction, null> }) {
  const { refreshSession } = useApp();
  if (action === 'change-password') return <ChangePasswordPage required />;
  return (
    <section class="narrow">
      <h1>One step before you start</h1>
      <p role="alert">This server asks for two-factor authentication: set up an authenticator app first.</p>
      <TotpEnrolmentForm onEnrolled={() => void refreshSession()} />
    </section>
  );
}
