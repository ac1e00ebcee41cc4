// Numbers and dates as the user reads them (API.md "Results"): scores and ppm
// with one decimal rounded half away from zero on the decimal the server
// wrote (89.95 → 90.0, never 89.9 through binary floating point), then set in
// the user's locale by Intl; null is "not taken into account", never 0.

/** The locale the page formats for: the browser's first preference. */
export function userLocale(): string {
  return typeof navigator !== 'undefined' && navigator.language ? navigator.language : 'en';
}

/**
 * `value` rounded to `digits` decimals, half away from zero, taking the
 * number as the shortest decimal that reads back as it (what JSON carried).
 */
export function roundHalfAwayFromZero(value: number, digits: number): number {
  if (!Number.isFinite(value)) return value;
  const negative = value < 0;
  const [mantissa = '0', exponentText] = Math.abs(value).toExponential().split('e');
  const exponent = Number(exponentText);
  const allDigits = mantissa.replace('.', '');
  // The decimal point sits after (exponent + 1) digits of allDigits.
  const pointAt = exponent + 1;
  const keep = pointAt + digits; // digits kept before rounding
  if (keep < 0) return negative ? -0 : 0;
  if (keep >= allDigits.length) return value;
  const kept = allDigits.slice(0, keep) || '0';
  const roundUp = (allDigits[keep] ?? '0') >= '5';
  const scaled = BigInt(kept) + (roundUp ? 1n : 0n);
  const magnitude = Number(`${scaled.toString()}e${-digits}`);
  return negative ? -magnitude : magnitude;
}

const scoreFormats = new Map<string, Intl.NumberFormat>();

function scoreFormat(locale: string, signed: boolean): Intl.NumberFormat {
  const key = `${locale}|${signed ? 's' : ''}`;
  let format = scoreFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
      ...(signed ? { signDisplay: 'exceptZero' as const } : {}),
    });
    scoreFormats.set(key, format);
  }
  return format;
}

/** A score, ppm or delta with one decimal; null → the given placeholder. */
export function formatScore(value: number | null, locale = userLocale(), placeholder = '—'): string {
  if (value === null) return placeholder;
  const rounded = roundHalfAwayFromZero(value, 1);
  // -0.04 rounds to -0: shown as 0.0, without a sign.
  return scoreFormat(locale, false).format(rounded === 0 ? 0 : rounded);
}

/** A change with its sign (+1.5, −0.3, 0.0). */
export function formatDelta(value: number, locale = userLocale()): string {
  const rounded = roundHalfAwayFromZero(value, 1);
  return scoreFormat(locale, true).format(rounded === 0 ? 0 : rounded);
}

/** The direction a change shows, decided on the figure shown. */
export type Trend = 'up' | 'down' | 'same';

export function trendOf(change: number): Trend {
  const rounded = roundHalfAwayFromZero(change, 1);
  if (rounded > 0) return 'up';
  if (rounded < 0) return 'down';
  return 'same';
}

/** A count (integer) in the user's locale. */
export function formatCount(value: number, locale = userLocale()): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}

/** A calendar date (`YYYY-MM-DD`, no zone) in the user's locale. */
export function formatDate(date: string, locale = userLocale()): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return date;
  const utc = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(utc);
}

/** An instant (RFC 3339, UTC) in the user's locale and time zone. */
export function formatInstant(instant: string, locale = userLocale()): string {
  const parsed = new Date(instant);
  if (Number.isNaN(parsed.getTime())) return instant;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(parsed);
}

/** Today in the browser's zone as a calendar date (`YYYY-MM-DD`), as a date field wants it. */
export function today(now: Date = new Date()): string {
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}
