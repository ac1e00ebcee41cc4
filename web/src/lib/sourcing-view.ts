// What the sourcing page decides without the server (CONTRACTS.md §10): its
// filters and chosen row as a URL and back, a `shares` cell
// (`S1=62.5;S2=37.5`) as the parts of a stacked bar that ends at 100 %,
// a share in words, the HHI bands of the rule set (low / moderate / high),
// and the `;`-joined cells as lists. Shares, HHI and findings are the
// server's; nothing here recomputes them.
import { formatScore, roundHalfAwayFromZero, userLocale } from './format';
import { listPath, SOURCING_PATH } from './router';

/** One part of a `shares` or `countries` cell: who (a supplier id, a country) and its share of spend in %. */
export interface Share {
  id: string;
  /** The share as a number, for drawing; `text` is the figure as the server wrote it. */
  share: number;
  text: string;
}

const SHARE_FIGURE = /^\d+(?:\.\d+)?$/;

/**
 * The parts of a shares cell in its order (decreasing spend); an empty or
 * null cell has none, and an item that is no `id=figure` is left out.
 */
export function parseShares(cell: string | null): Share[] {
  if (cell === null || cell.trim() === '') return [];
  return cell.split(';').flatMap((item): Share[] => {
    const at = item.lastIndexOf('=');
    const id = item.slice(0, at).trim();
    const text = item.slice(at + 1).trim();
    if (at <= 0 || id === '' || !SHARE_FIGURE.test(text)) return [];
    return [{ id, share: Number(text), text }];
  });
}

/** A part of the stacked bar: where it starts and how wide it is, both in % of the bar. */
export interface ShareSegment extends Share {
  start: number;
  width: number;
}

/** How far from 100 the shares may add up and still be read as the whole (6-decimal figures). */
const ROUNDING_SLACK = 0.01;

/**
 * The parts laid end to end. Figures written to 6 decimals add up to
 * 100 ± a few millionths: when the sum is within 0.01 of 100 the last part
 * ends exactly at 100, so the bar has no sliver or overhang; a bar never
 * goes past 100.
 */
export function shareSegments(shares: readonly Share[]): ShareSegment[] {
  const total = shares.reduce((sum, part) => sum + part.share, 0);
  const whole = Math.abs(total - 100) <= ROUNDING_SLACK;
  let start = 0;
  return shares.map((part, index) => {
    const last = index === shares.length - 1;
    const width = Math.max(0, Math.min(last && whole ? 100 - start : part.share, 100 - start));
    const segment = { ...part, start, width };
    start += width;
    return segment;
  });
}

const shareFormats = new Map<string, Intl.NumberFormat>();

/** A share in % with at most one decimal, rounded half away from zero on the figure: "62.5 %", "100 %", "33.3 %". */
export function percentWords(share: number, locale = userLocale()): string {
  let format = shareFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    shareFormats.set(locale, format);
  }
  return `${format.format(roundHalfAwayFromZero(share, 1))} %`;
}

/** An HHI figure (0…10 000) as a number with one decimal at most ("3906.3"); null as a dash. */
export function hhiWords(hhi: string | null, locale = userLocale()): string {
  if (hhi === null || !SHARE_FIGURE.test(hhi)) return hhi ?? '—';
  const value = Number(hhi);
  return Number.isInteger(value) ? new Intl.NumberFormat(locale).format(value) : formatScore(value, locale);
}

/** The HHI bands of the rule set (`[contracts]` hhi_moderate, hhi_high). */
export interface HhiBands {
  moderate: number;
  high: number;
}

/** §12's defaults, for a rule set that names none. */
export const DEFAULT_HHI_BANDS: HhiBands = { moderate: 1000, high: 1800 };

/** `rules.contracts.{hhi_moderate,hhi_high}` of GET /api/v1/rules, read defensively. */
export function hhiBandsOf(rules: unknown): HhiBands {
  const contracts = (rules as { contracts?: { hhi_moderate?: unknown; hhi_high?: unknown } } | null)?.contracts;
  const moderate = typeof contracts?.hhi_moderate === 'number' ? contracts.hhi_moderate : DEFAULT_HHI_BANDS.moderate;
  const high = typeof contracts?.hhi_high === 'number' ? contracts.hhi_high : DEFAULT_HHI_BANDS.high;
  return moderate <= high ? { moderate, high } : DEFAULT_HHI_BANDS;
}

export type HhiBand = 'low' | 'moderate' | 'high';

/** §10: low below hhi_moderate, moderate from it to hhi_high inclusive, high above. */
export function hhiBand(hhi: number, bands: HhiBands): HhiBand {
  if (hhi < bands.moderate) return 'low';
  return hhi <= bands.high ? 'moderate' : 'high';
}

/** A `;`-joined cell (findings, alternates) as its items; null or empty has none. */
export function cellItems(cell: string | null): string[] {
  return cell === null ? [] : cell.split(';').filter((item) => item !== '');
}

/** §10's findings in its order: what the finding filter offers. */
export const SOURCING_FINDINGS: readonly string[] = [
  'single_source',
  'no_dual_source_clause',
  'dual_source_lead_too_short',
  'source_class_c',
  'source_on_hold',
  'single_country',
  'high_concentration',
  'unpriced_deliveries',
  'mixed_currency',
];

export const SOURCING_SCOPES = ['material', 'commodity'] as const;

export interface SourcingView {
  period: string | null;
  scope: '' | (typeof SOURCING_SCOPES)[number];
  finding: string;
  q: string;
  /** The row whose concentration the chart shows, `scope:key`; '' for the first one. */
  row: string;
}

/** The page's view from its URL; what is malformed is left out. */
export function parseSourcingView(search: string): SourcingView {
  const params = new URLSearchParams(search);
  const scope = params.get('scope') ?? '';
  const finding = params.get('finding') ?? '';
  return {
    period: params.get('period') || null,
    scope: (SOURCING_SCOPES as readonly string[]).includes(scope) ? (scope as SourcingView['scope']) : '',
    finding: SOURCING_FINDINGS.includes(finding) ? finding : '',
    q: params.get('q')?.trim() ?? '',
    row: params.get('row') ?? '',
  };
}

/** The page's URL for a view and the table's offset (members at their default left out). */
export function sourcingPath(view: SourcingView, offset = 0): string {
  const { period, ...rest } = view;
  return listPath(SOURCING_PATH, { period: period ?? '', ...rest }, offset);
}

/** A row's name in the URL: `material:M1`. */
export function rowKey(row: { scope: string; key: string }): string {
  return `${row.scope}:${row.key}`;
}
