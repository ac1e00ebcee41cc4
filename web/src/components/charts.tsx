// The scorecard's three charts, a contract's KPI chart, an escalation
// case's level over time and a material's sourcing concentration as plain
// SVG drawn by Preact (no chart library: these need a few lines and axes, and a
// library would ship tens of KiB for them). Each is an `img` with an aria-label that says its
// figures; the scorecard puts a table of the same figures beside it. The
// palette is Okabe–Ito (colour-blind safe), and the series differ in dash
// and marker too, so they read in greyscale and on paper.
import type { ComponentChildren } from 'preact';
import type { TrendPoint } from '../api/types';

import {
  type ClauseSeries,
  type DeviationBar,
  type PpmBar,
  linePath,
  linearScale,
  niceCeiling,
  niceTicks,
  pointsRegions,
  referencePath,
  seriesRange,
  stepPath,
} from '../lib/chart-scale';
import { type LevelStep, dayNumber } from '../lib/escalation-view';
import { formatCount, formatDate, formatScore } from '../lib/format';
import { type HhiBands, type ShareSegment, hhiWords, percentWords } from '../lib/sourcing-view';
import '../styles/ops.css';

const WIDTH = 640;
const HEIGHT = 240;
const MARGIN = { top: 24, right: 16, bottom: 40, left: 48 };
const PLOT_RIGHT = WIDTH - MARGIN.right;
const PLOT_BOTTOM = HEIGHT - MARGIN.bottom;

function Frame(props: { label: string; width?: number; height?: number; children: ComponentChildren }) {
  return (
    <svg
      class={props.width === undefined ? 'chart' : 'chart chart-small'}
      viewBox={`0 0 ${props.width ?? WIDTH} ${props.height ?? HEIGHT}`}
      role="img"
      aria-label={props.label}
      preserveAspectRatio="xMidYMid meet"
    >
      {props.children}
    </svg>
  );
}

/** Horizontal grid lines with their values on the left (of the plot from `right`, default the wide charts'). */
function ValueAxis(props: {
  ticks: number[];
  y: (v: number) => number;
  format: (v: number) => string;
  right?: number;
}) {
  const { ticks, y, format } = props;
  return (
    <g class="axis axis-value" aria-hidden="true">
      {ticks.map((tick) => (
        <g key={tick}>
          <line class="grid" x1={MARGIN.left} x2={props.right ?? PLOT_RIGHT} y1={y(tick)} y2={y(tick)} />
          <text x={MARGIN.left - 6} y={y(tick)} dy="0.32em" text-anchor="end">
            {format(tick)}
          </text>
        </g>
      ))}
    </g>
  );
}

interface Series {
  key: 'total' | 'qz' | 'lz';
  label: string;
  dash: string;
  marker: 'circle' | 'square' | 'triangle';
}

export const TREND_SERIES: readonly Series[] = [
  { key: 'total', label: 'Total', dash: '', marker: 'circle' },
  { key: 'qz', label: 'QZ', dash: '8 4', marker: 'square' },
  { key: 'lz', label: 'LZ', dash: '2 3', marker: 'triangle' },
];

function Marker({ shape, x, y }: { shape: Series['marker']; x: number; y: number }) {
  if (shape === 'circle') return <circle cx={x} cy={y} r={4} />;
  if (shape === 'square') return <rect x={x - 4} y={y - 4} width={8} height={8} />;
  return <path d={`M${x},${y - 5} L${x + 5},${y + 4} L${x - 5},${y + 4} Z`} />;
}

