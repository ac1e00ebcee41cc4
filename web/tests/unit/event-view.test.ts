// The events' view logic: kinds in the spec's order whatever the answer's
// order, only kinds counted, the ranking cell's summary, the filter's kinds.
import { describe, expect, it } from 'vitest';
import type { EventCounts } from '../../src/api/types';
import { eventKindLabel, eventsSummary, kindCounts, parseEventKinds } from '../../src/lib/event-view';

const counts: EventCounts = {
  total: 4,
  customer_notified: 1,
  cost: '1200.51',
  by_kind: { recall: 1, yard_hold: 2, premium_freight: 1 },
};

describe('kindCounts', () => {
  it('lists the kinds counted in the spec order', () => {
    expect(kindCounts(counts).map((entry) => [entry.kind, entry.count])).toEqual([
      ['yard_hold', 2],
      ['premium_freight', 1],
      ['recall', 1],
    ]);
  });

  it('lists nothing without events, and leaves out a kind counted 0', () => {
    expect(kindCounts({ total: 0, customer_notified: 0, cost: '0.00', by_kind: {} })).toEqual([]);
    expect(kindCounts({ ...counts, by_kind: { stop_ship: 0, warranty: 3 } }).map((e) => e.kind)).toEqual(['warranty']);
  });
});

describe('eventsSummary', () => {
  it('names each kind with its count', () => {
    expect(eventsSummary(counts)).toBe('Yard hold: 2, Premium freight: 1, Recall: 1');
    expect(eventsSummary(counts, (n) => `#${n}`)).toBe('Yard hold: #2, Premium freight: #1, Recall: #1');
  });

  it('says so when there are none', () => {
    expect(eventsSummary({ total: 0, customer_notified: 0, cost: '0.00', by_kind: {} })).toBe('No events');
  });
});

describe('parseEventKinds', () => {
  it('keeps the known kinds in the spec order, once each', () => {
    expect(parseEventKinds('recall, stop_ship,recall,flood,')).toEqual(['stop_ship', 'recall']);
    expect(parseEventKinds(null)).toEqual([]);
  });

  it('names every kind for people', () => {
    expect(eventKindLabel('dealer_return')).toBe('Dealer return');
    expect(eventKindLabel('special_status')).toBe('Special status');
  });
});
