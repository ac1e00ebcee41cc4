// Small pieces that show a result's figures the same way on every page: a
// score (one decimal, "not taken into account" when null), the class badge
// (letter and a colour-blind-safe colour), and a change with its arrow.
import { formatDelta, formatScore, trendOf } from '../lib/format';

/** A score, or a dash that says it was not taken into account. */
export function Score({ value }: { value: number | null }) {
  if (value === null) {
    return (
      <span class="not-counted" title="not taken into account">
        —<span class="visually-hidden"> not taken into account</span>
      </span>
    );
  }
  return <span class="number">{formatScore(value)}</span>;
}

const KNOWN_CLASSES: ReadonlySet<string> = new Set(['A', 'B', 'C']);

/** The class as the answer gives it (never derived from the rounded total). */
export function ClassBadge({ value }: { value: string | null }) {
  if (value === null) return <span class="not-counted">—</span>;
  const tone = KNOWN_CLASSES.has(value) ? value.toLowerCase() : 'other';
  return (
    <span class={`class-badge class-${tone}`} title={`class ${value}`}>
      {value}
    </span>
  );
}

const ARROWS = { up: '▲', down: '▼', same: '▶' } as const;
const TREND_WORDS = { up: 'up', down: 'down', same: 'unchanged' } as const;

/** The change against the previous period: arrow and delta, or a dash when either total is missing. */
export function Change({ value }: { value: number | null }) {
  if (value === null)
    return (
      <span class="not-counted" title="no total in the previous period">
        —
      </span>
    );
  const trend = trendOf(value);
  return (
    <span class={`change change-${trend}`}>
      <span aria-hidden="true">{ARROWS[trend]} </span>
      <span class="visually-hidden">{TREND_WORDS[trend]} </span>
      <span class="number">{formatDelta(value)}</span>
    </span>
  );
}
