// The rule set in plain words (GET /api/v1/rules): the `rules` member mirrors
// the TOML file's layout (libs/io/src/rules_toml.cpp), and this turns it into
// the sentences and small tables a supplier reads — weights, the LZ1 and LZ2
// point bands, the ppm limits per commodity, the defect codes, the adjustment
// months, the certification rows and the classes. Read defensively: a member
// missing or of another type leaves its sentence or table out, never a wrong
// number.
import { userLocale } from './format';

type Json = Record<string, unknown>;

function objectAt(value: unknown, ...path: string[]): Json | null {
  let node: unknown = value;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return null;
    node = (node as Json)[key];
  }
  return typeof node === 'object' && node !== null && !Array.isArray(node) ? (node as Json) : null;
}

function numberOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function textOf(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A rule's number in the user's locale, with the decimals it has (at most 6). */
export function formatRuleNumber(value: number, locale = userLocale()): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 6 }).format(value);
}

/** How a band table's values read: working days (whole numbers) or percent. */
export interface BandUnit {
  one: string;
  many: string;
  /** Whole values: a band from 2 up to 3 reads "2 to 3", not "over 1 up to 3". */
  whole: boolean;
}

export const WORKING_DAYS: BandUnit = { one: 'working day', many: 'working days', whole: true };
export const PERCENT: BandUnit = { one: '%', many: '%', whole: false };

export interface BandRow {
  /** The values the row holds, in words: "2 to 3 working days", "over 5 % up to 10 %". */
  range: string;
  points: number;
}

function withUnit(value: number, unit: BandUnit, locale: string): string {
  const text = formatRuleNumber(value, locale);
  if (unit.one === '%') return `${text} %`;
  return `${text} ${value === 1 ? unit.one : unit.many}`;
}

function wholeRange(low: number, high: number, unit: BandUnit, locale: string): string {
  if (low === high) return withUnit(high, unit, locale);
  return `${formatRuleNumber(low, locale)} to ${withUnit(high, unit, locale)}`;
}

/**
 * The rows of a band table: a value v scores the points of the first band
 * with v ≤ up_to, a value above the last band scores `beyond`.
 */
export function bandRows(table: unknown, unit: BandUnit, locale = userLocale()): BandRow[] {
  const node = objectAt(table);
  if (!node) return [];
  const bands = arrayOf(node['bands']).flatMap((raw) => {
    const upTo = numberOf(objectAt(raw)?.['up_to']);
    const points = numberOf(objectAt(raw)?.['points']);
    return upTo === null || points === null ? [] : [{ upTo, points }];
  });
  const rows: BandRow[] = [];
  let previous: number | null = null;
  for (const band of bands) {
    let range: string;
    if (previous === null) range = `up to ${withUnit(band.upTo, unit, locale)}`;
    else if (unit.whole && Number.isInteger(previous) && Number.isInteger(band.upTo))
      range = wholeRange(previous + 1, band.upTo, unit, locale);
    else range = `over ${withUnit(previous, unit, locale)} up to ${withUnit(band.upTo, unit, locale)}`;
    // A first band up to 0 holds exactly 0 (on time, as due).
    if (previous === null && band.upTo === 0) range = withUnit(0, unit, locale);
    rows.push({ range, points: band.points });
    previous = band.upTo;
  }
  const beyond = numberOf(node['beyond']);
  if (beyond !== null && previous !== null) {
    const range =
      unit.whole && Number.isInteger(previous)
        ? `${formatRuleNumber(previous + 1, locale)} ${unit.many} or more`
        : `over ${withUnit(previous, unit, locale)}`;
    rows.push({ range, points: beyond });
  }
  return rows;
}

export interface WeightRow {
  label: string;
  weight: number;
}

const CRITERIA: Record<string, string> = {
  quality: 'Quality (QZ)',
  delivery: 'Delivery (LZ)',
  qz1: 'QZ1 mass production quality',
  qz2: 'QZ2 defective quantity (ppm)',
  qz3: 'QZ3 certification',
  qz4: 'QZ4 sample quality',
  lz1: 'LZ1 date reliability',
  lz2: 'LZ2 quantity reliability',
};

const CRITERIA_ORDER = Object.keys(CRITERIA);

function criterionRank(key: string): number {
  const rank = CRITERIA_ORDER.indexOf(key);
  return rank < 0 ? CRITERIA_ORDER.length : rank;
}

