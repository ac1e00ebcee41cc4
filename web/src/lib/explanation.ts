// The scorecard's explanation (the data of `supeval explain --format json`):
// its shape, and the formulas with the numbers put in, as lines of text the
// page shows beside each sub-score. The scores themselves are always the
// server's; nothing here recomputes one.
import { formatCount, formatScore } from './format';

export interface Weight {
  criterion: string;
  weight: number;
  normalised: number | null;
}

export interface DistributionRow {
  points: number;
  deliveries: number;
}

export interface Deviation {
  delivery_id: string;
  due_date: string;
  receipt_date: string;
  working_days: number;
  due_qty: string;
  received_qty: string;
  percent: number;
  lz1_points: number;
  lz2_points: number;
}

export interface CommodityRow {
  commodity: string;
  b: number;
  b_defaulted: boolean;
  series_deliveries: number;
  delivered: string | number;
  defective: string | number;
  ppm: number | null;
  qz2: number | null;
}

export interface ComplaintRow {
  complaint_id: string;
  type: string;
  date: string;
  justified: boolean;
  delivery_id: string;
  commodity: string | null;
  counts_in_ppm: boolean;
  defect: string;
  relevant_quantity: string | number;
  adjustment: string;
  adjustment_deadline: string | null;
}

export interface CertificateRow {
  standard: string;
  valid_from: string;
  valid_to: string;
  valid_on_reference_date: boolean;
}

export interface ExplainData {
  supplier_id: string;
  reference_date: string;
  status: 'evaluated' | 'not_evaluated';
  reason: string | null;
  weights: { total: Weight[]; quality: Weight[]; delivery: Weight[] };
  qz1: { complaints: number; series_deliveries: number; factor: number };
  qz2: { commodities: CommodityRow[] };
  qz3: {
    exempt: boolean;
    column: string;
    certificates: CertificateRow[];
    matched_row: unknown;
    quality_hold_imposed_on: string | null;
    points: number | null;
  };
  qz4: { sample_complaints: number; sample_deliveries: number; factor: number };
  lz1: { distribution: DistributionRow[]; worst_deliveries: Deviation[] };
  lz2: { distribution: DistributionRow[]; worst_deliveries: Deviation[] };
  complaints: ComplaintRow[];
  warnings: string[];
}

/** The explanation when it has the members the page reads, else null (shown as "no explanation"). */
export function explainDataOf(value: unknown): ExplainData | null {
  if (typeof value !== 'object' || value === null) return null;
  const data = value as Partial<Record<keyof ExplainData, unknown>>;
  const objects: (keyof ExplainData)[] = ['weights', 'qz1', 'qz2', 'qz3', 'qz4', 'lz1', 'lz2'];
  if (!objects.every((key) => typeof data[key] === 'object' && data[key] !== null)) return null;
  if (!Array.isArray(data.complaints)) return null;
  return value as ExplainData;
}

/** The base of the count formulas in the default rule set ("100 − factor × count / base"). */
const FORMULA_BASE = 100;

/**
 * QZ1 or QZ4 with the numbers put in: "100 − 1000 × 3 / 120"; when the
 * base count is 0 the sub-score is not taken into account.
 */
export function countFormula(factor: number, count: number, base: number, locale?: string): string {
  if (base === 0) return 'no deliveries counted: not taken into account';
  return `${FORMULA_BASE} − ${formatCount(factor, locale)} × ${formatCount(count, locale)} / ${formatCount(base, locale)}`;
}

/**
 * A weighted mean with the numbers put in, from the weights renormalised over
 * the criteria present: "0.65 × 91.2 + 0.35 × 80.0". Criteria not taken into
 * account have no normalised weight and are left out.
 */
export function weightedFormula(weights: Weight[], scores: Record<string, number | null>, locale?: string): string {
  const terms = weights
    .filter((w) => w.normalised !== null)
    .map((w) => {
      const score = scores[w.criterion.toLowerCase()] ?? null;
      return `${formatWeight(w.normalised ?? 0, locale)} × ${formatScore(score, locale)}`;
    });
  return terms.length > 0 ? terms.join(' + ') : 'no criterion taken into account';
}

/** A weight as a short decimal (0.65, 0.333333 → 0.3333). */
export function formatWeight(weight: number, locale?: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 4 }).format(weight);
}
