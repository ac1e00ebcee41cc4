// Front-end URLs: which page a path names, and where the login sends back to.
import { describe, expect, it } from 'vitest';
import {
  contractPath,
  escalationPath,
  listPath,
  loginPath,
  offsetOf,
  routeOf,
  runDiffPath,
  safeReturnPath,
  scorecardPath,
  settlementPath,
} from '../../src/lib/router';

describe('routeOf', () => {
  it('names the pages', () => {
    expect(routeOf('/')).toEqual({ page: 'home' });
    expect(routeOf('/login')).toEqual({ page: 'login' });
    expect(routeOf('/ranking')).toEqual({ page: 'ranking' });
    expect(routeOf('/account/password')).toEqual({ page: 'password' });
    expect(routeOf('/suppliers/S00002')).toEqual({ page: 'scorecard', supplierId: 'S00002' });
    expect(routeOf('/suppliers/A%2FB')).toEqual({ page: 'scorecard', supplierId: 'A/B' });
    expect(routeOf('/suppliers/S%201/holds')).toEqual({ page: 'supplier-holds', supplierId: 'S 1' });
    expect(routeOf('/account')).toEqual({ page: 'account' });
    expect(routeOf('/rules/')).toEqual({ page: 'rules' });
    expect(routeOf('/admin/users')).toEqual({ page: 'admin-users' });
    expect(routeOf('/admin/users/a%20b')).toEqual({ page: 'admin-user', name: 'a b' });
    expect(routeOf('/admin/audit')).toEqual({ page: 'admin-audit' });
  });

  it('answers not-found for anything else', () => {
    expect(routeOf('/suppliers/')).toEqual({ page: 'not-found' });
    expect(routeOf('/suppliers/S1/extra')).toEqual({ page: 'not-found' });
    expect(routeOf('/suppliers/%E0%A4%A')).toEqual({ page: 'not-found' });
    expect(routeOf('/rankings')).toEqual({ page: 'not-found' });
    expect(routeOf('/admin')).toEqual({ page: 'not-found' });
    expect(routeOf('/admin/users/%E0%A4%A')).toEqual({ page: 'not-found' });
  });

  it('names the contract and settlement pages', () => {
    expect(routeOf('/contracts')).toEqual({ page: 'contracts' });
    expect(routeOf('/contracts/')).toEqual({ page: 'contracts' });
    expect(routeOf('/contracts/CT%2F1')).toEqual({ page: 'contract', id: 'CT/1' });
    expect(routeOf(contractPath('CT 7'))).toEqual({ page: 'contract', id: 'CT 7' });
    expect(routeOf('/contracts/%E0%A4%A')).toEqual({ page: 'not-found' });
    expect(routeOf('/settlements')).toEqual({ page: 'settlements' });
    expect(routeOf(settlementPath(12))).toEqual({ page: 'settlement', id: '12' });
    expect(routeOf('/settlements/0')).toEqual({ page: 'not-found' });
    expect(routeOf('/settlements/x')).toEqual({ page: 'not-found' });
  });

  it('names the escalation and sourcing pages', () => {
    expect(routeOf('/escalations')).toEqual({ page: 'escalations' });
    expect(routeOf('/escalations/')).toEqual({ page: 'escalations' });
    expect(routeOf('/escalations/C-7')).toEqual({ page: 'escalation', contractId: 'C-7' });
    expect(routeOf(escalationPath('CT/7'))).toEqual({ page: 'escalation', contractId: 'CT/7' });
    expect(escalationPath('KA', '?as_of=2026-03-06')).toBe('/escalations/KA?as_of=2026-03-06');
    expect(routeOf('/escalations/%E0%A4%A')).toEqual({ page: 'not-found' });
    expect(routeOf('/escalations/KA/more')).toEqual({ page: 'not-found' });
    expect(routeOf('/sourcing')).toEqual({ page: 'sourcing' });
  });

  it('writes a list’s filters and offset into its URL', () => {
    expect(listPath('/contracts', { supplier_id: 'S1', type: '', q: 'a b' }, 50)).toBe(
      '/contracts?supplier_id=S1&q=a+b&offset=50',
    );
    expect(listPath('/contracts', { q: '' })).toBe('/contracts');
    expect(offsetOf('?offset=50')).toBe(50);
    expect(offsetOf('?offset=-1')).toBe(0);
    expect(offsetOf('')).toBe(0);
  });

  it('encodes a supplier id into its path', () => {
    expect(scorecardPath('A/B ?', '?run=2')).toBe('/suppliers/A%2FB%20%3F?run=2');
    expect(routeOf(scorecardPath('A/B ?'))).toEqual({ page: 'scorecard', supplierId: 'A/B ?' });
  });
});

describe('the way back after the login', () => {
  it('goes back only to a path of this site', () => {
    expect(safeReturnPath('/ranking?period=2026-H1')).toBe('/ranking?period=2026-H1');
    expect(safeReturnPath('//evil.example/x')).toBe('/');
    expect(safeReturnPath('/\\evil.example')).toBe('/');
    expect(safeReturnPath('https://evil.example/')).toBe('/');
    expect(safeReturnPath(null)).toBe('/');
    expect(safeReturnPath('/login?next=/ranking')).toBe('/');
  });

  it('writes the way back into the login URL', () => {
    expect(loginPath('/ranking?period=2026-H1&sort=-total')).toBe(
      '/login?next=%2Franking%3Fperiod%3D2026-H1%26sort%3D-total',
    );
    expect(loginPath('/')).toBe('/login');
    expect(new URLSearchParams(loginPath('/suppliers/S1?run=2').split('?')[1]).get('next')).toBe('/suppliers/S1?run=2');
  });
});

describe('the quality staff pages', () => {
  it('names runs, a run diff, imports and holds', () => {
    expect(routeOf('/runs')).toEqual({ page: 'runs' });
    expect(routeOf('/runs/')).toEqual({ page: 'runs' });
    expect(routeOf('/imports')).toEqual({ page: 'imports' });
    expect(routeOf('/holds')).toEqual({ page: 'holds' });
    expect(routeOf('/runs/1/diff/12')).toEqual({ page: 'run-diff', a: '1', b: '12' });
    expect(runDiffPath(3, 4)).toBe('/runs/3/diff/4');
  });

  it('answers not-found for a diff of no run numbers', () => {
    expect(routeOf('/runs/0/diff/1')).toEqual({ page: 'not-found' });
    expect(routeOf('/runs/a/diff/1')).toEqual({ page: 'not-found' });
    expect(routeOf('/runs/1/diff')).toEqual({ page: 'not-found' });
  });
});
