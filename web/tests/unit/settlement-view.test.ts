// The settlement pages' own decisions: exact decimal text in a locale, who
// owes an amount, totals per currency in cents, KPI series for the charts,
// and how a KPI's actual was reached.
import { describe, expect, it } from 'vitest';
import type { KpiPoint } from '../../src/api/types';
import { clauseSeries, seriesRange } from '../../src/lib/chart-scale';
import type { ExplainData } from '../../src/lib/explanation';
import {
  amountSide,
  centsOf,
  formatDecimal,
  formatMagnitude,
  kindLabel,
  lineTitle,
  kpiInfo,
  kpiTrace,
  latestPeriod,
  moneyText,
  statusWords,
  totalsByCurrency,
} from '../../src/lib/settlement-view';

describe('decimal cells', () => {
  it('keeps the digits the server wrote, grouped in the locale', () => {
    expect(formatDecimal('1234567.50', 'en-US')).toBe('1,234,567.50');
    expect(formatDecimal('1234567.50', 'de-DE')).toBe('1.234.567,50');
    expect(formatDecimal('0.000001', 'en-US')).toBe('0.000001');
    expect(formatDecimal('66.666667', 'en-US')).toBe('66.666667');
    expect(formatDecimal('95', 'en-US')).toBe('95');
  });

  it('writes negatives with the locale’s minus, never a minus zero', () => {
    expect(formatDecimal('-12.5', 'en-US')).toBe('-12.5');
    expect(formatDecimal('-0.00', 'en-US')).toBe('0.00');
    expect(formatMagnitude('-1234.50', 'en-US')).toBe('1,234.50');
  });

  it('shows a null cell as a dash and text that is no number as it is', () => {
    expect(formatDecimal(null, 'en-US')).toBe('—');
    expect(formatDecimal('2026-03-31', 'en-US')).toBe('2026-03-31');
    expect(formatDecimal('LME-AL@2026-02', 'en-US')).toBe('LME-AL@2026-02');
  });
});

describe('who owes an amount', () => {
  it('says negative is owed by the supplier, positive to it, zero nobody', () => {
    expect(amountSide('-0.01')).toBe('owed-by-supplier');
    expect(amountSide('1500.00')).toBe('owed-to-supplier');
    expect(amountSide('0.00')).toBe('zero');
    expect(amountSide('-0.00')).toBe('zero');
    expect(amountSide(null)).toBe('zero');
  });
});

describe('totals per currency', () => {
  it('adds exactly in cents, where doubles would drift', () => {
    const lines = [
      { currency: 'EUR', amount: '0.10' },
      { currency: 'EUR', amount: '0.20' },
      { currency: 'USD', amount: '-5.5' },
      { currency: 'EUR', amount: '-1000.30' },
      { currency: 'USD', amount: '5.50' },
    ];
    expect(totalsByCurrency(lines)).toEqual([
      { currency: 'EUR', total: '-1000.00', lines: 3 },
      { currency: 'USD', total: '0.00', lines: 2 },
    ]);
  });

  it('gives nothing for no lines', () => {
    expect(totalsByCurrency([])).toEqual([]);
  });

  it('reads and writes money cells', () => {
    expect(centsOf('-12.5')).toBe(-1250n);
    expect(centsOf('3')).toBe(300n);
    expect(centsOf('1.234')).toBeNull();
    expect(centsOf('abc')).toBeNull();
    expect(moneyText(-5n)).toBe('-0.05');
    expect(moneyText(0n)).toBe('0.00');
    expect(moneyText(123456n)).toBe('1234.56');
  });
});

describe('labels', () => {
  it('names kinds, statuses and KPIs', () => {
    expect(kindLabel('take_or_pay')).toBe('Take-or-pay');
    expect(kindLabel('something_new')).toBe('something new');
    expect(statusWords('not_assessed')).toBe('not assessed');
    expect(statusWords(null)).toBe('—');
    expect(kpiInfo('ppm')).toEqual({ label: 'ppm', unit: 'ppm', better: 'lower' });
    expect(kpiInfo('qz1').better).toBe('higher');
    expect(kpiInfo('unknown_kpi')).toEqual({ label: 'unknown_kpi', unit: '', better: 'higher' });
  });

  it('titles a line by its kind, ref and material, leaving out what it lacks', () => {
    expect(lineTitle({ kind: 'volume_tier', ref: '2026-01-01', material_id: 'M000001' })).toBe(
      'Volume tier · 2026-01-01 · M000001',
    );
    expect(lineTitle({ kind: 'kpi', ref: 'K1', material_id: null })).toBe('KPI · K1');
    expect(lineTitle({ kind: 'penalty_cap', ref: null, material_id: '' })).toBe(kindLabel('penalty_cap'));
  });

  it('opens on the period ending last, a quarter before its half-year', () => {
    expect(
      latestPeriod([
        { period: '2025-H2', from: '2025-07-01', to: '2025-12-31' },
        { period: '2026-H1', from: '2026-01-01', to: '2026-06-30' },
        { period: '2026-Q2', from: '2026-04-01', to: '2026-06-30' },
      ]),
    ).toBe('2026-Q2');
    expect(latestPeriod([])).toBeNull();
  });
});

