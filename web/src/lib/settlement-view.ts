// What the settlement pages decide without the server (CONTRACTS.md §6, §8):
// exact decimal text set in the user's locale without going through a
// double, who owes whom for an amount, the total per currency (summed in
// cents), the KPIs in words, each clause's actual and target over the
// periods as chart series (chart-scale.ts), and how a KPI line's actual was reached, in
// lines of text from the slice's explanation. The amounts are the server's;
// nothing here settles a line.
import type { PeriodRow, SettlementLine } from '../api/types';
import { type ExplainData, countFormula, formatWeight } from './explanation';
import { formatCount, userLocale } from './format';

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

interface Separators {
  decimal: string;
  minus: string;
}

const separators = new Map<string, Separators>();

function separatorsOf(locale: string): Separators {
  let found = separators.get(locale);
  if (!found) {
    const parts = new Intl.NumberFormat(locale, { minimumFractionDigits: 1 }).formatToParts(-1.5);
    found = {
      decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
      minus: parts.find((p) => p.type === 'minusSign')?.value ?? '-',
    };
    separators.set(locale, found);
  }
  return found;
}

/**
 * An exact decimal cell ("-1234.5", "0.002") in the user's locale with the
 * digits it has (grouped, the locale's decimal sign); text that is no
 * number (a date, an index label) as it is; null as a dash.
 */
export function formatDecimal(text: string | null, locale = userLocale()): string {
  if (text === null) return '—';
  const match = DECIMAL.exec(text);
  if (!match) return text;
  const [, sign = '', whole = '0', fraction] = match;
  const { decimal, minus } = separatorsOf(locale);
  const negative = sign !== '' && /[1-9]/.test(`${whole}${fraction ?? ''}`);
  const grouped = new Intl.NumberFormat(locale).format(BigInt(whole));
  return `${negative ? minus : ''}${grouped}${fraction === undefined ? '' : `${decimal}${fraction}`}`;
}

/** An amount's magnitude (no sign), for a cell that says the direction in words beside it. */
export function formatMagnitude(amount: string, locale = userLocale()): string {
  return formatDecimal(amount.replace(/^-/, ''), locale);
}

/** Who an amount is owed by: negative the supplier (a penalty), positive the buyer, zero nobody. */
export type AmountSide = 'owed-by-supplier' | 'owed-to-supplier' | 'zero';

export function amountSide(amount: string | null): AmountSide {
  const match = amount === null ? null : DECIMAL.exec(amount);
  if (!match || !/[1-9]/.test(`${match[2]}${match[3] ?? ''}`)) return 'zero';
  return match[1] === '-' ? 'owed-by-supplier' : 'owed-to-supplier';
}

export const SIDE_WORDS: Record<AmountSide, string> = {
  'owed-by-supplier': 'owed by the supplier',
  'owed-to-supplier': 'owed to the supplier',
  zero: '',
};

/** A money cell ("-12.5", "3", "1.20") in cents; null when it is no amount of at most 2 decimals. */
export function centsOf(amount: string): bigint | null {
  const match = DECIMAL.exec(amount);
  if (!match || (match[3] ?? '').length > 2) return null;
  const cents = BigInt(match[2] ?? '0') * 100n + BigInt((match[3] ?? '').padEnd(2, '0'));
  return match[1] === '-' ? -cents : cents;
}

/** Cents as a money cell writes them: 2 decimals, "-" for negatives, never "-0.00". */
export function moneyText(cents: bigint): string {
  const magnitude = cents < 0n ? -cents : cents;
  const fraction = (magnitude % 100n).toString().padStart(2, '0');
  return `${cents < 0n ? '-' : ''}${(magnitude / 100n).toString()}.${fraction}`;
}

export interface CurrencyTotal {
  currency: string;
  /** The exact sum, as a money cell. */
  total: string;
  lines: number;
}

/** The amounts added up per currency (exactly, in cents), currencies in alphabetical order. */
export function totalsByCurrency(lines: readonly Pick<SettlementLine, 'currency' | 'amount'>[]): CurrencyTotal[] {
  const sums = new Map<string, { cents: bigint; lines: number }>();
  for (const line of lines) {
    const cents = centsOf(line.amount) ?? 0n;
    const sum = sums.get(line.currency) ?? { cents: 0n, lines: 0 };
    sums.set(line.currency, { cents: sum.cents + cents, lines: sum.lines + 1 });
  }
  return [...sums]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, sum]) => ({ currency, total: moneyText(sum.cents), lines: sum.lines }));
}

