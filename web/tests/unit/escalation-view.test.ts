// The escalation pages' own decisions: the board's columns and their order,
// its filters as a URL and back, a review's distance and a cause in words,
// the timeline merged in the replay's order, and the level over time.
import { describe, expect, it } from 'vitest';
import type { EscalationCase, EscalationDetail } from '../../src/api/types';
import {
  boardCounts,
  boardGroups,
  boardPath,
  boardQuery,
  caseTimeline,
  causeWords,
  causedByDecision,
  dayNumber,
  levelRankOf,
  levelSteps,
  levelWords,
  levelsAbove,
  parseBoardFilters,
  recordedHoldWords,
  reviewWords,
} from '../../src/lib/escalation-view';

const LEVEL_NAMES = ['standard', 'intensified', 'warning', 'new_business_hold', 'disqualification'];

function row(contract_id: string, level: string, extra: Partial<EscalationCase> = {}): EscalationCase {
  const rank = levelRankOf(level);
  return {
    contract_id,
    supplier_id: 'S1',
    supplier_name: 'Acme',
    contract_title: null,
    case: 1,
    opened_on: '2026-01-05',
    status: 'open',
    level,
    level_name: LEVEL_NAMES[rank] ?? 'custom',
    level_rank: rank,
    levels: 5,
    since: '2026-01-05',
    trigger: 'stop_ship EV1',
    next_review: '2026-02-04',
    owner: 'supplier quality engineer',
    actions_due: [],
    hold: false,
    hold_since: null,
    hold_reason: null,
    decision_due: false,
    days_to_review: 10,
    ...extra,
  };
}

describe('the board', () => {
  it('puts a column per level highest first, keeping the API’s order within a level', () => {
    // The API's board order: level highest first, decisions due first, then the next review.
    const rows = [
      row('KD', 'E4'),
      row('KB', 'E3', { decision_due: true, hold: true }),
      row('KA', 'E3'),
      row('KC', 'E1', { decision_due: true }),
      row('KE', 'E1'),
    ];
    const groups = boardGroups(rows);
    expect(groups.map((g) => g.key)).toEqual(['E4', 'E3', 'E1']);
    expect(groups.map((g) => g.title)).toEqual(['E4 disqualification', 'E3 new business hold', 'E1 intensified']);
    expect(groups[1]!.cases.map((c) => c.contract_id)).toEqual(['KB', 'KA']);
    expect(groups[2]!.cases.map((c) => c.contract_id)).toEqual(['KC', 'KE']);
  });

  it('orders the columns by the level’s rank even when the answer mixes them, and keeps closed ones last', () => {
    const rows = [
      row('KZ', 'E0', { status: 'closed' }),
      row('KA', 'E1'),
      row('KY', 'E2', { status: 'closed' }),
      row('KB', 'E2'),
      row('KX', 'E0'),
    ];
    const groups = boardGroups(rows);
    expect(groups.map((g) => g.key)).toEqual(['E2', 'E1', 'closed']);
    expect(groups[2]).toMatchObject({ level: null, title: 'Closed' });
    expect(groups[2]!.cases.map((c) => c.contract_id)).toEqual(['KZ', 'KY', 'KX']);
  });

  it('gives a custom ladder’s deeper levels their own column above E4', () => {
    const groups = boardGroups([row('KA', 'E4'), row('KB', 'E6', { levels: 7 })]);
    expect(groups.map((g) => g.key)).toEqual(['E6', 'E4']);
  });

  it('has no column without cases', () => {
    expect(boardGroups([])).toEqual([]);
  });

  it('counts the open cases, the decisions due and the holds', () => {
    const rows = [
      row('KA', 'E3', { hold: true, decision_due: true }),
      row('KB', 'E1'),
      row('KC', 'E0', { status: 'closed', hold: true }),
    ];
    expect(boardCounts(rows)).toEqual({ open: 2, decisionDue: 1, onHold: 2 });
  });
});

describe('the board’s URL', () => {
  it('reads back what it wrote', () => {
    const filters = { supplier_id: 'S1', levels: ['E3', 'E2'], status: 'open' as const, as_of: '2026-03-06' };
    const path = boardPath(filters);
    expect(path).toBe('/escalations?supplier_id=S1&level=E3%2CE2&status=open&as_of=2026-03-06');
    expect(parseBoardFilters(path.slice(path.indexOf('?')))).toEqual(filters);
  });

  it('leaves out what is malformed and what is at its default', () => {
    expect(parseBoardFilters('?level=E3,x,,E10&status=maybe&as_of=06.03.2026')).toEqual({
      supplier_id: '',
      levels: ['E3', 'E10'],
      status: '',
      as_of: '',
    });
    expect(boardPath({ supplier_id: '', levels: [], status: '', as_of: '' })).toBe('/escalations');
  });

  it('asks for every case in the server’s default order (the board’s), as of the date or today', () => {
    const filters = parseBoardFilters('?level=E2,E3');
    expect(boardQuery(filters, '2026-12-07')).toEqual({
      as_of: '2026-12-07',
      supplier_id: '',
      level: 'E2,E3',
      status: '',
      limit: 1000,
    });
    expect(boardQuery(parseBoardFilters('?as_of=2026-03-06'), '2026-12-07').as_of).toBe('2026-03-06');
  });
});