/** Total, QZ and LZ over the periods of the trend (oldest first), 0–100. */
export function TrendChart({ points }: { points: readonly TrendPoint[] }) {
  const ordered = points; // the API gives the trend oldest first
  const x = linearScale([0, Math.max(ordered.length - 1, 1)], [MARGIN.left + 24, PLOT_RIGHT - 24]);
  const y = linearScale([0, 100], [PLOT_BOTTOM, MARGIN.top]);
  const label = `Trend of total, QZ and LZ: ${ordered
    .map((p) => `${p.period} total ${formatScore(p.total)}, QZ ${formatScore(p.qz)}, LZ ${formatScore(p.lz)}`)
    .join('; ')}`;
  return (
    <Frame label={label}>
      <ValueAxis ticks={[0, 20, 40, 60, 80, 100]} y={y} format={(v) => formatCount(v)} />
      <g class="axis axis-category" aria-hidden="true">
        {ordered.map((p, i) => (
          <text key={p.run} x={x(i)} y={PLOT_BOTTOM + 18} text-anchor="middle">
            {p.period}
          </text>
        ))}
      </g>
      {TREND_SERIES.map((series, index) => {
        const present = ordered.flatMap((p, i) => (p[series.key] === null ? [] : [{ i, v: p[series.key] as number }]));
        const path = linePath(
          ordered.map((p) => p[series.key]),
          x,
          y,
        );
        return (
          <g key={series.key} class={`series series-${index + 1}`} aria-hidden="true">
            <path class="line" d={path} stroke-dasharray={series.dash || undefined} />
            {present.map(({ i, v }) => (
              <Marker key={i} shape={series.marker} x={x(i)} y={y(v)} />
            ))}
            <g transform={`translate(${MARGIN.left + 8 + index * 90}, 10)`}>
              <line x1={0} x2={24} y1={0} y2={0} stroke-dasharray={series.dash || undefined} />
              <Marker shape={series.marker} x={12} y={0} />
              <text x={30} y={0} dy="0.32em">
                {series.label}
              </text>
            </g>
          </g>
        );
      })}
    </Frame>
  );
}

/** "3 days early", "on time", "1 day late". */
export function deviationLabel(days: number): string {
  if (days === 0) return 'on time';
  const size = Math.abs(days);
  return `${formatCount(size)} ${size === 1 ? 'day' : 'days'} ${days > 0 ? 'late' : 'early'}`;
}

/** Deliveries per working-day deviation, early left of 0 and late right, over the LZ1 points bands. */
export function DeviationChart({ bars }: { bars: readonly DeviationBar[] }) {
  const top = niceCeiling(Math.max(...bars.map((b) => b.deliveries), 1));
  const y = linearScale([0, top], [PLOT_BOTTOM, MARGIN.top + 14]);
  const first = bars[0]?.days ?? 0;
  const slot = (PLOT_RIGHT - MARGIN.left) / Math.max(bars.length, 1);
  const left = (days: number): number => MARGIN.left + (days - first) * slot;
  const barWidth = Math.min(slot * 0.7, 36); // a few wide days still read as bars
  const regions = pointsRegions(bars);
  const shown = bars.filter((b) => b.deliveries > 0);
  const label = `Deliveries by deviation in working days: ${shown
    .map(
      (b) =>
        `${deviationLabel(b.days)} ${formatCount(b.deliveries)}${b.points === null ? '' : ` (${formatCount(b.points)} points)`}`,
    )
    .join('; ')}`;
  const labelEvery = Math.ceil(bars.length / 16);
  return (
    <Frame label={label}>
      {regions.map((region, index) => (
        <g key={region.first} class={`band band-${index % 2}`} aria-hidden="true">
          <rect
            x={left(region.first)}
            y={MARGIN.top}
            width={(region.last - region.first + 1) * slot}
            height={PLOT_BOTTOM - MARGIN.top}
          />
          {(region.last - region.first + 1) * slot >= 22 && (
            <text
              x={left(region.first) + ((region.last - region.first + 1) * slot) / 2}
              y={MARGIN.top + 10}
              text-anchor="middle"
            >
              {formatCount(region.points)}
            </text>
          )}
        </g>
      ))}
      <ValueAxis ticks={niceTicks(0, top, 4)} y={y} format={(v) => formatCount(v)} />
      <g class="bars" aria-hidden="true">
        {bars.map((bar) => (
          <rect
            key={bar.days}
            class={bar.days > 0 ? 'bar bar-late' : bar.days < 0 ? 'bar bar-early' : 'bar bar-on-time'}
            x={left(bar.days) + (slot - barWidth) / 2}
            y={y(bar.deliveries)}
            width={barWidth}
            height={PLOT_BOTTOM - y(bar.deliveries)}
          />
        ))}
      </g>
      <g class="axis axis-category" aria-hidden="true">
        {bars
          .filter((bar) => bar.days % labelEvery === 0)
          .map((bar) => (
            <text key={bar.days} x={left(bar.days) + slot / 2} y={PLOT_BOTTOM + 16} text-anchor="middle">
              {bar.days > 0 ? `+${bar.days}` : String(bar.days)}
            </text>
          ))}
        <text x={MARGIN.left} y={PLOT_BOTTOM + 34}>
          ← early
        </text>
        <text x={(MARGIN.left + PLOT_RIGHT) / 2} y={PLOT_BOTTOM + 34} text-anchor="middle">
          working days (band labels: LZ1 points)
        </text>
        <text x={PLOT_RIGHT} y={PLOT_BOTTOM + 34} text-anchor="end">
          late →
        </text>
      </g>
    </Frame>
  );
}

