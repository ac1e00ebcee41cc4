// The escalation cases board (GET /api/v1/escalations, CONTRACTS.md §9
// replayed as of a date): one column per level, highest first, each in
// the API's board order (a decision due first, then the next review),
// closed cases folded away at the end; each card with its contract, its
// supplier, since when, what set the level, the owner, the next review
// with the days left, a "decision due" mark and the hold badge. Filtered
// by supplier, level, status and the "as of" date (the URL's query, so a
// view can be shared). Staff record the holds the ladders reached (POST
// /api/v1/escalations/holds). A supplier user sees its own contracts'
// cases (the server scopes them).
import { useState } from 'preact/hooks';
import type { EscalationCase, RecordedHolds } from '../api/types';
import { ActionError, useAction } from '../components/action';
import { DecisionDueMark, HoldBadge, LevelBadge, NextReview } from '../components/escalation-parts';
import { Field } from '../components/field';
import { Empty, ErrorState, Loading, useLoad, useTitle } from '../components/states';
import {
  BOARD_LEVELS,
  BOARD_LIMIT,
  type BoardFilters,
  type BoardGroup,
  boardCounts,
  boardGroups,
  boardPath,
  boardQuery,
  causeWords,
  parseBoardFilters,
  recordedHoldWords,
} from '../lib/escalation-view';
import { formatCount, formatDate, today } from '../lib/format';
import { escalationPath, navigate, onLinkClick, scorecardPath } from '../lib/router';
import { isStaff, useApp } from '../lib/session';

export function EscalationsPage({ search }: { search: string }) {
  const { client, session } = useApp();
  useTitle('Escalations');
  const staff = isStaff(session.role);
  const filters = parseBoardFilters(search);
  const asOf = filters.as_of || today();
  const [version, setVersion] = useState(0);
  const cases = useLoad(`escalations|${search}|${asOf}|${version}`, () =>
    client.escalations(boardQuery(filters, asOf)),
  );
  return (
    <section class="escalations">
      <h1>{staff ? 'Escalation cases' : 'My escalation cases'}</h1>
      <p class="lead">
        Each contract’s escalation ladder replayed from the published results, KPI clauses, milestones, events and
        recorded decisions up to the date: a case moves up when a trigger fires or a review finds the exit criteria
        unmet, and down only by a decision.
      </p>
      <FilterForm filters={filters} asOf={asOf} staff={staff} />
      {staff && <RecordHoldsForm asOf={asOf} onRecorded={() => setVersion(version + 1)} />}
      {cases.state === 'loading' && <Loading what="the cases" />}
      {cases.state === 'error' && <ErrorState error={cases.error} />}
      {cases.state === 'ready' && cases.value.total_count === 0 && (
        <Empty>
          {staff ? 'No case matches these filters' : 'None of your contracts has an escalation case'} as of{' '}
          {formatDate(asOf)}.
        </Empty>
      )}
      {cases.state === 'ready' && cases.value.total_count > 0 && (
        <Board rows={cases.value.rows} total={cases.value.total_count} asOf={filters.as_of} staff={staff} />
      )}
    </section>
  );
}

function FilterForm({ filters, asOf, staff }: { filters: BoardFilters; asOf: string; staff: boolean }) {
  const [draft, setDraft] = useState({ ...filters, as_of: asOf });
  const toggleLevel = (level: string, on: boolean): void => {
    const levels = on ? [...draft.levels, level] : draft.levels.filter((l) => l !== level);
    setDraft({ ...draft, levels: BOARD_LEVELS.filter((l) => levels.includes(l)) });
  };
  return (
    <form
      class="toolbar no-print"
      role="search"
      aria-label="Filter cases"
      onSubmit={(event) => {
        event.preventDefault();
        // Today is the default: left out of the URL, so a shared board moves on with the days.
        navigate(
          boardPath({
            ...draft,
            supplier_id: draft.supplier_id.trim(),
            as_of: draft.as_of === today() ? '' : draft.as_of,
          }),
        );
      }}
    >
      {staff && (
        <Field
          id="filter-supplier"
          label="Supplier"
          value={draft.supplier_id}
          onValue={(value) => setDraft({ ...draft, supplier_id: value })}
        />
      )}
      <fieldset class="class-filter level-filter">
        <legend>Level</legend>
        {BOARD_LEVELS.map((level) => (
          <label key={level} class="inline">
            <input
              type="checkbox"
              checked={draft.levels.includes(level)}
              onChange={(e) => toggleLevel(level, e.currentTarget.checked)}
            />
            {level}
          </label>
        ))}
      </fieldset>
      <label for="filter-status">Status</label>
      <select
        id="filter-status"
        value={draft.status}
        onChange={(e) => setDraft({ ...draft, status: e.currentTarget.value as BoardFilters['status'] })}
      >
        <option value="">any</option>
        <option value="open">open</option>
        <option value="closed">closed</option>
      </select>
      <Field
        id="filter-as-of"
        label="As of"
        type="date"
        required
        value={draft.as_of}
        onValue={(value) => setDraft({ ...draft, as_of: value })}
      />
      <button type="submit">Show cases</button>
    </form>
  );
}

