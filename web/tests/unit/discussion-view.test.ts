import { describe, expect, it } from 'vitest';
import {
  MAX_BODY,
  aboutWords,
  characterCount,
  newThreadRequest,
  readMarker,
  textError,
  type NewThreadForm,
} from '../../src/lib/discussion-view';

const form = (change: Partial<NewThreadForm>): NewThreadForm => ({
  supplierId: '',
  about: 'complaint',
  complaintId: 'K1',
  run: '',
  settlement: '',
  settlementLine: '',
  subject: 'Count',
  body: 'Please check.',
  ...change,
});

describe('a thread in words', () => {
  it('names its complaint or its run', () => {
    expect(aboutWords({ complaint_id: 'K1', run: null })).toBe('complaint K1');
    expect(aboutWords({ complaint_id: null, run: 3 })).toBe('the result in run 3');
    expect(aboutWords({ complaint_id: null, run: null, settlement: 4, settlement_line: 12 })).toBe(
      'settlement 4 line 12',
    );
    expect(aboutWords({ complaint_id: null, run: null, settlement: null, settlement_line: null })).toBe(
      'this supplier',
    );
  });
});

describe('the length of a text', () => {
  it('counts characters as the server does, not UTF-16 units', () => {
    expect(characterCount('ä€😀')).toBe(3);
  });

  it('takes up to the limit and refuses one more or a blank one', () => {
    expect(textError('x'.repeat(MAX_BODY), MAX_BODY, 'message')).toBeNull();
    expect(textError('😀'.repeat(MAX_BODY), MAX_BODY, 'message')).toBeNull();
    expect(textError('x'.repeat(MAX_BODY + 1), MAX_BODY, 'message')).toContain('10001 characters');
    expect(textError('  \n', MAX_BODY, 'message')).toBe('Write the message.');
  });
});

describe('a new thread', () => {
  it('is about a complaint, the supplier left to the server', () => {
    expect(newThreadRequest(form({}))).toEqual({
      body: { subject: 'Count', body: 'Please check.', complaint_id: 'K1' },
    });
  });

  it('is about a run result of a named supplier', () => {
    expect(newThreadRequest(form({ about: 'run', run: '3', supplierId: ' S1 ' }))).toEqual({
      body: { subject: 'Count', body: 'Please check.', supplier_id: 'S1', run: 3 },
    });
  });

  it('is about a settlement line of a named supplier', () => {
    expect(
      newThreadRequest(form({ about: 'settlement', settlement: '4', settlementLine: ' 12 ', supplierId: 'S1' })),
    ).toEqual({
      body: { subject: 'Count', body: 'Please check.', supplier_id: 'S1', settlement: 4, settlement_line: 12 },
    });
    const missing = newThreadRequest(form({ about: 'settlement', settlement: '0', settlementLine: '' }));
    expect('errors' in missing && Object.keys(missing.errors).sort()).toEqual([
      'settlement',
      'settlement_line',
      'supplier_id',
    ]);
  });

  it('says what is missing, by field', () => {
    const result = newThreadRequest(form({ about: 'run', run: 'x', subject: '', body: ' ' }));
    expect('errors' in result && Object.keys(result.errors).sort()).toEqual(['body', 'run', 'subject', 'supplier_id']);
    const noComplaint = newThreadRequest(form({ complaintId: ' ' }));
    expect('errors' in noComplaint && noComplaint.errors['complaint_id']).toBe('Name the complaint.');
  });
});

describe('the read marker', () => {
  it('is the newest message, none without messages', () => {
    const at = '2026-12-07T00:00:00Z';
    expect(readMarker([])).toBeNull();
    expect(
      readMarker([
        { id: 4, author: 'a', body: 'x', created_at: at },
        { id: 9, author: 'b', body: 'y', created_at: at },
      ]),
    ).toBe(9);
  });
});
