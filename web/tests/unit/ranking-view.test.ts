// The ranking's view and its URL: what the URL says is what the API is asked,
// and a view written to a URL reads back as itself.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VIEW,
  nextSort,
  parseRankingView,
  parseSort,
  rankingQuery,
  rankingViewSearch,
  toggled,
  withFilters,
} from '../../src/lib/ranking-view';

describe('parseRankingView', () => {
  it('reads every member of the URL', () => {
    const view = parseRankingView(
      '?period=2026-H1&run=3&plant=P01&commodity=Steel&class=A,C&status=not_evaluated&q=acme' +
        '&event_kind=recall,stop_ship&sort=-total&limit=100&offset=200',
    );
    expect(view).toEqual({
      period: '2026-H1',
      run: 3,
      plant: 'P01',
      commodity: 'Steel',
      classes: ['A', 'C'],
      status: 'not_evaluated',
      q: 'acme',
      eventKinds: ['stop_ship', 'recall'],
      sort: { field: 'total', descending: true },
      limit: 100,
      offset: 200,
    });
  });

  it('takes the default for what is missing or malformed', () => {
    expect(parseRankingView('')).toEqual(DEFAULT_VIEW);
    expect(
      parseRankingView('?run=0&limit=1001&offset=-1&sort=-password&status=maybe&class=,&event_kind=flood,'),
    ).toEqual(DEFAULT_VIEW);
    expect(parseRankingView('?run=x&limit=0&offset=1.5').run).toBeNull();
  });

  it('keeps limits at the edges of 1..1000', () => {
    expect(parseRankingView('?limit=1').limit).toBe(1);
    expect(parseRankingView('?limit=1000').limit).toBe(1000);
    expect(parseRankingView('?limit=1001').limit).toBe(50);
  });
});

describe('rankingViewSearch', () => {
  it('leaves defaults out, so the plain ranking is /ranking', () => {
    expect(rankingViewSearch(DEFAULT_VIEW)).toBe('');
  });

  it('reads back as the same view', () => {
    const view = {
      ...DEFAULT_VIEW,
      period: '2026-01-01..2026-06-30',
      run: 7,
      q: 'Müller & Co',
      classes: ['B'],
      eventKinds: ['premium_freight' as const],
      status: 'evaluated' as const,
      sort: { field: 'change' as const, descending: true },
      limit: 25,
      offset: 50,
    };
    const search = rankingViewSearch(view);
    expect(search).toContain('q=M%C3%BCller+%26+Co');
    expect(parseRankingView(search)).toEqual(view);
  });
});

describe('rankingQuery', () => {
  it('asks the API for the view, blanks and surrounding spaces left out', () => {
    const view = withFilters(DEFAULT_VIEW, { q: '  S0001 ', plant: ' ', classes: ['A', 'B'] });
    expect(rankingQuery(view)).toEqual({ q: 'S0001', class: 'A,B', sort: 'rank', limit: '50', offset: '0' });
  });

  it('asks for the event kinds chosen as one comma-separated event_kind', () => {
    const view = withFilters(DEFAULT_VIEW, { eventKinds: ['yard_hold', 'dealer_return'] });
    expect(rankingQuery(view)['event_kind']).toBe('yard_hold,dealer_return');
  });
});

describe('sorting', () => {
  it('flips the column sorted by, starts scores highest first and names from the top', () => {
    const byRank = parseSort(null);
    expect(byRank).toEqual({ field: 'rank', descending: false });
    expect(nextSort(byRank, 'rank')).toEqual({ field: 'rank', descending: true });
    expect(nextSort(byRank, 'total')).toEqual({ field: 'total', descending: true });
    expect(nextSort(byRank, 'name')).toEqual({ field: 'name', descending: false });
    expect(nextSort(byRank, 'ppm')).toEqual({ field: 'ppm', descending: false });
    expect(nextSort(byRank, 'events')).toEqual({ field: 'events', descending: true });
  });

  it('goes back to the first page when a filter or the sort changes', () => {
    const paged = { ...DEFAULT_VIEW, offset: 150 };
    expect(withFilters(paged, { q: 'x' }).offset).toBe(0);
    expect(withFilters(paged, { sort: { field: 'total', descending: true } }).offset).toBe(0);
  });
});

describe('toggled', () => {
  it('adds or removes one choice, keeping the options order', () => {
    const kinds = ['yard_hold', 'stop_ship', 'recall'] as const;
    expect(toggled(kinds, ['recall'], 'yard_hold', true)).toEqual(['yard_hold', 'recall']);
    expect(toggled(kinds, ['yard_hold', 'recall'], 'recall', false)).toEqual(['yard_hold']);
    expect(toggled(kinds, ['recall'], 'recall', true)).toEqual(['recall']);
  });
});
