// What the escalation pages decide without the server (CONTRACTS.md §9,
// docs/escalations-api.md): the board's filters as a URL and back, its
// cases grouped by level (highest first, the board's order kept within a
// level, closed cases last), a review date's distance in words, a level, a
// cause and a recorded hold in words, one timeline of a contract's level
// changes, holds, decisions and triggers in the replay's order, and its
// level over time as steps for the chart. The cases themselves are the server's replay;
// nothing here steps a ladder.
import type {
  EscalationCase,
  EscalationDecision,
  EscalationDetail,
  EscalationTrigger,
  LadderHold,
  LevelChange,
  RecordedLadderHold,
} from '../api/types';
import { formatDate } from './format';
import { ESCALATIONS_PATH, listPath } from './router';

/** A level's place on its ladder: `E3` is 3 (§12 names every ladder's levels E0, E1, …); 0 when it is no level id. */
export function levelRankOf(level: string | null): number {
  const match = level === null ? null : /^E(\d{1,3})$/.exec(level);
  return match ? Number(match[1]) : 0;
}

/** A code in words: `new_business_hold` → "new business hold". */
function codeWords(code: string): string {
  return code.replace(/_/g, ' ');
}

/** "E3 new business hold". */
export function levelWords(level: string, name: string | null): string {
  return name ? `${level} ${codeWords(name)}` : level;
}

const CAUSE_KINDS: Record<string, string> = {
  class_c: 'class C',
  kpi_missed: 'KPI missed',
  milestone_missed: 'milestone missed',
  yard_hold: 'yard hold',
  stop_ship: 'stop ship',
  special_status: 'special status',
  field_action: 'field action',
  recall: 'recall',
  premium_freight: 'premium freight',
  warranty: 'warranty claim',
  dealer_return: 'dealer return',
  review: 'review: exit criteria unmet',
  escalate: 'escalated',
  deescalate: 'de-escalated',
  close: 'closed',
  withdraw_hold: 'hold withdrawn',
};

/**
 * What set a level, in words: `stop_ship EV1` → "stop ship EV1",
 * `review` → "review: exit criteria unmet", `deescalate by jdoe` →
 * "de-escalated by jdoe"; a kind this build does not know as its words.
 */
export function causeWords(cause: string): string {
  const [kind = '', ...rest] = cause.split(' ');
  const words = CAUSE_KINDS[kind] ?? codeWords(kind);
  return [words, ...rest].join(' ');
}

const DECISION_CAUSE = /^(escalate|deescalate|close|withdraw_hold) by /;

/** Whether a level change or a hold came from a recorded decision (step 1 of §9's day) rather than a trigger or a review. */
export function causedByDecision(cause: string): boolean {
  return DECISION_CAUSE.test(cause);
}

/** When the level's next review is, from the answer's days_to_review: "in 12 days", "today", "3 days overdue". */
export function reviewWords(days: number | null): string {
  if (days === null) return 'no review scheduled';
  if (days === 0) return 'review today';
  const size = Math.abs(days);
  const span = `${size} ${size === 1 ? 'day' : 'days'}`;
  return days > 0 ? `in ${span}` : `${span} overdue`;
}

/** A column of the board: the open cases of one level, or the closed ones (and any left at E0). */
export interface BoardGroup {
  key: string;
  /** The level id (`E3`); null for the closed group. */
  level: string | null;
  title: string;
  cases: EscalationCase[];
}

function isClosed(row: EscalationCase): boolean {
  return row.status === 'closed' || row.level_rank === 0;
}

/**
 * The board's columns: one per level that has open cases, highest first,
 * each keeping the API's `board` order (decisions due first, then the next
 * review); closed cases and those at E0 last in one group.
 */
