// An audit entry's `before` and `after` (the changed thing as JSON, either
// null) as rows a person reads: one row per member that differs, with the
// value before and after in words; nested values as compact JSON.

export interface ChangeRow {
  field: string;
  before: string;
  after: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value as text: null and absence as a dash, text as itself, the rest as JSON. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return JSON.stringify(value);
}

/**
 * The members that changed. Two objects: each member whose value differs
 * as shown (a member only on one side is absent on the other; null and
 * absent are the same). Anything else (a
 * creation, a text): one row, field "value" when neither side is an object.
 */
export function auditChanges(before: unknown, after: unknown): ChangeRow[] {
  if (!isObject(before) && !isObject(after)) {
    if (before === null && after === null) return [];
    return [{ field: 'value', before: valueText(before), after: valueText(after) }];
  }
  const old = isObject(before) ? before : {};
  const now = isObject(after) ? after : {};
  const fields = [...new Set([...Object.keys(old), ...Object.keys(now)])];
  return fields.flatMap((field) => {
    // Compared as shown: null and absent read the same, so neither is a change.
    const was = valueText(old[field]);
    const is = valueText(now[field]);
    return was === is ? [] : [{ field, before: was, after: is }];
  });
}

/** The audit actions of API.md (the server may add more: the filter takes any text too). */
export const AUDIT_ACTIONS = [
  'run.publish',
  'import',
  'hold.impose',
  'hold.withdraw',
  'adjustment.submit',
  'adjustment.decide',
  'user.create',
  'user.update',
  'user.logout',
  'token.create',
  'token.revoke',
] as const;

/** A `since` day (YYYY-MM-DD, from a date input) as the instant it starts in UTC, or null. */
export function sinceInstant(day: string): string | null {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? `${day}T00:00:00Z` : null;
}
