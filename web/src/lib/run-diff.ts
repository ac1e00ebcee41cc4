// The difference of two runs (GET /api/v1/runs/{a}/diff/{b}, the JSON of
// `supeval runs diff`) made readable: per supplier the figures that changed
// and the records that explain it, grouped by table, each with the columns
// that changed. Only what the answer holds; nothing is recomputed.

import type { RunRow } from '../api/types';

export interface DiffRun {
  run: number;
  period: string;
  published_at: string;
  published_by: string;
  rules_name: string;
  rules_sha256: string;
  as_of_batch: number;
  suppliers: number;
  evaluated: number;
}

export type DiffSide = Record<string, number | string | null> & { status: string; class: string };

export interface DiffRecord {
  table: string;
  key: string;
  batch: number;
  before: Record<string, string> | null;
  after: Record<string, string> | null;
}

export interface DiffSupplier {
  supplier_id: string;
  name: string;
  before: DiffSide | null;
  after: DiffSide | null;
  total_delta: number | null;
  records: DiffRecord[];
  records_total: number;
}

export interface RunDiff {
  a: DiffRun;
  b: DiffRun;
  same_rules: boolean;
  same_period: boolean;
  unchanged_suppliers: number;
  records_from_batch: number;
  records_to_batch: number;
  suppliers: DiffSupplier[];
  shared_records: DiffRecord[];
}

/** The figures of a result side, in the order the CLI lists them. */
export const DIFF_FIGURES = ['total', 'qz', 'qz1', 'qz2', 'qz3', 'qz4', 'lz', 'lz1', 'lz2', 'ppm'] as const;

export interface FigureChange {
  figure: string;
  before: number | string | null;
  after: number | string | null;
}

/** The figures (scores, class, status) that differ between the two sides. */
export function changedFigures(change: DiffSupplier): FigureChange[] {
  const { before, after } = change;
  if (!before || !after) return [];
  const names = ['status', 'class', ...DIFF_FIGURES];
  return names
    .filter((figure) => (before[figure] ?? null) !== (after[figure] ?? null))
    .map((figure) => ({ figure, before: before[figure] ?? null, after: after[figure] ?? null }));
}

export type RecordKind = 'added' | 'removed' | 'changed';

export interface ColumnChange {
  column: string;
  before: string | null;
  after: string | null;
}

export interface ExplainedRecord {
  key: string;
  batch: number;
  kind: RecordKind;
  /** For a changed row the columns that differ; for an added or removed one every column. */
  columns: ColumnChange[];
}

export interface RecordGroup {
  table: string;
  records: ExplainedRecord[];
}

export function explainRecord(record: DiffRecord): ExplainedRecord {
  const before = record.before ?? {};
  const after = record.after ?? {};
  const kind: RecordKind = record.before === null ? 'added' : record.after === null ? 'removed' : 'changed';
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const columns = names
    .filter((column) => kind !== 'changed' || before[column] !== after[column])
    .map((column) => ({ column, before: before[column] ?? null, after: after[column] ?? null }));
  return { key: record.key, batch: record.batch, kind, columns };
}

/** The records by table, tables in the order they first appear, records by key. */
export function groupRecords(records: readonly DiffRecord[]): RecordGroup[] {
  const groups = new Map<string, ExplainedRecord[]>();
  for (const record of records) {
    const list = groups.get(record.table) ?? [];
    list.push(explainRecord(record));
    groups.set(record.table, list);
  }
  return [...groups].map(([table, list]) => ({
    table,
    records: list.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0)),
  }));
}

/** What happened to a supplier between the runs, in a few words. */
export function changeSummary(change: DiffSupplier, b: number): string {
  if (!change.before) return `new in run ${b}`;
  if (!change.after) return `not in run ${b}`;
  if (change.before.status !== change.after.status) return `${change.before.status} → ${change.after.status}`;
  if (change.before.class !== change.after.class) {
    return `class ${change.before.class || '—'} → ${change.after.class || '—'}`;
  }
  return 'scores changed';
}

/**
 * The pair the compare form starts with: the newest run and the run before
 * it of the same period (a republication), else the run listed after it.
 */
export function defaultComparison(runs: readonly RunRow[]): [number | undefined, number | undefined] {
  const newest = runs[0];
  if (!newest) return [undefined, undefined];
  const before = runs.slice(1).find((run) => run.period === newest.period) ?? runs[1] ?? newest;
  return [before.run, newest.run];
}
