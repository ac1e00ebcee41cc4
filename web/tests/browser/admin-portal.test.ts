// The admin pages, "My account" and the supplier portal's extras in Debian's
// Chromium against a real `supeval serve`: an admin adds a user (initial
// password shown once, copied), edits it with If-Match (a change made
// meanwhile by the `users` command is told, then reloaded), resets its
// password, ends its sessions and reads the audit log; a user enrols TOTP
// (codes computed here from the secret shown), ends its other sessions,
// creates and revokes a token; a supplier user reads the rule set in words,
// its holds and its periods, and reaches nothing of another supplier by URL.
// No console fault on any page, a screenshot of each. SQLite and PostgreSQL.
import { createHmac } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hold, ListPage, PeriodRow, RuleSetAnswer } from '../../src/api/types';
import {
  ACCOUNTS,
  SUPPLIER_OTHER,
  SUPPLIER_OWN,
  type AccountName,
  type Backend,
  type Server,
  backends,
  logIn,
  logInAt,
  newContext,
  screenshotPath,
  startServer,
  supeval,
  useTabs,
} from './harness';

const tabs = useTabs();
let page: Page;

/** RFC 6238 (SHA-1, 6 digits, 30 s) for the base32 secret, at time step `step`. */
function totpCode(secret: string, step: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)?.map((byte) => parseInt(byte, 2)) ?? []);
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const digest = createHmac('sha1', key).update(counter).digest();
  const offset = (digest[digest.length - 1] ?? 0) & 0xf;
  return String((digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
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
    return page.evaluate(async (url) => {
      const response = await fetch(url, { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      return (await response.json()) as T;
    }, path);
  }

  async function loggedInAs(account: AccountName, path: string): Promise<void> {
    page = await tabs.open();
    await logInAt(page, server, account, path);
  }

  it('admin: adds a user, edits it with If-Match, resets its password and reads the audit log', async () => {
    await loggedInAs('admin', '/admin/users');
    await page.locator('table#users').waitFor();
    await expect(page.locator('table#users tbody tr').count()).resolves.toBe(Object.keys(ACCOUNTS).length);

    await page.getByLabel('Login name').fill('portal2');
    await page.getByLabel('Display name').fill('Portal Two');
    await page.getByLabel('Role', { exact: true }).first().selectOption('supplier');
    await page.getByLabel('Supplier ID').fill(SUPPLIER_OTHER);
    await page.getByRole('button', { name: 'Add user' }).click();
    const initial = page.locator('#initial-password');
    await initial.waitFor();
    const password = await initial.innerText();
    expect(password.length).toBeGreaterThanOrEqual(8);
    await tabs.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.base });
    await page.locator('.secret-once').getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => page.locator('.copy-status').innerText()).toContain('Copied.');
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(password);
    await page.screenshot({ path: screenshotPath(backend, 'admin-users'), fullPage: true });

    await page.locator('#users-role').selectOption('supplier');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect
      .poll(() => page.locator('table#users tbody tr td:first-child').allInnerTexts())
      .toEqual(['portal2', 'supplier']);

    await page.locator('table#users').getByRole('link', { name: 'portal2' }).click();
    await page.waitForURL(`${server.base}/admin/users/portal2`);
    const displayName = page.getByLabel('Display name');
    await displayName.fill('Portal 2');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();

    // Someone else changes the user meanwhile: the next save is refused, reloading shows the change.
    supeval(['users', 'disable', 'portal2', '--db', server.db]);
    await displayName.fill('Portal II');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toContain('changed meanwhile');
    await page.getByRole('button', { name: 'Reload' }).click();
    const disabled = page.getByRole('checkbox', { name: /Disabled/ });
    await expect.poll(() => disabled.isChecked()).toBe(true);
    await expect(displayName.inputValue()).resolves.toBe('Portal 2');
    await disabled.uncheck();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();

    await page.getByRole('button', { name: 'Reset password' }).click();
    const reset = page.locator('#reset-password');
    await reset.waitFor();
    const fresh = await reset.innerText();
    expect(fresh).not.toBe(password);
    await page.getByRole('button', { name: 'End all sessions' }).click();
    await page.getByRole('status').filter({ hasText: 'All sessions of portal2' }).waitFor();
    await expect(page.locator('#tokens-heading').isVisible()).resolves.toBe(true);
    await page.screenshot({ path: screenshotPath(backend, 'admin-user'), fullPage: true });

    // The new user's first login asks for its own password.
    const other = await newContext(tabs.browser);
    const newcomer = await other.newPage();
    await newcomer.goto(`${server.base}/login`);
    await newcomer.getByLabel('User name').fill('portal2');
    await newcomer.getByLabel('Password').fill(fresh);
    await newcomer.getByRole('button', { name: 'Log in' }).click();
    await expect(newcomer.getByRole('alert').first().innerText()).resolves.toContain('initial password');
    await other.close();

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL(`${server.base}/admin/audit`);
    await page.locator('table#audit').waitFor();
    await page.getByLabel('Action').selectOption('user.create');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect
      .poll(() => page.locator('table#audit tbody tr td:nth-child(4)').allInnerTexts())
      .toSatisfy((actions: string[]) => actions.length > 0 && actions.every((action) => action === 'user.create'));
    const created = page.locator('table#audit tbody tr').first();
    await expect(created.innerText()).resolves.toContain('portal2');
    await expect(created.locator('.changes').innerText()).resolves.toMatch(/role\s*— → supplier/);
    await page.getByLabel('Action').selectOption('');
    await page.getByLabel('User (login name)').fill('admin');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect
      .poll(() => page.locator('table#audit tbody tr td:nth-child(2)').allInnerTexts())
      .toSatisfy((users: string[]) => users.length >= 4 && users.every((user) => user === 'admin'));
    await page.screenshot({ path: screenshotPath(backend, 'admin-audit'), fullPage: true });
  });

  it('my account: enrols and removes TOTP, ends its other sessions, creates and revokes a token', async () => {
    await loggedInAs('purchasing', '/ranking');
    await page.getByRole('link', { name: 'My account' }).click();
    await page.waitForURL(`${server.base}/account`);
    await expect.poll(() => page.locator('table#sessions tbody tr').count()).toBe(1);
    await expect(page.getByRole('button', { name: 'Log out my other sessions' }).count()).resolves.toBe(0);

    const second = await newContext(tabs.browser);
    const elsewhere = await second.newPage();
    await elsewhere.goto(`${server.base}/login`);
    await logIn(elsewhere, 'purchasing');
    await elsewhere.waitForURL(`${server.base}/ranking`);
    await page.reload();
    await expect.poll(() => page.locator('table#sessions tbody tr').count()).toBe(2);
    await page.locator('#sessions-password').fill(ACCOUNTS.purchasing.password);
    await page.getByRole('button', { name: 'Log out my other sessions' }).click();
    await expect.poll(() => page.locator('table#sessions tbody tr').count()).toBe(1);
    await elsewhere.reload();
    await elsewhere.waitForURL(/\/login\?next=/);
    await second.close();

    await page.locator('#totp-password').fill('not the password');
    await page.getByRole('button', { name: 'Show the secret' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toBe('The password is not right.');
    await page.locator('#totp-password').fill(ACCOUNTS.purchasing.password);
    await page.getByRole('button', { name: 'Show the secret' }).click();
    const secret = await page.locator('#totp-secret').innerText();
    await expect(page.locator('#totp-uri').innerText()).resolves.toMatch(/^otpauth:\/\/totp\//);
    const step = Math.floor(Date.now() / 30_000);
    await page.getByLabel('The 6-digit code the app shows').fill(totpCode(secret, step));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('status').filter({ hasText: 'is on' }).waitFor();

    await page.getByLabel('Token name').fill('nightly export');
    await page.getByRole('button', { name: 'Create token' }).click();
    await expect(page.locator('#new-token').innerText()).resolves.toMatch(/^supeval_[A-Za-z0-9_-]{43}$/);
    await expect.poll(() => page.locator('table#tokens tbody tr').count()).toBe(1);
    await page.screenshot({ path: screenshotPath(backend, 'account'), fullPage: true });
    await page.getByRole('button', { name: 'Revoke token nightly export' }).click();
    await expect(page.locator('#tokens-heading ~ .state-empty').innerText()).resolves.toBe('No API tokens.');
    await expect(page.locator('#new-token').count()).resolves.toBe(0);

    // A code of the next step: the one of the enrolment may not be used twice.
    await page.locator('#totp-remove-password').fill(ACCOUNTS.purchasing.password);
    await page.getByLabel('A current code from the app').fill(totpCode(secret, step + 1));
    await page.getByRole('button', { name: 'Remove two-factor authentication' }).click();
    await page.getByRole('status').filter({ hasText: 'is off' }).waitFor();
  });

  it('a supplier user: the rule set in words, its holds and periods, nothing of another supplier', async () => {
    await loggedInAs('supplier', '/rules');
    await page.locator('#classes').waitFor();
    const answer = await api<RuleSetAnswer>('/api/v1/rules');
    const rules = answer.rules as {
      eligibility: { min_deliveries: number };
      delivery: { lz1: { late: { bands: unknown[] } } };
      quality: { qz2: { commodities: Record<string, unknown>; adjustment_months: number } };
      classes: unknown[];
    };
    await expect(page.locator('main').innerText()).resolves.toContain(
      `fewer than ${rules.eligibility.min_deliveries} deliveries`,
    );
    await expect(page.locator('#lz1-late tbody tr').count()).resolves.toBe(rules.delivery.lz1.late.bands.length + 1);
    await expect(page.locator('#commodities tbody tr').count()).resolves.toBe(
      Object.keys(rules.quality.qz2.commodities).length,
    );
    await expect(page.locator('#classes li').count()).resolves.toBe(rules.classes.length);
    await expect(page.locator('#adjustment-rule').innerText()).resolves.toContain(
      `within ${rules.quality.qz2.adjustment_months} calendar months`,
    );
    await expect(page.locator('main').innerText()).resolves.not.toContain('[quality.qz2]');
    const periods = await api<ListPage<PeriodRow>>('/api/v1/periods');
    expect(periods.rows.length).toBeGreaterThan(0);
    const latest = periods.rows[0]!;
    await page.getByLabel('Rule set of').selectOption(String(latest.latest_run));
    await page.waitForURL(`${server.base}/rules?run=${latest.latest_run}`);
    await page.locator('#classes').waitFor();
    await page.screenshot({ path: screenshotPath(backend, 'rules-supplier'), fullPage: true });

    // The scorecard's period picker offers the periods it has results in, from the scoped list.
    await page.getByRole('link', { name: 'My scorecard' }).click();
    await page.locator('.headline').waitFor();
    await expect
      .poll(() => page.getByLabel('Period').locator('option').allInnerTexts())
      .toEqual(periods.rows.map((row) => row.period));

    // Its records of the run shown: the deliveries behind LZ1/LZ2 and its complaints (a table or "none").
    await page.locator('#deliveries tbody tr').first().waitFor();
    await page.locator('#complaints, #complaints-heading ~ .state-empty').first().waitFor();
    await page.getByRole('link', { name: 'Holds' }).click();
    await page.waitForURL(`${server.base}/suppliers/${SUPPLIER_OWN}/holds`);
    const holds = await api<ListPage<Hold>>(`/api/v1/suppliers/${SUPPLIER_OWN}/holds`);
    if (holds.total_count === 0) {
      await expect(page.locator('.state-empty').innerText()).resolves.toBe('No holds, now or before.');
    } else {
      await expect(page.locator('table#holds tbody tr').count()).resolves.toBe(holds.rows.length);
    }
    await page.screenshot({ path: screenshotPath(backend, 'holds-supplier'), fullPage: true });

    // Guessing another supplier's URLs: not found, and none of its data.
    for (const path of [
      `/suppliers/${SUPPLIER_OTHER}/holds`,
      `/suppliers/${SUPPLIER_OTHER}?period=${latest.period}`,
      `/suppliers/${SUPPLIER_OTHER}?run=${latest.latest_run}`,
    ]) {
      await page.goto(`${server.base}${path}`);
      await expect(page.getByRole('alert').innerText()).resolves.toContain('Not found');
      await expect(page.locator('table#holds, .headline, #deliveries, #complaints').count()).resolves.toBe(0);
    }
    await page.screenshot({ path: screenshotPath(backend, 'holds-other-supplier') });
    for (const path of ['/admin/users', '/admin/audit']) {
      await page.goto(`${server.base}${path}`);
      await expect(page.getByRole('alert').innerText()).resolves.toContain('Your role may not see this');
      await expect(page.locator('table#users, table#audit').count()).resolves.toBe(0);
    }
  });
});
