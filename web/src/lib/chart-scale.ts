// The arithmetic of the scorecard's charts, kept apart from the SVG so that
// it can be tested: linear scales with round tick values, the LZ1 points
// band a deviation in working days falls into (the rule set's band tables),
// the histogram of deviations, and each commodity's ppm against its limit
// (spreadsheet 2), a contract's KPI clauses over the periods, and step
// lines (an escalation level over time). Nothing here recomputes a score
// the server gave.
import type { KpiPoint } from '../api/types';

/** Maps [d0, d1] onto [r0, r1] linearly; a zero-width domain maps to r0. */
export function linearScale(domain: [number, number], range: [number, number]): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const width = d1 - d0;
  return (value) => (width === 0 ? r0 : r0 + ((value - d0) / width) * (r1 - r0));
}

/** A step of 1, 2 or 5 × 10^k that cuts [min, max] into at most about `count` parts. */
export function niceStep(min: number, max: number, count: number): number {
  const span = Math.abs(max - min);
  if (span === 0 || count < 1) return 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const multiple = [1, 2, 5, 10].find((m) => m * power >= raw) ?? 10;
  return multiple * power;
}

/** Tick values: the multiples of a nice step within [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  const step = niceStep(min, max, count);
  const ticks: number[] = [];
  for (let tick = Math.ceil(min / step) * step; tick <= max + step / 1e9; tick += step) {
    ticks.push(Number(tick.toFixed(10)));
  }
  return ticks;
}

/** The smallest "nice" value ≥ value (1, 2, 2.5, 5 × 10^k): the top of an axis. */
export function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const multiple = [1, 2, 2.5, 5, 10].find((m) => m * power >= value) ?? 10;
  return multiple * power;
}

/** One band of a band table (rules: `{ up_to, points }`). */
export interface Band {
  up_to: number;
  points: number;
}

export interface BandTable {
  beyond: number;
  bands: Band[];
}

/** The LZ1 band tables of a rule set's JSON (GET /api/v1/rules), or null when it has none. */
export interface Lz1Bands {
  late: BandTable;
  early: BandTable;
}

function bandTableOf(value: unknown): BandTable | null {
  if (typeof value !== 'object' || value === null) return null;
  const table = value as { beyond?: unknown; bands?: unknown };
  if (typeof table.beyond !== 'number' || !Array.isArray(table.bands)) return null;
  const bands = table.bands.filter(
    (band): band is Band =>
      typeof band === 'object' &&
      band !== null &&
      typeof (band as Band).up_to === 'number' &&
      typeof (band as Band).points === 'number',
  );
  return { beyond: table.beyond, bands };
}

/** `rules.delivery.lz1.{late,early}` of GET /api/v1/rules, read defensively. */
export function lz1BandsOf(rules: unknown): Lz1Bands | null {
  const delivery = (rules as { delivery?: { lz1?: { late?: unknown; early?: unknown } } } | null)?.delivery;
  const late = bandTableOf(delivery?.lz1?.late);
  const early = bandTableOf(delivery?.lz1?.early);
  return late && early ? { late, early } : null;
}

/**
 * The points of a deviation of `days` working days (> 0 late, < 0 early):
 * the first band of its side with |days| ≤ up_to, else `beyond`.
 */
export function lz1PointsOf(days: number, bands: Lz1Bands): number {
  const table = days < 0 ? bands.early : bands.late;
  const size = Math.abs(days);
  return table.bands.find((band) => size <= band.up_to)?.points ?? table.beyond;
}

export interface DeviationBar {
  /** Working days: > 0 late, < 0 early, 0 on time. */
  days: number;
  deliveries: number;
  /** The LZ1 points of this deviation under the rule set, when known. */
  points: number | null;
}

/**
 * One bar per working-day deviation from the earliest to the latest seen
 * (days between with no delivery get an empty bar, so the axis is even),
 * always including 0.
 */
export function deviationHistogram(deviations: readonly number[], bands: Lz1Bands | null): DeviationBar[] {
  if (deviations.length === 0) return [];
  const counts = new Map<number, number>();
  for (const days of deviations) counts.set(days, (counts.get(days) ?? 0) + 1);
  const low = Math.min(0, ...deviations);
  const high = Math.max(0, ...deviations);
  const bars: DeviationBar[] = [];
  for (let days = low; days <= high; days += 1) {
    bars.push({ days, deliveries: counts.get(days) ?? 0, points: bands ? lz1PointsOf(days, bands) : null });
  }
  return bars;
}

/** A run of consecutive bars that score the same points: one shaded band of the chart. */
export interface PointsRegion {
  first: number;
  last: number;
  points: number;
}

export function pointsRegions(bars: readonly DeviationBar[]): PointsRegion[] {
  const regions: PointsRegion[] = [];
  for (const bar of bars) {
    if (bar.points === null) continue;
    const last = regions[regions.length - 1];
    if (last && last.points === bar.points && last.last === bar.days - 1) last.last = bar.days;
    else regions.push({ first: bar.days, last: bar.days, points: bar.points });
  }
  return regions;
}

/** A commodity's line of rule set spreadsheet 2 (`rules.quality.qz2.commodities[code]`). */
interface CommodityFactor {
  b?: unknown;
  ppm_limit?: unknown;
  name?: unknown;
}

export interface PpmBar {
  commodity: string;
  name: string | null;
  ppm: number | null;
  /** The ppm at which QZ2 is about 90: the rule set's `ppm_limit`, else from B. */
  limit: number | null;
  /** Whether the limit was derived from B (the rule set gives none). */
  limitDerived: boolean;
  over: boolean;
}