export function boardGroups(cases: readonly EscalationCase[]): BoardGroup[] {
  const byLevel = new Map<string, BoardGroup & { rank: number }>();
  const closed: EscalationCase[] = [];
  for (const row of cases) {
    if (isClosed(row)) {
      closed.push(row);
      continue;
    }
    let group = byLevel.get(row.level);
    if (!group) {
      group = {
        key: row.level,
        level: row.level,
        title: levelWords(row.level, row.level_name),
        cases: [],
        rank: row.level_rank,
      };
      byLevel.set(row.level, group);
    }
    group.cases.push(row);
  }
  const groups: BoardGroup[] = [...byLevel.values()]
    .sort((a, b) => b.rank - a.rank || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ key, level, title, cases: rows }) => ({ key, level, title, cases: rows }));
  if (closed.length > 0) groups.push({ key: 'closed', level: null, title: 'Closed', cases: closed });
  return groups;
}

/** How many open cases have a decision due and how many hold a New Business Hold. */
export function boardCounts(cases: readonly EscalationCase[]): { open: number; decisionDue: number; onHold: number } {
  return {
    open: cases.filter((row) => !isClosed(row)).length,
    decisionDue: cases.filter((row) => row.decision_due).length,
    onHold: cases.filter((row) => row.hold).length,
  };
}

/** The levels a board filters by (the default ladder's; a custom ladder's deeper levels still show when unfiltered). */
export const BOARD_LEVELS: readonly string[] = ['E4', 'E3', 'E2', 'E1', 'E0'];
export const CASE_STATUSES = ['open', 'closed'] as const;

export interface BoardFilters {
  supplier_id: string;
  /** Level ids; empty is every level. */
  levels: string[];
  status: '' | (typeof CASE_STATUSES)[number];
  /** A date, or '' for today. */
  as_of: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A date parameter of the URL, or '' when absent or no date. */
export function dateParam(params: URLSearchParams, name: string): string {
  const value = params.get(name) ?? '';
  return DATE.test(value) ? value : '';
}

/** The board's filters from its URL; what is malformed is left out. */
export function parseBoardFilters(search: string): BoardFilters {
  const params = new URLSearchParams(search);
  const status = params.get('status') ?? '';
  return {
    supplier_id: params.get('supplier_id')?.trim() ?? '',
    levels: (params.get('level') ?? '').split(',').filter((level) => /^E\d{1,3}$/.test(level)),
    status: (CASE_STATUSES as readonly string[]).includes(status) ? (status as BoardFilters['status']) : '',
    as_of: dateParam(params, 'as_of'),
  };
}

/** The board's URL for these filters (members at their default left out). */
export function boardPath(filters: BoardFilters): string {
  return listPath(ESCALATIONS_PATH, {
    supplier_id: filters.supplier_id,
    level: filters.levels.join(','),
    status: filters.status,
    as_of: filters.as_of,
  });
}

/** The cases the board asks for: all of them at once (a board is not paged). */
export const BOARD_LIMIT = 1000;

/**
 * The board's query. No `sort`: the server's default is the board order
 * (level highest first, decisions due first, then the next review, then
 * contract_id); its sort parameter names fields, and `board` is none.
 */
export function boardQuery(filters: BoardFilters, today: string): Record<string, string | number> {
  return {
    as_of: filters.as_of || today,
    supplier_id: filters.supplier_id,
    level: filters.levels.join(','),
    status: filters.status,
    limit: BOARD_LIMIT,
  };
}

/** The levels an `escalate` may move the case to: those above its current one on its ladder. */
export function levelsAbove(row: Pick<EscalationCase, 'level_rank' | 'levels'>): string[] {
  const above: string[] = [];
  for (let rank = row.level_rank + 1; rank < row.levels; rank += 1) above.push(`E${rank}`);
  return above;
}

/** One line of a contract's timeline. */
export type TimelineEntry =
  | { kind: 'change'; day: string; case: number; change: LevelChange }
  | { kind: 'trigger'; day: string; trigger: EscalationTrigger }
  | { kind: 'decision'; day: string; decision: EscalationDecision }
  | { kind: 'hold-imposed'; day: string; hold: LadderHold }
  | { kind: 'hold-withdrawn'; day: string; hold: LadderHold };

/**
 * Where an entry sits within its day, in §9's order of the replay: the
 * decisions (step 1) with the level changes and holds they cause, then the
 * triggers (step 2), then the changes they or the review (step 3) cause and
 * the holds those impose.
 */
function stepOf(entry: TimelineEntry): number {
  switch (entry.kind) {
    case 'decision':
      return 0;
    case 'change':
      return causedByDecision(entry.change.cause) ? 1 : 4;
    case 'hold-withdrawn':
      return 2;
    case 'hold-imposed':
      return causedByDecision(entry.hold.cause) ? 2 : 5;
    case 'trigger':
      return 3;
  }
}

/**
 * Every case's level changes, the holds imposed and withdrawn, the recorded
 * decisions and the triggers, merged into one list oldest first; within a
 * day in the replay's order, and within a step in the answer's order (the
 * decisions' log order, §9's tie order of triggers).
 */
export function caseTimeline(
  detail: Pick<EscalationDetail, 'cases' | 'holds' | 'decisions' | 'triggers'>,
): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...detail.cases.flatMap((one) =>
      one.history.map((change): TimelineEntry => ({ kind: 'change', day: change.day, case: one.case, change })),
    ),
    ...detail.holds.flatMap((hold): TimelineEntry[] => [
      { kind: 'hold-imposed', day: hold.since, hold },
      ...(hold.withdrawn_on === null ? [] : [{ kind: 'hold-withdrawn' as const, day: hold.withdrawn_on, hold }]),
    ]),
    ...detail.decisions.map((decision): TimelineEntry => ({ kind: 'decision', day: decision.date, decision })),
    ...detail.triggers.map((trigger): TimelineEntry => ({ kind: 'trigger', day: trigger.day, trigger })),
  ];
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort(
      (a, b) =>
        (a.entry.day < b.entry.day ? -1 : a.entry.day > b.entry.day ? 1 : 0) ||
        stepOf(a.entry) - stepOf(b.entry) ||
        a.index - b.index,
    )
    .map(({ entry }) => entry);
}

