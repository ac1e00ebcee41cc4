// A session that must change its password or enrol TOTP first (API.md
// "Authentication and sessions"): until then the API refuses every other
// route, so the pages say what is needed instead of failing one by one.
import type { RequiredAction } from '../api/types';

const WHAT: Record<Exclude<RequiredAction, null>, string> = {
  'change-password': 'Your account has an initial password: choose your own password first.',
  'enrol-totp': 'This server asks for two-factor authentication: enrol an authenticator app first.',
};

export function RequiredActionPage({ action }: { action: Exclude<RequiredAction, null> }) {
  return (
    <section>
      <h1>One step before you start</h1>
      <p role="alert">{WHAT[action]}</p>
      <p>
        This page of the web application is not built yet; ask an administrator to set your password or to reset the
        requirement with <code>supeval users</code>.
      </p>
    </section>
  );
}