const KIND_LABELS: Record<string, string> = {
  volume_tier: 'Volume tier',
  indexation: 'Indexation',
  take_or_pay: 'Take-or-pay',
  tooling: 'Tooling',
  tooling_residual: 'Tooling residual',
  milestone: 'Milestone',
  kpi: 'KPI',
  penalty_cap: 'Penalty cap',
  bonus_cap: 'Bonus cap',
};

/** The kinds of §8 in the settlement's order (the lines filter offers them). */
export const LINE_KINDS: readonly string[] = Object.keys(KIND_LABELS);

/** A line's kind in words ("take_or_pay" → "Take-or-pay"). */
export function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind.replace(/_/g, ' ');
}

/** What a line is about, for a heading: its kind, then its ref and material where it has them. */
export function lineTitle(line: Pick<SettlementLine, 'kind' | 'ref' | 'material_id'>): string {
  return [kindLabel(line.kind), line.ref, line.material_id].filter((part) => part !== null && part !== '').join(' · ');
}

/** A status cell in words ("not_assessed" → "not assessed"); null as a dash. */
export function statusWords(status: string | null): string {
  return status === null ? '—' : status.replace(/_/g, ' ');
}

export interface KpiInfo {
  label: string;
  unit: string;
  better: 'higher' | 'lower';
}

const POINTS = (label: string): KpiInfo => ({ label, unit: 'points', better: 'higher' });

const KPIS: Record<string, KpiInfo> = {
  total: POINTS('Total'),
  qz: POINTS('QZ quality'),
  lz: POINTS('LZ delivery'),
  qz1: POINTS('QZ1 mass production quality'),
  qz2: POINTS('QZ2 defective quantity'),
  qz3: POINTS('QZ3 certification'),
  qz4: POINTS('QZ4 sample quality'),
  lz1: POINTS('LZ1 date reliability'),
  lz2: POINTS('LZ2 quantity reliability'),
  ppm: { label: 'ppm', unit: 'ppm', better: 'lower' },
  on_time_rate: { label: 'On-time rate', unit: '%', better: 'higher' },
  warranty_ppm: { label: 'Warranty ppm', unit: 'ppm', better: 'lower' },
  milestones_on_time: { label: 'Milestones on time', unit: '%', better: 'higher' },
  co2_per_unit: { label: 'CO2 per unit', unit: 'kg CO2e per unit', better: 'lower' },
};

/** A KPI of §6 in words, its unit and which way is better. */
export function kpiInfo(kpi: string): KpiInfo {
  return KPIS[kpi] ?? { label: kpi, unit: '', better: 'higher' };
}

function sumOf(values: readonly (string | number)[]): number {
  return values.reduce<number>((sum, value) => sum + Number(value), 0);
}

function distributionWords(rows: readonly { points: number; deliveries: number }[], locale?: string): string {
  return rows
    .map((row) => `${formatCount(row.points, locale)} points × ${formatCount(row.deliveries, locale)}`)
    .join(', ');
}

/**
 * How a KPI line's actual was reached on the contract's slice, as lines of
 * text: the counts and the formula with the numbers put in, from the
 * slice's explanation (the data the scorecard explains). The actual itself
 * is the line's; nothing here recomputes it.
 */
