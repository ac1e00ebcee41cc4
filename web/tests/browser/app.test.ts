// The web application in Debian's Chromium against a real `supeval serve`:
// the login and the way back, the ranking's sort, filters and pages as the
// API answers them, a scorecard's figures, a supplier user confined to its
// own pages, a session ended on the server; no console fault on any page,
// a screenshot of each (SUPEVAL_SCREENSHOT_DIR). On SQLite and PostgreSQL.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDelta, formatScore, trendOf } from '../../src/lib/format';
import type { RankingPage, Scorecard } from '../../src/api/types';
import {
  SUPPLIER_OTHER,
  SUPPLIER_OWN,
  type AccountName,
  type Backend,
  type Server,
  backends,
  getJson,
  logIn,
  logInAt,
  screenshotPath,
  startServer,
  supeval,
  useTabs,
} from './harness';

const tabs = useTabs();
let page: Page;

async function freshPage(): Promise<void> {
  page = await tabs.open();
}

describe.each(backends())('on %s', (backend: Backend) => {
  let server: Server;

  beforeAll(async () => {
    server = await startServer(backend);
  });

  afterAll(async () => {
    await server?.stop();
  });

  /** GET from inside the page, with its session cookie: what the page was shown. */
  async function api<T>(path: string): Promise<T> {
    return getJson<T>(page, path);
  }

  async function shownSupplierIds(): Promise<string[]> {
    return page.locator('table.results tbody tr td:nth-child(2)').allInnerTexts();
  }

  async function loggedInAs(account: AccountName, path: string): Promise<void> {
    await freshPage();
    await logInAt(page, server, account, path, false);
  }

  describe('staff (quality)', () => {
    it('logs in and comes back to the view it asked for', async () => {
      await freshPage();
      await page.goto(`${server.base}/ranking?sort=-total`);
      await page.waitForURL(`${server.base}/login?next=%2Franking%3Fsort%3D-total`);
      await expect(page.getByRole('heading', { name: 'Log in' }).isVisible()).resolves.toBe(true);
      await page.screenshot({ path: screenshotPath(backend, 'login') });

      await page.getByLabel('User name').fill('quality');
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Log in' }).click();
      await expect(page.getByRole('alert').innerText()).resolves.toContain('not right');

      await logIn(page, 'quality');
      await page.waitForURL(`${server.base}/ranking?sort=-total`);
      await page.locator('table.results').waitFor();
      const answer = await api<RankingPage>('/api/v1/ranking?sort=-total');
      expect(await shownSupplierIds()).toEqual(answer.rows.map((r) => r.supplier_id));
      await expect(page.locator('h1').innerText()).resolves.toContain('2026-H1');
      // The change against 2025-H2: arrow and delta as the answer has it.
      const changes = await page.locator('table.results tbody tr td:nth-child(6)').allTextContents();
      expect(changes).toEqual(
        answer.rows.map((r) => {
          if (r.change === null) return '—';
          const arrow = { up: '▲', down: '▼', same: '▶' }[trendOf(r.change)];
          const word = { up: 'up', down: 'down', same: 'unchanged' }[trendOf(r.change)];
          return `${arrow} ${word} ${formatDelta(r.change, 'en-US')}`;
        }),
      );
      expect(answer.rows.some((r) => r.change !== null)).toBe(true);
      await page.screenshot({ path: screenshotPath(backend, 'ranking'), fullPage: true });
    });

    it('sorts by a column header and pages through the run it showed first', async () => {
      await loggedInAs('quality', '/ranking');
      await page.locator('table.results').waitFor();
      const byRank = await api<RankingPage>('/api/v1/ranking');
      expect(await shownSupplierIds()).toEqual(byRank.rows.map((r) => r.supplier_id));

      await page.getByRole('button', { name: 'Name', exact: true }).click();
      await page.waitForURL(/sort=name/);
      const byName = await api<RankingPage>('/api/v1/ranking?sort=name');
      await expect.poll(shownSupplierIds).toEqual(byName.rows.map((r) => r.supplier_id));
      await expect(page.locator('th[aria-sort="ascending"]').innerText()).resolves.toContain('Name');

      await page.getByRole('button', { name: 'Name', exact: true }).click();
      await page.waitForURL(/sort=-name/);
      await expect(page.locator('th[aria-sort="descending"]').innerText()).resolves.toContain('Name');

      await page.getByLabel('Rows per page').selectOption('25');
      await page.waitForURL(/limit=25/);
      await page.getByRole('button', { name: 'Next', exact: true }).click();
      await page.waitForURL(/offset=25/);
      expect(page.url()).toContain(`run=${byRank.run}`);
      const second = await api<RankingPage>(`/api/v1/ranking?sort=-name&limit=25&offset=25&run=${byRank.run}`);
      await expect.poll(shownSupplierIds).toEqual(second.rows.map((r) => r.supplier_id));
      await expect(page.getByRole('status').filter({ hasText: 'Suppliers' }).innerText()).resolves.toBe(
        `Suppliers 26–${25 + second.rows.length} of ${second.total_count}`,
      );

      // A header is a button: the keyboard sorts too.
      await page.getByRole('button', { name: 'QZ', exact: true }).focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(/sort=-qz/);
      expect(page.url()).not.toContain('offset=');
      await page.goBack();
      await page.waitForURL(/offset=25/);

      // Back shows the first page again.
      await page.goBack();
      await page.waitForURL((url) => !url.search.includes('offset='));
    });

    it('filters by text, class and status, and says when nothing matches', async () => {
      await loggedInAs('quality', '/ranking?q=S0000');
      await page.locator('table.results').waitFor();
      const ids = await shownSupplierIds();
      expect(ids.length).toBeGreaterThan(0);
      expect(ids.every((id) => id.startsWith('S0000'))).toBe(true);

      await page.getByRole('searchbox', { name: 'Supplier' }).fill('no such supplier');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.waitForURL(/q=no\+such\+supplier/);
      await expect(page.locator('.state-empty').innerText()).resolves.toContain('No supplier');

      await page.goto(`${server.base}/ranking?status=not_evaluated`);
      const notEvaluated = await api<RankingPage>('/api/v1/ranking?status=not_evaluated');
      expect(notEvaluated.total_count).toBeGreaterThan(0); // the data set of the harness has one
      await page.locator('table.results').waitFor();
      const totals = await page.locator('table.results tbody tr td:nth-child(4)').allInnerTexts();
      expect(totals).toEqual(notEvaluated.rows.map((row) => `not evaluated: ${row.reason ?? ''}`));
      await expect(page.locator('table.results tbody tr td:nth-child(1)').allInnerTexts()).resolves.toEqual(
        notEvaluated.rows.map(() => '—'),
      );

      await page.goto(`${server.base}/ranking`);
      await page.getByRole('checkbox', { name: 'A', exact: true }).check();
      await page.waitForURL(/class=A/);
      await page.locator('table.results').waitFor();
      const classes = await page.locator('table.results tbody .class-badge').allInnerTexts();
      expect(classes.every((c) => c === 'A')).toBe(true);
      await page.screenshot({ path: screenshotPath(backend, 'ranking-filtered') });
    });

    it("opens a supplier's scorecard from the ranking, with the figures of the answer", async () => {
      await loggedInAs('quality', '/ranking');
      await page.locator('table.results').waitFor();
      const first = (await shownSupplierIds())[0] ?? '';
      await page.getByRole('link', { name: first, exact: true }).click();
      await page.waitForURL(`${server.base}/suppliers/${first}`);
      await page.locator('.headline').waitFor();
      const card = await api<Scorecard>(`/api/v1/suppliers/${first}/scorecard`);
      const total = page.locator('.figure-total');
      if (card.result.total !== null) {
        await expect(total.innerText()).resolves.toContain(formatScore(card.result.total, 'en-US'));
      }
      await expect(page.locator('.headline .class-badge').innerText()).resolves.toBe(card.result.class ?? '');
      await expect(page.locator('#score-qz1').innerText()).resolves.toContain(formatScore(card.result.qz1, 'en-US'));
      await expect(page.locator('#score-lz2').innerText()).resolves.toContain(formatScore(card.result.lz2, 'en-US'));
      await expect(page.locator('table.trend tbody tr').count()).resolves.toBe(card.trend.length);
      await expect(page.locator('#deliveries tbody tr').count()).resolves.toBeGreaterThan(0);
      await page.screenshot({ path: screenshotPath(backend, 'scorecard-staff'), fullPage: true });

      // On paper: no navigation or controls, the figures stay.
      await page.emulateMedia({ media: 'print' });
      await expect(page.locator('.site-header').isVisible()).resolves.toBe(false);
      await expect(page.locator('.period-picker').isVisible()).resolves.toBe(false);
      await expect(page.locator('.figure-total').isVisible()).resolves.toBe(true);
      await expect(page.locator('#deliveries thead').innerText()).resolves.toContain('LZ1 points');
      await page.screenshot({ path: screenshotPath(backend, 'scorecard-print'), fullPage: true });
    });

    it('goes to the login when the server ends the session, and back afterwards', async () => {
      await loggedInAs('quality', '/ranking');
      await page.locator('table.results').waitFor();
      supeval(['users', 'logout', 'quality', '--db', server.db]);
      await page.getByRole('button', { name: 'Total', exact: true }).click();
      await page.waitForURL(/\/login\?next=%2Franking%3Fsort%3D-total/);
      await logIn(page, 'quality');
      await page.waitForURL(`${server.base}/ranking?sort=-total`);
      await page.locator('table.results').waitFor();
    });

    it('logs out', async () => {
      await loggedInAs('quality', '/ranking');
      await page.getByRole('button', { name: 'Log out' }).click();
      await page.waitForURL(`${server.base}/login`);
      await page.goto(`${server.base}/ranking`);
      await page.waitForURL(/\/login\?next=/);
    });
  });

  describe('staff (purchasing)', () => {
    it('reads the ranking and changes its own password', async () => {
      await loggedInAs('purchasing', '/');
      await page.waitForURL(`${server.base}/ranking`);
      await page.locator('table.results').waitFor();

      await page.getByRole('link', { name: 'Password' }).click();
      await page.waitForURL(`${server.base}/account/password`);
      const current = page.getByLabel('Current password');
      const fresh = page.getByLabel('New password (at least 8 characters)');
      const again = page.getByLabel('New password again');
      const change = page.getByRole('button', { name: 'Change password' });

      await current.fill('browser-purchasing-passphrase');
      await fresh.fill('a new purchasing passphrase');
      await again.fill('a new purchasing passphrase, typed otherwise');
      await change.click();
      await expect(page.getByRole('alert').innerText()).resolves.toBe('The two new passwords differ.');

      await current.fill('not the password');
      await again.fill('a new purchasing passphrase');
      await change.click();
      await expect(page.getByRole('alert').innerText()).resolves.toBe('The current password is not right.');

      await current.fill('browser-purchasing-passphrase');
      await change.click();
      await expect(page.getByRole('status').innerText()).resolves.toBe('Your password is changed.');
      await page.screenshot({ path: screenshotPath(backend, 'change-password') });

      await page.getByRole('button', { name: 'Log out' }).click();
      await page.waitForURL(`${server.base}/login`);
      await logIn(page, 'purchasing', 'a new purchasing passphrase');
      await page.waitForURL(`${server.base}/ranking`);
    });
  });

  describe('a supplier user', () => {
    it('lands on its own scorecard, also when it came from the ranking', async () => {
      await loggedInAs('supplier', '/ranking?sort=-total');
      await page.waitForURL(`${server.base}/suppliers/${SUPPLIER_OWN}`);
      await page.locator('.headline').waitFor();
      await expect(page.locator('h1').innerText()).resolves.toContain(SUPPLIER_OWN);
      await expect(page.getByRole('navigation', { name: 'Main' }).innerText()).resolves.not.toContain('Ranking');
      await page.screenshot({ path: screenshotPath(backend, 'scorecard-supplier'), fullPage: true });
    });

    it("cannot reach another supplier's page or the ranking by URL", async () => {
      await loggedInAs('supplier', `/suppliers/${SUPPLIER_OTHER}`);
      await page.waitForURL(`${server.base}/suppliers/${SUPPLIER_OTHER}`);
      await expect(page.getByRole('alert').innerText()).resolves.toContain('Not found');
      await expect(page.locator('.headline').count()).resolves.toBe(0);
      await page.screenshot({ path: screenshotPath(backend, 'scorecard-other-supplier') });

      await page.goto(`${server.base}/ranking`);
      await expect(page.getByRole('alert').innerText()).resolves.toContain('Your role may not see this');
      await expect(page.locator('table.results').count()).resolves.toBe(0);
    });
  });

  describe('any visitor', () => {
    it('sees "page not found" for an unknown address, after the login', async () => {
      await loggedInAs('quality', '/no/such/page');
      await page.waitForURL(`${server.base}/no/such/page`);
      await expect(page.getByRole('heading', { name: 'Page not found' }).isVisible()).resolves.toBe(true);
    });
  });
});
