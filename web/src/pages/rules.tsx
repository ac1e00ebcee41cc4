// The rule set in force, in plain words (GET /api/v1/rules[?run=N]): the one
// new runs are evaluated with, or the one a period's published run recorded
// (picked from the periods the user may see). Sentences and small tables
// from lib/rules-text.ts; the TOML file itself only behind a disclosure.
import type { ComponentChildren } from 'preact';
import type { ListPage, PeriodRow, RuleSetAnswer } from '../api/types';
import { Empty, ErrorState, Loading, useLoad, useTitle } from '../components/states';
import { navigate, RULES_PATH } from '../lib/router';
import {
  type BandRow,
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
  ruleSentences,
  weightRows,
} from '../lib/rules-text';
import { useApp } from '../lib/session';

function runOf(search: string): number | null {
  const text = new URLSearchParams(search).get('run');
  return text !== null && /^[1-9]\d{0,9}$/.test(text) ? Number(text) : null;
}

export function RulesPage({ search }: { search: string }) {
  const { client } = useApp();
  const run = runOf(search);
  const rules = useLoad(`rules|${run ?? ''}`, () => client.get<RuleSetAnswer>('/api/v1/rules', { run }));
  const periods = useLoad('periods', () => client.get<ListPage<PeriodRow>>('/api/v1/periods', { limit: 1000 }));
  useTitle('Rules');
  const choices = periods.state === 'ready' ? periods.value.rows : [];
  return (
    <section class="rules">
      <h1>How suppliers are evaluated</h1>
      <div class="toolbar no-print">
        <label>
          Rule set of
          <select
            value={run === null ? '' : String(run)}
            onChange={(e) =>
              navigate(e.currentTarget.value ? `${RULES_PATH}?run=${e.currentTarget.value}` : RULES_PATH)
            }
          >
            <option value="">the next evaluation (in force now)</option>
            {run !== null && !choices.some((p) => p.latest_run === run) && (
              <option value={String(run)}>run {run}</option>
            )}
            {choices.map((p) => (
              <option key={p.period} value={String(p.latest_run)}>
                {p.period} (run {p.latest_run})
              </option>
            ))}
          </select>
        </label>
      </div>
      {rules.state === 'loading' && <Loading what="the rule set" />}
      {rules.state === 'error' && <ErrorState error={rules.error} />}
      {rules.state === 'ready' && <RulesInWords answer={rules.value} />}
    </section>
  );
}

