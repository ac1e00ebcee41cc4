// One contract's escalation case (GET /api/v1/escalations/{contract_id},
// as of a date): its current state (level, owner, the actions due as a
// checklist, the next review, the hold), its level over time as a step
// chart, and a timeline of every case: level changes, holds imposed and
// withdrawn, decisions with who and why, and the triggers that fired. The
// timeline runs oldest first, as the ladder was replayed and as the chart
// reads left to right, so each line follows from the ones above it; the
// current state is on top. Staff record a decision (POST …/decisions); a
// decision that does not fit the case is refused (422) with §9's reason at
// the form. A supplier user sees its own contracts' cases without the form
// (any other answers 404, shown as "not found").
import { useState } from 'preact/hooks';
import type { ApiError } from '../api/problem';
import type { EscalationDecisionKind, EscalationDecisionRequest, EscalationDetail } from '../api/types';
import { LevelChart } from '../components/charts';
import { ActionsDue, DecisionDueMark, HoldBadge, LevelBadge, NextReview } from '../components/escalation-parts';
import { CheckedField, FieldError } from '../components/field-error';
import { Field } from '../components/field';
import { Empty, ErrorState, Loading, useLoad, useTitle } from '../components/states';
import {
  type TimelineEntry,
  causeWords,
  caseTimeline,
  dateParam,
  levelRankOf,
  levelSteps,
  levelsAbove,
} from '../lib/escalation-view';
import { useSubmission } from '../lib/form-errors';
import { formatDate, today } from '../lib/format';
import { ESCALATIONS_PATH, contractPath, escalationPath, navigate, onLinkClick, scorecardPath } from '../lib/router';
import { isStaff, useApp } from '../lib/session';

export function EscalationPage({ contractId, search }: { contractId: string; search: string }) {
  const { client, session } = useApp();
  useTitle(`Escalation ${contractId}`);
  const asOf = dateParam(new URLSearchParams(search), 'as_of') || today();
  const key = `escalation|${contractId}|${asOf}`;
  const loaded = useLoad(key, () => client.escalation(contractId, asOf));
  // A recorded decision answers the case as it stands: shown at once, the form staying where it is.
  const [decided, setDecided] = useState<{ key: string; detail: EscalationDetail } | null>(null);
  if (loaded.state === 'loading') return <Loading what="the case" />;
  if (loaded.state === 'error') {
    return (
      <section class="escalation">
        <h1>Escalation of {contractId}</h1>
        <ErrorState error={loaded.error} />
      </section>
    );
  }
  const detail = decided?.key === key ? decided.detail : loaded.value;
  const supplier = scorecardPath(detail.supplier_id);
  const contract = contractPath(detail.contract_id);
  const staff = isStaff(session.role);
  return (
    <section class="escalation">
      <h1>
        Escalation of {detail.contract_id} {detail.contract_title && <small>{detail.contract_title}</small>}
      </h1>
      <p class="context">
        <a href={contract} onClick={(event) => onLinkClick(event, contract)}>
          Contract {detail.contract_id}
        </a>{' '}
        with{' '}
        {staff ? (
          <a href={supplier} onClick={(event) => onLinkClick(event, supplier)}>
            {detail.supplier_name} ({detail.supplier_id})
          </a>
        ) : (
          `${detail.supplier_name} (${detail.supplier_id})`
        )}
        {' · '}
        <a href={ESCALATIONS_PATH} onClick={(event) => onLinkClick(event, ESCALATIONS_PATH)}>
          all cases
        </a>
      </p>
      <AsOfForm contractId={contractId} asOf={asOf} />
      <CurrentState detail={detail} />
      {staff && <DecisionForm detail={detail} onDecided={(answer) => setDecided({ key, detail: answer })} />}
      <section aria-labelledby="level-chart-heading">
        <h2 id="level-chart-heading">Level over time</h2>
        <LevelChart
          steps={levelSteps(detail.cases, detail.as_of)}
          levels={detail.levels}
          asOf={detail.as_of}
          holds={detail.holds
            .filter((hold) => hold.since <= detail.as_of)
            .map((hold) => ({ since: hold.since, until: hold.withdrawn_on }))}
        />
      </section>
      <Timeline detail={detail} />
    </section>
  );
}

