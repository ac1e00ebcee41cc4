// What the contract and settlement pages show the same way: a finding's
// severity as a badge (the word carries it, the colour only helps), a
// contract's findings high first, an amount with who owes it, the total per
// currency, the settlement lines' table, each line's amount step by step,
// and how each KPI line's actual was reached (the slice's explanation, as
// the scorecard explains it).
import type { ComponentChildren } from 'preact';
import type { Finding, KpiClause, SettlementLine, TracedLine } from '../api/types';
import { findingLabel, severityCounts, severityWords, sortFindings } from '../lib/contract-view';
import type { ExplainData } from '../lib/explanation';
import {
  SIDE_WORDS,
  amountSide,
  formatDecimal,
  kindLabel,
  kpiInfo,
  kpiTrace,
  lineTitle,
  statusWords,
  totalsByCurrency,
} from '../lib/settlement-view';
import '../styles/contracts.css';

export function SeverityBadge({ severity }: { severity: string }) {
  return <span class={`severity severity-${/^[a-z]+$/.test(severity) ? severity : 'other'}`}>{severity}</span>;
}

/** The findings of one contract: the counts by severity, then each finding high first with its detail. */
export function FindingList({ findings }: { findings: readonly Finding[] }) {
  if (findings.length === 0) return <span class="muted">no findings</span>;
  return (
    <div class="findings">
      <p class="finding-counts">
        <strong>
          {findings.length} {findings.length === 1 ? 'finding' : 'findings'}
        </strong>
        : {severityWords(severityCounts(findings))}
      </p>
      <ul class="finding-list">
        {sortFindings(findings).map((finding, index) => (
          <li key={index}>
            <SeverityBadge severity={finding.severity} /> {findingLabel(finding.finding)}
            {finding.detail && <span class="muted"> ({finding.detail})</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** An amount as the line gives it, negative marked as owed by the supplier (in words, not colour alone). */
export function Amount({ amount }: { amount: string }) {
  const side = amountSide(amount);
  return (
    <span class={`amount amount-${side}`}>
      <span class="number">{formatDecimal(amount)}</span>
      {side !== 'zero' && <span class="amount-side">{SIDE_WORDS[side]}</span>}
    </span>
  );
}

/** The lines' total per currency ("owed by the supplier" when it comes out negative). */
export function CurrencyTotals({ lines }: { lines: readonly SettlementLine[] }) {
  const totals = totalsByCurrency(lines);
  if (totals.length === 0) return null;
  return (
    <table class="currency-totals">
      <caption>Total per currency</caption>
      <thead>
        <tr>
          <th scope="col">Currency</th>
          <th scope="col" class="numeric">
            Lines
          </th>
          <th scope="col" class="numeric">
            Total
          </th>
        </tr>
      </thead>
      <tbody>
        {totals.map((t) => (
          <tr key={t.currency}>
            <th scope="row">{t.currency}</th>
            <td class="numeric">{t.lines}</td>
            <td class="numeric">
              <Amount amount={t.total} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A column of the lines' table beyond the settlement's own. */
export interface ExtraColumn<Line> {
  label: string;
  numeric?: boolean;
  cell: (line: Line) => ComponentChildren;
}

const FIGURES: { key: keyof SettlementLine; label: string }[] = [
  { key: 'quantity', label: 'Quantity' },
  { key: 'actual', label: 'Actual' },
  { key: 'target', label: 'Target' },
  { key: 'shortfall', label: 'Shortfall' },
  { key: 'rate', label: 'Rate' },
  { key: 'spend', label: 'Spend' },
  { key: 'cap', label: 'Cap' },
];

function Cell({ value }: { value: string | null }) {
  return value === null ? <span class="not-counted">—</span> : <>{value}</>;
}

/** The settlement lines (CONTRACTS.md §8), figures right-aligned, amounts with who owes them. */
export function SettlementLines<Line extends SettlementLine>(props: {
  caption: string;
  lines: readonly Line[];
  keyOf: (line: Line, index: number) => string;
  /** Columns before the settlement's own (the line number, an action, the contract). */
  before?: ExtraColumn<Line>[];
}) {
  const before = props.before ?? [];
  // One currency (a contract's lines) goes into the amount's header; several get a column.
  const currencies = [...new Set(props.lines.map((line) => line.currency))];
  const single = currencies.length === 1 ? currencies[0] : undefined;
  return (
    <div class="table-scroll">
      <table class="settlement-lines">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            {before.map((c) => (
              <th key={c.label} scope="col" class={c.numeric ? 'numeric' : undefined}>
                {c.label}
              </th>
            ))}
            <th scope="col">Kind</th>
            <th scope="col">Ref</th>
            <th scope="col">Material</th>
            <th scope="col">Status</th>
            {FIGURES.map((f) => (
              <th key={f.key} scope="col" class="numeric">
                {f.label}
              </th>
            ))}
            <th scope="col" class="numeric">
              Amount{single && ` (${single})`}
            </th>
            {!single && <th scope="col">Currency</th>}
            <th scope="col">Line type</th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {props.lines.map((line, index) => (
            <tr key={props.keyOf(line, index)} class={`line-${line.kind}`}>
              {before.map((c) => (
                <td key={c.label} class={c.numeric ? 'numeric' : undefined}>
                  {c.cell(line)}
                </td>
              ))}
              <td>{kindLabel(line.kind)}</td>
              <td>
                <Cell value={line.ref} />
              </td>
              <td>
                <Cell value={line.material_id} />
              </td>
              <td>{statusWords(line.status)}</td>
              {FIGURES.map((f) => (
                <td key={f.key} class="numeric">
                  <Cell value={line[f.key] === null ? null : formatDecimal(line[f.key] as string)} />
                </td>
              ))}
              <td class="numeric">
                <Amount amount={line.amount} />
              </td>
              {!single && <td>{line.currency}</td>}
              <td>
                {line.line_type}
                {line.settled_before !== null && (
                  <span class="settled-before">settled before {formatDecimal(line.settled_before)}</span>
                )}
              </td>
              <td>{line.note ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Each line's amount step by step, with the numbers put in: how every euro was reached. */
export function LineSteps({ lines }: { lines: readonly TracedLine[] }) {
  return (
    <section class="line-steps" aria-labelledby="line-steps-heading">
      <h3 id="line-steps-heading">How each amount was computed</h3>
      {lines.map((line, index) => (
        <details key={`${line.kind}|${line.ref ?? ''}|${line.material_id ?? ''}|${index}`} class="line-step">
          <summary>
            {lineTitle(line)}: <Amount amount={line.amount} />
          </summary>
          <ol>
            {line.steps.map((step, position) => (
              <li key={position} class="formula">
                {step}
              </li>
            ))}
          </ol>
        </details>
      ))}
    </section>
  );
}

/** For each KPI line, the clause's KPI, actual against target, and how the actual was reached on the slice. */
export function KpiTraces(props: {
  lines: readonly SettlementLine[];
  clauses: readonly KpiClause[];
  explanation: ExplainData | null;
}) {
  const kpiOf = new Map(props.clauses.map((c) => [c.clause_id, c.kpi]));
  const kpiLines = props.lines.filter((line) => line.kind === 'kpi');
  if (kpiLines.length === 0) return null;
  return (
    <section class="kpi-traces" aria-labelledby="kpi-traces-heading">
      <h3 id="kpi-traces-heading">How the KPI actuals came about</h3>
      <p class="muted">
        Each KPI is assessed on the contract’s slice: the supplier’s records of the covered materials in the period
        within the term, figured as on the scorecard.
      </p>
      <dl class="kpi-trace-list">
        {kpiLines.map((line) => {
          const kpi = kpiOf.get(line.ref ?? '') ?? '';
          const info = kpiInfo(kpi);
          return (
            <div key={line.ref} class="kpi-trace">
              <dt>
                {line.ref} {info.label}{' '}
                <span class="muted">
                  ({info.unit}, {info.better} is better)
                </span>
              </dt>
              <dd>
                Actual {line.status === 'not_assessed' ? 'not assessed' : formatDecimal(line.actual)} against target{' '}
                {formatDecimal(line.target)}: {statusWords(line.status)}.
                {kpiTrace(kpi, props.explanation).map((text) => (
                  <span key={text} class="formula trace-line">
                    {text}
                  </span>
                ))}
              </dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}