/** A level from a day on (the chart's steps). */
export interface LevelStep {
  day: string;
  rank: number;
}

/**
 * The contract's level over time (E0 before the first step): each change of
 * every case up to `asOf` (changes after it are left out), one step per day,
 * the day's last change winning. Empty without a change.
 */
export function levelSteps(cases: EscalationDetail['cases'], asOf: string): LevelStep[] {
  const changes = cases
    .flatMap((one) => one.history)
    .filter((change) => change.day <= asOf)
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const steps: LevelStep[] = [];
  for (const change of changes) {
    const last = steps[steps.length - 1];
    if (last?.day === change.day) last.rank = levelRankOf(change.to);
    else steps.push({ day: change.day, rank: levelRankOf(change.to) });
  }
  return steps;
}

/** Days since 1970-01-01 of a calendar date (for a time axis); NaN when it is no date. */
export function dayNumber(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return Number.NaN;
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / 86_400_000;
}

/**
 * What "Record holds" wrote for one hold: "S1: quality hold imposed from
 * 1 Sep 2026", "…, withdrawn on 20 Jun 2026", or a withdrawal alone
 * "S1: quality hold (from 3 Apr 2026) withdrawn on 20 Jun 2026".
 */
export function recordedHoldWords(hold: RecordedLadderHold, locale?: string): string {
  const since = formatDate(hold.since, locale);
  const imposed = hold.imposed ? `imposed from ${since}` : `(from ${since})`;
  const withdrawn =
    hold.withdrawn && hold.withdrawn_on
      ? `${hold.imposed ? ',' : ''} withdrawn on ${formatDate(hold.withdrawn_on, locale)}`
      : '';
  return `${hold.supplier_id}: ${hold.reason} hold ${imposed}${withdrawn}`;
}
