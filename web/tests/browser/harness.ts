// What the browser tests run against: a fresh database — SQLite, and a
// PostgreSQL schema of its own when SUPEVAL_TEST_POSTGRES_URL names a server
// (required when SUPEVAL_REQUIRE_POSTGRES is set, as scripts/test.sh does) —
// made with the real `supeval` (generate, import, two published half-years,
// one user per role), a real `supeval serve --web` on a free loopback port,
// and Debian's Chromium driven by playwright-core (never a browser download).
// Paths come from the environment: SUPEVAL_BINARY (the built supeval),
// SUPEVAL_WEB_DIST (the built front end), SUPEVAL_SCREENSHOT_DIR (artefacts),
// CHROMIUM.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { createInterface } from 'node:readline';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

export const SUPPLIER_OWN = 'S00001';
export const SUPPLIER_OTHER = 'S00002';

export const ACCOUNTS = {
  quality: { name: 'quality', role: 'quality', password: 'browser-quality-passphrase', supplier: '' },
  purchasing: { name: 'purchasing', role: 'purchasing', password: 'browser-purchasing-passphrase', supplier: '' },
  supplier: { name: 'supplier', role: 'supplier', password: 'browser-supplier-passphrase', supplier: SUPPLIER_OWN },
  admin: { name: 'admin', role: 'admin', password: 'browser-admin-passphrase', supplier: '' },
} as const;

export type AccountName = keyof typeof ACCOUNTS;

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the browser tests through ctest (tests/CMakeLists.txt)`);
  return value;
}

export const binary = (): string => required('SUPEVAL_BINARY');

/** `supeval ARGS`, failing with its stderr when it fails. */
export function supeval(args: string[], input?: string): string {
  return execFileSync(binary(), args, { encoding: 'utf8', input: input ?? '', stdio: ['pipe', 'pipe', 'pipe'] });
}

export type Backend = 'sqlite' | 'postgresql';

/** The back ends to test on: SQLite always, PostgreSQL when a server is named. */
export function backends(): Backend[] {
  const postgres = process.env['SUPEVAL_TEST_POSTGRES_URL'];
  if (postgres) return ['sqlite', 'postgresql'];
  if (process.env['SUPEVAL_REQUIRE_POSTGRES'] || process.env['CI']) {
    throw new Error('SUPEVAL_TEST_POSTGRES_URL is not set, and SUPEVAL_REQUIRE_POSTGRES or CI asks for PostgreSQL');
  }
  return ['sqlite'];
}

export interface Server {
  base: string;
  db: string;
  stop: () => Promise<void>;
}

interface Database {
  url: string;
  drop: () => void;
}

/** An empty database: a file in `dir`, or a schema of its own on the test PostgreSQL. */
function emptyDatabase(backend: Backend, dir: string): Database {
  if (backend === 'sqlite') return { url: `sqlite:${join(dir, 'supeval.db')}`, drop: () => undefined };
  const base = required('SUPEVAL_TEST_POSTGRES_URL');
  const schema = `supeval_browser_${process.pid}_${Date.now()}`;
  const psql = (sql: string): void => {
    execFileSync('psql', [base, '-v', 'ON_ERROR_STOP=1', '-qc', sql], { stdio: ['ignore', 'ignore', 'pipe'] });
  };
  psql(`CREATE SCHEMA ${schema}`);
  // libpq's `options`: every connection of this URL works in the schema.
  const url = `${base}${base.includes('?') ? '&' : '?'}options=-csearch_path%3D${schema}`;
  return { url, drop: () => psql(`DROP SCHEMA ${schema} CASCADE`) };
}

/** What a test may change in the generated data folder before it is imported. */
export interface ServerOptions {
  editData?: (data: string) => void;
}

/** Two published half-years (2025-H2 run 1, 2026-H1 run 2) and the test accounts in `db`. */
function fillDatabase(dir: string, db: string, options: ServerOptions): void {
  const data = join(dir, 'data');
  supeval([
    'generate',
    '--out',
    data,
    '--suppliers',
    '60',
    '--deliveries',
    '6000',
    '--seed',
    '21',
    '--from',
    '2025-07-01',
    '--to',
    '2026-06-30',
  ]);
  options.editData?.(data);
  supeval(['import', '--db', db, '--data', data]);
  supeval([
    'evaluate',
    '--db',
    db,
    '--period',
    '2025-H2',
    '--publish',
    '--format',
    'csv',
    '--output',
    join(dir, 'h2.csv'),
  ]);
  supeval([
    'evaluate',
    '--db',
    db,
    '--period',
    '2026-H1',
    '--publish',
    '--format',
    'csv',
    '--output',
    join(dir, 'h1.csv'),
  ]);
  for (const account of Object.values(ACCOUNTS)) {
    const args = [
      'users',
      'add',
      account.name,
      '--role',
      account.role,
      '--display-name',
      `Test ${account.role}`,
      '--password-stdin',
      '--db',
      db,
    ];
    if (account.supplier) args.push('--supplier', account.supplier);
    supeval(args, `${account.password}\n`);
  }
}

/** Starts serve on 127.0.0.1:0 and reads its address from the "serving on" line. */
export async function startServer(backend: Backend, options: ServerOptions = {}): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'supeval-browser-'));
  const database = emptyDatabase(backend, dir);
  const db = database.url;
  fillDatabase(dir, db, options);
  const child: ChildProcess = spawn(
    binary(),
    ['serve', '--db', db, '--listen', '127.0.0.1:0', '--threads', '2', '--web', required('SUPEVAL_WEB_DIST')],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  const base = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      const match = /serving on (http:\/\/\S+)/.exec(line);
      if (match?.[1]) resolve(match[1].replace(/\/$/, ''));
      else reject(new Error(`serve did not start: ${line}\n${log}`));
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${String(code)}:\n${log}`)));
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
    database.drop();
  };
  return { base, db, stop };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM'] ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

