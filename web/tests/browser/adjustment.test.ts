// The agreement's ppm adjustment end to end in Debian's Chromium against a
// real `supeval serve`: the supplier sees its returned complaints with their
// deadlines, one open and one expired (which the server refuses with
// `deadline-passed`); it submits a defective quantity with its sorting
// report; quality sees the badge, accepts with a reason; the next published
// run shows a better QZ2 on the supplier's scorecard. Then a discussion on
// the complaint: the supplier opens it, quality replies, the supplier is
// notified and reads the reply. On SQLite and PostgreSQL; screenshots of
// each step, no console fault.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adjustment, ListPage } from '../../src/api/types';
import {
  SUPPLIER_OWN,
  type AccountName,
  type Backend,
  type Server,
  backends,
  getJson,
  logInAt,
  screenshotPath,
  startServer,
  supeval,
  useTabs,
} from './harness';

const OPEN_COMPLAINT = 'K9000001';
const EXPIRED_COMPLAINT = 'K9000002';
/** Returned 56 days ago: its deadline (two months on) is 3 to 6 days away, so serve's sweep warns at start. */
const DUE_COMPLAINT = 'K9000003';

const tabs = useTabs();
let page: Page;

/** Today moved by `days` (UTC, serve's default --timezone), as YYYY-MM-DD. */
function daysFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

function rowsOf(text: string): { header: string[]; rows: string[][] } {
  const lines = text.trimEnd().split('\n');
  return { header: (lines[0] ?? '').split(','), rows: lines.slice(1).map((line) => line.split(',')) };
}

/**
 * Three justified complaints of SUPPLIER_OWN on its first 2026-H1 series
 * deliveries, counted at their rejected quantity (no defect code), returned
 * 10, 100 and 56 days ago: the first's deadline (two months on) lies ahead,
 * the second's has passed, the third's is within the 7 days of the
 * deadline notice. Each rejects 0.05 % of the supplier's 2026-H1 series
 * quantity, so that QZ2 is neither 0 nor 100 before the adjustment.
 */
function addReturnedComplaints(data: string): void {
  const deliveries = rowsOf(readFileSync(join(data, 'deliveries.csv'), 'utf8'));
  const at = (name: string): number => deliveries.header.indexOf(name);
  const own = deliveries.rows.filter(
    (row) =>
      row[at('supplier_id')] === SUPPLIER_OWN &&
      row[at('type')] === 'series' &&
      (row[at('receipt_date')] ?? '') >= '2026-01-01',
  );
  const total = own.reduce((sum, row) => sum + Number(row[at('received_qty')]), 0);
  const rejected = Math.max(1, Math.round(total * 0.0005));
  const complaints = join(data, 'complaints.csv');
  const returnedDaysAgo = [10, 100, 56];
  const lines = [OPEN_COMPLAINT, EXPIRED_COMPLAINT, DUE_COMPLAINT].map((id, index) => {
    const delivery = own[index]!;
    return [
      id,
      SUPPLIER_OWN,
      delivery[at('plant_id')],
      delivery[at('receipt_date')],
      'complaint',
      'yes',
      'closed',
      delivery[at('delivery_id')],
      delivery[at('material_id')],
      '',
      String(Math.min(rejected, Number(delivery[at('received_qty')]))),
      '',
      daysFromToday(-(returnedDaysAgo[index] ?? 0)),
      '',
      '',
    ].join(',');
  });
  writeFileSync(complaints, `${readFileSync(complaints, 'utf8').trimEnd()}\n${lines.join('\n')}\n`);
}

/** A small PNG (a 1×1 image) as the sorting report. */
const REPORT_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