function AsOfForm({ contractId, asOf }: { contractId: string; asOf: string }) {
  const [draft, setDraft] = useState(asOf);
  return (
    <form
      class="toolbar no-print"
      aria-label="Date of the case"
      onSubmit={(event) => {
        event.preventDefault();
        const search = draft && draft !== today() ? `?${new URLSearchParams({ as_of: draft }).toString()}` : '';
        navigate(escalationPath(contractId, search));
      }}
    >
      <Field id="case-as-of" label="As of" type="date" required value={draft} onValue={setDraft} />
      <button type="submit">Show the case then</button>
    </form>
  );
}

function CurrentState({ detail }: { detail: EscalationDetail }) {
  return (
    <section class="case-state" aria-labelledby="state-heading">
      <h2 id="state-heading">
        Case {detail.case}: {detail.status === 'open' ? 'open' : 'closed'}
      </h2>
      <dl class="case-facts">
        <dt>Level</dt>
        <dd>
          <LevelBadge level={detail.level} name={detail.level_name} rank={detail.level_rank} />{' '}
          {detail.decision_due && <DecisionDueMark />}
        </dd>
        <dt>Opened on</dt>
        <dd>{formatDate(detail.opened_on)}</dd>
        <dt>Since</dt>
        <dd>
          {formatDate(detail.since)} <span class="muted">({causeWords(detail.trigger)})</span>
        </dd>
        <dt>Owner</dt>
        <dd>{detail.owner ?? '—'}</dd>
        <dt>Next review</dt>
        <dd>
          <NextReview row={detail} />
        </dd>
        <dt>New Business Hold</dt>
        <dd>{detail.hold ? <HoldBadge since={detail.hold_since} reason={detail.hold_reason} /> : 'none'}</dd>
      </dl>
      <h3>Actions due</h3>
      <ActionsDue actions={detail.actions_due} />
    </section>
  );
}

const DECISIONS: { value: EscalationDecisionKind; label: string }[] = [
  { value: 'deescalate', label: 'De-escalate one level' },
  { value: 'escalate', label: 'Escalate' },
  { value: 'close', label: 'Close the case' },
  { value: 'withdraw_hold', label: 'Withdraw the hold' },
];

const DECISION_WORDS: Record<string, string> = {
  escalate: 'escalate',
  deescalate: 'de-escalate',
  close: 'close',
  withdraw_hold: 'withdraw the hold',
};

/** A refusal that names no member (422 the decision does not fit the case) belongs at the decision. */
function decisionField(error: ApiError): string | null {
  return error.status === 422 || error.status === 409 ? 'decision' : null;
}

function DecisionForm(props: { detail: EscalationDetail; onDecided: (detail: EscalationDetail) => void }) {
  const { client } = useApp();
  const above = levelsAbove(props.detail);
  const empty = {
    decision: 'deescalate' as EscalationDecisionKind,
    to_level: above[0] ?? '',
    date: today(),
    reason: '',
    cause: 'quality',
  };
  const [form, setForm] = useState(empty);
  const [done, setDone] = useState<string | null>(null);
  const { busy, errors, submit } = useSubmission(async () => {
    setDone(null);
    const request: EscalationDecisionRequest = {
      date: form.date,
      decision: form.decision,
      reason: form.reason.trim(),
      cause: form.cause === 'delivery' ? 'delivery' : 'quality',
    };
    if (form.decision === 'escalate') request.to_level = form.to_level;
    const answer = await client.decideEscalation(props.detail.contract_id, request);
    setDone(
      `Recorded: ${DECISION_WORDS[form.decision]} on ${formatDate(form.date)}. The case is ${answer.status} at ${answer.level} ${answer.level_name.replace(/_/g, ' ')}${answer.hold ? ', on hold' : ''}.`,
    );
    setForm({ ...empty, to_level: levelsAbove(answer)[0] ?? '' });
    props.onDecided(answer);
  }, decisionField);
  const set = (name: keyof typeof empty) => (value: string) => setForm({ ...form, [name]: value });
  const described = (name: string) => ({
    'aria-describedby': `decide-${name}-error`,
    'aria-invalid': errors[name] ? ('true' as const) : undefined,
  });
  return (
    <form class="decide no-print" onSubmit={submit} aria-labelledby="decide-heading">
      <h2 id="decide-heading">Record a decision</h2>
      <div class="form-grid">
        <label for="decide-decision">Decision</label>
        <select
          id="decide-decision"
          value={form.decision}
          onChange={(e) => set('decision')(e.currentTarget.value)}
          {...described('decision')}
        >
          {DECISIONS.map((d) => (
            <option key={d.value} value={d.value} disabled={d.value === 'escalate' && above.length === 0}>
              {d.label}
            </option>
          ))}
        </select>
        <FieldError id="decide-decision-error" message={errors['decision'] ?? errors['']} />
        {form.decision === 'escalate' && (
          <>
            <label for="decide-to_level">To level</label>
            <select
              id="decide-to_level"
              value={form.to_level}
              onChange={(e) => set('to_level')(e.currentTarget.value)}
              {...described('to_level')}
            >
              {above.map((level) => (
                <option key={level} value={level}>
                  {level}
                </option>
              ))}
            </select>
            <FieldError id="decide-to_level-error" message={errors['to_level']} />
            <label for="decide-cause">Cause</label>
            <select
              id="decide-cause"
              value={form.cause}
              onChange={(e) => set('cause')(e.currentTarget.value)}
              {...described('cause')}
            >
              <option value="quality">quality</option>
              <option value="delivery">delivery</option>
            </select>
            <FieldError id="decide-cause-error" message={errors['cause']} />
          </>
        )}
        <CheckedField
          prefix="decide"
          name="date"
          label="Date"
          type="date"
          max={today()}
          required
          value={form.date}
          onValue={set('date')}
          error={errors['date']}
        />
        <CheckedField
          prefix="decide"
          name="reason"
          label="Reason"
          required
          value={form.reason}
          onValue={set('reason')}
          error={errors['reason']}
        />
        <div class="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Recording…' : 'Record decision'}
          </button>
        </div>
      </div>
      {done && <p role="status">{done}</p>}
    </form>
  );
}

