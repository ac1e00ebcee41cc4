// The contract pages of issue 22 in Debian's Chromium against a real
// `supeval serve` (the generated data set has contracts): staff see the
// register with its health findings and a contract's terms, its settlement
// lines computed now and, once purchasing has published a settlement, each
// KPI clause's chart; purchasing publishes a settlement and finds it in the
// list; a supplier user sees only its own contracts, "not found" for
// another's, and opens a discussion on a line of its settlement. No console
// fault on any page; screenshots at 1280 and 390 px wide.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contract, ContractFinding, KpiPoint, ListPage, Settlement } from '../../src/api/types';
import {
  SUPPLIER_OWN,
  type AccountName,
  type Backend,
  type Server,
  backends,
  downloadExcel,
  expectWorkbook,
  zipPart,
  getJson,
  logInAt,
  screenshotPath,
  startServer,
  useTabs,
} from './harness';

const tabs = useTabs();
let page: Page;
const PERIOD = '2026-H1';

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

  /** A full-page screenshot at the laptop width and at a phone's. */
  async function screenshots(name: string): Promise<void> {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: screenshotPath(backend, name), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: screenshotPath(backend, `${name}-390`), fullPage: true });
    await page.setViewportSize({ width: 1366, height: 768 });
  }

  it('shows staff the register with each contract’s findings, high first', async () => {
    await loggedInAs('quality', '/contracts');
    await expect(page.getByRole('navigation', { name: 'Main' }).innerText()).resolves.toContain('Contracts');
    const rows = page.locator('table.contract-list tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    const findings = await api<ListPage<ContractFinding>>('/api/v1/contract-findings?limit=1000');
    expect(findings.total_count).toBeGreaterThan(0);
    const first = findings.rows[0]!;
    const row = page.locator('table.contract-list tbody tr', { hasText: first.contract_id });
    await expect.poll(() => row.locator('.finding-list li').count()).toBeGreaterThan(0);
    // High before medium before low within a contract's list.
    const order = ['high', 'medium', 'low'];
    for (const item of await page.locator('.finding-list').all()) {
      const severities = await item.locator('li .severity').allInnerTexts();
      const ranks = severities.map((s) => order.indexOf(s.trim()));
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    }
    // The text filter narrows the register to one contract.
    await page.getByLabel('Search').fill(first.contract_id);
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/q=/);
    await expect.poll(() => rows.count()).toBe(1);
    await page.goto(`${server.base}/contracts`);
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    await screenshots('contracts-staff');
  });

  it('purchasing publishes a settlement and finds it in the list', async () => {
    await loggedInAs('purchasing', '/settlements');
    await page.getByLabel('Period').fill(PERIOD);
    await page.getByRole('button', { name: 'Publish settlement' }).click();
    const status = page.getByRole('status').filter({ hasText: 'published with' });
    await expect.poll(() => status.count()).toBe(1);
    await expect(status.innerText()).resolves.toMatch(new RegExp(`^Settlement \\d+ of ${PERIOD} published`));
    const listed = await api<ListPage<Settlement>>('/api/v1/settlements');
    const newest = listed.rows[0]!;
    expect(newest.period).toBe(PERIOD);
    const link = page.getByRole('link', { name: `Settlement ${newest.settlement}` });
    await expect.poll(() => link.count()).toBe(1);
    // A period that does not parse is refused at the field.
    await page.getByLabel('Period').fill('not-a-period');
    await page.getByRole('button', { name: 'Publish settlement' }).click();
    await expect.poll(() => page.locator('#publish-period-error').innerText()).not.toBe('');
    await screenshots('settlements-purchasing');
    await link.click();
    await page.waitForURL(/\/settlements\/\d+$/);
    await expect.poll(() => page.locator('table.settlement-lines tbody tr').count()).toBeGreaterThan(0);
    await expect(page.locator('.currency-totals').innerText()).resolves.toContain('EUR');
    await screenshots('settlement-purchasing');
    const workbook = await downloadExcel(page, `settlement ${newest.settlement}`);
    expect(workbook.name).toBe(`supeval-settlement-${newest.settlement}.xlsx`);
    expectWorkbook(workbook.bytes);
  });

  it('shows staff a contract’s terms, its settlement lines and its KPI charts', async () => {
    page = await tabs.open();
    await logInAt(page, server, 'quality', '/contracts');
    // A contract whose clauses were settled in the published settlement.
    const contracts = await api<ListPage<Contract>>('/api/v1/contracts?limit=1000');
    let chosen: Contract | null = null;
    for (const contract of contracts.rows) {
      const kpis = await api<ListPage<KpiPoint>>(`/api/v1/contracts/${contract.contract_id}/kpis`);
      if (kpis.rows.length > 0) {
        chosen = contract;
        break;
      }
    }
    expect(chosen).not.toBeNull();
    const id = chosen!.contract_id;
    await page.getByRole('link', { name: id, exact: true }).click();
    await page.waitForURL(`${server.base}/contracts/${id}`);
    await expect.poll(() => page.locator('h1').innerText()).toContain(id);
    await expect(page.locator('.contract-terms').innerText()).resolves.toContain('IP granted to the partner');
    await expect(page.getByRole('heading', { name: 'Health check findings' }).count()).resolves.toBe(1);
    // The settlement of the latest period, computed now.
    const lines = page.locator('.contract-settlement table.settlement-lines tbody tr');
    await expect.poll(() => lines.count()).toBeGreaterThan(0);
    await expect(page.locator('.contract-settlement .currency-totals').innerText()).resolves.toContain(
      chosen!.currency,
    );
    await expect.poll(() => page.locator('.kpi-trace').count()).toBeGreaterThan(0);
    // Every line's amount step by step: one disclosure per line, its steps inside.
    const steps = page.locator('.line-steps details.line-step');
    await expect(steps.count()).resolves.toBe(await lines.count());
    await steps.first().locator('summary').click();
    await expect(steps.first().locator('li.formula').first().innerText()).resolves.toContain('=');
    // One chart per settled clause, with the period's figures in its label.
    const charts = page.locator('.kpi-history svg.chart');
    await expect.poll(() => charts.count()).toBeGreaterThan(0);
    await expect(charts.first().getAttribute('aria-label')).resolves.toContain(`${PERIOD} actual`);
    await expect(charts.first().locator('path.line').count()).resolves.toBe(2);
    // Amounts are right-aligned numbers; a negative one says who owes it.
    const negative = page.locator('.amount-owed-by-supplier').first();
    if ((await negative.count()) > 0) {
      await expect(negative.innerText()).resolves.toContain('owed by the supplier');
    }
    await screenshots('contract-staff');
  });

  it('shows a supplier user only its own contracts and lets it discuss a settlement line', async () => {
    await loggedInAs('quality', '/contracts');
    const others = await api<ListPage<Contract>>('/api/v1/contracts?limit=1000');
    const other = others.rows.find((c) => c.supplier_id !== SUPPLIER_OWN)!.contract_id;

    await loggedInAs('supplier', '/contracts');
    await expect(page.getByRole('navigation', { name: 'Main' }).innerText()).resolves.toContain('Contracts');
    const own = await api<ListPage<Contract>>('/api/v1/contracts?limit=1000');
    expect(own.total_count).toBeGreaterThan(0);
    expect(own.rows.every((c) => c.supplier_id === SUPPLIER_OWN)).toBe(true);
    const rows = page.locator('table.contract-list tbody tr');
    await expect.poll(() => rows.count()).toBe(own.rows.length);
    await expect(page.locator('table.contract-list').innerText()).resolves.not.toContain('Findings');
    await screenshots('contracts-supplier');

    // Its contract's page has no findings (the API gives null).
    const mine = own.rows[0]!;
    await page.getByRole('link', { name: mine.contract_id, exact: true }).click();
    await page.waitForURL(`${server.base}/contracts/${mine.contract_id}`);
    await expect.poll(() => page.locator('.contract-terms').count()).toBe(1);
    await expect(page.getByRole('heading', { name: 'Health check findings' }).count()).resolves.toBe(0);
    await screenshots('contract-supplier');

    // Another supplier's contract: not found, none of its data.
    await page.goto(`${server.base}/contracts/${other}`);
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('Not found');
    await expect(page.locator('.contract-terms').count()).resolves.toBe(0);

    // A line of the published settlement, discussed.
    await page.goto(`${server.base}/settlements`);
    const settlementLink = page.locator('table.settlement-list a').first();
    await expect.poll(() => settlementLink.count()).toBe(1);
    await settlementLink.click();
    await page.waitForURL(/\/settlements\/\d+$/);
    const settlement = /\/settlements\/(\d+)$/.exec(page.url())?.[1];
    const lineRows = page.locator('table.settlement-lines tbody tr');
    await expect.poll(() => lineRows.count()).toBeGreaterThan(0);
    const shown = await api<ListPage<{ supplier_id: string }>>(`/api/v1/settlements/${settlement}/lines?limit=1000`);
    expect(shown.rows.every((row) => row.supplier_id === SUPPLIER_OWN)).toBe(true);
    // The workbook holds the same lines: the header and one row per own line.
    const workbook = await downloadExcel(page, `settlement ${settlement}`);
    const sheetRows = zipPart(workbook.bytes, 'xl/worksheets/sheet1.xml').match(/<row /g) ?? [];
    expect(sheetRows.length).toBe(shown.total_count + 1);
    await screenshots('settlement-supplier');
    const discuss = page.getByRole('link', { name: /^Discuss line \d+$/ }).first();
    const line = new URL((await discuss.getAttribute('href')) ?? '', server.base).searchParams.get('settlement_line');
    await discuss.click();
    await page.waitForURL(/\/threads\?/);
    await expect(page.getByLabel('Settlement').inputValue()).resolves.toBe(settlement);
    await page.getByLabel('Subject').fill('Penalty amount');
    await page.getByLabel('Message').fill('Please explain this line.');
    await page.getByRole('button', { name: 'Start the discussion' }).click();
    await page.waitForURL(/\/threads\/\d+$/);
    await expect.poll(() => page.locator('main').innerText()).toContain(`about settlement ${settlement} line ${line}`);
    await screenshots('thread-settlement-line');
  });
});