export function kpiTrace(kpi: string, explanation: ExplainData | null, locale?: string): string[] {
  if (explanation === null) return ['No trace: the contract’s term does not meet the period.'];
  const { qz1, qz2, qz3, qz4, lz1, lz2, weights } = explanation;
  const deliveries = (rows: readonly { deliveries: number }[]): number => rows.reduce((n, r) => n + r.deliveries, 0);
  const weighted = (name: string, list: typeof weights.total): string[] => {
    const taken = list.filter((w) => w.normalised !== null);
    if (taken.length === 0) return [`${name}: no criterion taken into account on the slice.`];
    return [
      `${name} = ${taken.map((w) => `${formatWeight(w.normalised ?? 0, locale)} × ${w.criterion.toUpperCase()}`).join(' + ')} (weights renormalised over the criteria present).`,
    ];
  };
  switch (kpi) {
    case 'total':
      return weighted('Total', weights.total);
    case 'qz':
      return weighted('QZ', weights.quality);
    case 'lz':
      return weighted('LZ', weights.delivery);
    case 'qz1':
      return [
        `C = ${formatCount(qz1.complaints, locale)} justified complaints, D = ${formatCount(qz1.series_deliveries, locale)} series deliveries.`,
        `QZ1 = ${countFormula(qz1.factor, qz1.complaints, qz1.series_deliveries, locale)}`,
      ];
    case 'qz4':
      return [
        `S = ${formatCount(qz4.sample_complaints, locale)} justified sample complaints, N = ${formatCount(qz4.sample_deliveries, locale)} sample deliveries.`,
        `QZ4 = ${countFormula(qz4.factor, qz4.sample_complaints, qz4.sample_deliveries, locale)}`,
      ];
    case 'qz2':
      if (qz2.commodities.length === 0) return ['No series deliveries on the slice: not assessed.'];
      return [
        'QZ2 = mean of 100 − B × ppm / 100 per commodity, weighted by series deliveries:',
        ...qz2.commodities.map(
          (c) =>
            `${c.commodity}: B ${formatWeight(c.b, locale)}, ${formatCount(c.series_deliveries, locale)} series deliveries, ppm ${c.ppm === null ? '—' : formatWeight(c.ppm, locale)}`,
        ),
      ];
    case 'ppm': {
      if (qz2.commodities.length === 0) return ['No series deliveries on the slice: not assessed.'];
      const defective = sumOf(qz2.commodities.map((c) => c.defective));
      const delivered = sumOf(qz2.commodities.map((c) => c.delivered));
      return [
        `ppm = ${formatCount(defective, locale)} defective ÷ ${formatCount(delivered, locale)} delivered × 1,000,000`,
      ];
    }
    case 'qz3':
      if (qz3.exempt) return ['The supplier is exempt from QZ3: not assessed.'];
      return [
        `Certificates valid on the reference date: ${
          qz3.certificates
            .filter((c) => c.valid_on_reference_date)
            .map((c) => c.standard)
            .join(', ') || 'none'
        }.`,
        ...(qz3.quality_hold_imposed_on
          ? [`A quality hold imposed on ${qz3.quality_hold_imposed_on} sets QZ3 to 1.`]
          : []),
      ];
    case 'lz1':
    case 'lz2': {
      const rows = (kpi === 'lz1' ? lz1 : lz2).distribution;
      if (rows.length === 0) return ['No deliveries on the slice: not assessed.'];
      return [
        `Mean of the points of ${formatCount(deliveries(rows), locale)} deliveries: ${distributionWords(rows, locale)}.`,
      ];
    }
    case 'on_time_rate': {
      const all = deliveries(lz1.distribution);
      if (all === 0) return ['No deliveries on the slice: not assessed.'];
      const full = deliveries(lz1.distribution.filter((row) => row.points === 100));
      return [
        `On-time rate = 100 × ${formatCount(full, locale)} deliveries with the full 100 LZ1 points ÷ ${formatCount(all, locale)} deliveries.`,
      ];
    }
    case 'warranty_ppm':
      return [
        'From the warranty claims of the covered materials against the series deliveries of the warranty window.',
      ];
    case 'milestones_on_time':
      return ['From the milestones due in the period: those approved on or before their due date.'];
    case 'co2_per_unit':
      return ['From the declared emissions per unit, weighted by the contract’s spend per material.'];
    default:
      return [];
  }
}

/** The period a settlement page opens on: the one ending last (ties: the shorter, a quarter before its half-year); null without any. */
export function latestPeriod(rows: readonly Pick<PeriodRow, 'period' | 'from' | 'to'>[]): string | null {
  let latest: Pick<PeriodRow, 'period' | 'from' | 'to'> | null = null;
  for (const row of rows) {
    if (latest === null || row.to > latest.to || (row.to === latest.to && row.from > latest.from)) latest = row;
  }
  return latest?.period ?? null;
}
