// Where a role lands and what it is offered: the start page, the way back
// after the login, the navigation.
import { describe, expect, it } from 'vitest';
import type { Role, Session } from '../../src/api/types';
import { actsForPurchasing, actsForQuality, homePath, navigationFor, returnPathFor } from '../../src/lib/session';

function session(role: Role, supplier: string | null = null): Session {
  return {
    user: role,
    display_name: role,
    role,
    supplier_id: supplier,
    csrf_token: 't',
    expires_at: '2026-07-01T20:00:00Z',
    idle_expires_at: '2026-07-01T08:30:00Z',
    required_action: null,
  };
}

describe('where a user lands', () => {
  it('sends staff to the ranking and a supplier user to its own scorecard', () => {
    for (const role of ['admin', 'quality', 'purchasing'] as const) expect(homePath(session(role))).toBe('/ranking');
    expect(homePath(session('supplier', 'S 1'))).toBe('/suppliers/S%201');
  });

  it('goes back where the user was, except to a page its role is refused', () => {
    expect(returnPathFor(session('quality'), '/ranking?sort=-total')).toBe('/ranking?sort=-total');
    expect(returnPathFor(session('quality'), '/')).toBe('/ranking');
    expect(returnPathFor(session('supplier', 'S1'), '/ranking?sort=-total')).toBe('/suppliers/S1');
    expect(returnPathFor(session('supplier', 'S1'), '/suppliers/S1?run=2')).toBe('/suppliers/S1?run=2');
    expect(returnPathFor(session('supplier', 'S1'), '/holds')).toBe('/suppliers/S1');
    expect(returnPathFor(session('supplier', 'S1'), '/sourcing')).toBe('/suppliers/S1');
    expect(returnPathFor(session('supplier', 'S1'), '/escalations/KA')).toBe('/escalations/KA');
    expect(returnPathFor(session('supplier', 'S1'), '/runs/1/diff/2')).toBe('/suppliers/S1');
    expect(returnPathFor(session('quality'), '/imports?batch=2')).toBe('/imports?batch=2');
    // Another supplier's page is the server's to refuse (404), never hidden here.
    expect(returnPathFor(session('supplier', 'S1'), '/suppliers/S2')).toBe('/suppliers/S2');
  });

  it('lets quality and admin change data, not purchasing or a supplier', () => {
    expect(actsForQuality('quality')).toBe(true);
    expect(actsForQuality('admin')).toBe(true);
    expect(actsForQuality('purchasing')).toBe(false);
    expect(actsForQuality('supplier')).toBe(false);
  });

  it('lets purchasing and admin publish settlements', () => {
    expect(actsForPurchasing('purchasing')).toBe(true);
    expect(actsForPurchasing('admin')).toBe(true);
    expect(actsForPurchasing('quality')).toBe(false);
    expect(actsForPurchasing('supplier')).toBe(false);
  });

  it('offers each role its own navigation', () => {
    expect(navigationFor(session('purchasing')).map((item) => item.href)).toEqual([
      '/ranking',
      '/runs',
      '/imports',
      '/holds',
      '/adjustments',
      '/threads',
      '/contracts',
      '/settlements',
      '/escalations',
      '/sourcing',
    ]);
    expect(navigationFor(session('supplier', 'S1')).map((item) => item.href)).toEqual([
      '/suppliers/S1',
      '/suppliers/S1/holds',
      '/adjustments',
      '/threads',
      '/contracts',
      '/settlements',
      '/escalations',
      '/rules',
    ]);
    expect(navigationFor(session('admin')).map((item) => item.href)).toEqual([
      '/ranking',
      '/runs',
      '/imports',
      '/holds',
      '/adjustments',
      '/threads',
      '/contracts',
      '/settlements',
      '/escalations',
      '/sourcing',
      '/admin/users',
      '/admin/audit',
    ]);
  });
});
