// A refused form submission shown at its fields: a problem's items that
// point at a body member (`/supplier_id`) go to that field; a refusal that
// names no member (409 conflict, 422 rule) goes to the field the form says
// it concerns, so the message sits where the user has to act.
import { useState } from 'preact/hooks';
import { ApiError, messageOf } from '../api/problem';

export type FieldErrors = Record<string, string>;

/**
 * The messages of `error` by field name. `fieldFor` chooses the field of a
 * problem without pointers (by its NAME); null leaves it to the form's
 * general message (returned under '').
 */
export function fieldErrorsOf(error: unknown, fieldFor: (error: ApiError) => string | null): FieldErrors {
  const result: FieldErrors = {};
  if (!(error instanceof ApiError)) return { '': messageOf(error) };
  for (const item of error.errors) {
    const field = item.pointer?.replace(/^\//, '') ?? item.parameter ?? '';
    // Shown at its field, the detail need not name the member again ("/why: required").
    const named = item.pointer ?? item.parameter;
    const detail = named && item.detail.startsWith(`${named}: `) ? item.detail.slice(named.length + 2) : item.detail;
    result[field] = result[field] ? `${result[field]} ${detail}` : detail;
  }
  if (error.errors.length === 0) result[fieldFor(error) ?? ''] = messageOf(error);
  return result;
}

export interface Submission {
  busy: boolean;
  errors: FieldErrors;
  /** The form's onSubmit: runs the action once, its refusal shown at the fields. */
  submit: (event: Event) => Promise<void>;
}

/** A form's sending state: busy while `action` runs, its refusal as field errors. */
export function useSubmission(action: () => Promise<void>, fieldFor: (error: ApiError) => string | null): Submission {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    try {
      await action();
    } catch (error) {
      setErrors(fieldErrorsOf(error, fieldFor));
    } finally {
      setBusy(false);
    }
  };
  return { busy, errors, submit };
}
