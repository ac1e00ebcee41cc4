// The ranking page's view as a URL (`/ranking?period=2026-H1&sort=-total&…`)
// and back, so a view can be shared and reloaded; and the API query it asks.
// Members at their default are left out of the URL.
import type { EventKind } from '../api/types';
import { parseEventKinds } from './event-view';

/** The scores: sorted highest first on a first click. */
const SCORE_FIELDS = ['total', 'qz', 'lz', 'qz1', 'qz2', 'qz3', 'qz4', 'lz1', 'lz2'] as const;

/** The ranking's sortable fields (openapi.json `x-sort` of /api/v1/ranking). */
export const RANKING_SORT_FIELDS = [
  'rank',
  'supplier_id',
  'name',
  'status',
  'class',
  ...SCORE_FIELDS,
  'ppm',
  'deliveries',
  'series_deliveries',
  'sample_deliveries',
  'complaints',
  'sample_complaints',
  'previous_total',
  'change',
  'events',
] as const;

export type RankingSortField = (typeof RANKING_SORT_FIELDS)[number];

export interface RankingSort {
  field: RankingSortField;
  descending: boolean;
}

export const STATUSES = ['evaluated', 'not_evaluated'] as const;
export type StatusFilter = (typeof STATUSES)[number];

export const PAGE_SIZES = [25, 50, 100, 200] as const;
export const DEFAULT_PAGE_SIZE = 50;
export const DEFAULT_SORT: RankingSort = { field: 'rank', descending: false };

export interface RankingView {
  period: string | null;
  run: number | null;
  plant: string;
  commodity: string;
  classes: string[];
  status: StatusFilter | null;
  q: string;
  /** Suppliers with an event of one of these kinds in the period (empty: no filter). */
  eventKinds: EventKind[];
  sort: RankingSort;
  limit: number;
  offset: number;
}

export const DEFAULT_VIEW: RankingView = {
  period: null,
  run: null,
  plant: '',
  commodity: '',
  classes: [],
  status: null,
  q: '',
  eventKinds: [],
  sort: DEFAULT_SORT,
  limit: DEFAULT_PAGE_SIZE,
  offset: 0,
};

const sortFields: ReadonlySet<string> = new Set(RANKING_SORT_FIELDS);

export function parseSort(text: string | null): RankingSort {
  if (!text) return DEFAULT_SORT;
  const descending = text.startsWith('-');
  const field = descending ? text.slice(1) : text;
  return sortFields.has(field) ? { field: field as RankingSortField, descending } : DEFAULT_SORT;
}

export function sortText(sort: RankingSort): string {
  return `${sort.descending ? '-' : ''}${sort.field}`;
}

function positiveInteger(text: string | null): number | null {
  return text !== null && /^[1-9]\d{0,9}$/.test(text) ? Number(text) : null;
}

/** The view a URL's query names; what is missing or malformed takes its default. */
export function parseRankingView(search: string): RankingView {
  const params = new URLSearchParams(search);
  const limit = positiveInteger(params.get('limit'));
  const offsetText = params.get('offset');
  const status = params.get('status');
  return {
    period: params.get('period') || null,
    run: positiveInteger(params.get('run')),
    plant: params.get('plant') ?? '',
    commodity: params.get('commodity') ?? '',
    classes: (params.get('class') ?? '')
      .split(',')
      .map((c) => c.trim())
      .filter((c) => c !== ''),
    status: status === 'evaluated' || status === 'not_evaluated' ? status : null,
    q: params.get('q') ?? '',
    eventKinds: parseEventKinds(params.get('event_kind')),
    sort: parseSort(params.get('sort')),
    limit: limit !== null && limit <= 1000 ? limit : DEFAULT_PAGE_SIZE,
    offset: offsetText !== null && /^\d{1,10}$/.test(offsetText) ? Number(offsetText) : 0,
  };
}

/** The query (`?…`, or '' for the default view) that parseRankingView reads back as `view`. */
export function rankingViewSearch(view: RankingView): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(rankingQuery(view))) {
    if (name === 'limit' && value === String(DEFAULT_PAGE_SIZE)) continue;
    if (name === 'offset' && value === '0') continue;
    if (name === 'sort' && value === sortText(DEFAULT_SORT)) continue;
    params.set(name, value);
  }
  const search = params.toString();
  return search ? `?${search}` : '';
}

/** The parameters of GET /api/v1/ranking for the view (empty members left out). */
export function rankingQuery(view: RankingView): Record<string, string> {
  const query: Record<string, string> = {};
  if (view.period) query['period'] = view.period;
  if (view.run !== null) query['run'] = String(view.run);
  if (view.plant.trim()) query['plant'] = view.plant.trim();
  if (view.commodity.trim()) query['commodity'] = view.commodity.trim();
  if (view.classes.length > 0) query['class'] = view.classes.join(',');
  if (view.status) query['status'] = view.status;
  if (view.q.trim()) query['q'] = view.q.trim();
  if (view.eventKinds.length > 0) query['event_kind'] = view.eventKinds.join(',');
  query['sort'] = sortText(view.sort);
  query['limit'] = String(view.limit);
  query['offset'] = String(view.offset);
  return query;
}

/**
 * The sort after a click on a column's header: the same column flips its
 * direction; another starts in the direction its values read best (scores
 * and changes highest first, names and ranks from the top).
 */
export function nextSort(current: RankingSort, field: RankingSortField): RankingSort {
  if (current.field === field) return { field, descending: !current.descending };
  return { field, descending: HIGHEST_FIRST.has(field) };
}

const HIGHEST_FIRST: ReadonlySet<RankingSortField> = new Set<RankingSortField>([
  ...SCORE_FIELDS,
  'previous_total',
  'change',
  'events',
]);

/** A change of filters or sort goes back to the first page. */
export function withFilters(view: RankingView, change: Partial<RankingView>): RankingView {
  return { ...view, ...change, offset: 0 };
}

/** The choice of a filter's checkboxes after one is (un)checked: the options chosen, in the options' order. */
export function toggled<T>(options: readonly T[], chosen: readonly T[], option: T, on: boolean): T[] {
  return options.filter((o) => (o === option ? on : chosen.includes(o)));
}
