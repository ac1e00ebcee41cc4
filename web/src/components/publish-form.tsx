// The form that publishes something of a period (a run, POST /api/v1/runs;
// a settlement, POST /api/v1/settlements): the period, a refusal shown at
// it (an unknown period, nothing to publish), and what was published.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useSubmission } from '../lib/form-errors';
import { useApp } from '../lib/session';
import { Field } from './field';
import { FieldError } from './field-error';

export function PublishPeriodForm<T>(props: {
  heading: string;
  path: string;
  /** The button's words ("Publish"); "Publishing…" while it runs. */
  button: string;
  /** What the answer says was published, shown as the form's status. */
  describe: (published: T) => ComponentChildren;
  onPublished: () => void;
}) {
  const { client } = useApp();
  const [period, setPeriod] = useState('');
  const [published, setPublished] = useState<T | null>(null);
  const { busy, errors, submit } = useSubmission(
    async () => {
      setPublished(null);
      const answer = await client.post<T>(props.path, { period: period.trim() });
      setPublished(answer);
      props.onPublished();
    },
    () => 'period',
  );
  return (
    <form class="publish no-print" onSubmit={submit} aria-labelledby="publish-heading">
      <h2 id="publish-heading">{props.heading}</h2>
      <div class="form-grid">
        <Field
          id="publish-period"
          label="Period"
          value={period}
          onValue={setPeriod}
          required
          placeholder="2026-H1"
          aria-describedby="publish-period-error"
          aria-invalid={errors['period'] ? 'true' : undefined}
        />
        <FieldError id="publish-period-error" message={errors['period'] ?? errors['']} />
        <div class="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Publishing…' : props.button}
          </button>
        </div>
      </div>
      {published !== null && <p role="status">{props.describe(published)}</p>}
    </form>
  );
}