const PPM_ROW = 36;

/** Each commodity's ppm as a bar with its limit (spreadsheet 2) as a mark; over the limit hatched. */
export function PpmChart({ bars }: { bars: readonly PpmBar[] }) {
  const height = MARGIN.top + bars.length * PPM_ROW + 44;
  const top = niceCeiling(Math.max(...bars.flatMap((b) => [b.ppm ?? 0, b.limit ?? 0]), 1) * 1.05);
  const left = 120;
  const x = linearScale([0, top], [left, PLOT_RIGHT]);
  const bottom = MARGIN.top + bars.length * PPM_ROW;
  const label = `ppm per commodity against its limit: ${bars
    .map(
      (b) =>
        `${b.commodity} ${formatScore(b.ppm)} ppm, limit ${b.limit === null ? 'none' : formatScore(b.limit)}${b.over ? ', over the limit' : ''}`,
    )
    .join('; ')}`;
  return (
    <Frame label={label} height={height}>
      <defs>
        <pattern id="ppm-over" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" class="hatch-ground" />
          <line x1="0" y1="0" x2="0" y2="6" class="hatch-line" />
        </pattern>
      </defs>
      <g class="axis axis-value" aria-hidden="true">
        {niceTicks(0, top, 5).map((tick) => (
          <g key={tick}>
            <line class="grid" x1={x(tick)} x2={x(tick)} y1={MARGIN.top} y2={bottom} />
            <text x={x(tick)} y={bottom + 16} text-anchor="middle">
              {formatCount(tick)}
            </text>
          </g>
        ))}
        <text x={PLOT_RIGHT} y={bottom + 30} text-anchor="end">
          ppm; black mark: the limit (QZ2 ≈ 90)
        </text>
      </g>
      {bars.map((bar, index) => {
        const rowTop = MARGIN.top + index * PPM_ROW;
        return (
          <g key={bar.commodity} aria-hidden="true">
            <text x={left - 8} y={rowTop + PPM_ROW / 2} dy="0.32em" text-anchor="end">
              {bar.commodity}
            </text>
            {bar.ppm !== null && (
              <rect
                class={bar.over ? 'bar bar-over' : 'bar bar-within'}
                x={left}
                y={rowTop + 8}
                width={Math.max(x(bar.ppm) - left, 1)}
                height={PPM_ROW - 16}
              />
            )}
            {bar.limit !== null && (
              <line class="limit" x1={x(bar.limit)} x2={x(bar.limit)} y1={rowTop + 3} y2={rowTop + PPM_ROW - 3} />
            )}
          </g>
        );
      })}
    </Frame>
  );
}

const SMALL_WIDTH = 400;
const SMALL_HEIGHT = 200;
const SMALL_RIGHT = SMALL_WIDTH - MARGIN.right;
const SMALL_BOTTOM = SMALL_HEIGHT - MARGIN.bottom;

/**
 * One KPI clause over the periods (oldest first): the actual as a line with
 * points (a gap where it was not assessed), the target as a dashed
 * reference line. The label says every period's figures.
 */
