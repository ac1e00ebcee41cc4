// The quality staff's pages in Debian's Chromium against a real `supeval
// serve`: the scorecard's charts drawn (non-empty SVG with their figures),
// an upload refused by file and line with nothing written and a good one
// that makes a batch, a run published and compared with the one before,
// holds imposed and withdrawn with refusals at their field, and the
// purchasing role without any of the forms. No console fault on any page;
// a screenshot of each. On SQLite and PostgreSQL, one server each.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchRow, Hold, ListPage, RunRow } from '../../src/api/types';
import { INTERCHANGE_FILES } from '../../src/lib/upload';
import {
  SUPPLIER_OWN,
  type AccountName,
  type Backend,
  type Server,
  backends,
  downloadByLink,
  getJson,
  logInAt,
  screenshotPath,
  startServer,
  supeval,
  useTabs,
} from './harness';

const tabs = useTabs();
let page: Page;
let uploads: string;

beforeAll(async () => {
  // A small data set of its own to upload (other suppliers than the harness's names).
  uploads = mkdtempSync(join(tmpdir(), 'supeval-browser-upload-'));
  supeval([
    'generate',
    '--out',
    join(uploads, 'good'),
    '--suppliers',
    '3',
    '--deliveries',
    '40',
    '--seed',
    '7',
    '--from',
    '2026-01-01',
    '--to',
    '2026-06-30',
  ]);
});

afterAll(async () => {
  if (uploads) rmSync(uploads, { recursive: true, force: true });
});

/** The interchange files of the generated set, as paths. */
function goodFiles(): string[] {
  const dir = join(uploads, 'good');
  return readdirSync(dir)
    .filter((name) => (INTERCHANGE_FILES as readonly string[]).includes(name))
    .map((name) => join(dir, name));
}

/** The generated set with line 3 of deliveries.csv given a due quantity that is no number. */
function filesWithBadRow(): string[] {
  const dir = join(uploads, 'bad');
  mkdirSync(dir, { recursive: true });
  return goodFiles().map((file) => {
    const name = basename(file);
    let text = readFileSync(file, 'utf8');
    if (name === 'deliveries.csv') {
      const lines = text.split('\n');
      const header = (lines[0] ?? '').split(',');
      const cells = (lines[2] ?? '').split(',');
      cells[header.indexOf('due_qty')] = 'twelve';
      lines[2] = cells.join(',');
      text = lines.join('\n');
    }
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  });
}

