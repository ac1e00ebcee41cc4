// The web application's navigation times (issue 21, "Performance"): in
// headless Chromium (Debian's, the flags of web/tests/browser/harness.ts),
// logged in, each run in a fresh browser context (empty HTTP cache, as a
// first visit), the time from the navigation's start to each page shown —
// performance.now() in the page, in the first animation frame in which every
// `ready` selector of the page matches — and the median of the runs; and the
// JavaScript the first page loaded, gzip-compressed as served.
// Run by bench/web_bench.sh; prints Markdown.
//
//   node bench/web_bench.mjs --base URL --user NAME --password P [--runs 10]
//        [--supplier ID] [--scorecard-ready 'CSS,CSS'] [--chromium PATH]
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';

// playwright-core from web/node_modules (the version the browser tests pin).
const require = createRequire(new URL('../web/package.json', import.meta.url));
const { chromium } = require('playwright-core');

function options() {
  const wanted = {
    base: '',
    user: 'bench',
    password: '',
    runs: '10',
    supplier: 'S00001',
    // The scorecard is shown with its figures and its records; charts add their selector here.
    'scorecard-ready': '.headline .figure-total,#deliveries tbody tr',
    chromium: process.env.CHROMIUM ?? '/usr/bin/chromium',
  };
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i]?.replace(/^--/, '');
    if (!name || !(name in wanted) || args[i + 1] === undefined) throw new Error(`web_bench: bad option ${args[i]}`);
    wanted[name] = args[i + 1];
  }
  if (!wanted.base || !wanted.password) throw new Error('web_bench: --base and --password are required');
  return wanted;
}

const opts = options();
const runs = Number(opts.runs);

/** The pages measured: a path and the selectors that all match once it is shown. */
const PAGES = [
  { name: 'ranking (50 rows)', path: '/ranking', ready: ['table.results tbody tr'] },
  {
    name: `scorecard of ${opts.supplier}`,
    path: `/suppliers/${encodeURIComponent(opts.supplier)}`,
    ready: opts['scorecard-ready'].split(',').map((s) => s.trim()).filter(Boolean),
  },
];

const browser = await chromium.launch({
  executablePath: opts.chromium,
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

/** A logged-in browser state: the session cookie of one login, reused by every run. */
async function loggedInState() {
  const context = await browser.newContext();
  const answer = await context.request.post(`${opts.base}/api/v1/session`, {
    data: { username: opts.user, password: opts.password },
    headers: { Origin: opts.base },
  });
  if (!answer.ok()) throw new Error(`web_bench: login failed: HTTP ${answer.status()}`);
  const state = await context.storageState();
  await context.close();
  return state;
}

/** One cold navigation: milliseconds from its start to the page shown, and the scripts it loaded. */
async function measure(state, page) {
  const context = await browser.newContext({ storageState: state, viewport: { width: 1366, height: 768 } });
  const tab = await context.newPage();
  const scripts = [];
  tab.on('response', (response) => {
    if (response.request().resourceType() === 'script') scripts.push(response);
  });
  await tab.goto(`${opts.base}${page.path}`, { waitUntil: 'commit' });
  const shown = await tab.waitForFunction(
    (selectors) => (selectors.every((s) => document.querySelector(s) !== null) ? performance.now() : 0),
    page.ready,
    { polling: 'raf', timeout: 30_000 },
  );
  const ms = await shown.jsonValue();
  let gzip = 0;
  for (const response of scripts) gzip += gzipSync(await response.body()).length;
  if (tab.url().includes('/login')) throw new Error(`web_bench: ${page.path} went to the login page`);
  await context.close();
  return { ms, gzip, scripts: scripts.length };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const state = await loggedInState();
for (const page of PAGES) await measure(state, page); // the server's caches and the OS's, once
const times = PAGES.map(() => []);
let firstPage = null;
for (let run = 0; run < runs; run += 1) {
  // Interleaved, so a busy spell of the machine falls on both pages alike.
  for (const [index, page] of PAGES.entries()) {
    const result = await measure(state, page);
    times[index].push(result.ms);
    if (index === 0) firstPage = result;
  }
}
await browser.close();

console.log(`| page | ready when | median | min | max | runs |`);
console.log(`|---|---|---|---|---|---|`);
for (const [index, page] of PAGES.entries()) {
  const t = times[index];
  const f = (v) => `${Math.round(v)} ms`;
  console.log(
    `| \`${page.path}\` ${page.name} | \`${page.ready.join('`, `')}\` | ${f(median(t))} | ${f(Math.min(...t))} | ${f(Math.max(...t))} | ${t.length} |`,
  );
}
console.log();
console.log(
  `JavaScript of the first page (${PAGES[0].path}): ${firstPage.scripts} script(s), ${(firstPage.gzip / 1024).toFixed(1)} KiB gzip (target < 150 KB).`,
);
