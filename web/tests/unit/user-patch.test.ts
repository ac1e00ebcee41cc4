// The admin's user form sends only what changed (JSON Merge Patch): a
// supplier binding goes with the supplier role, and null removes it.
import { describe, expect, it } from 'vitest';
import type { UserWithPassword } from '../../src/api/types';
import { userPatch } from '../../src/pages/admin-user';

const BOB: UserWithPassword = {
  name: 'bob',
  display_name: 'Bob',
  role: 'supplier',
  supplier_id: 'S1',
  disabled: false,
  totp: false,
  created_at: '2026-07-01T08:00:00Z',
  last_login_at: null,
};

const form = { display_name: 'Bob', role: 'supplier', supplier_id: 'S1', disabled: false };

describe('userPatch', () => {
  it('is empty when nothing changed', () => {
    expect(userPatch(BOB, form)).toEqual({});
  });

  it('carries each changed member', () => {
    expect(userPatch(BOB, { ...form, display_name: 'Robert', disabled: true, supplier_id: 'S2' })).toEqual({
      display_name: 'Robert',
      disabled: true,
      supplier_id: 'S2',
    });
  });

  it('removes the supplier binding with null when the role leaves supplier', () => {
    expect(userPatch(BOB, { ...form, role: 'quality' })).toEqual({ role: 'quality', supplier_id: null });
    const quality = { ...BOB, role: 'quality' as const, supplier_id: null };
    expect(userPatch(quality, { ...form, role: 'quality', supplier_id: 'typed but hidden' })).toEqual({});
    expect(userPatch(quality, form)).toEqual({ role: 'supplier', supplier_id: 'S1' });
  });
});