/** Staff: record the holds the ladders reached up to the board's date (and the withdrawals), saying what was written. */
function RecordHoldsForm({ asOf, onRecorded }: { asOf: string; onRecorded: () => void }) {
  const { client } = useApp();
  const action = useAction();
  const [recorded, setRecorded] = useState<RecordedHolds | null>(null);
  const record = (): Promise<void> =>
    action.run(async () => {
      setRecorded(null);
      setRecorded(await client.recordEscalationHolds(asOf));
      onRecorded();
    });
  return (
    <div class="record-holds no-print">
      <button type="button" disabled={action.busy} onClick={record}>
        {action.busy ? 'Recording holds…' : 'Record holds'}
      </button>{' '}
      <span class="hint">
        writes the New Business Holds the ladders reached up to {formatDate(asOf)} (and their withdrawals) into the
        holds, so the next evaluation’s QZ3 sees them
      </span>
      <ActionError action={action} />
      {recorded && (
        <div role="status" class="recorded-holds">
          {recorded.rows.length === 0 ? (
            <p>Nothing to record: every hold the ladders reached up to {formatDate(recorded.as_of)} is recorded.</p>
          ) : (
            <>
              <p>
                Recorded {formatCount(recorded.rows.length)} {recorded.rows.length === 1 ? 'hold' : 'holds'} as of{' '}
                {formatDate(recorded.as_of)}:
              </p>
              <ul>
                {recorded.rows.map((hold) => (
                  <li key={`${hold.contract_id}|${hold.case}|${hold.since}`}>
                    {recordedHoldWords(hold)}{' '}
                    <span class="muted">
                      (contract {hold.contract_id}, case {hold.case}, {hold.level})
                    </span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </div>
  );
}

function Board(props: { rows: EscalationCase[]; total: number; asOf: string; staff: boolean }) {
  const counts = boardCounts(props.rows);
  const groups = boardGroups(props.rows);
  const open = groups.filter((group) => group.level !== null);
  const closed = groups.find((group) => group.level === null);
  return (
    <>
      <p class="board-counts" role="status">
        {formatCount(counts.open)} open {counts.open === 1 ? 'case' : 'cases'}, {formatCount(counts.decisionDue)} with a
        decision due, {formatCount(counts.onHold)} on hold.
        {props.total > BOARD_LIMIT &&
          ` The first ${formatCount(BOARD_LIMIT)} of ${formatCount(props.total)} are shown.`}
      </p>
      {open.length > 0 && (
        <div class="board">
          {open.map((group) => (
            <BoardColumn key={group.key} group={group} asOf={props.asOf} staff={props.staff} />
          ))}
        </div>
      )}
      {closed && (
        // Folded away beside open cases; open when they are all the board shows (status "closed").
        <details class="board-closed" open={open.length === 0}>
          <summary>
            <h2>
              {closed.title} <small>({formatCount(closed.cases.length)})</small>
            </h2>
          </summary>
          <CaseCards rows={closed.cases} asOf={props.asOf} staff={props.staff} />
        </details>
      )}
    </>
  );
}

function BoardColumn(props: { group: BoardGroup; asOf: string; staff: boolean }) {
  const { group } = props;
  const heading = `level-${group.key}-heading`;
  const first = group.cases[0];
  return (
    <section class="board-column" aria-labelledby={heading}>
      <h2 id={heading}>
        {first && <LevelBadge level={first.level} name={first.level_name} rank={first.level_rank} />}{' '}
        <small>({formatCount(group.cases.length)})</small>
      </h2>
      <CaseCards rows={group.cases} asOf={props.asOf} staff={props.staff} />
    </section>
  );
}

function CaseCards(props: { rows: EscalationCase[]; asOf: string; staff: boolean }) {
  const search = props.asOf ? `?${new URLSearchParams({ as_of: props.asOf }).toString()}` : '';
  return (
    <ul class="case-cards">
      {props.rows.map((row) => {
        const href = escalationPath(row.contract_id, search);
        const supplier = scorecardPath(row.supplier_id);
        return (
          <li key={row.contract_id} class={`case-card${row.decision_due ? ' case-decision-due' : ''}`}>
            <h3>
              <a href={href} onClick={(event) => onLinkClick(event, href)}>
                {row.contract_id}
              </a>{' '}
              <small>case {row.case}</small>
            </h3>
            {(row.decision_due || row.hold) && (
              <p class="case-marks">
                {row.decision_due && <DecisionDueMark />}{' '}
                {row.hold && <HoldBadge since={row.hold_since} reason={row.hold_reason} />}
              </p>
            )}
            <dl class="case-facts">
              <dt>Supplier</dt>
              <dd>
                {props.staff ? (
                  <a href={supplier} onClick={(event) => onLinkClick(event, supplier)}>
                    {row.supplier_name}
                  </a>
                ) : (
                  row.supplier_name
                )}{' '}
                <span class="muted">{row.supplier_id}</span>
              </dd>
              {row.status === 'closed' && (
                <>
                  <dt>Level</dt>
                  <dd>
                    <LevelBadge level={row.level} name={row.level_name} rank={row.level_rank} />
                  </dd>
                </>
              )}
              <dt>Since</dt>
              <dd>{formatDate(row.since)}</dd>
              <dt>Trigger</dt>
              <dd>{causeWords(row.trigger)}</dd>
              <dt>Owner</dt>
              <dd>{row.owner ?? '—'}</dd>
              <dt>Next review</dt>
              <dd>
                <NextReview row={row} />
              </dd>
            </dl>
          </li>
        );
      })}
    </ul>
  );
}
