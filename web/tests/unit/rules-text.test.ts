// The rule set in words: band ranges at their edges (whole working days and
// percent), weights, commodities, defect codes, certification rows, classes
// and the adjustment sentence; a missing or mistyped member leaves its part
// out instead of showing a wrong number.
import { describe, expect, it } from 'vitest';
import {
  PERCENT,
  WORKING_DAYS,
  adjustmentSentence,
  bandRows,
  certificationRows,
  certificationSentences,
  classRows,
  commodityRows,
  defectRows,
  formatRuleNumber,
  quantityWords,
  ruleSentences,
  weightRows,
} from '../../src/lib/rules-text';

const L = 'en-US';

const RULES = {
  weights: { quality: 0.65, delivery: 0.35 },
  eligibility: { min_deliveries: 3 },
  scores: { floor: 1, cap: 100 },
  quality: {
    formula_base: 100,
    weights: { qz1: 0.3, qz2: 0.3, qz3: 0.2, qz4: 0.2 },
    qz1: { factor: 1000 },
    qz4: { factor: 500 },
    qz2: {
      ppm_scale: 1000000,
      ppm_divisor: 100,
      default_b: 0.13,
      adjustment_months: 2,
      empty_defect_code: '',
      commodities: { M010: { b: 0.13, ppm_limit: 75, name: 'Castings' }, M051: { b: 1, name: 'Packaging' } },
      defects: [
        {
          code: '',
          meaning: 'no code',
          purchased: { basis: 'rejected', percent: 100 },
          raw: { basis: 'lot', percent: 50 },
        },
        {
          code: 'D7',
          meaning: 'documents',
          purchased: { basis: 'none', percent: 0 },
          raw: { basis: 'affected', percent: 10.5 },
        },
      ],
    },
    qz3: {
      indirect_commodities: ['M051', 'M052'],
      none_points: 1,
      hold_points: 1,
      rows: [
        { all_of: [['ISO 9001'], ['IATF 16949', 'VDA 6.1']], production: 100, indirect: 100 },
        { all_of: [['ISO 9001']], production: 70, indirect: 100 },
      ],
    },
  },
  delivery: { weights: { lz1: 0.5, lz2: 0.5 } },
  classes: [
    { name: 'A', min_total: 80 },
    { name: 'B', min_total: 60 },
    { name: 'C', min_total: 0 },
  ],
};

describe('band tables', () => {
  it('reads whole working days as exact ranges, from on time to the beyond band', () => {
    const late = {
      beyond: 0,
      bands: [
        { up_to: 0, points: 100 },
        { up_to: 1, points: 90 },
        { up_to: 3, points: 60 },
      ],
    };
    expect(bandRows(late, WORKING_DAYS, L)).toEqual([
      { range: '0 working days', points: 100 },
      { range: '1 working day', points: 90 },
      { range: '2 to 3 working days', points: 60 },
      { range: '4 working days or more', points: 0 },
    ]);
  });

  it('starts a table whose first band is above 0 with "up to"', () => {
    expect(bandRows({ beyond: 5, bands: [{ up_to: 2, points: 80 }] }, WORKING_DAYS, L)).toEqual([
      { range: 'up to 2 working days', points: 80 },
      { range: '3 working days or more', points: 5 },
    ]);
  });

  it('reads percent as half-open ranges', () => {
    const over = {
      beyond: 10,
      bands: [
        { up_to: 0, points: 100 },
        { up_to: 5.5, points: 80 },
      ],
    };
    expect(bandRows(over, PERCENT, L)).toEqual([
      { range: '0 %', points: 100 },
      { range: 'over 0 % up to 5.5 %', points: 80 },
      { range: 'over 5.5 %', points: 10 },
    ]);
  });

  it('leaves out bands without numbers, and a table that is not one', () => {
    expect(
      bandRows(
        {
          bands: [
            { up_to: '1', points: 1 },
            { up_to: 2, points: 50 },
          ],
        },
        WORKING_DAYS,
        L,
      ),
    ).toEqual([{ range: 'up to 2 working days', points: 50 }]);
    expect(bandRows(null, PERCENT, L)).toEqual([]);
    expect(bandRows([], PERCENT, L)).toEqual([]);
    expect(bandRows({ beyond: 3 }, PERCENT, L)).toEqual([]);
  });
});