/**
 * What a page logged on the console that is a fault: an exception, a CSP
 * violation, any console.error. A refused API request that the test itself
 * provokes (401 before the login, 403, 404 out of scope) is logged by
 * Chromium as a failed load; those are checked by the tests themselves.
 */
export function watchConsole(page: Page): string[] {
  const faults: string[] = [];
  page.on('pageerror', (error) => faults.push(`exception: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const refusedApiCall =
      message.text().startsWith('Failed to load resource: the server responded with a status of 4') &&
      new URL(message.location().url || 'http://x/').pathname.startsWith('/api/v1/');
    if (!refusedApiCall) faults.push(message.text());
  });
  return faults;
}

export function screenshotPath(backend: Backend, name: string): string {
  const dir = process.env['SUPEVAL_SCREENSHOT_DIR'] ?? join(process.cwd(), 'screenshots');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${backend}-${name}.png`);
}

/** Logs in through the login page the browser is on. */
export async function logIn(
  page: Page,
  account: AccountName,
  password: string = ACCOUNTS[account].password,
): Promise<void> {
  await page.getByLabel('User name').fill(ACCOUNTS[account].name);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** A new browser context (its own cookies) of 1366×768, the laptop screen. */
export async function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-US' });
}

/** GET from inside the page, with its session cookie: what the page was shown. */
export async function getJson<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (url) => {
    const response = await fetch(url, { credentials: 'same-origin' });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return (await response.json()) as T;
  }, path);
}

/** A test file's browser: see useTabs. */
export interface Tabs {
  /** A page in a fresh context (its own cookies, 1366×768), its console watched; the previous context is closed. */
  open(): Promise<Page>;
  readonly browser: Browser;
  readonly context: BrowserContext;
}

/**
 * What every browser test file shares: one Chromium for the file, opened
 * contexts closed after each test, and no console fault on any page the
 * test opened (checked after it).
 */
export function useTabs(): Tabs {
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let faults: string[][] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
    const found = faults.flat();
    faults = [];
    expect(found, 'console faults').toEqual([]);
  });
  return {
    async open(): Promise<Page> {
      await context?.close();
      context = await newContext(browser!);
      const page = await context.newPage();
      faults.push(watchConsole(page));
      return page;
    },
    get browser(): Browser {
      return browser!;
    },
    get context(): BrowserContext {
      return context!;
    },
  };
}

/** Opens `path`, which sends to the login; logs in as `account`; with `comeBack`, waits to be at `path` again. */
export async function logInAt(
  page: Page,
  server: Server,
  account: AccountName,
  path: string,
  comeBack = true,
): Promise<void> {
  await page.goto(`${server.base}${path}`);
  await page.waitForURL(/\/login/);
  await logIn(page, account);
  if (comeBack) await page.waitForURL(`${server.base}${path}`);
}

/** A server of `backend` for the enclosing describe block: started before its tests, stopped after them. */
export function useServer(backend: Backend, options: ServerOptions = {}): () => Server {
  let server: Server | undefined;
  beforeAll(async () => {
    server = await startServer(backend, options);
  });
  afterAll(async () => {
    await server?.stop();
  });
  return () => server!;
}

/** Clicks the page's "Download Excel" link named `what`; returns the file's name and bytes. */
export async function downloadExcel(page: Page, what: string): Promise<{ name: string; bytes: Buffer }> {
  return downloadByLink(page, `Download Excel: ${what}`);
}

/** Clicks the page's download link named `name`; returns the file's name and bytes. */
export async function downloadByLink(page: Page, name: string): Promise<{ name: string; bytes: Buffer }> {
  const link = page.getByRole('link', { name });
  await link.waitFor();
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: readFileSync(path) };
}

/** A zip (local file header "PK\x03\x04") naming a workbook's parts. */
export function expectWorkbook(bytes: Buffer): void {
  expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
  const names = bytes.toString('latin1');
  for (const part of ['xl/workbook.xml', 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml']) {
    expect(names, part).toContain(part);
  }
}

/** The text of the part `name` of a zip file (stored or deflated), found through the central directory. */
export function zipPart(zip: Buffer, name: string): string {
  const CENTRAL = 0x02014b50;
  const DEFLATED = 8;
  for (let at = zip.lastIndexOf(Buffer.from('PK\x01\x02', 'latin1')); at >= 0; at--) {
    if (zip.readUInt32LE(at) !== CENTRAL) continue;
    const nameLength = zip.readUInt16LE(at + 28);
    if (zip.toString('latin1', at + 46, at + 46 + nameLength) !== name) continue;
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const local = zip.readUInt32LE(at + 42);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + size);
    return (method === DEFLATED ? inflateRawSync(data) : data).toString('utf8');
  }
  throw new Error(`no ${name} in the zip file`);
}