describe('words', () => {
  it('says how far the next review is', () => {
    expect(reviewWords(null)).toBe('no review scheduled');
    expect(reviewWords(0)).toBe('review today');
    expect(reviewWords(1)).toBe('in 1 day');
    expect(reviewWords(30)).toBe('in 30 days');
    expect(reviewWords(-1)).toBe('1 day overdue');
    expect(reviewWords(-4)).toBe('4 days overdue');
  });

  it('names a level and what set it', () => {
    expect(levelWords('E3', 'new_business_hold')).toBe('E3 new business hold');
    expect(levelWords('E2', null)).toBe('E2');
    expect(causeWords('stop_ship EV1')).toBe('stop ship EV1');
    expect(causeWords('class_c 2026-H1')).toBe('class C 2026-H1');
    expect(causeWords('kpi_missed K2')).toBe('KPI missed K2');
    expect(causeWords('review')).toBe('review: exit criteria unmet');
    expect(causeWords('deescalate by jdoe')).toBe('de-escalated by jdoe');
    expect(causeWords('new_kind X1')).toBe('new kind X1');
  });

  it('says what "Record holds" wrote', () => {
    const hold = {
      contract_id: 'KB',
      supplier_id: 'S2',
      case: 1,
      since: '2026-02-02',
      reason: 'quality' as const,
      level: 'E3',
      withdrawn_on: null,
      imposed: true,
      withdrawn: false,
    };
    expect(recordedHoldWords(hold, 'en-GB')).toBe('S2: quality hold imposed from 2 Feb 2026');
    const both = { ...hold, withdrawn_on: '2026-03-09', withdrawn: true };
    expect(recordedHoldWords(both, 'en-GB')).toBe('S2: quality hold imposed from 2 Feb 2026, withdrawn on 9 Mar 2026');
    expect(recordedHoldWords({ ...both, imposed: false }, 'en-GB')).toBe(
      'S2: quality hold (from 2 Feb 2026) withdrawn on 9 Mar 2026',
    );
  });

  it('tells a decision’s change from a trigger’s', () => {
    expect(causedByDecision('deescalate by jdoe')).toBe(true);
    expect(causedByDecision('escalate by a.b')).toBe(true);
    expect(causedByDecision('review')).toBe(false);
    expect(causedByDecision('stop_ship EV1')).toBe(false);
  });

  it('reads a level’s rank from its id', () => {
    expect(levelRankOf('E0')).toBe(0);
    expect(levelRankOf('E4')).toBe(4);
    expect(levelRankOf('E12')).toBe(12);
    expect(levelRankOf('X')).toBe(0);
    expect(levelRankOf(null)).toBe(0);
  });

  it('offers the levels above the current one for an escalation', () => {
    expect(levelsAbove({ level_rank: 1, levels: 5 })).toEqual(['E2', 'E3', 'E4']);
    expect(levelsAbove({ level_rank: 0, levels: 5 })).toEqual(['E1', 'E2', 'E3', 'E4']);
    expect(levelsAbove({ level_rank: 4, levels: 5 })).toEqual([]);
  });
});

/** Golden set 17's KB as of 2026-03-20, with a trigger on the day of a decision. */
const KB: Pick<EscalationDetail, 'cases' | 'holds' | 'decisions' | 'triggers'> = {
  cases: [
    {
      case: 1,
      opened_on: '2026-02-02',
      closed_on: null,
      history: [
        { day: '2026-02-02', from: 'E0', to: 'E3', cause: 'field_action EV3' },
        { day: '2026-03-02', from: 'E3', to: 'E2', cause: 'deescalate by jdoe' },
      ],
    },
  ],
  holds: [
    {
      case: 1,
      since: '2026-02-02',
      reason: 'quality',
      level: 'E3',
      cause: 'field_action EV3',
      withdrawn_on: '2026-03-09',
      withdrawn_by: 'jdoe',
      withdraw_reason: 'field action closed',
      recorded: true,
    },
  ],
  decisions: [
    {
      line: 1,
      date: '2026-03-02',
      decision: 'deescalate',
      user: 'jdoe',
      reason: 'containment effective',
      to_level: null,
      cause: null,
    },
    {
      line: 2,
      date: '2026-03-09',
      decision: 'withdraw_hold',
      user: 'jdoe',
      reason: 'field action closed',
      to_level: null,
      cause: null,
    },
  ],
  triggers: [
    { day: '2026-02-02', kind: 'field_action', ref: 'EV3', level: 'E3', reason: 'quality' },
    { day: '2026-03-02', kind: 'yard_hold', ref: 'EV9', level: 'E1', reason: 'quality' },
    { day: '2026-03-20', kind: 'yard_hold', ref: 'EV5', level: 'E1', reason: 'quality' },
  ],
};

