// A session that must change its password or enrol TOTP first (API.md
// "Authentication and sessions"): until then the API refuses every other
// route, so the pages say what is needed instead of failing one by one.
import type { RequiredAction } from '../api/types';
import { ChangePasswordPage } from './change-password';

export function RequiredActionPage({ action }: { action: Exclude<RequiredAction, null> }) {
  if (action === 'change-password') return <ChangePasswordPage required />;
  return (
    <section>
      <h1>One step before you start</h1>
      <p role="alert">This server asks for two-factor authentication: enrol an authenticator app first.</p>
      <p>
        The enrolment page of the web application is not built yet: enrol through the API (<code>POST</code> and{' '}
        <code>PUT /api/v1/session/totp</code>), or ask an administrator.
      </p>
    </section>
  );
}