describe.each(backends())('on %s', (backend: Backend) => {
  let server: Server;

  beforeAll(async () => {
    server = await startServer(backend, { editData: addReturnedComplaints });
  });

  afterAll(async () => {
    await server?.stop();
  });

  async function loggedInAs(account: AccountName, path: string): Promise<void> {
    page = await tabs.open();
    await logInAt(page, server, account, path);
  }

  async function qz2Shown(): Promise<string> {
    await page.goto(`${server.base}/suppliers/${SUPPLIER_OWN}?period=2026-H1`);
    const heading = page.locator('#score-qz2');
    await heading.waitFor();
    return heading.innerText();
  }

  /** POST from inside the page with its session and CSRF token: the status and problem type. */
  async function postFromPage(path: string, body: unknown): Promise<{ status: number; type: string }> {
    return page.evaluate(
      async ({ url, json }) => {
        const session = (await (await fetch('/api/v1/session')).json()) as { csrf_token: string };
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrf_token },
          body: JSON.stringify(json),
        });
        const problem = (await response.json().catch(() => ({}))) as { type?: string };
        return { status: response.status, type: problem.type ?? '' };
      },
      { url: path, json: body },
    );
  }

  it('a supplier submits before the deadline, quality accepts, the next run counts it', async () => {
    await loggedInAs('quality', `/suppliers/${SUPPLIER_OWN}`);
    const before = await qz2Shown();

    // The supplier: one open adjustment with the days left, one expired without a form.
    await loggedInAs('supplier', '/adjustments');
    const open = page.locator('tr', { has: page.getByRole('rowheader', { name: OPEN_COMPLAINT }) });
    const expired = page.locator('tr', { has: page.getByRole('rowheader', { name: EXPIRED_COMPLAINT }) });
    await expect(open.innerText()).resolves.toMatch(/open: nothing submitted yet[\s\S]*days left/);
    await expect(expired.innerText()).resolves.toContain('expired: nothing submitted in time');
    await expect(expired.getByRole('button').count()).resolves.toBe(0);
    // After its deadline the server refuses a submission with the reason.
    const late = await postFromPage(`/api/v1/complaints/${EXPIRED_COMPLAINT}/adjustment`, {
      confirmed_qty: 0,
      note: 'too late',
    });
    expect(late.status).toBe(422);
    expect(late.type).toContain('deadline-passed');

    // More than rejected is refused at the field, before anything is sent; then a good submission with its report.
    await open.getByRole('button', { name: `Submit ${OPEN_COMPLAINT}` }).click();
    const quantity = page.getByLabel(/Defective quantity/);
    await quantity.fill('999999999');
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    await expect(page.getByRole('alert').first().innerText()).resolves.toContain('At most the rejected quantity');
    await quantity.fill('0');
    await page.getByLabel('Note').fill('Sorted: all parts good after rework.');
    await page
      .getByLabel(/Sorting report/)
      .setInputFiles({ name: 'sorting.png', mimeType: 'image/png', buffer: REPORT_PNG });
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    await expect.poll(() => open.innerText()).toContain('submitted: waiting for quality');
    await expect(open.getByRole('link', { name: /Sorting report/ }).count()).resolves.toBe(1);
    await page.screenshot({ path: screenshotPath(backend, 'adjustments-supplier'), fullPage: true });

    // Quality: the badge counts it; accepting writes it into the complaint.
    await loggedInAs('quality', '/adjustments?state=submitted');
    const badge = page.getByRole('navigation', { name: 'Main' }).locator('.badge');
    await expect.poll(async () => ((await badge.count()) > 0 ? badge.innerText() : '')).toBe('1');
    const pending = page.locator('tr', { has: page.getByRole('rowheader', { name: OPEN_COMPLAINT }) });
    await pending.getByRole('button', { name: `Decide ${OPEN_COMPLAINT}` }).click();
    await page.getByLabel('Reason').fill('Sorting report checked.');
    await page.getByRole('button', { name: 'Send decision' }).click();
    await expect.poll(async () => page.locator('tbody tr').count()).toBe(0);
    const accepted = await getJson<ListPage<Adjustment>>(page, '/api/v1/adjustments?state=accepted');
    expect(accepted.rows.map((row) => [row.complaint_id, row.confirmed_qty])).toEqual([[OPEN_COMPLAINT, 0]]);
    await page.screenshot({ path: screenshotPath(backend, 'adjustments-quality'), fullPage: true });

    // The next published run counts the confirmed quantity: QZ2 rises.
    supeval([
      'evaluate',
      '--db',
      server.db,
      '--period',
      '2026-H1',
      '--publish',
      '--format',
      'csv',
      '--output',
      '/dev/null',
    ]);
    const after = await qz2Shown();
    const figure = (text: string): number => Number(/([\d.]+)\s*$/.exec(text.replace(/,/g, ''))?.[1] ?? 'NaN');
    expect(figure(after)).toBeGreaterThan(figure(before));
    // Its complaints list says which adjustment counted.
    const counted = page.locator('tr', { hasText: OPEN_COMPLAINT });
    await expect.poll(() => counted.innerText()).toContain('accepted: counts from the next evaluation');
    await expect(counted.innerText()).resolves.toContain('(confirmed by the supplier)');
  });

  it('a supplier opens a discussion on its complaint, quality replies, the supplier is notified', async () => {
    await loggedInAs('supplier', '/adjustments');
    await page.getByRole('link', { name: `Discuss ${OPEN_COMPLAINT}` }).click();
    await page.getByLabel('Subject').fill('Sorting result');
    await page.getByLabel('Message').fill('We sorted the lot.\n<b>No</b> defective parts.');
    await page.getByRole('button', { name: 'Start the discussion' }).click();
    await page.waitForURL(/\/threads\/\d+$/);
    const threadUrl = page.url();
    // Shown as text: the markup stays visible characters.
    await expect(page.locator('.message-body').first().innerText()).resolves.toContain('<b>No</b> defective parts.');

    await loggedInAs('quality', '/threads?unread=true');
    const row = page.locator('tr', { hasText: 'Sorting result' });
    await expect(row.innerText()).resolves.toContain(`complaint ${OPEN_COMPLAINT}`);
    await expect(row.innerText()).resolves.toContain('1 new');
    await row.getByRole('link', { name: 'Sorting result' }).click();
    await page.getByLabel('Reply').fill('Thank you: we check the report.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => page.locator('.message').count()).toBe(2);
    await page.screenshot({ path: screenshotPath(backend, 'thread'), fullPage: true });

    await loggedInAs('supplier', '/notifications');
    // serve's sweep at its start warned of the adjustment due within 7 days.
    const due = page.locator('.notification-list li', { hasText: 'Deadline soon' });
    await expect(due.innerText()).resolves.toContain(
      `The adjustment of complaint ${DUE_COMPLAINT} can be submitted until`,
    );
    const reply = page.locator('.notification-list li', { hasText: 'Reply' }).first();
    await expect(reply.innerText()).resolves.toContain('(new)');
    await page.screenshot({ path: screenshotPath(backend, 'notifications'), fullPage: true });
    // Showing the thread moves the read marker by a request of its own; the list
    // is asked only after the server has answered it (a slow server lost the race).
    const markedRead = page.waitForResponse(
      (response) => response.request().method() === 'PUT' && response.url().endsWith('/read'),
    );
    await reply.getByRole('link').click();
    await page.waitForURL(threadUrl);
    await expect.poll(() => page.locator('.message-body').allInnerTexts()).toContain('Thank you: we check the report.');
    expect((await markedRead).ok()).toBe(true);
    await page.goto(`${server.base}/threads`);
    await expect(page.locator('tr', { hasText: 'Sorting result' }).innerText()).resolves.not.toContain('new');
    await page.goto(`${server.base}/notifications`);
    await page.getByRole('button', { name: 'Mark all as read' }).click();
    await expect.poll(() => page.locator('.notification-list li.unread').count()).toBe(0);
  });
});
