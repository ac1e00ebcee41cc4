// A labelled text input bound to a string: the label names the input (for
// screen readers and getByLabel), the value flows in and out as text.
import type { JSX } from 'preact';

type InputProps = Omit<JSX.IntrinsicElements['input'], 'id' | 'value' | 'onInput'>;

export function Field(
  props: { id: string; label: string; value: string; onValue: (value: string) => void } & InputProps,
) {
  const { id, label, value, onValue, ...input } = props;
  return (
    <>
      <label for={id}>{label}</label>
      <input id={id} {...input} value={value} onInput={(e) => onValue(e.currentTarget.value)} />
    </>
  );
}
