// What the escalation pages (the board, a case, a contract's escalation
// line) show the same way: a level as a badge with its name (the words
// carry it, the colour deepens with the level only to help the eye), the
// New Business Hold badge with its since and reason, the "decision due"
// mark, the next review with the days left, and the actions due.
import type { EscalationCase } from '../api/types';
import { levelWords, reviewWords } from '../lib/escalation-view';
import { formatDate } from '../lib/format';
import '../styles/escalations.css';

/** The badge tones: E0 to E4 of the default ladder; deeper levels of a custom ladder take the top one. */
const TOP_TONE = 4;

export function LevelBadge(props: { level: string; name: string | null; rank: number }) {
  return (
    <span class={`level-badge level-${Math.min(Math.max(props.rank, 0), TOP_TONE)}`}>
      {levelWords(props.level, props.name)}
    </span>
  );
}

export function HoldBadge(props: { since: string | null; reason: string | null }) {
  return (
    <span class="hold-badge">
      <strong>hold</strong>
      {props.since && ` since ${formatDate(props.since)}`}
      {props.reason && ` (${props.reason})`}
    </span>
  );
}

/** The level's review found the exit criteria met: someone must decide whether to de-escalate. */
export function DecisionDueMark() {
  return (
    <span class="decision-due" title="The review found the exit criteria met: decide whether to de-escalate">
      decision due
    </span>
  );
}

/** "3 Apr 2026 (in 12 days)", or that no review is scheduled. */
export function NextReview({ row }: { row: Pick<EscalationCase, 'next_review' | 'days_to_review'> }) {
  if (row.next_review === null) return <span class="muted">{reviewWords(null)}</span>;
  const overdue = row.days_to_review !== null && row.days_to_review < 0;
  return (
    <span class={overdue ? 'review-overdue' : undefined}>
      {formatDate(row.next_review)} <span class="days-left">({reviewWords(row.days_to_review)})</span>
    </span>
  );
}

/** The actions of the current level, each a line of the checklist its owner works through. */
export function ActionsDue({ actions }: { actions: readonly string[] }) {
  if (actions.length === 0) return <span class="muted">none at this level</span>;
  return (
    <ul class="actions-due">
      {actions.map((action) => (
        <li key={action}>{action}</li>
      ))}
    </ul>
  );
}
