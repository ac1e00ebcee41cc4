// A form field's error message under it, tied to the field by its id
// (the field's aria-describedby), announced when it appears.
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return (
    <span id={id} class="field-error" role={message ? 'alert' : undefined}>
      {message ?? ''}
    </span>
  );
}