const KIND_LABELS: Record<TimelineEntry['kind'], string> = {
  change: 'Level',
  trigger: 'Trigger',
  decision: 'Decision',
  'hold-imposed': 'Hold',
  'hold-withdrawn': 'Hold',
};

/** An entry's line of the timeline, in words. */
function EntryText({ entry }: { entry: TimelineEntry }) {
  switch (entry.kind) {
    case 'change': {
      const { change } = entry;
      const opened = levelRankOf(change.from) === 0;
      const closed = levelRankOf(change.to) === 0;
      return (
        <>
          Case {entry.case}{' '}
          {opened ? `opened at ${change.to}` : closed ? `closed from ${change.from}` : `${change.from} → ${change.to}`}{' '}
          <span class="muted">({causeWords(change.cause)})</span>
        </>
      );
    }
    case 'trigger': {
      const { trigger } = entry;
      return (
        <>
          {causeWords(`${trigger.kind} ${trigger.ref}`)}: enters {trigger.level}{' '}
          <span class="muted">({trigger.reason})</span>
        </>
      );
    }
    case 'decision': {
      const { decision } = entry;
      return (
        <>
          {DECISION_WORDS[decision.decision] ?? decision.decision}
          {decision.to_level && ` to ${decision.to_level}`} by <strong>{decision.user}</strong>
          {decision.cause && decision.decision === 'escalate' && ` (${decision.cause})`}: “{decision.reason}”
        </>
      );
    }
    case 'hold-imposed':
      return (
        <>
          New Business Hold imposed at {entry.hold.level} ({entry.hold.reason}){' '}
          <span class="muted">({causeWords(entry.hold.cause)})</span>
          {!entry.hold.recorded && <span class="not-recorded"> not yet recorded in the holds</span>}
        </>
      );
    case 'hold-withdrawn':
      return (
        <>
          New Business Hold withdrawn
          {entry.hold.withdrawn_by && (
            <>
              {' '}
              by <strong>{entry.hold.withdrawn_by}</strong>
            </>
          )}
          {entry.hold.withdraw_reason && `: “${entry.hold.withdraw_reason}”`}
        </>
      );
  }
}

function Timeline({ detail }: { detail: EscalationDetail }) {
  const entries = caseTimeline(detail);
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      <p class="muted">Oldest first, as the ladder was replayed: each line follows from those above it.</p>
      {entries.length === 0 ? (
        <Empty>Nothing has happened on this contract’s ladder yet.</Empty>
      ) : (
        <ol class="timeline">
          {entries.map((entry, index) => (
            <li key={index} class={`timeline-entry timeline-${entry.kind}`}>
              <span class="timeline-day">{formatDate(entry.day)}</span>
              <span class="timeline-kind">{KIND_LABELS[entry.kind]}</span>
              <span class="timeline-text">
                <EntryText entry={entry} />
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
