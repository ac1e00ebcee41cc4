// What the adjustments page decides without the server: the words for a
// state and a deadline, which step a role may take on an adjustment (the
// server decides again; this only chooses which form to show), and the
// checks of a submission that need no round trip.
import type { Adjustment, AdjustmentState, Role } from '../api/types';

export const ADJUSTMENT_STATES: readonly AdjustmentState[] = ['open', 'submitted', 'accepted', 'rejected', 'expired'];

/** The state in words a supplier and a quality engineer both read the same way. */
export const STATE_WORDS: Record<AdjustmentState, string> = {
  open: 'open: nothing submitted yet',
  submitted: 'submitted: waiting for quality',
  accepted: 'accepted: counts from the next evaluation',
  rejected: 'rejected: the full rejected quantity counts',
  expired: 'expired: nothing submitted in time',
};

/** Whole days from `today` to `deadline` (both YYYY-MM-DD): 0 on the last day, negative once passed. */
export function daysUntil(deadline: string, today: string): number {
  const day = (text: string): number => Date.UTC(+text.slice(0, 4), +text.slice(5, 7) - 1, +text.slice(8, 10));
  return Math.round((day(deadline) - day(today)) / 86_400_000);
}

/** "last day today", "3 days left", "passed" — beside the deadline of an open adjustment. */
export function deadlineWords(adjustment: Adjustment, today: string): string {
  if (adjustment.state !== 'open') return '';
  const days = daysUntil(adjustment.deadline, today);
  if (days < 0) return 'passed';
  if (days === 0) return 'last day today';
  return days === 1 ? '1 day left' : `${days} days left`;
}

export type AdjustmentStep = 'submit' | 'decide' | null;

/**
 * The step `role` may take: a supplier (for its own, the server scopes) and
 * quality submit an open one; quality decides a submitted one (the server
 * refuses the one who submitted it); nobody acts on a decided or expired one.
 */
export function stepFor(role: Role, state: AdjustmentState): AdjustmentStep {
  const quality = role === 'quality' || role === 'admin';
  if (state === 'open' && (role === 'supplier' || quality)) return 'submit';
  if (state === 'submitted' && quality) return 'decide';
  return null;
}

export const REPORT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;

/**
 * What is wrong with a submission before it is sent, by field; empty when
 * nothing is. `rejectedQty` is the complaint's rejected quantity when known.
 */
export function submissionErrors(
  quantityText: string,
  rejectedQty: number | null,
  report: { type: string } | null,
): Record<string, string> {
  const errors: Record<string, string> = {};
  const quantity = Number(quantityText);
  if (quantityText.trim() === '' || !Number.isFinite(quantity))
    errors['confirmed_qty'] = 'Enter the defective quantity.';
  else if (quantity < 0) errors['confirmed_qty'] = 'The quantity cannot be negative.';
  else if (rejectedQty !== null && quantity > rejectedQty)
    errors['confirmed_qty'] = `At most the rejected quantity (${rejectedQty}).`;
  if (report && !(REPORT_TYPES as readonly string[]).includes(report.type))
    errors['report'] = 'The sorting report must be a PDF, PNG or JPEG file.';
  return errors;
}
