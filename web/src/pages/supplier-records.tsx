// The deliveries behind LZ1 and LZ2 (worst first) and the complaints with
// the ppm quantity each counted and the spreadsheet-1 row that decided it,
// as the scorecard's run saw them.
import type { Adjustment, Complaint, Delivery } from '../api/types';
import { RecordList } from '../components/record-list';
import type { Column } from '../components/table-controls';
import { Score } from '../components/figures';
import { STATE_WORDS } from '../lib/adjustment-view';
import { formatCount, formatDate, formatDelta } from '../lib/format';
import { ADJUSTMENTS_PATH, onLinkClick } from '../lib/router';

function quantity(value: number | null): string {
  return value === null ? '—' : formatCount(value);
}

/** Working days late (+) or early (−); 0 on time. */
function deviationDays(days: number): string {
  if (days === 0) return 'on time';
  return `${formatCount(Math.abs(days))} ${days > 0 ? 'late' : 'early'}`;
}

const DELIVERY_COLUMNS: Column<Delivery>[] = [
  { field: 'delivery_id', label: 'Delivery', numeric: false, cell: (d) => d.delivery_id },
  { field: 'plant_id', label: 'Plant', numeric: false, cell: (d) => d.plant_id },
  { field: 'type', label: 'Type', numeric: false, cell: (d) => d.type },
  { field: 'due_date', label: 'Due', numeric: false, cell: (d) => formatDate(d.due_date) },
  { field: 'receipt_date', label: 'Received', numeric: false, cell: (d) => formatDate(d.receipt_date) },
  {
    field: 'deviation_working_days',
    label: 'Working days',
    numeric: true,
    cell: (d) => deviationDays(d.deviation_working_days),
  },
  { field: 'lz1_points', label: 'LZ1 points', numeric: true, cell: (d) => <Score value={d.lz1_points} /> },
  { field: 'due_qty', label: 'Due qty', numeric: true, cell: (d) => quantity(d.due_qty) },
  { field: 'received_qty', label: 'Received qty', numeric: true, cell: (d) => quantity(d.received_qty) },
  {
    field: 'deviation_percent',
    label: 'Deviation %',
    numeric: true,
    cell: (d) => formatDelta(d.deviation_percent),
  },
  { field: 'lz2_points', label: 'LZ2 points', numeric: true, cell: (d) => <Score value={d.lz2_points} /> },
];

const COMPLAINT_COLUMNS: Column<Complaint>[] = [
  { field: 'complaint_id', label: 'Complaint', numeric: false, cell: (c) => c.complaint_id },
  { field: 'date', label: 'Date', numeric: false, cell: (c) => formatDate(c.date) },
  { field: 'type', label: 'Type', numeric: false, cell: (c) => `${c.type}${c.justified ? '' : ' (not justified)'}` },
  { field: 'delivery_id', label: 'Delivery', numeric: false, cell: (c) => c.delivery_id ?? '—' },
  {
    field: 'defect',
    label: 'Defect (spreadsheet 1)',
    numeric: false,
    cell: (c) =>
      c.spreadsheet_row
        ? `${c.spreadsheet_row.meaning || c.spreadsheet_row.defect}: ${formatCount(c.spreadsheet_row.percent)} % of ${c.spreadsheet_row.basis}`
        : (c.defect ?? '—'),
  },
  { field: 'rejected_qty', label: 'Rejected', numeric: true, cell: (c) => quantity(c.rejected_qty) },
  { field: 'affected_qty', label: 'Affected', numeric: true, cell: (c) => quantity(c.affected_qty) },
  {
    field: 'returned_on',
    label: 'Returned',
    numeric: false,
    cell: (c) => (c.returned_on ? formatDate(c.returned_on) : '—'),
  },
  {
    field: 'ppm_quantity',
    label: 'Counted in ppm',
    numeric: true,
    cell: (c) =>
      c.confirmed_qty !== null ? `${quantity(c.ppm_quantity)} (confirmed by the supplier)` : quantity(c.ppm_quantity),
  },
  {
    field: 'adjustment',
    label: 'Adjustment',
    numeric: false,
    sortable: false,
    cell: (c) => (c.adjustment ? <AdjustmentCell adjustment={c.adjustment} /> : '—'),
  },
];

/** A returned complaint's adjustment: its state in words, a link to the adjustments page. */
function AdjustmentCell({ adjustment }: { adjustment: Adjustment }) {
  const href = `${ADJUSTMENTS_PATH}?supplier_id=${encodeURIComponent(adjustment.supplier_id)}`;
  return (
    <a href={href} onClick={(event) => onLinkClick(event, href)} title={`deadline ${formatDate(adjustment.deadline)}`}>
      {STATE_WORDS[adjustment.state]}
    </a>
  );
}

export function SupplierRecords({ supplierId, run }: { supplierId: string; run: number }) {
  const base = `/api/v1/suppliers/${encodeURIComponent(supplierId)}`;
  return (
    <>
      <RecordList<Delivery>
        id="deliveries"
        title="Deliveries behind LZ1 and LZ2"
        what="Deliveries"
        path={`${base}/deliveries`}
        run={run}
        columns={DELIVERY_COLUMNS}
        defaultSort={{ field: 'lz1_points', descending: false }}
        keyOf={(d) => d.delivery_id}
        empty="No deliveries in this period."
      />
      <RecordList<Complaint>
        id="complaints"
        title="Complaints"
        what="Complaints"
        path={`${base}/complaints`}
        run={run}
        columns={COMPLAINT_COLUMNS}
        defaultSort={{ field: 'date', descending: false }}
        keyOf={(c) => c.complaint_id}
        empty="No complaints in this period."
      />
    </>
  );
}
