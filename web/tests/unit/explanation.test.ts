// The scorecard's formulas with the numbers put in, and the check that an
// explanation has the members the page reads.
import { describe, expect, it } from 'vitest';
import { countFormula, explainDataOf, formatWeight, weightedFormula } from '../../src/lib/explanation';

describe('countFormula', () => {
  it('puts the counts into QZ1 / QZ4', () => {
    expect(countFormula(1000, 3, 1200, 'en')).toBe('100 − 1,000 × 3 / 1,200');
    expect(countFormula(500, 0, 7, 'en')).toBe('100 − 500 × 0 / 7');
  });

  it('says a sub-score without deliveries is not taken into account', () => {
    expect(countFormula(1000, 0, 0, 'en')).toContain('not taken into account');
  });
});

describe('weightedFormula', () => {
  const weights = [
    { criterion: 'qz1', weight: 0.4, normalised: 0.5 },
    { criterion: 'qz2', weight: 0.4, normalised: 0.5 },
    { criterion: 'qz3', weight: 0.2, normalised: null },
  ];

  it('uses the renormalised weights and leaves out what is not taken into account', () => {
    expect(weightedFormula(weights, { qz1: 89.95, qz2: 70, qz3: null }, 'en')).toBe('0.5 × 90.0 + 0.5 × 70.0');
  });

  it('matches criteria whatever their case', () => {
    expect(weightedFormula([{ criterion: 'QZ', weight: 0.65, normalised: 1 }], { qz: 50 }, 'en')).toBe('1 × 50.0');
  });

  it('says when no criterion counts', () => {
    expect(weightedFormula([{ criterion: 'lz1', weight: 0.5, normalised: null }], {}, 'en')).toBe(
      'no criterion taken into account',
    );
  });

  it('writes weights with up to four decimals', () => {
    expect(formatWeight(1 / 3, 'en')).toBe('0.3333');
    expect(formatWeight(0.65, 'de')).toBe('0,65');
  });
});

describe('explainDataOf', () => {
  const complete = {
    weights: {},
    qz1: {},
    qz2: {},
    qz3: {},
    qz4: {},
    lz1: {},
    lz2: {},
    complaints: [],
  };

  it('takes an explanation with every part the page reads', () => {
    expect(explainDataOf(complete)).toBe(complete);
  });

  it('refuses one without them', () => {
    expect(explainDataOf(null)).toBeNull();
    expect(explainDataOf('text')).toBeNull();
    expect(explainDataOf({ ...complete, qz3: null })).toBeNull();
    expect(explainDataOf({ ...complete, complaints: {} })).toBeNull();
  });
});
