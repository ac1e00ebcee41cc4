// The events of IATF 16949 8.4.2.4 beside the rating (docs/events.md) in
// Debian's Chromium against a real `supeval serve`: the generated data's
// events.csv replaced by known rows, the scorecard's panel shows the
// supplier's counts by kind, its cost and customer-notified count and its
// events of the period; the ranking's Events column gives the total, and the
// event-kind filter narrows the ranking to the suppliers with such events.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RankingPage, Scorecard } from '../../src/api/types';
import {
  SUPPLIER_OTHER,
  SUPPLIER_OWN,
  type Backend,
  type Server,
  backends,
  getJson,
  logInAt,
  screenshotPath,
  startServer,
  useTabs,
} from './harness';

const tabs = useTabs();
let page: Page;

// 2026-H1 (run 2): S00001 has two premium freights and a recall, S00002 a
// yard hold; S00001's stop ship of 2025-H2 counts only in run 1.
const EVENTS = [
  'event_id,supplier_id,plant_id,date,kind,material_id,delivery_id,cost,customer_notified',
  `EVB1,${SUPPLIER_OWN},P01,2026-02-03,premium_freight,,,812.40,no`,
  `EVB2,${SUPPLIER_OWN},P01,2026-03-10,premium_freight,,,100,no`,
  `EVB3,${SUPPLIER_OWN},P02,2026-04-01,recall,,,,yes`,
  `EVB4,${SUPPLIER_OTHER},P01,2026-05-05,yard_hold,,,,no`,
  `EVB5,${SUPPLIER_OWN},P01,2025-12-01,stop_ship,,,,yes`,
].join('\n');

describe.each(backends())('on %s', (backend: Backend) => {
  let server: Server;

  beforeAll(async () => {
    server = await startServer(backend, { editData: (data) => writeFileSync(join(data, 'events.csv'), `${EVENTS}\n`) });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('shows a supplier’s events of the period on its scorecard', async () => {
    page = await tabs.open();
    await logInAt(page, server, 'quality', `/suppliers/${SUPPLIER_OWN}`);
    const panel = page.locator('section.events-panel');
    await panel.waitFor();
    await expect(panel.getByRole('heading').innerText()).resolves.toBe('Events (IATF 16949 8.4.2.4)');
    const count = (name: string): Promise<string> => panel.locator(`dd[data-count="${name}"]`).innerText();
    await expect(count('total')).resolves.toBe('3');
    await expect(count('premium_freight')).resolves.toBe('2');
    await expect(count('recall')).resolves.toBe('1');
    await expect(panel.locator('dd[data-count="stop_ship"]').count()).resolves.toBe(0);
    await expect(count('customer_notified')).resolves.toBe('1');
    await expect(count('cost')).resolves.toBe('912.40');
    const rows = panel.locator('table.events tbody tr');
    await expect(rows.count()).resolves.toBe(3);
    await expect(rows.locator('th').allInnerTexts()).resolves.toEqual(['EVB1', 'EVB2', 'EVB3']);
    // The panel shows what the API answered for the run.
    const card = await getJson<Scorecard>(page, `/api/v1/suppliers/${SUPPLIER_OWN}/scorecard`);
    expect(card.events.by_kind).toEqual({ premium_freight: 2, recall: 1 });
    await page.screenshot({ path: screenshotPath(backend, 'scorecard-events'), fullPage: true });

    // The half-year before: the stop ship alone.
    await page.goto(`${server.base}/suppliers/${SUPPLIER_OWN}?run=1`);
    await expect.poll(() => panel.locator('dd[data-count="stop_ship"]').count()).toBe(1);
    await expect(count('total')).resolves.toBe('1');
  });

  it('narrows the ranking to the suppliers with events of a kind', async () => {
    page = await tabs.open();
    await logInAt(page, server, 'quality', '/ranking');
    const rows = page.locator('table.results tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThan(2);
    const own = page.locator('table.results tbody tr', { hasText: SUPPLIER_OWN });
    await expect(own.locator('.events-total').innerText()).resolves.toBe('3');
    await expect(own.locator('.events-total').getAttribute('title')).resolves.toBe('Premium freight: 2, Recall: 1');
    const ranks = await getJson<RankingPage>(page, '/api/v1/ranking?limit=1000');
    const rankOf = new Map(ranks.rows.map((row) => [row.supplier_id, row.rank]));

    await page.locator('details.event-filter summary').click();
    await page.getByRole('checkbox', { name: 'Recall' }).check();
    await page.waitForURL(/event_kind=recall/);
    await expect.poll(() => rows.count()).toBe(1);
    await expect(rows.first().innerText()).resolves.toContain(SUPPLIER_OWN);
    await page.getByRole('checkbox', { name: 'Yard hold' }).check();
    await page.waitForURL(/event_kind=yard_hold%2Crecall/);
    await expect.poll(() => rows.count()).toBe(2);
    // Filters select rows: the ranks stay company-wide.
    const filtered = await getJson<RankingPage>(page, '/api/v1/ranking?event_kind=yard_hold,recall');
    for (const row of filtered.rows) expect(row.rank).toBe(rankOf.get(row.supplier_id));
    await page.screenshot({ path: screenshotPath(backend, 'ranking-events'), fullPage: true });
  });
});
