// What every form of the account and admin pages shares: an action that is
// busy while it runs, its error in plain words (role="alert"), and a secret
// the server shows once (an initial password, an API token, a TOTP secret)
// with a button that copies it.
import { useState } from 'preact/hooks';
import { messageOf } from '../api/problem';
import '../styles/forms.css';

export interface Action {
  busy: boolean;
  error: string | null;
  /** What failed last (an ApiError, say), for a page that offers a way out of it. */
  failure: unknown;
  /** Runs `work`; a failure becomes `error` in words (`describe` may word it otherwise). */
  run: (work: () => Promise<void>) => Promise<void>;
  clear: () => void;
}

export function useAction(describe: (error: unknown) => string = messageOf): Action {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ error: string; cause: unknown } | null>(null);
  const run = async (work: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setFailure(null);
    try {
      await work();
    } catch (caught) {
      setFailure({ error: describe(caught), cause: caught });
    } finally {
      setBusy(false);
    }
  };
  return { busy, error: failure?.error ?? null, failure: failure?.cause ?? null, run, clear: () => setFailure(null) };
}

export function ActionError({ action }: { action: Action }) {
  if (!action.error) return null;
  return (
    <p class="state state-error" role="alert">
      {action.error}
    </p>
  );
}

/** A secret shown once, selectable, with a copy button and the warning that it is not shown again. */
export function SecretOnce({ id, label, secret }: { id: string; label: string; secret: string }) {
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  const copy = (): void => {
    navigator.clipboard.writeText(secret).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  };
  return (
    <div class="secret-once" role="group" aria-labelledby={`${id}-label`}>
      <span id={`${id}-label`} class="secret-label">
        {label}
      </span>{' '}
      <code id={id} class="secret">
        {secret}
      </code>{' '}
      <button type="button" onClick={copy} aria-describedby={`${id}-label`}>
        Copy
      </button>
      <span role="status" class="copy-status">
        {copied === 'yes' ? ' Copied.' : copied === 'failed' ? ' Copying failed: select the text and copy it.' : ''}
      </span>
      <p class="hint">It is shown only now: keep it safe before you leave this page.</p>
    </div>
  );
}