describe('tables of the rule set', () => {
  it('labels the weights, quality before delivery and unknown criteria last, whatever the order of the answer', () => {
    expect(weightRows({ delivery: 0.35, quality: 0.65 })).toEqual([
      { label: 'Quality (QZ)', weight: 0.65 },
      { label: 'Delivery (LZ)', weight: 0.35 },
    ]);
    expect(weightRows({ qz9: 1, qz2: 2, qz1: 'x' })).toEqual([
      { label: 'QZ2 defective quantity (ppm)', weight: 2 },
      { label: 'QZ9', weight: 1 },
    ]);
  });

  it('lists commodities with B and the ppm limit when given', () => {
    expect(commodityRows(RULES)).toEqual([
      { code: 'M010', name: 'Castings', b: 0.13, ppmLimit: 75 },
      { code: 'M051', name: 'Packaging', b: 1, ppmLimit: null },
    ]);
    expect(commodityRows({})).toEqual([]);
  });

  it('says which quantity a defect code counts', () => {
    expect(defectRows(RULES, L)).toEqual([
      {
        code: '(none)',
        meaning: 'no code',
        purchased: '100 % of the rejected quantity (or the confirmed quantity after an adjustment)',
        raw: "50 % of the delivery's whole received quantity",
      },
      {
        code: 'D7',
        meaning: 'documents',
        purchased: 'nothing (not counted in ppm)',
        raw: '10.5 % of the affected quantity (the packing units concerned)',
      },
    ]);
    expect(quantityWords({ basis: 'rejected', percent: 0 }, L)).toBe('nothing (not counted in ppm)');
    expect(quantityWords({ basis: 'rejected' }, L)).toBe('not stated');
  });

  it('joins certificate groups: all of the groups, any of each', () => {
    expect(certificationRows(RULES)).toEqual([
      { certificates: 'ISO 9001 and (IATF 16949 or VDA 6.1)', production: 100, indirect: 100 },
      { certificates: 'ISO 9001', production: 70, indirect: 100 },
    ]);
    expect(certificationRows({ quality: { qz3: { rows: [{ all_of: [], production: 5, indirect: 6 }] } } })).toEqual([
      { certificates: 'any', production: 5, indirect: 6 },
    ]);
  });

  it('gives each class its range, bounded by the class above', () => {
    expect(classRows(RULES, L).map((row) => row.words)).toEqual([
      'a total of 80 or more',
      'a total from 60 to under 80',
      'a total from 0 to under 60',
    ]);
    expect(classRows({ classes: 'A' }, L)).toEqual([]);
  });
});

describe('sentences', () => {
  it('puts the numbers of the rule set into the formulas', () => {
    const sentences = ruleSentences(RULES, L);
    expect(sentences).toContain(
      'A supplier with fewer than 3 deliveries in the period (series and sample together) is not evaluated.',
    );
    expect(sentences).toContain('Every sub-score is at least 1 and at most 100.');
    expect(sentences).toContain('QZ1 = 100 − 1,000 × justified complaints ÷ series deliveries.');
    expect(sentences).toContain('QZ4 = 100 − 500 × justified sample complaints ÷ sample deliveries.');
    expect(
      sentences.some((s) =>
        s.startsWith(
          'QZ2, per commodity: ppm = defective quantity ÷ delivered quantity × 1,000,000, and QZ2 = 100 − B × ppm ÷ 100',
        ),
      ),
    ).toBe(true);
    expect(sentences).toContain('A commodity missing from the table counts with B = 0.13.');
  });

  it('leaves out a sentence whose numbers are missing', () => {
    const sentences = ruleSentences({ quality: { qz1: { factor: 1000 } } }, L);
    expect(sentences.some((s) => s.startsWith('QZ1'))).toBe(false);
    expect(sentences.some((s) => s.includes('not evaluated'))).toBe(false);
  });

  it('states the adjustment months, singular and plural, and nothing without them', () => {
    expect(adjustmentSentence(RULES, L)).toContain('within 2 calendar months of the return');
    expect(adjustmentSentence({ quality: { qz2: { adjustment_months: 1 } } }, L)).toContain(
      'within 1 calendar month of',
    );
    expect(adjustmentSentence({}, L)).toBeNull();
  });

  it('explains the certification points and the indirect column', () => {
    expect(certificationSentences(RULES, L)).toEqual([
      'Without a valid certificate QZ3 is 1.',
      'While a New Business Hold for quality reasons is active, QZ3 is 1.',
      'The "indirect" column applies when every commodity delivered in the period is one of M051, M052; otherwise the "production" column.',
    ]);
  });

  it("writes numbers in the user's locale", () => {
    expect(formatRuleNumber(1000000, 'de-DE')).toBe('1.000.000');
    expect(formatRuleNumber(0.125, 'de-DE')).toBe('0,125');
  });
});
