// Checks the built front end (dist/, or $SUPEVAL_WEB_OUT) after `vite build`: index.html loads
// every script from a file (the server's CSP forbids inline script, inline
// event handlers and javascript: URLs), assets carry a content hash, and the
// JavaScript the first page loads stays under its gzip budget (issue 21:
// < 150 KB). Prints the measured size; exits 1 naming what is wrong.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = process.env.SUPEVAL_WEB_OUT ?? new URL('../dist/', import.meta.url).pathname;
const BUDGET_BYTES = 150 * 1024;
const problems = [];

const html = readFileSync(join(dist, 'index.html'), 'utf8');
for (const tag of html.match(/<script\b[^>]*>[\s\S]*?<\/script>/gi) ?? []) {
  const opening = tag.slice(0, tag.indexOf('>') + 1);
  const body = tag.slice(opening.length, -'</script>'.length);
  if (!/\bsrc=/.test(opening) || body.trim() !== '') problems.push(`inline script in index.html: ${opening}`);
}
if (/\son[a-z]+\s*=/i.test(html)) problems.push('an inline event handler in index.html');
if (/javascript:/i.test(html)) problems.push('a javascript: URL in index.html');
if (/<style\b|\sstyle=/i.test(html)) problems.push('inline style in index.html (CSP default-src self)');

const assets = readdirSync(join(dist, 'assets'));
for (const name of assets) {
  if (!/-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/.test(name)) problems.push(`asset without a content hash: ${name}`);
}

const scripts = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
if (scripts.length === 0) problems.push('index.html loads no script from assets/');
let gzipBytes = 0;
for (const script of scripts) gzipBytes += gzipSync(readFileSync(join(dist, script))).length;
console.log(
  `check-dist: first page loads ${scripts.length} script(s), ${(gzipBytes / 1024).toFixed(1)} KiB gzip (budget 150 KiB)`,
);
if (gzipBytes > BUDGET_BYTES) problems.push(`first page JavaScript ${gzipBytes} bytes gzip > ${BUDGET_BYTES}`);

if (problems.length > 0) {
  for (const problem of problems) console.error(`check-dist: ${problem}`);
  process.exit(1);
}