describe.each(backends())('on %s', (backend: Backend) => {
  let server: Server;

  beforeAll(async () => {
    server = await startServer(backend);
  });

  afterAll(async () => {
    await server?.stop();
  });

  async function api<T>(path: string): Promise<T> {
    return getJson<T>(page, path);
  }

  async function loggedInAs(account: AccountName, path: string): Promise<void> {
    page = await tabs.open();
    await logInAt(page, server, account, path);
  }

  it('draws the scorecard charts with their figures', async () => {
    await loggedInAs('quality', `/suppliers/${SUPPLIER_OWN}`);
    const charts = page.locator('svg.chart');
    await expect.poll(() => charts.count()).toBe(3);
    for (const chart of await charts.all()) {
      await expect(chart.locator('rect, path, circle').count()).resolves.toBeGreaterThan(0);
      const box = await chart.boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(100);
      expect(box?.height ?? 0).toBeGreaterThan(50);
    }
    await expect(charts.nth(0).getAttribute('aria-label')).resolves.toMatch(
      /^Trend of total, QZ and LZ: 2025-H2 total/,
    );
    await expect(charts.nth(1).getAttribute('aria-label')).resolves.toMatch(/points\)/);
    await expect(charts.nth(2).getAttribute('aria-label')).resolves.toMatch(/ppm, limit /);
    // The deviation table counts every delivery of the run.
    const deliveries = await api<ListPage<unknown>>(`/api/v1/suppliers/${SUPPLIER_OWN}/deliveries?limit=1`);
    const counts = await page.locator('#deviation-chart-heading ~ figure table td:nth-child(2)').allInnerTexts();
    expect(counts.reduce((sum, text) => sum + Number(text.replace(/\D/g, '')), 0)).toBe(deliveries.total_count);
    await page.locator('.charts').screenshot({ path: screenshotPath(backend, 'scorecard-charts') });
    // The scorecard's letter is a PDF of the run shown (docs/letters.md).
    const letter = await downloadByLink(page, 'Letter (PDF)');
    expect(letter.name).toMatch(new RegExp(`^letter-${SUPPLIER_OWN}-\\d{4}-H[12]-run\\d+\\.pdf$`));
    expect(letter.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(letter.bytes.length).toBeGreaterThan(10_000);
  });

  it('refuses an upload with a bad row by file and line, and imports a good one as a batch', async () => {
    await loggedInAs('quality', '/imports');
    await page.locator('table.batch-list').waitFor();
    const before = await api<ListPage<BatchRow>>('/api/v1/batches');

    await page
      .getByLabel('CSV files')
      .setInputFiles([{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a table') }]);
    await expect(page.getByRole('alert').innerText()).resolves.toContain('Not an interchange file: notes.txt');
    await expect(page.getByRole('button', { name: 'Import' }).isDisabled()).resolves.toBe(true);

    await page.getByLabel('CSV files').setInputFiles(filesWithBadRow());
    await page.getByRole('button', { name: 'Import' }).click();
    const refused = page.locator('.upload-errors');
    await refused.waitFor();
    await expect(refused.innerText()).resolves.toContain('Nothing was written');
    const deliveries = refused.getByRole('region', { name: 'Errors in deliveries.csv' });
    await expect(deliveries.innerText()).resolves.toMatch(/line 3, column due_qty: /);
    await page.screenshot({ path: screenshotPath(backend, 'import-refused'), fullPage: true });
    expect((await api<ListPage<BatchRow>>('/api/v1/batches')).total_count).toBe(before.total_count);

    await page.getByLabel('CSV files').setInputFiles(goodFiles());
    await page.getByRole('button', { name: 'Check only' }).click();
    await expect(page.locator('.upload-result').innerText()).resolves.toContain('Nothing was written');
    expect((await api<ListPage<BatchRow>>('/api/v1/batches')).total_count).toBe(before.total_count);

    await page.getByRole('button', { name: 'Import' }).click();
    await expect(page.locator('.upload-result').innerText()).resolves.toMatch(/Imported as batch \d+/);
    const after = await api<ListPage<BatchRow>>('/api/v1/batches');
    expect(after.total_count).toBe(before.total_count + 1);
    const batch = after.rows[0]!.batch!;
    await expect(page.locator('table.batch-list tbody tr').first().innerText()).resolves.toContain(String(batch));

    await page.getByRole('link', { name: String(batch), exact: true }).click();
    await page.waitForURL(`${server.base}/imports?batch=${batch}`);
    await expect(page.locator('.batch-details .batch-files').innerText()).resolves.toContain('deliveries.csv');
    await page.screenshot({ path: screenshotPath(backend, 'imports'), fullPage: true });
  });

  it('publishes a run and shows what changed against the one before', async () => {
    await loggedInAs('quality', '/runs');
    await page.locator('table.run-list').waitFor();
    const before = await api<ListPage<RunRow>>('/api/v1/runs');
    await page.getByLabel('Period').fill('2026-H1');
    await page.getByRole('button', { name: 'Publish' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'published' }).innerText()).resolves.toMatch(
      /^Run \d+ of 2026-H1 published/,
    );
    const after = await api<ListPage<RunRow>>('/api/v1/runs');
    expect(after.total_count).toBe(before.total_count + 1);
    const newest = after.rows[0]!.run;
    const previous = before.rows.find((run) => run.period === '2026-H1')!.run;
    await page.locator(`table.run-list tbody tr:has-text("Results of run ${newest}")`).waitFor();

    await page.getByLabel('Period').fill('2026-H7');
    await page.getByRole('button', { name: 'Publish' }).click();
    await expect.poll(() => page.locator('#publish-period-error').innerText()).not.toBe('');
    await expect(page.getByLabel('Period').getAttribute('aria-invalid')).resolves.toBe('true');

    await page.getByLabel('Compare run').selectOption(String(previous));
    await page.getByLabel('with run').selectOption(String(newest));
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.waitForURL(`${server.base}/runs/${previous}/diff/${newest}`);
    await page.getByRole('status').filter({ hasText: 'supplier(s) changed' }).waitFor();
    await page.screenshot({ path: screenshotPath(backend, 'run-diff'), fullPage: true });

    await page.getByRole('link', { name: 'All runs' }).click();
    await page.getByRole('link', { name: `Results of run ${newest}` }).click();
    await page.waitForURL(new RegExp(`/ranking\\?period=2026-H1&run=${newest}$`));
    await page.locator('table.results').waitFor();
  });

  it('imposes and withdraws a hold, refusals at their field', async () => {
    await loggedInAs('quality', '/holds');
    const form = page.locator('form.impose');
    await form.getByLabel('Supplier').fill(SUPPLIER_OWN);
    await form.getByLabel('Reason').selectOption('quality');
    await form.getByLabel('Imposed on').fill('2026-03-02');
    await form.getByLabel('Why').fill('browser test: audit finding');
    await form.getByRole('button', { name: 'Impose hold' }).click();
    await expect(form.getByRole('status').innerText()).resolves.toContain(`imposed on ${SUPPLIER_OWN}`);
    const holds = await api<ListPage<Hold>>(`/api/v1/holds?supplier_id=${SUPPLIER_OWN}`);
    const hold = holds.rows.find((h) => h.imposed_on === '2026-03-02')!;
    expect(hold.withdrawn_on).toBeNull();

    // The same hold again: 409, at the date.
    await form.getByLabel('Supplier').fill(SUPPLIER_OWN);
    await form.getByLabel('Imposed on').fill('2026-03-02');
    await form.getByLabel('Why').fill('again');
    await form.getByRole('button', { name: 'Impose hold' }).click();
    await expect.poll(() => page.locator('#impose-imposed_on-error').innerText()).not.toBe('');
    // An unknown supplier: 422, at the supplier.
    await form.getByLabel('Supplier').fill('NO-SUCH-SUPPLIER');
    await form.getByRole('button', { name: 'Impose hold' }).click();
    await expect.poll(() => page.locator('#impose-supplier_id-error').innerText()).not.toBe('');
    await expect(page.locator('#impose-imposed_on-error').innerText()).resolves.toBe('');

    await page.getByLabel('Supplier', { exact: true }).first().fill(SUPPLIER_OWN);
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(new RegExp(`/holds\\?supplier_id=${SUPPLIER_OWN}$`));
    // By keyboard: the button opens the withdrawal with the focus on its date.
    await page.getByRole('button', { name: `Withdraw hold ${hold.id}` }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(`withdraw-${hold.id}-date`);
    const withdraw = page.getByRole('form', { name: `Withdraw hold ${hold.id}` });
    await withdraw.getByLabel('Withdrawn on').fill('2026-03-01');
    await withdraw.getByLabel('Why').fill('corrective action verified');
    await withdraw.getByRole('button', { name: 'Withdraw' }).click();
    await expect.poll(() => page.locator(`#withdraw-${hold.id}-date-error`).innerText()).not.toBe('');
    await page.screenshot({ path: screenshotPath(backend, 'holds-refused'), fullPage: true });

    await withdraw.getByLabel('Withdrawn on').fill('2026-04-01');
    await withdraw.getByRole('button', { name: 'Withdraw' }).click();
    await expect.poll(async () => (await api<Hold>(`/api/v1/holds/${hold.id}`)).withdrawn_on).toBe('2026-04-01');
    await expect(page.getByRole('button', { name: `Withdraw hold ${hold.id}` }).count()).resolves.toBe(0);
    await page.screenshot({ path: screenshotPath(backend, 'holds'), fullPage: true });
  });

  it('shows purchasing the lists without the forms', async () => {
    await loggedInAs('purchasing', '/holds');
    await page.locator('table.hold-list, .state-empty').first().waitFor();
    await expect(page.locator('form.impose').count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: /^Withdraw/ }).count()).resolves.toBe(0);
    await page.getByRole('link', { name: 'Imports' }).click();
    await page.locator('table.batch-list').waitFor();
    await expect(page.locator('form.upload').count()).resolves.toBe(0);
    await page.getByRole('link', { name: 'Runs' }).click();
    await page.locator('table.run-list').waitFor();
    await expect(page.locator('form.publish').count()).resolves.toBe(0);
    await page.screenshot({ path: screenshotPath(backend, 'runs-purchasing'), fullPage: true });
  });
});
