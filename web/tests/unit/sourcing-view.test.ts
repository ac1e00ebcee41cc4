// The sourcing page's own decisions: a shares cell read into the parts of a
// stacked bar that ends at 100 % (empty cells, one supplier, rounding), a
// share and an HHI in words, the HHI bands, and the page's URL.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HHI_BANDS,
  cellItems,
  hhiBand,
  hhiBandsOf,
  hhiWords,
  parseShares,
  parseSourcingView,
  percentWords,
  rowKey,
  shareSegments,
  sourcingPath,
} from '../../src/lib/sourcing-view';

describe('parseShares', () => {
  it('reads each supplier and its share in the cell’s order', () => {
    expect(parseShares('S1=62.5;S2=37.5')).toEqual([
      { id: 'S1', share: 62.5, text: '62.5' },
      { id: 'S2', share: 37.5, text: '37.5' },
    ]);
  });

  it('has no parts for an empty or null cell', () => {
    expect(parseShares(null)).toEqual([]);
    expect(parseShares('')).toEqual([]);
    expect(parseShares('  ')).toEqual([]);
  });

  it('reads one supplier with all the spend', () => {
    expect(parseShares('S00001=100')).toEqual([{ id: 'S00001', share: 100, text: '100' }]);
  });

  it('leaves out what is no id=figure, and keeps an id with an equals sign', () => {
    expect(parseShares('S1=50;;=20;S2;S3=x;S4=-5;A=B=30')).toEqual([
      { id: 'S1', share: 50, text: '50' },
      { id: 'A=B', share: 30, text: '30' },
    ]);
  });

  it('reads countries the same way', () => {
    expect(parseShares('DE=70;unknown=30').map((p) => p.id)).toEqual(['DE', 'unknown']);
  });
});

describe('shareSegments', () => {
  it('lays the parts end to end', () => {
    expect(shareSegments(parseShares('S1=62.5;S2=37.5')).map(({ id, start, width }) => ({ id, start, width }))).toEqual(
      [
        { id: 'S1', start: 0, width: 62.5 },
        { id: 'S2', start: 62.5, width: 37.5 },
      ],
    );
  });

  it('fills the bar with one supplier', () => {
    expect(shareSegments(parseShares('S1=100'))).toMatchObject([{ start: 0, width: 100 }]);
  });

  it('ends exactly at 100 when 6-decimal figures add up to a hair off it', () => {
    const under = shareSegments(parseShares('S1=33.333333;S2=33.333333;S3=33.333333'));
    const last = under[2]!;
    expect(last.start + last.width).toBe(100);
    expect(last.width).toBeCloseTo(33.333334, 6);
    const over = shareSegments(parseShares('S1=66.666667;S2=33.333334'));
    expect(over[1]!.start + over[1]!.width).toBe(100);
  });

  it('never goes past 100, and leaves a gap when the shares are short of it', () => {
    const long = shareSegments(parseShares('S1=80;S2=30'));
    expect(long[1]).toMatchObject({ start: 80, width: 20 });
    const short = shareSegments(parseShares('S1=50;S2=30'));
    expect(short[1]!.start + short[1]!.width).toBe(80);
  });

  it('has no parts without shares', () => {
    expect(shareSegments([])).toEqual([]);
  });
});

describe('words', () => {
  it('writes a share with one decimal at most, rounded half away from zero', () => {
    expect(percentWords(62.5, 'en')).toBe('62.5 %');
    expect(percentWords(100, 'en')).toBe('100 %');
    expect(percentWords(33.333333, 'en')).toBe('33.3 %');
    expect(percentWords(66.666667, 'en')).toBe('66.7 %');
    expect(percentWords(12.25, 'en')).toBe('12.3 %');
    expect(percentWords(0.04, 'en')).toBe('0 %');
    expect(percentWords(62.5, 'de')).toBe('62,5 %');
  });

  it('writes an HHI', () => {
    expect(hhiWords('10000', 'en')).toBe('10,000');
    expect(hhiWords('5312.5', 'en')).toBe('5,312.5');
    expect(hhiWords('3333.333334', 'en')).toBe('3,333.3');
    expect(hhiWords(null)).toBe('—');
  });

  it('splits a ;-joined cell', () => {
    expect(cellItems('single_source;source_on_hold')).toEqual(['single_source', 'source_on_hold']);
    expect(cellItems(null)).toEqual([]);
    expect(cellItems('')).toEqual([]);
  });
});

describe('the HHI bands', () => {
  it('are low below hhi_moderate, moderate up to hhi_high inclusive, high above', () => {
    expect(hhiBand(999.99, DEFAULT_HHI_BANDS)).toBe('low');
    expect(hhiBand(1000, DEFAULT_HHI_BANDS)).toBe('moderate');
    expect(hhiBand(1800, DEFAULT_HHI_BANDS)).toBe('moderate');
    expect(hhiBand(1800.01, DEFAULT_HHI_BANDS)).toBe('high');
    expect(hhiBand(10000, DEFAULT_HHI_BANDS)).toBe('high');
  });

  it('come from the rule set, else §12’s defaults', () => {
    expect(hhiBandsOf({ contracts: { hhi_moderate: 1500, hhi_high: 2500 } })).toEqual({ moderate: 1500, high: 2500 });
    expect(hhiBandsOf({ contracts: { hhi_moderate: 'x' } })).toEqual({ moderate: 1000, high: 1800 });
    expect(hhiBandsOf({ contracts: { hhi_moderate: 3000, hhi_high: 2000 } })).toEqual(DEFAULT_HHI_BANDS);
    expect(hhiBandsOf(null)).toEqual(DEFAULT_HHI_BANDS);
  });
});

describe('the page’s URL', () => {
  it('reads back what it wrote', () => {
    const view = {
      period: '2026-H1',
      scope: 'material' as const,
      finding: 'single_source',
      q: 'M1',
      row: rowKey({ scope: 'material', key: 'M1' }),
    };
    const path = sourcingPath(view);
    expect(path).toBe('/sourcing?period=2026-H1&scope=material&finding=single_source&q=M1&row=material%3AM1');
    expect(parseSourcingView(path.slice(path.indexOf('?')))).toEqual(view);
  });

  it('leaves out what is malformed', () => {
    expect(parseSourcingView('?scope=plant&finding=nonsense')).toEqual({
      period: null,
      scope: '',
      finding: '',
      q: '',
      row: '',
    });
    expect(sourcingPath(parseSourcingView(''))).toBe('/sourcing');
    expect(sourcingPath(parseSourcingView('?scope=commodity'), 100)).toBe('/sourcing?scope=commodity&offset=100');
  });
});
