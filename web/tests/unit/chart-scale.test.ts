// The charts' arithmetic: scales, round ticks, the LZ1 band of a deviation
// at each band edge, the histogram, and the ppm limits of spreadsheet 2.
import { describe, expect, it } from 'vitest';
import {
  type Lz1Bands,
  deviationHistogram,
  linePath,
  linearScale,
  lz1BandsOf,
  lz1PointsOf,
  niceCeiling,
  referencePath,
  niceTicks,
  pointsRegions,
  ppmBars,
  stepPath,
} from '../../src/lib/chart-scale';

const BANDS: Lz1Bands = {
  late: {
    beyond: 0,
    bands: [
      { up_to: 1, points: 100 },
      { up_to: 2, points: 95 },
    ],
  },
  early: {
    beyond: 5,
    bands: [
      { up_to: 3, points: 100 },
      { up_to: 4, points: 95 },
    ],
  },
};

describe('scales', () => {
  it('maps a domain onto a range, inverted ranges too', () => {
    const y = linearScale([0, 100], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(100)).toBe(0);
    expect(y(25)).toBe(150);
    expect(linearScale([5, 5], [10, 20])(5)).toBe(10);
  });

  it('chooses ticks of 1, 2 or 5 × 10^k within the domain', () => {
    expect(niceTicks(0, 100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0, 7, 4)).toEqual([0, 2, 4, 6]);
    expect(niceTicks(0, 0.3, 3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceTicks(0, 1, 1)).toEqual([0, 1]);
  });

  it('rounds an axis top up to a nice value', () => {
    expect(niceCeiling(0)).toBe(1);
    expect(niceCeiling(1)).toBe(1);
    expect(niceCeiling(1.01)).toBe(2);
    expect(niceCeiling(21)).toBe(25);
    expect(niceCeiling(26)).toBe(50);
    expect(niceCeiling(1000)).toBe(1000);
  });
});

describe('linePath', () => {
  const x = (i: number) => i * 10;
  const y = (v: number) => 100 - v;

  it('joins the values and breaks at a missing one', () => {
    expect(linePath([90, 80], x, y)).toBe('M0,10 L10,20');
    expect(linePath([90, null, 80, 70], x, y)).toBe('M0,10 M20,20 L30,30');
    expect(linePath([null, null], x, y)).toBe('');
  });
});

describe('LZ1 bands', () => {
  it('reads the band tables of a rule set and refuses one without them', () => {
    const rules = { delivery: { lz1: { late: BANDS.late, early: BANDS.early } } };
    expect(lz1BandsOf(rules)).toEqual(BANDS);
    expect(lz1BandsOf({ delivery: { lz1: { late: BANDS.late } } })).toBeNull();
    expect(lz1BandsOf(null)).toBeNull();
  });

  it('scores a deviation by the first band with |days| <= up_to, else beyond', () => {
    expect(lz1PointsOf(0, BANDS)).toBe(100);
    expect(lz1PointsOf(1, BANDS)).toBe(100);
    expect(lz1PointsOf(2, BANDS)).toBe(95);
    expect(lz1PointsOf(3, BANDS)).toBe(0);
    expect(lz1PointsOf(-3, BANDS)).toBe(100);
    expect(lz1PointsOf(-4, BANDS)).toBe(95);
    expect(lz1PointsOf(-5, BANDS)).toBe(5);
  });

  it('counts deliveries per day from the earliest to the latest, 0 included', () => {
    const bars = deviationHistogram([2, 2, 4], BANDS);
    expect(bars.map((b) => [b.days, b.deliveries, b.points])).toEqual([
      [0, 0, 100],
      [1, 0, 100],
      [2, 2, 95],
      [3, 0, 0],
      [4, 1, 0],
    ]);
    expect(deviationHistogram([-2], null)).toEqual([
      { days: -2, deliveries: 1, points: null },
      { days: -1, deliveries: 0, points: null },
      { days: 0, deliveries: 0, points: null },
    ]);
    expect(deviationHistogram([], BANDS)).toEqual([]);
  });

  it('joins neighbouring days of equal points into one region', () => {
    const bars = deviationHistogram([-5, 3], BANDS);
    expect(pointsRegions(bars)).toEqual([
      { first: -5, last: -5, points: 5 },
      { first: -4, last: -4, points: 95 },
      { first: -3, last: 1, points: 100 },
      { first: 2, last: 2, points: 95 },
      { first: 3, last: 3, points: 0 },
    ]);
  });
});

describe('ppm against the limit', () => {
  const rules = {
    quality: {
      qz2: {
        ppm_divisor: 100,
        commodities: { M310: { b: 1, ppm_limit: 1000, name: 'bar' }, M320: { b: 4, name: '' } },
      },
    },
  };

  it('takes the rule set’s limit, else derives it where QZ2 is 90', () => {
    const bars = ppmBars(
      [
        { commodity: 'M310', b: 1, ppm: 1000 },
        { commodity: 'M320', b: 4, ppm: 250.5 },
        { commodity: 'M999', b: 0, ppm: null },
      ],
      rules,
    );
    expect(bars).toEqual([
      { commodity: 'M310', name: 'bar', ppm: 1000, limit: 1000, limitDerived: false, over: false },
      { commodity: 'M320', name: null, ppm: 250.5, limit: 250, limitDerived: true, over: true },
      { commodity: 'M999', name: null, ppm: null, limit: null, limitDerived: false, over: false },
    ]);
  });

  it('uses the default divisor when the rules do not say', () => {
    expect(ppmBars([{ commodity: 'X', b: 2, ppm: 0 }], {})[0]?.limit).toBe(500);
  });
});

describe('a reference line', () => {
  const x = (i: number): number => 10 + i * 10;
  const y = (v: number): number => v;
  it('reaches the plot edges at its first and last value, also for one period', () => {
    expect(referencePath([90], x, y, 0, 100)).toBe('M0,90 L10,90 L100,90');
    expect(referencePath([90, 95], x, y, 0, 100)).toBe('M0,90 L10,90 L20,95 L100,95');
  });

  it('breaks at a missing value and draws nothing without values', () => {
    expect(referencePath([null, 90, null, 80], x, y, 0, 100)).toBe('M0,90 L20,90 M40,80 L100,80');
    expect(referencePath([null], x, y, 0, 100)).toBe('');
    expect(referencePath([], x, y, 0, 100)).toBe('');
  });
});

describe('stepPath', () => {
  it('holds each level until the next point, then to the end', () => {
    expect(
      stepPath(
        [
          { x: 0, y: 100 },
          { x: 10, y: 80 },
          { x: 30, y: 60 },
        ],
        50,
      ),
    ).toBe('M0,100 H10 V80 H30 V60 H50');
  });

  it('draws nothing without points, and a flat line with one', () => {
    expect(stepPath([], 50)).toBe('');
    expect(stepPath([{ x: 5, y: 7 }], 50)).toBe('M5,7 H50');
  });
});