function RulesInWords({ answer }: { answer: RuleSetAnswer }) {
  const { rules } = answer;
  const adjustment = adjustmentSentence(rules);
  const delivery = (rules['delivery'] ?? null) as Record<string, Record<string, unknown>> | null;
  return (
    <>
      <p class="context">
        Rule set <strong>{answer.name}</strong> <small>(SHA-256 {answer.sha256.slice(0, 12)}…)</small>
      </p>
      <h2>Overall</h2>
      <ul class="sentences">
        {ruleSentences(rules).map((sentence) => (
          <li key={sentence}>{sentence}</li>
        ))}
      </ul>
      <div class="columns">
        <WeightTable id="weights-total" caption="Total" weights={rules['weights']} />
        <WeightTable id="weights-quality" caption="Quality QZ" weights={(rules['quality'] as Json)?.['weights']} />
        <WeightTable id="weights-delivery" caption="Delivery LZ" weights={delivery?.['weights']} />
      </div>
      <h2>Classes</h2>
      <ClassList rules={rules} />
      <h2>Delivery: LZ1 date reliability</h2>
      <p>
        Each delivery scores points by its working days early or late (the receiving plant's calendar); LZ1 is their
        mean.
      </p>
      <div class="columns">
        <BandTable id="lz1-late" caption="Late" rows={bandRows(delivery?.['lz1']?.['late'], WORKING_DAYS)} />
        <BandTable id="lz1-early" caption="Early" rows={bandRows(delivery?.['lz1']?.['early'], WORKING_DAYS)} />
      </div>
      <h2>Delivery: LZ2 quantity reliability</h2>
      <p>
        Each delivery scores points by how far the received quantity is from the due quantity, in percent; LZ2 is their
        mean.
      </p>
      <div class="columns">
        <BandTable id="lz2-over" caption="Over-delivery" rows={bandRows(delivery?.['lz2']?.['over'], PERCENT)} />
        <BandTable id="lz2-under" caption="Under-delivery" rows={bandRows(delivery?.['lz2']?.['under'], PERCENT)} />
      </div>
      <h2>Quality: defective quantity (ppm) per commodity</h2>
      <CommodityTable rules={rules} />
      <h3>The ppm adjustment</h3>
      {adjustment ? <p id="adjustment-rule">{adjustment}</p> : <Empty>This rule set has no adjustment.</Empty>}
      <h3>Which quantity of a complaint counts (defect codes)</h3>
      <DefectTable rules={rules} />
      <h2>Quality: certification (QZ3)</h2>
      <ul class="sentences">
        {certificationSentences(rules).map((sentence) => (
          <li key={sentence}>{sentence}</li>
        ))}
      </ul>
      <CertificationTable rules={rules} />
      <details class="no-print">
        <summary>The rule file (TOML)</summary>
        <pre class="toml">{answer.toml}</pre>
      </details>
    </>
  );
}

type Json = Record<string, unknown> | undefined;

function SmallTable(props: {
  id: string;
  caption: string;
  head: string[];
  numeric: boolean[];
  children: ComponentChildren;
}) {
  return (
    <table id={props.id} class="small-table">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          {props.head.map((label, index) => (
            <th key={label} scope="col" class={props.numeric[index] ? 'numeric' : undefined}>
              {label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  );
}

function WeightTable({ id, caption, weights }: { id: string; caption: string; weights: unknown }) {
  const rows = weightRows(weights);
  if (rows.length === 0) return null;
  return (
    <SmallTable id={id} caption={`Weights: ${caption}`} head={['Criterion', 'Weight']} numeric={[false, true]}>
      {rows.map((row) => (
        <tr key={row.label}>
          <th scope="row">{row.label}</th>
          <td class="numeric">{formatRuleNumber(row.weight)}</td>
        </tr>
      ))}
    </SmallTable>
  );
}

function BandTable({ id, caption, rows }: { id: string; caption: string; rows: BandRow[] }) {
  if (rows.length === 0) return <Empty>{caption}: no bands in this rule set.</Empty>;
  return (
    <SmallTable id={id} caption={caption} head={['Deviation', 'Points']} numeric={[false, true]}>
      {rows.map((row) => (
        <tr key={row.range}>
          <td>{row.range}</td>
          <td class="numeric">{formatRuleNumber(row.points)}</td>
        </tr>
      ))}
    </SmallTable>
  );
}

function ClassList({ rules }: { rules: Record<string, unknown> }) {
  const rows = classRows(rules);
  if (rows.length === 0) return <Empty>This rule set gives no classes.</Empty>;
  return (
    <ul class="sentences" id="classes">
      {rows.map((row) => (
        <li key={row.name}>
          Class <strong>{row.name}</strong>: {row.words} (before rounding).
        </li>
      ))}
    </ul>
  );
}

function CommodityTable({ rules }: { rules: Record<string, unknown> }) {
  const rows = commodityRows(rules);
  if (rows.length === 0) return <Empty>No commodity table: every commodity uses the default B.</Empty>;
  return (
    <SmallTable
      id="commodities"
      caption="Commodity factor B and the ppm at which QZ2 is about 90"
      head={['Commodity', 'Name', 'B', 'ppm limit']}
      numeric={[false, false, true, true]}
    >
      {rows.map((row) => (
        <tr key={row.code}>
          <th scope="row">{row.code}</th>
          <td>{row.name}</td>
          <td class="numeric">{formatRuleNumber(row.b)}</td>
          <td class="numeric">{row.ppmLimit === null ? '—' : formatRuleNumber(row.ppmLimit)}</td>
        </tr>
      ))}
    </SmallTable>
  );
}

function DefectTable({ rules }: { rules: Record<string, unknown> }) {
  const rows = defectRows(rules);
  if (rows.length === 0) return <Empty>No defect codes: the rejected quantity counts.</Empty>;
  return (
    <SmallTable
      id="defects"
      caption="Defective quantity counted per defect code"
      head={['Code', 'Meaning', 'Purchased parts', 'Raw material']}
      numeric={[false, false, false, false]}
    >
      {rows.map((row) => (
        <tr key={row.code}>
          <th scope="row">{row.code}</th>
          <td>{row.meaning}</td>
          <td>{row.purchased}</td>
          <td>{row.raw}</td>
        </tr>
      ))}
    </SmallTable>
  );
}

function CertificationTable({ rules }: { rules: Record<string, unknown> }) {
  const rows = certificationRows(rules);
  if (rows.length === 0) return <Empty>No certification rows.</Empty>;
  return (
    <SmallTable
      id="certification"
      caption="QZ3 points: the best row whose certificates are all valid on the reference date counts"
      head={['Valid certificates', 'Production', 'Indirect']}
      numeric={[false, true, true]}
    >
      {rows.map((row) => (
        <tr key={row.certificates}>
          <td>{row.certificates}</td>
          <td class="numeric">{formatRuleNumber(row.production)}</td>
          <td class="numeric">{formatRuleNumber(row.indirect)}</td>
        </tr>
      ))}
    </SmallTable>
  );
}