/** A weights table (`{"qz1": 0.4, …}`) as labelled rows: quality before delivery, QZ1 before QZ2, unknown ones last. */
export function weightRows(weights: unknown): WeightRow[] {
  const node = objectAt(weights);
  if (!node) return [];
  const entries = Object.entries(node).sort(([a], [b]) => criterionRank(a) - criterionRank(b));
  return entries.flatMap(([key, value]) => {
    const weight = numberOf(value);
    return weight === null ? [] : [{ label: CRITERIA[key] ?? key.toUpperCase(), weight }];
  });
}

export interface CommodityRow {
  code: string;
  name: string;
  b: number;
  ppmLimit: number | null;
}

export function commodityRows(rules: unknown): CommodityRow[] {
  const node = objectAt(rules, 'quality', 'qz2', 'commodities');
  if (!node) return [];
  return Object.entries(node).flatMap(([code, raw]) => {
    const b = numberOf(objectAt(raw)?.['b']);
    if (b === null) return [];
    return [{ code, name: textOf(objectAt(raw)?.['name']) ?? '', b, ppmLimit: numberOf(objectAt(raw)?.['ppm_limit']) }];
  });
}

const BASIS_WORDS: Record<string, string> = {
  rejected: 'the rejected quantity (or the confirmed quantity after an adjustment)',
  affected: 'the affected quantity (the packing units concerned)',
  lot: "the delivery's whole received quantity",
};

/** What a spreadsheet-1 cell counts: "100 % of the rejected quantity …", or "nothing". */
export function quantityWords(quantity: unknown, locale = userLocale()): string {
  const node = objectAt(quantity);
  const basis = textOf(node?.['basis']);
  const percent = numberOf(node?.['percent']);
  if (basis === 'none' || percent === 0) return 'nothing (not counted in ppm)';
  if (basis === null || percent === null) return 'not stated';
  return `${formatRuleNumber(percent, locale)} % of ${BASIS_WORDS[basis] ?? basis}`;
}

export interface DefectRow {
  code: string;
  meaning: string;
  purchased: string;
  raw: string;
}

export function defectRows(rules: unknown, locale = userLocale()): DefectRow[] {
  return arrayOf(objectAt(rules, 'quality', 'qz2')?.['defects']).flatMap((raw) => {
    const node = objectAt(raw);
    const code = textOf(node?.['code']);
    if (code === null) return [];
    return [
      {
        code: code === '' ? '(none)' : code,
        meaning: textOf(node?.['meaning']) ?? '',
        purchased: quantityWords(node?.['purchased'], locale),
        raw: quantityWords(node?.['raw'], locale),
      },
    ];
  });
}

export interface CertificationRow {
  /** "ISO 9001 and (IATF 16949 or VDA 6.1)". */
  certificates: string;
  production: number;
  indirect: number;
}

export function certificationRows(rules: unknown): CertificationRow[] {
  return arrayOf(objectAt(rules, 'quality', 'qz3')?.['rows']).flatMap((raw) => {
    const node = objectAt(raw);
    const production = numberOf(node?.['production']);
    const indirect = numberOf(node?.['indirect']);
    if (production === null || indirect === null) return [];
    const groups = arrayOf(node?.['all_of']).map((group) => {
      const names = arrayOf(group).flatMap((name) => (typeof name === 'string' ? [name] : []));
      return names.length > 1 ? `(${names.join(' or ')})` : (names[0] ?? '');
    });
    const certificates = groups.filter((group) => group !== '').join(' and ') || 'any';
    return [{ certificates, production, indirect }];
  });
}

export interface ClassRow {
  name: string;
  minTotal: number;
  /** "A total of 80 or more (before rounding)". */
  words: string;
}

/** The classes, highest first: each total at least its minimum and below the class above. */
export function classRows(rules: unknown, locale = userLocale()): ClassRow[] {
  const classes = arrayOf(objectAt(rules)?.['classes']).flatMap((raw) => {
    const name = textOf(objectAt(raw)?.['name']);
    const minTotal = numberOf(objectAt(raw)?.['min_total']);
    return name === null || minTotal === null ? [] : [{ name, minTotal }];
  });
  return classes.map((grade, index) => {
    const above = index > 0 ? classes[index - 1] : undefined;
    const from = formatRuleNumber(grade.minTotal, locale);
    const words = above
      ? `a total from ${from} to under ${formatRuleNumber(above.minTotal, locale)}`
      : `a total of ${from} or more`;
    return { ...grade, words };
  });
}

