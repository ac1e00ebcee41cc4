// An audit entry's before and after as the members that changed.
import { describe, expect, it } from 'vitest';
import { auditChanges, sinceInstant, valueText } from '../../src/lib/audit-view';

describe('auditChanges', () => {
  it('lists only the members that differ, a member on one side as absent on the other', () => {
    expect(
      auditChanges(
        { role: 'quality', disabled: false, name: 'bob' },
        { role: 'admin', disabled: true, name: 'bob', totp: true },
      ),
    ).toEqual([
      { field: 'role', before: 'quality', after: 'admin' },
      { field: 'disabled', before: 'no', after: 'yes' },
      { field: 'totp', before: '—', after: 'yes' },
    ]);
  });

  it('shows a creation and a deletion member by member', () => {
    expect(auditChanges(null, { name: 'bob', supplier_id: null })).toEqual([
      { field: 'name', before: '—', after: 'bob' },
    ]);
    expect(auditChanges({ id: 7 }, null)).toEqual([{ field: 'id', before: '7', after: '—' }]);
  });

  it('compares nested values whole and shows them as JSON', () => {
    expect(auditChanges({ a: { b: [1] } }, { a: { b: [1] } })).toEqual([]);
    expect(auditChanges({ a: { b: [1] } }, { a: { b: [2] } })).toEqual([
      { field: 'a', before: '{"b":[1]}', after: '{"b":[2]}' },
    ]);
  });

  it('shows values that are not objects as one row, and nothing for two nulls', () => {
    expect(auditChanges(null, null)).toEqual([]);
    expect(auditChanges(null, 'text')).toEqual([{ field: 'value', before: '—', after: 'text' }]);
    expect(valueText('')).toBe('""');
  });
});

describe('sinceInstant', () => {
  it('takes a day as its start in UTC, and nothing else', () => {
    expect(sinceInstant('2026-07-01')).toBe('2026-07-01T00:00:00Z');
    expect(sinceInstant('')).toBeNull();
    expect(sinceInstant('2026-7-1')).toBeNull();
  });
});
