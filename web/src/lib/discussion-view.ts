// What the discussion and notification pages decide without the server:
// what a thread is about in words, the checks of a new thread or message
// before it is sent (the server checks again: subject 1–200 and body
// 1–10,000 characters, counted as Unicode characters like the server), and
// the marker that reads a thread up to its newest message.
import type { Thread, ThreadMessage } from '../api/types';

export const MAX_SUBJECT = 200;
export const MAX_BODY = 10_000;

/** "complaint K0000012", "the result in run 3" or "settlement 4 line 12". */
export function aboutWords(
  thread: Pick<Thread, 'complaint_id' | 'run'> & Partial<Pick<Thread, 'settlement' | 'settlement_line'>>,
): string {
  if (thread.complaint_id !== null) return `complaint ${thread.complaint_id}`;
  if (typeof thread.settlement === 'number') {
    return `settlement ${thread.settlement} line ${thread.settlement_line ?? '?'}`;
  }
  return thread.run === null ? 'this supplier' : `the result in run ${thread.run}`;
}

/** Characters as the server counts them (code points, not UTF-16 units). */
export function characterCount(text: string): number {
  return [...text].length;
}

/** What is wrong with a text of at most `max` characters that must not be blank; null when nothing is. */
export function textError(text: string, max: number, what: string): string | null {
  if (text.trim() === '') return `Write the ${what}.`;
  const count = characterCount(text);
  return count > max ? `The ${what} has ${count} characters; at most ${max}.` : null;
}

const POSITIVE = /^[1-9]\d{0,9}$/;

export interface NewThreadForm {
  supplierId: string;
  about: 'complaint' | 'run' | 'settlement';
  complaintId: string;
  run: string;
  settlement: string;
  settlementLine: string;
  subject: string;
  body: string;
}

/** The request body of POST /api/v1/threads, or the errors by field when the form is not complete. */
export function newThreadRequest(
  form: NewThreadForm,
): { body: Record<string, unknown> } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const body: Record<string, unknown> = { subject: form.subject, body: form.body };
  if (form.supplierId.trim() !== '') body['supplier_id'] = form.supplierId.trim();
  if (form.about === 'complaint') {
    if (form.complaintId.trim() === '') errors['complaint_id'] = 'Name the complaint.';
    else body['complaint_id'] = form.complaintId.trim();
  } else if (form.about === 'run') {
    if (!/^[1-9]\d{0,9}$/.test(form.run.trim())) errors['run'] = 'Name the run by its number.';
    else body['run'] = Number(form.run.trim());
    if (form.supplierId.trim() === '') errors['supplier_id'] = 'Name the supplier.';
  } else {
    if (!POSITIVE.test(form.settlement.trim())) errors['settlement'] = 'Name the settlement by its number.';
    else body['settlement'] = Number(form.settlement.trim());
    if (!POSITIVE.test(form.settlementLine.trim())) errors['settlement_line'] = 'Name the line by its number.';
    else body['settlement_line'] = Number(form.settlementLine.trim());
    if (form.supplierId.trim() === '') errors['supplier_id'] = 'Name the supplier.';
  }
  const subject = textError(form.subject, MAX_SUBJECT, 'subject');
  if (subject) errors['subject'] = subject;
  const text = textError(form.body, MAX_BODY, 'message');
  if (text) errors['body'] = text;
  return Object.keys(errors).length > 0 ? { errors } : { body };
}

/** The read marker for a thread shown with `messages`: its newest message, or null when it has none. */
export function readMarker(messages: ThreadMessage[]): number | null {
  return messages.reduce<number | null>((newest, m) => (newest === null || m.id > newest ? m.id : newest), null);
}