export function KpiChart(props: { series: ClauseSeries; title: string; format: (v: number) => string }) {
  const { series } = props;
  const [low, high] = seriesRange(series);
  const ticks = niceTicks(low, high, 4);
  const y = linearScale([low, high], [SMALL_BOTTOM, MARGIN.top + 14]);
  const x = linearScale([0, Math.max(series.periods.length - 1, 1)], [MARGIN.left + 20, SMALL_RIGHT - 20]);
  const label = `${props.title}, actual against target: ${series.periods
    .map((period, i) => {
      const actual = series.actual[i] ?? null;
      const target = series.target[i] ?? null;
      return `${period} actual ${actual === null ? 'not assessed' : props.format(actual)}, target ${target === null ? '—' : props.format(target)}`;
    })
    .join('; ')}`;
  const labelEvery = Math.ceil(series.periods.length / 6);
  return (
    <Frame label={label} width={SMALL_WIDTH} height={SMALL_HEIGHT}>
      <ValueAxis ticks={ticks} y={y} format={props.format} right={SMALL_RIGHT} />
      <g class="axis axis-category" aria-hidden="true">
        {series.periods.map((period, i) =>
          i % labelEvery === 0 ? (
            <text key={period} x={x(i)} y={SMALL_BOTTOM + 18} text-anchor="middle">
              {period}
            </text>
          ) : null,
        )}
      </g>
      <g class="series series-2 target" aria-hidden="true">
        <path class="line" d={referencePath(series.target, x, y, MARGIN.left, SMALL_RIGHT)} stroke-dasharray="6 4" />
        <g transform={`translate(${MARGIN.left + 110}, 10)`}>
          <line x1={0} x2={24} y1={0} y2={0} stroke-dasharray="6 4" />
          <text x={30} y={0} dy="0.32em">
            Target
          </text>
        </g>
      </g>
      <g class="series series-1 actual" aria-hidden="true">
        <path class="line" d={linePath(series.actual, x, y)} />
        {series.actual.map((value, i) =>
          value === null ? null : <Marker key={i} shape="circle" x={x(i)} y={y(value)} />,
        )}
        <g transform={`translate(${MARGIN.left + 8}, 10)`}>
          <line x1={0} x2={24} y1={0} y2={0} />
          <Marker shape="circle" x={12} y={0} />
          <text x={30} y={0} dy="0.32em">
            Actual
          </text>
        </g>
      </g>
    </Frame>
  );
}

const LEVEL_BOTTOM = SMALL_HEIGHT - MARGIN.bottom;
/** Days of E0 shown before the first step, so the case's opening reads as a rise. */
const LEVEL_LEAD_DAYS = 7;
/** The least room between two date labels of the time axis (centred), and before the date at its end (right-aligned). */
const DATE_LABEL_ROOM = 70;
const END_LABEL_ROOM = 100;