/** The sentences of the rule set's scalar rules, each only when its numbers are there. */
export function ruleSentences(rules: unknown, locale = userLocale()): string[] {
  const n = (value: number): string => formatRuleNumber(value, locale);
  const sentences: string[] = [];
  const minDeliveries = numberOf(objectAt(rules, 'eligibility')?.['min_deliveries']);
  if (minDeliveries !== null) {
    sentences.push(
      `A supplier with fewer than ${n(minDeliveries)} deliveries in the period (series and sample together) is not evaluated.`,
    );
  }
  const scores = objectAt(rules, 'scores');
  const floor = numberOf(scores?.['floor']);
  const cap = numberOf(scores?.['cap']);
  if (floor !== null && cap !== null) sentences.push(`Every sub-score is at least ${n(floor)} and at most ${n(cap)}.`);
  sentences.push(
    'The total is the weighted mean of QZ and LZ, and QZ and LZ the weighted means of their sub-scores; ' +
      'a score not taken into account drops out, and the weights of the others are renormalised.',
  );
  const quality = objectAt(rules, 'quality');
  const base = numberOf(quality?.['formula_base']);
  const qz1 = numberOf(objectAt(quality, 'qz1')?.['factor']);
  if (base !== null && qz1 !== null) {
    sentences.push(`QZ1 = ${n(base)} − ${n(qz1)} × justified complaints ÷ series deliveries.`);
  }
  const qz2 = objectAt(quality, 'qz2');
  const scale = numberOf(qz2?.['ppm_scale']);
  const divisor = numberOf(qz2?.['ppm_divisor']);
  const defaultB = numberOf(qz2?.['default_b']);
  if (base !== null && scale !== null && divisor !== null) {
    sentences.push(
      `QZ2, per commodity: ppm = defective quantity ÷ delivered quantity × ${n(scale)}, and QZ2 = ${n(base)} − B × ppm ÷ ${n(divisor)}, ` +
        'with the commodity factor B of the table below; the commodities are weighted by their series deliveries.',
    );
  }
  if (defaultB !== null) sentences.push(`A commodity missing from the table counts with B = ${n(defaultB)}.`);
  const qz4 = numberOf(objectAt(quality, 'qz4')?.['factor']);
  if (base !== null && qz4 !== null) {
    sentences.push(`QZ4 = ${n(base)} − ${n(qz4)} × justified sample complaints ÷ sample deliveries.`);
  }
  return sentences;
}

/** The agreement's ppm adjustment in one sentence, or null when the rule set has no months. */
export function adjustmentSentence(rules: unknown, locale = userLocale()): string | null {
  const months = numberOf(objectAt(rules, 'quality', 'qz2')?.['adjustment_months']);
  if (months === null) return null;
  const span = months === 1 ? '1 calendar month' : `${formatRuleNumber(months, locale)} calendar months`;
  return (
    'When rejected goods come back, you may determine the actual defective quantity and notify it: ' +
    `submitted within ${span} of the return (up to the same day of the month, or that month's last day when it is shorter), ` +
    'the confirmed quantity replaces the rejected quantity in the ppm once quality accepts it; later, the full rejected quantity counts.'
  );
}

/** QZ3's sentences: no certificate, a hold, and when the indirect column applies. */
export function certificationSentences(rules: unknown, locale = userLocale()): string[] {
  const qz3 = objectAt(rules, 'quality', 'qz3');
  const sentences: string[] = [];
  const none = numberOf(qz3?.['none_points']);
  const hold = numberOf(qz3?.['hold_points']);
  if (none !== null) sentences.push(`Without a valid certificate QZ3 is ${formatRuleNumber(none, locale)}.`);
  if (hold !== null) {
    sentences.push(
      `While a New Business Hold for quality reasons is active, QZ3 is ${formatRuleNumber(hold, locale)}.`,
    );
  }
  const indirect = arrayOf(qz3?.['indirect_commodities']).filter((c): c is string => typeof c === 'string');
  if (indirect.length > 0) {
    sentences.push(
      `The "indirect" column applies when every commodity delivered in the period is one of ${indirect.join(', ')}; otherwise the "production" column.`,
    );
  }
  return sentences;
}
