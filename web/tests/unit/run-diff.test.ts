// The run difference made readable: which figures changed, the records by
// table with the changed columns only, the one-line summary.
import { describe, expect, it } from 'vitest';
import {
  type DiffSide,
  type DiffSupplier,
  changeSummary,
  changedFigures,
  defaultComparison,
  explainRecord,
  groupRecords,
} from '../../src/lib/run-diff';

function side(values: Partial<DiffSide>): DiffSide {
  return { status: 'evaluated', class: 'A', total: 91, qz: 90, lz: 92, ppm: 10, ...values } as DiffSide;
}

function change(before: DiffSide | null, after: DiffSide | null): DiffSupplier {
  return { supplier_id: 'S1', name: 'One', before, after, total_delta: null, records: [], records_total: 0 };
}

describe('changedFigures', () => {
  it('lists status, class and the scores that differ, in that order', () => {
    const figures = changedFigures(change(side({}), side({ class: 'B', total: 85, ppm: null })));
    expect(figures).toEqual([
      { figure: 'class', before: 'A', after: 'B' },
      { figure: 'total', before: 91, after: 85 },
      { figure: 'ppm', before: 10, after: null },
    ]);
  });

  it('lists nothing for a supplier new or gone', () => {
    expect(changedFigures(change(null, side({})))).toEqual([]);
    expect(changedFigures(change(side({}), null))).toEqual([]);
  });
});

describe('records', () => {
  it('keeps only the changed columns of a changed row', () => {
    expect(
      explainRecord({
        table: 'deliveries',
        key: 'D1',
        batch: 3,
        before: { receipt_date: '2026-01-02', received_qty: '10' },
        after: { receipt_date: '2026-01-05', received_qty: '10' },
      }),
    ).toEqual({
      key: 'D1',
      batch: 3,
      kind: 'changed',
      columns: [{ column: 'receipt_date', before: '2026-01-02', after: '2026-01-05' }],
    });
  });

  it('keeps every column of a row added or gone', () => {
    const added = explainRecord({ table: 't', key: 'k', batch: 1, before: null, after: { a: '1', b: '2' } });
    expect(added.kind).toBe('added');
    expect(added.columns).toHaveLength(2);
    expect(explainRecord({ table: 't', key: 'k', batch: 1, before: { a: '1' }, after: null }).kind).toBe('removed');
  });

  it('groups by table in order of appearance, keys sorted', () => {
    const row = (table: string, key: string) => ({ table, key, batch: 1, before: null, after: { x: '1' } });
    const groups = groupRecords([row('deliveries', 'D2'), row('complaints', 'C1'), row('deliveries', 'D1')]);
    expect(groups.map((g) => [g.table, g.records.map((r) => r.key)])).toEqual([
      ['deliveries', ['D1', 'D2']],
      ['complaints', ['C1']],
    ]);
  });
});

describe('changeSummary', () => {
  it('says what happened first by presence, then status, then class', () => {
    expect(changeSummary(change(null, side({})), 2)).toBe('new in run 2');
    expect(changeSummary(change(side({}), null), 2)).toBe('not in run 2');
    expect(changeSummary(change(side({}), side({ status: 'not_evaluated' })), 2)).toBe('evaluated → not_evaluated');
    expect(changeSummary(change(side({}), side({ class: '' })), 2)).toBe('class A → —');
    expect(changeSummary(change(side({}), side({ total: 90 })), 2)).toBe('scores changed');
  });
});

describe('defaultComparison', () => {
  const run = (n: number, period: string) =>
    ({ run: n, period, published_at: '', published_by: '', rules_name: '', suppliers: 0, evaluated: 0 }) as const;

  it('compares the newest run with the one before of its period, else the next listed', () => {
    expect(defaultComparison([run(4, '2026-H1'), run(3, '2025-H2'), run(2, '2026-H1')])).toEqual([2, 4]);
    expect(defaultComparison([run(3, '2026-H1'), run(2, '2025-H2')])).toEqual([2, 3]);
    expect(defaultComparison([run(1, '2026-H1')])).toEqual([1, 1]);
    expect(defaultComparison([])).toEqual([undefined, undefined]);
  });
});