function describeEntry(entry: ReturnType<typeof caseTimeline>[number]): string {
  switch (entry.kind) {
    case 'change':
      return `${entry.day} change ${entry.change.from}>${entry.change.to}`;
    case 'trigger':
      return `${entry.day} trigger ${entry.trigger.ref}`;
    case 'decision':
      return `${entry.day} decision ${entry.decision.decision}`;
    case 'hold-imposed':
      return `${entry.day} hold imposed`;
    case 'hold-withdrawn':
      return `${entry.day} hold withdrawn`;
  }
}

describe('the timeline', () => {
  it('merges changes, holds, decisions and triggers oldest first in the replay’s order within a day', () => {
    expect(caseTimeline(KB).map(describeEntry)).toEqual([
      // Step 2 (the trigger) opens the case, which enters E3 and imposes the hold.
      '2026-02-02 trigger EV3',
      '2026-02-02 change E0>E3',
      '2026-02-02 hold imposed',
      // Step 1 (the decision and its change) before step 2 (the day's trigger counts against the new level).
      '2026-03-02 decision deescalate',
      '2026-03-02 change E3>E2',
      '2026-03-02 trigger EV9',
      '2026-03-09 decision withdraw_hold',
      '2026-03-09 hold withdrawn',
      '2026-03-20 trigger EV5',
    ]);
  });

  it('keeps the decisions’ log order and the triggers’ tie order within a step', () => {
    const timeline = caseTimeline({
      cases: [],
      holds: [],
      decisions: [
        { ...KB.decisions[1]!, line: 1, date: '2026-04-01', decision: 'withdraw_hold' },
        { ...KB.decisions[0]!, line: 2, date: '2026-04-01', decision: 'close' },
      ],
      triggers: [
        { day: '2026-04-01', kind: 'class_c', ref: '2026-H1', level: 'E1', reason: 'quality' },
        { day: '2026-04-01', kind: 'kpi_missed', ref: 'K2', level: 'E1', reason: 'delivery' },
      ],
    });
    expect(timeline.map(describeEntry)).toEqual([
      '2026-04-01 decision withdraw_hold',
      '2026-04-01 decision close',
      '2026-04-01 trigger 2026-H1',
      '2026-04-01 trigger K2',
    ]);
  });

  it('puts a hold imposed by an escalate decision with that decision, before the day’s triggers', () => {
    const timeline = caseTimeline({
      cases: [
        {
          case: 1,
          opened_on: '2026-01-05',
          closed_on: null,
          history: [{ day: '2026-02-01', from: 'E1', to: 'E3', cause: 'escalate by jdoe' }],
        },
      ],
      holds: [{ ...KB.holds[0]!, since: '2026-02-01', cause: 'escalate by jdoe', withdrawn_on: null }],
      decisions: [{ ...KB.decisions[0]!, date: '2026-02-01', decision: 'escalate', to_level: 'E3' }],
      triggers: [{ day: '2026-02-01', kind: 'stop_ship', ref: 'EV2', level: 'E1', reason: 'quality' }],
    });
    expect(timeline.map(describeEntry)).toEqual([
      '2026-02-01 decision escalate',
      '2026-02-01 change E1>E3',
      '2026-02-01 hold imposed',
      '2026-02-01 trigger EV2',
    ]);
  });

  it('is empty for a contract without anything on its ladder', () => {
    expect(caseTimeline({ cases: [], holds: [], decisions: [], triggers: [] })).toEqual([]);
  });
});

describe('the level over time', () => {
  it('steps through every case’s changes up to the date', () => {
    const cases: EscalationDetail['cases'] = [
      {
        case: 1,
        opened_on: '2026-01-05',
        closed_on: '2026-03-01',
        history: [
          { day: '2026-01-05', from: 'E0', to: 'E1', cause: 'stop_ship EV1' },
          { day: '2026-02-04', from: 'E1', to: 'E2', cause: 'review' },
          { day: '2026-03-01', from: 'E2', to: 'E0', cause: 'close by jdoe' },
        ],
      },
      {
        case: 2,
        opened_on: '2026-03-01',
        closed_on: null,
        history: [
          { day: '2026-03-01', from: 'E0', to: 'E1', cause: 'yard_hold EV4' },
          { day: '2026-04-10', from: 'E1', to: 'E2', cause: 'review' },
        ],
      },
    ];
    expect(levelSteps(cases, '2026-03-20')).toEqual([
      { day: '2026-01-05', rank: 1 },
      { day: '2026-02-04', rank: 2 },
      // Closed and reopened the same day: the day's last change wins.
      { day: '2026-03-01', rank: 1 },
    ]);
    expect(levelSteps(cases, '2026-01-04')).toEqual([]);
  });

  it('counts days on the calendar', () => {
    expect(dayNumber('2026-03-06') - dayNumber('2026-02-04')).toBe(30);
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('x')).toBeNaN();
  });
});