/** QZ2 = 100 − B × ppm / divisor is 90 at ppm = 10 × divisor / B (docs/EVALUATION.md QZ2). */
function derivedLimit(b: number, divisor: number): number | null {
  return b > 0 ? (10 * divisor) / b : null;
}

/**
 * Each commodity of the explanation with its ppm and the limit of the
 * rule set the run recorded (GET /api/v1/rules?run=N: `quality.qz2`).
 */
export function ppmBars(
  commodities: readonly { commodity: string; b: number; ppm: number | null }[],
  rules: unknown,
): PpmBar[] {
  const qz2 = (rules as { quality?: { qz2?: { ppm_divisor?: unknown; commodities?: unknown } } } | null)?.quality?.qz2;
  const divisor = typeof qz2?.ppm_divisor === 'number' ? qz2.ppm_divisor : 100;
  const factors = (typeof qz2?.commodities === 'object' && qz2.commodities !== null ? qz2.commodities : {}) as Record<
    string,
    CommodityFactor | undefined
  >;
  return commodities.map((row) => {
    const factor = factors[row.commodity];
    const given = typeof factor?.ppm_limit === 'number' ? factor.ppm_limit : null;
    const limit = given ?? derivedLimit(row.b, divisor);
    return {
      commodity: row.commodity,
      name: typeof factor?.name === 'string' && factor.name !== '' ? factor.name : null,
      ppm: row.ppm,
      limit,
      limitDerived: given === null && limit !== null,
      over: row.ppm !== null && limit !== null && row.ppm > limit,
    };
  });
}

/**
 * A step line: each point's level held until the next point's x, where it
 * rises or falls to that one; the last held to `endX`.
 */
export function stepPath(points: readonly { x: number; y: number }[], endX: number): string {
  const [first, ...rest] = points;
  if (!first) return '';
  const parts = [`M${first.x},${first.y}`];
  for (const point of rest) parts.push(`H${point.x}`, `V${point.y}`);
  parts.push(`H${endX}`);
  return parts.join(' ');
}

/**
 * An SVG path through the values at x(i), y(value); a null (not taken into
 * account) breaks the line, so no segment claims a figure that is missing.
 */
export function linePath(
  values: readonly (number | null)[],
  x: (index: number) => number,
  y: (value: number) => number,
): string {
  const parts: string[] = [];
  let drawing = false;
  values.forEach((value, index) => {
    if (value === null) {
      drawing = false;
      return;
    }
    parts.push(`${drawing ? 'L' : 'M'}${x(index)},${y(value)}`);
    drawing = true;
  });
  return parts.join(' ');
}

/** A decimal cell as a number for drawing (never for a figure shown as text); null when it is none. */
export function chartValue(text: string | null): number | null {
  if (text === null || !/^-?\d+(?:\.\d+)?$/.test(text)) return null;
  return Number(text);
}

/** One clause's figures over the periods, oldest first: what its small chart draws. */
export interface ClauseSeries {
  clauseId: string;
  periods: string[];
  /** null where the KPI was not assessed. */
  actual: (number | null)[];
  target: (number | null)[];
  status: (string | null)[];
}

/** The rows of GET /contracts/{id}/kpis (oldest period first) as one series per clause, in first-seen order. */
export function clauseSeries(rows: readonly KpiPoint[]): ClauseSeries[] {
  const byClause = new Map<string, ClauseSeries>();
  for (const row of rows) {
    let series = byClause.get(row.clause_id);
    if (!series) {
      series = { clauseId: row.clause_id, periods: [], actual: [], target: [], status: [] };
      byClause.set(row.clause_id, series);
    }
    series.periods.push(row.period);
    series.actual.push(row.status === 'not_assessed' ? null : chartValue(row.actual));
    series.target.push(chartValue(row.target));
    series.status.push(row.status);
  }
  return [...byClause.values()];
}

/**
 * The value range a clause's chart spans: its actuals and targets with a
 * tenth of their spread above and below (a flat series ±1, an empty one
 * [0, 1]), never below 0 when every figure is ≥ 0, so that a miss by a few
 * points shows rather than being flattened against a 0 baseline.
 */
export function seriesRange(series: Pick<ClauseSeries, 'actual' | 'target'>): [number, number] {
  const values = [...series.actual, ...series.target].filter((v): v is number => v !== null);
  if (values.length === 0) return [0, 1];
  const low = Math.min(...values);
  const high = Math.max(...values);
  const pad = high === low ? Math.max(Math.abs(high) / 10, 1) : (high - low) / 10;
  return [low >= 0 ? Math.max(0, low - pad) : low - pad, high + pad];
}

/**
 * A reference line (a target) through the values at x(i), y(value),
 * reaching out to the plot's edges `left` and `right` at its first and last
 * value, so that a single period's target still shows as a line; a null
 * breaks it as in linePath.
 */
export function referencePath(
  values: readonly (number | null)[],
  x: (index: number) => number,
  y: (value: number) => number,
  left: number,
  right: number,
): string {
  const first = values.findIndex((v) => v !== null);
  if (first < 0) return '';
  const last = values.length - 1 - [...values].reverse().findIndex((v) => v !== null);
  const edge = (index: number, at: number): string => `${at},${y(values[index] as number)}`;
  const inner = linePath(values, x, y);
  return `M${edge(first, left)} L${inner.slice(1)} L${edge(last, right)}`;
}
