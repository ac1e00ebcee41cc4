// The upload's file names and a refused upload's errors by file and line;
// a refusal shown at the field it concerns.
import { describe, expect, it } from 'vitest';
import { ApiError, NetworkError } from '../../src/api/problem';
import { fieldErrorsOf } from '../../src/lib/form-errors';
import { errorsByFile, refusedFileNames } from '../../src/lib/upload';

describe('refusedFileNames', () => {
  it('refuses names that are no interchange file, and a file twice', () => {
    expect(refusedFileNames(['suppliers.csv', 'deliveries.csv'])).toEqual({ unknown: [], repeated: [] });
    expect(refusedFileNames(['Suppliers.csv', 'x.txt', 'holds.csv', 'holds.csv'])).toEqual({
      unknown: ['Suppliers.csv', 'x.txt'],
      repeated: ['holds.csv'],
    });
  });
});

describe('errorsByFile', () => {
  it('groups by file in the interchange order, lines ascending, file-less items last', () => {
    const groups = errorsByFile([
      { detail: 'a', file: 'deliveries.csv', line: 9, column: 'due_qty' },
      { detail: 'b', file: 'suppliers.csv', line: 3 },
      { detail: 'c', file: 'deliveries.csv', line: 2 },
      { detail: 'd' },
    ]);
    expect(groups.map((g) => [g.file, g.items.map((i) => i.detail)])).toEqual([
      ['suppliers.csv', ['b']],
      ['deliveries.csv', ['c', 'a']],
      ['', ['d']],
    ]);
    expect(errorsByFile([])).toEqual([]);
  });
});

describe('fieldErrorsOf', () => {
  const problem = (status: number, name: string, errors: { detail: string; pointer?: string }[] = []) =>
    new ApiError(status, name as never, 'title', `detail ${status}`, null, errors, null);

  it('puts pointed items at their member', () => {
    const error = problem(400, 'invalid-request', [
      { detail: 'not a date', pointer: '/imposed_on' },
      { detail: 'required', pointer: '/why' },
    ]);
    expect(fieldErrorsOf(error, () => 'supplier_id')).toEqual({ imposed_on: 'not a date', why: 'required' });
  });

  it('drops the member the detail names, as it stands at that field', () => {
    const error = problem(422, 'rule-violation', [
      { detail: "/supplier_id: unknown supplier 'X'", pointer: '/supplier_id' },
    ]);
    expect(fieldErrorsOf(error, () => null)).toEqual({ supplier_id: "unknown supplier 'X'" });
  });

  it('puts a refusal without items at the field the form names, or the general message', () => {
    expect(fieldErrorsOf(problem(409, 'conflict'), (e) => (e.status === 409 ? 'imposed_on' : null))).toEqual({
      imposed_on: 'detail 409',
    });
    expect(fieldErrorsOf(problem(500, 'internal'), () => null)).toEqual({ '': 'detail 500' });
    expect(Object.keys(fieldErrorsOf(new NetworkError('down'), () => 'x'))).toEqual(['']);
  });
});
