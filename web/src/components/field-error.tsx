// A form field's error message under it, tied to the field by its id
// (the field's aria-describedby), announced when it appears; and a labelled
// field together with its error.
import type { ComponentProps } from 'preact';
import { Field } from './field';

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return (
    <span id={id} class="field-error" role={message ? 'alert' : undefined}>
      {message ?? ''}
    </span>
  );
}

/** A labelled field (`${prefix}-${name}`) with its error under it, marked invalid while it has one. */
export function CheckedField(
  props: { prefix: string; name: string; error: string | undefined } & Omit<ComponentProps<typeof Field>, 'id'>,
) {
  const { prefix, name, error, ...field } = props;
  const errorId = `${prefix}-${name}-error`;
  return (
    <>
      <Field id={`${prefix}-${name}`} {...field} aria-describedby={errorId} aria-invalid={error ? 'true' : undefined} />
      <FieldError id={errorId} message={error} />
    </>
  );
}