/** A contract's escalation level over time: a step line from E0 up to `asOf`, its holds shaded. */
export function LevelChart(props: {
  steps: readonly LevelStep[];
  /** How many levels its ladder has (E0 included). */
  levels: number;
  asOf: string;
  holds: readonly { since: string; until: string | null }[];
}) {
  const { steps, asOf } = props;
  const first = steps[0];
  if (!first) return null;
  const start = dayNumber(first.day) - LEVEL_LEAD_DAYS;
  const end = Math.max(dayNumber(asOf), dayNumber(first.day) + 1);
  const x = linearScale([start, end], [MARGIN.left + 8, SMALL_RIGHT - 8]);
  const top = Math.max(props.levels - 1, 1);
  const y = linearScale([0, top], [LEVEL_BOTTOM, MARGIN.top + 14]);
  const ranks = Array.from({ length: top + 1 }, (_, rank) => rank);
  const points = [{ x: x(start), y: y(0) }, ...steps.map((step) => ({ x: x(dayNumber(step.day)), y: y(step.rank) }))];
  // A step's date where it has room: apart from the previous label and from the date at the end.
  const labelled: LevelStep[] = [];
  for (const step of steps) {
    const at = x(dayNumber(step.day));
    const previous = labelled[labelled.length - 1];
    const apart = !previous || at - x(dayNumber(previous.day)) >= DATE_LABEL_ROOM;
    if (apart && x(end) - at >= END_LABEL_ROOM) labelled.push(step);
  }
  const label = `Escalation level over time: E0 until ${formatDate(first.day)}; ${steps
    .map((step) => `E${step.rank} from ${formatDate(step.day)}`)
    .join('; ')}; as of ${formatDate(asOf)}${
    props.holds.length > 0
      ? `. On hold ${props.holds
          .map((hold) => `from ${formatDate(hold.since)}${hold.until ? ` to ${formatDate(hold.until)}` : ''}`)
          .join(', ')}`
      : ''
  }`;
  return (
    <Frame label={label} width={SMALL_WIDTH} height={SMALL_HEIGHT}>
      {props.holds.map((hold) => {
        const from = Math.max(dayNumber(hold.since), start);
        const until = hold.until === null ? end : Math.min(dayNumber(hold.until), end);
        return (
          <g key={hold.since} class="band band-hold" aria-hidden="true">
            <rect
              x={x(from)}
              y={MARGIN.top}
              width={Math.max(x(until) - x(from), 1)}
              height={LEVEL_BOTTOM - MARGIN.top}
            />
            <text x={x(from) + 4} y={MARGIN.top + 10}>
              hold
            </text>
          </g>
        );
      })}
      <ValueAxis ticks={ranks} y={y} format={(rank) => `E${rank}`} right={SMALL_RIGHT} />
      <g class="axis axis-category" aria-hidden="true">
        {labelled.map((step) => (
          <text key={step.day} x={x(dayNumber(step.day))} y={LEVEL_BOTTOM + 18} text-anchor="middle">
            {formatDate(step.day)}
          </text>
        ))}
        <text x={x(end)} y={LEVEL_BOTTOM + 18} text-anchor="end">
          {formatDate(asOf)}
        </text>
        <text x={x(end)} y={LEVEL_BOTTOM + 32} text-anchor="end">
          (as of)
        </text>
      </g>
      <g class="series series-1" aria-hidden="true">
        <path class="line" d={stepPath(points, x(end))} />
        {steps.map((step) => (
          <circle key={step.day} cx={x(dayNumber(step.day))} cy={y(step.rank)} r={3.5} />
        ))}
      </g>
    </Frame>
  );
}

const SHARE_WIDTH = 480;
const SHARE_RIGHT = SHARE_WIDTH - MARGIN.right;
const SHARE_ROW = 44;
const SHARE_LEFT = 96;
/** About how wide a character of the chart's 11 px text is, to tell whether a label fits in its part. */
const CHARACTER_WIDTH = 6.6;
const SEGMENT_TONES = 7;
const HHI_TOP = 10_000;

/** One stacked bar of shares of spend (100 % wide), each part labelled inside when it has room. */
function ShareBar(props: { label: string; parts: readonly ShareSegment[]; top: number; x: (v: number) => number }) {
  return (
    <g aria-hidden="true">
      <text x={SHARE_LEFT - 8} y={props.top + SHARE_ROW / 2} dy="0.32em" text-anchor="end">
        {props.label}
      </text>
      {props.parts.map((part, index) => {
        const left = props.x(part.start);
        const width = props.x(part.start + part.width) - left;
        // The id and share where they fit, else the id alone, else nothing (the label and table say it).
        const full = `${part.id} ${percentWords(part.share)}`;
        const text = [full, part.id].find((words) => words.length * CHARACTER_WIDTH + 8 <= width);
        return (
          <g key={part.id} class={`segment segment-${index % SEGMENT_TONES}`}>
            <rect x={left} y={props.top + 6} width={Math.max(width, 0.5)} height={SHARE_ROW - 12} />
            {text && (
              <text x={left + 4} y={props.top + SHARE_ROW / 2} dy="0.32em">
                {text}
              </text>
            )}
          </g>
        );
      })}
    </g>
  );
}

/**
 * A material's or commodity's concentration: the suppliers' shares of spend
 * as one stacked bar, the countries' likewise (material rows), and the HHI
 * of each on the 0–10 000 scale with the rule set's bands marked.
 */
