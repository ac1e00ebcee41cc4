// The events of IATF 16949 8.4.2.4 as the pages show them (docs/events.md):
// each kind's name for people, a supplier's counts by kind in the spec's
// order, and the one-line summary the ranking's Events column gives as its
// tooltip. The counts are the server's, never recounted here.
import { EVENT_KINDS, type EventCounts, type EventKind } from '../api/types';

const LABELS: Record<EventKind, string> = {
  yard_hold: 'Yard hold',
  stop_ship: 'Stop ship',
  premium_freight: 'Premium freight',
  special_status: 'Special status',
  field_action: 'Field action',
  recall: 'Recall',
  warranty: 'Warranty',
  dealer_return: 'Dealer return',
};

/** A kind's name for people ("Premium freight"). */
export function eventKindLabel(kind: EventKind): string {
  return LABELS[kind];
}

export interface KindCount {
  kind: EventKind;
  label: string;
  count: number;
}

/** The kinds counted (count > 0), in the spec's order, whatever order the answer has. */
export function kindCounts(counts: EventCounts): KindCount[] {
  return EVENT_KINDS.filter((kind) => (counts.by_kind[kind] ?? 0) > 0).map((kind) => ({
    kind,
    label: LABELS[kind],
    count: counts.by_kind[kind] ?? 0,
  }));
}

/** "Yard hold: 1, Premium freight: 2", or "No events" (the ranking cell's tooltip). */
export function eventsSummary(counts: EventCounts, formatCount: (value: number) => string = String): string {
  const parts = kindCounts(counts).map((entry) => `${entry.label}: ${formatCount(entry.count)}`);
  return parts.length === 0 ? 'No events' : parts.join(', ');
}

/** The kinds an `event_kind` list names, in the spec's order; unknown names dropped. */
export function parseEventKinds(text: string | null): EventKind[] {
  const named = new Set((text ?? '').split(',').map((name) => name.trim()));
  return EVENT_KINDS.filter((kind) => named.has(kind));
}
