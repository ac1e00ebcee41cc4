import { describe, expect, it } from 'vitest';
import type { Adjustment } from '../../src/api/types';
import { daysUntil, deadlineWords, stepFor, submissionErrors } from '../../src/lib/adjustment-view';

function adjustment(state: Adjustment['state'], deadline: string): Adjustment {
  return {
    complaint_id: 'C1',
    supplier_id: 'S1',
    state,
    deadline,
    deadline_at: `${deadline}T23:00:00Z`,
    confirmed_qty: null,
    note: null,
    report: null,
    submitted_by: null,
    submitted_at: null,
    decided_by: null,
    decided_at: null,
    reason: null,
  };
}

describe('the deadline', () => {
  it('counts whole days, across a month end and a leap day', () => {
    expect(daysUntil('2028-03-01', '2028-02-28')).toBe(2);
    expect(daysUntil('2026-03-01', '2026-02-28')).toBe(1);
    expect(daysUntil('2026-05-31', '2026-05-31')).toBe(0);
    expect(daysUntil('2026-05-31', '2026-06-01')).toBe(-1);
  });

  it('says how long an open adjustment has, the last day included', () => {
    expect(deadlineWords(adjustment('open', '2026-05-31'), '2026-05-28')).toBe('3 days left');
    expect(deadlineWords(adjustment('open', '2026-05-31'), '2026-05-30')).toBe('1 day left');
    expect(deadlineWords(adjustment('open', '2026-05-31'), '2026-05-31')).toBe('last day today');
    expect(deadlineWords(adjustment('open', '2026-05-31'), '2026-06-01')).toBe('passed');
  });

  it('says nothing once something was submitted', () => {
    expect(deadlineWords(adjustment('submitted', '2026-05-31'), '2026-05-28')).toBe('');
  });
});

describe('the step a role may take', () => {
  it('lets a supplier and quality submit an open one, not purchasing', () => {
    expect(stepFor('supplier', 'open')).toBe('submit');
    expect(stepFor('quality', 'open')).toBe('submit');
    expect(stepFor('admin', 'open')).toBe('submit');
    expect(stepFor('purchasing', 'open')).toBeNull();
  });

  it('lets quality alone decide a submitted one', () => {
    expect(stepFor('quality', 'submitted')).toBe('decide');
    expect(stepFor('admin', 'submitted')).toBe('decide');
    expect(stepFor('supplier', 'submitted')).toBeNull();
    expect(stepFor('purchasing', 'submitted')).toBeNull();
  });

  it('offers nothing on a decided or expired one', () => {
    for (const state of ['accepted', 'rejected', 'expired'] as const) expect(stepFor('quality', state)).toBeNull();
  });
});

describe('a submission checked before it is sent', () => {
  it('takes zero up to the rejected quantity', () => {
    expect(submissionErrors('0', 10, null)).toEqual({});
    expect(submissionErrors('10', 10, null)).toEqual({});
    expect(submissionErrors('10.5', null, null)).toEqual({});
  });

  it('refuses more than rejected, a negative or no quantity', () => {
    expect(submissionErrors('11', 10, null)['confirmed_qty']).toContain('rejected quantity (10)');
    expect(submissionErrors('-1', 10, null)['confirmed_qty']).toContain('negative');
    expect(submissionErrors(' ', 10, null)['confirmed_qty']).toContain('Enter');
    expect(submissionErrors('ten', 10, null)['confirmed_qty']).toContain('Enter');
  });

  it('takes a PDF, PNG or JPEG report and nothing else', () => {
    expect(submissionErrors('1', 10, { type: 'application/pdf' })).toEqual({});
    expect(submissionErrors('1', 10, { type: 'image/jpeg' })).toEqual({});
    expect(submissionErrors('1', 10, { type: 'text/plain' })['report']).toContain('PDF, PNG or JPEG');
  });
});