export function ConcentrationChart(props: {
  title: string;
  suppliers: readonly ShareSegment[];
  countries: readonly ShareSegment[];
  hhi: string | null;
  countryHhi: string | null;
  bands: HhiBands;
}) {
  const bars = [
    { label: 'Suppliers', parts: props.suppliers },
    ...(props.countries.length > 0 ? [{ label: 'Countries', parts: props.countries }] : []),
  ];
  const x = linearScale([0, 100], [SHARE_LEFT, SHARE_RIGHT]);
  const scaleTop = MARGIN.top + bars.length * SHARE_ROW + 44;
  const height = scaleTop + 64;
  const h = linearScale([0, HHI_TOP], [SHARE_LEFT, SHARE_RIGHT]);
  const regions = [
    { band: 'low', from: 0, to: props.bands.moderate },
    { band: 'moderate', from: props.bands.moderate, to: props.bands.high },
    { band: 'high', from: props.bands.high, to: HHI_TOP },
  ];
  const markers = [
    { name: 'HHI', value: props.hhi, above: true },
    { name: 'country HHI', value: props.countryHhi, above: false },
  ].filter((marker) => marker.value !== null && Number.isFinite(Number(marker.value)));
  const words = (parts: readonly ShareSegment[]): string =>
    parts.map((part) => `${part.id} ${percentWords(part.share)}`).join(', ');
  const label = `${props.title}: ${bars.map((bar) => `${bar.label.toLowerCase()} ${words(bar.parts)}`).join('; ')}${markers
    .map((marker) => `; ${marker.name} ${hhiWords(marker.value)}`)
    .join('')}; bands: low below ${formatCount(props.bands.moderate)}, high above ${formatCount(props.bands.high)}`;
  return (
    <Frame label={label} width={SHARE_WIDTH} height={height}>
      {bars.map((bar, index) => (
        <ShareBar key={bar.label} label={bar.label} parts={bar.parts} top={MARGIN.top + index * SHARE_ROW} x={x} />
      ))}
      <g class="axis axis-value" aria-hidden="true">
        {[0, 25, 50, 75, 100].map((tick) => (
          <text key={tick} x={x(tick)} y={MARGIN.top + bars.length * SHARE_ROW + 10} text-anchor="middle">
            {tick} %
          </text>
        ))}
      </g>
      <g aria-hidden="true">
        <text x={SHARE_LEFT - 8} y={scaleTop + 14} dy="0.32em" text-anchor="end">
          HHI
        </text>
        {regions.map((region) => (
          <g key={region.band} class={`hhi-band hhi-${region.band}`}>
            <rect x={h(region.from)} y={scaleTop + 4} width={h(region.to) - h(region.from)} height={20} />
          </g>
        ))}
        <text x={h(HHI_TOP) - 8} y={scaleTop + 14} dy="0.32em" text-anchor="end" class="hhi-band-label">
          high above {formatCount(props.bands.high)}
        </text>
        {/* The band edges (moderate's to the left of its edge, high's to the right) and the top of the scale. */}
        {[
          { value: props.bands.moderate, anchor: 'end' },
          { value: props.bands.high, anchor: 'start' },
          { value: HHI_TOP, anchor: 'end' },
        ].map((tick) => (
          <text key={tick.value} x={h(tick.value)} y={scaleTop + 40} text-anchor={tick.anchor}>
            {formatCount(tick.value)}
          </text>
        ))}
        {markers.map((marker) => {
          const at = h(Math.min(Number(marker.value), HHI_TOP));
          return (
            <g key={marker.name} class="hhi-marker">
              <line x1={at} x2={at} y1={scaleTop} y2={scaleTop + 28} />
              <text
                x={at}
                y={marker.above ? scaleTop - 4 : scaleTop + 54}
                text-anchor={at > SHARE_RIGHT - 60 ? 'end' : 'middle'}
              >
                {marker.name} {hhiWords(marker.value)}
              </text>
            </g>
          );
        })}
      </g>
    </Frame>
  );
}
