// Rounding and formatting of figures (API.md "Results": one decimal, half
// away from zero, on the decimal the server wrote).
import { describe, expect, it } from 'vitest';
import {
  formatCount,
  formatDate,
  formatDelta,
  formatScore,
  roundHalfAwayFromZero,
  today,
  trendOf,
} from '../../src/lib/format';

describe('roundHalfAwayFromZero', () => {
  it.each([
    [89.95, 90],
    [89.949999, 89.9],
    [0.15, 0.2], // 0.15 is 0.1499999… in binary; the decimal sent is 0.15
    [1.005, 1],
    [8703.35, 8703.4],
    [8703.349997, 8703.3],
    [-0.05, -0.1],
    [-6.45, -6.5],
    [-0.04, -0],
    [100, 100],
    [0, 0],
    [0.05, 0.1],
    [0.049, 0],
    [0.004, 0],
    [1e-7, 0],
    [123456789.25, 123456789.3],
  ])('%s → %s', (value, expected) => {
    expect(roundHalfAwayFromZero(value, 1)).toBe(expected);
  });

  it('keeps numbers that have no more decimals than asked', () => {
    expect(roundHalfAwayFromZero(12.3, 1)).toBe(12.3);
    expect(roundHalfAwayFromZero(1e21, 1)).toBe(1e21);
  });

  it('rounds at other precisions', () => {
    expect(roundHalfAwayFromZero(2.5, 0)).toBe(3);
    expect(roundHalfAwayFromZero(-2.5, 0)).toBe(-3);
    expect(roundHalfAwayFromZero(0.125, 2)).toBe(0.13);
  });
});

describe('formatScore', () => {
  it('shows one decimal in the locale', () => {
    expect(formatScore(89.95, 'en')).toBe('90.0');
    expect(formatScore(89.95, 'de')).toBe('90,0');
    expect(formatScore(8703.35, 'en')).toBe('8,703.4');
    expect(formatScore(100, 'en')).toBe('100.0');
  });

  it('shows a missing score as the placeholder, never as 0 or 100', () => {
    expect(formatScore(null, 'en')).toBe('—');
    expect(formatScore(null, 'en', 'n/a')).toBe('n/a');
  });

  it('shows a negative score that rounds to zero without a sign', () => {
    expect(formatScore(-0.04, 'en')).toBe('0.0');
  });
});

describe('formatDelta and trendOf', () => {
  it('signs a change and decides its arrow on the figure shown', () => {
    expect(formatDelta(6.45, 'en')).toBe('+6.5');
    expect(formatDelta(-6.45, 'en')).toBe('-6.5');
    expect(formatDelta(0.04, 'en')).toBe('0.0');
    expect(formatDelta(-0.04, 'en')).toBe('0.0');
    expect(trendOf(0.05)).toBe('up');
    expect(trendOf(0.04)).toBe('same');
    expect(trendOf(-0.04)).toBe('same');
    expect(trendOf(-0.05)).toBe('down');
  });
});

describe('counts and dates', () => {
  it('formats counts and calendar dates in the locale, dates without shifting the day', () => {
    expect(formatCount(200000, 'en')).toBe('200,000');
    expect(formatCount(200000, 'de')).toBe('200.000');
    expect(formatDate('2026-06-30', 'en')).toBe('Jun 30, 2026');
    expect(formatDate('2026-01-01', 'de')).toBe('01.01.2026');
    expect(formatDate('not a date', 'en')).toBe('not a date');
  });
});

describe('today', () => {
  it('is the calendar date in the browser’s zone, as a date field wants it', () => {
    const now = new Date(2026, 11, 7, 23, 59);
    expect(today(now)).toBe('2026-12-07');
    expect(today(new Date(2026, 0, 1, 0, 0))).toBe('2026-01-01');
  });
});