const point = (clause_id: string, period: string, actual: string | null, target: string, status: string): KpiPoint => ({
  settlement: 1,
  period,
  from: '',
  to: '',
  clause_id,
  status,
  actual,
  target,
  shortfall: null,
  amount: '0.00',
});

describe('KPI series for the charts', () => {
  it('makes one series per clause in first-seen order, not assessed as a gap', () => {
    const series = clauseSeries([
      point('K1', '2025-H2', '92.5', '90', 'met'),
      point('K2', '2025-H2', '150', '100', 'missed'),
      point('K1', '2026-H1', null, '90', 'not_assessed'),
      point('K1', '2026-H2', '88', '91', 'missed'),
    ]);
    expect(series.map((s) => s.clauseId)).toEqual(['K1', 'K2']);
    expect(series[0]).toEqual({
      clauseId: 'K1',
      periods: ['2025-H2', '2026-H1', '2026-H2'],
      actual: [92.5, null, 88],
      target: [90, 90, 91],
      status: ['met', 'not_assessed', 'missed'],
    });
  });

  it('draws a not-assessed KPI as a gap even when the server sent a figure', () => {
    expect(clauseSeries([point('K1', 'P', '5', '1', 'not_assessed')])[0]?.actual).toEqual([null]);
  });

  it('gives no series for no rows', () => {
    expect(clauseSeries([])).toEqual([]);
  });

  it('spans actuals and targets with a margin, never below 0 for figures ≥ 0', () => {
    expect(seriesRange({ actual: [92, null], target: [90] })).toEqual([89.8, 92.2]);
    expect(seriesRange({ actual: [0.5], target: [10] })).toEqual([0, 10.95]);
    expect(seriesRange({ actual: [-3], target: [2] })).toEqual([-3.5, 2.5]);
  });

  it('gives a flat or empty series a height', () => {
    expect(seriesRange({ actual: [null], target: [] })).toEqual([0, 1]);
    expect(seriesRange({ actual: [150], target: [150] })).toEqual([135, 165]);
    expect(seriesRange({ actual: [0], target: [0] })).toEqual([0, 1]);
  });
});

const explanation = {
  supplier_id: 'S1',
  reference_date: '2026-06-30',
  status: 'evaluated',
  reason: null,
  weights: {
    total: [
      { criterion: 'qz', weight: 0.6, normalised: 0.6 },
      { criterion: 'lz', weight: 0.4, normalised: 0.4 },
    ],
    quality: [{ criterion: 'qz1', weight: 0.5, normalised: null }],
    delivery: [],
  },
  qz1: { complaints: 3, series_deliveries: 120, factor: 1000 },
  qz2: {
    commodities: [
      {
        commodity: 'E',
        b: 2,
        b_defaulted: false,
        series_deliveries: 10,
        delivered: '1000',
        defective: 2,
        ppm: 2000,
        qz2: 96,
      },
      {
        commodity: 'M',
        b: 1,
        b_defaulted: true,
        series_deliveries: 5,
        delivered: 3000,
        defective: '0',
        ppm: 0,
        qz2: 100,
      },
    ],
  },
  qz3: {
    exempt: false,
    column: 'x',
    certificates: [],
    matched_row: null,
    quality_hold_imposed_on: null,
    points: null,
  },
  qz4: { sample_complaints: 0, sample_deliveries: 0, factor: 100 },
  lz1: {
    distribution: [
      { points: 100, deliveries: 7 },
      { points: 80, deliveries: 3 },
    ],
    worst_deliveries: [],
  },
  lz2: { distribution: [], worst_deliveries: [] },
  complaints: [],
  warnings: [],
} as ExplainData;

describe('how a KPI’s actual was reached', () => {
  it('puts the counts into the formula', () => {
    expect(kpiTrace('qz1', explanation, 'en-US')).toEqual([
      'C = 3 justified complaints, D = 120 series deliveries.',
      'QZ1 = 100 − 1,000 × 3 / 120',
    ]);
    expect(kpiTrace('qz4', explanation, 'en-US')[1]).toBe('QZ4 = no deliveries counted: not taken into account');
  });

  it('sums ppm over the commodities, counts given as text or number', () => {
    expect(kpiTrace('ppm', explanation, 'en-US')).toEqual(['ppm = 2 defective ÷ 4,000 delivered × 1,000,000']);
  });

  it('counts the on-time deliveries from the LZ1 distribution', () => {
    expect(kpiTrace('on_time_rate', explanation, 'en-US')).toEqual([
      'On-time rate = 100 × 7 deliveries with the full 100 LZ1 points ÷ 10 deliveries.',
    ]);
    expect(kpiTrace('lz2', explanation, 'en-US')).toEqual(['No deliveries on the slice: not assessed.']);
  });

  it('writes a weighted mean over the criteria present only', () => {
    expect(kpiTrace('total', explanation, 'en-US')).toEqual([
      'Total = 0.6 × QZ + 0.4 × LZ (weights renormalised over the criteria present).',
    ]);
    expect(kpiTrace('qz', explanation, 'en-US')).toEqual(['QZ: no criterion taken into account on the slice.']);
  });

  it('says why there is no trace without an explanation', () => {
    expect(kpiTrace('qz1', null)).toEqual(['No trace: the contract’s term does not meet the period.']);
  });
});
