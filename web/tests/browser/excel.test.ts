// The "Download Excel" buttons (issue 24 §3, docs/excel.md) in Debian's
// Chromium against a real `supeval serve`: on the ranking, the runs list and
// a run diff the button delivers an .xlsx file (a zip holding a workbook)
// under the server's file name; a supplier user, who may not read the
// ranking, gets no button and no workbook.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type Backend, SUPPLIER_OWN, backends, logInAt, useServer, useTabs } from './harness';

const tabs = useTabs();

/** Clicks the page's "Download Excel" link named `what`; returns the file's name and bytes. */
async function download(page: Page, what: string): Promise<{ name: string; bytes: Buffer }> {
  const link = page.getByRole('link', { name: `Download Excel: ${what}` });
  await link.waitFor();
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: readFileSync(path) };
}

/** A zip (local file header "PK\x03\x04") naming a workbook's parts. */
function expectWorkbook(bytes: Buffer): void {
  expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
  const names = bytes.toString('latin1');
  for (const part of ['xl/workbook.xml', 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml']) {
    expect(names, part).toContain(part);
  }
}

describe.each(backends())('on %s', (backend: Backend) => {
  const server = useServer(backend);

  it('downloads the ranking, a run and a run diff as .xlsx', async () => {
    const page = await tabs.open();
    await logInAt(page, server(), 'quality', '/ranking');
    const ranking = await download(page, 'run 2, every supplier');
    expect(ranking.name).toBe('supeval-run-2.xlsx');
    expectWorkbook(ranking.bytes);

    await page.goto(`${server().base}/runs`);
    const run = await download(page, 'run 1');
    expect(run.name).toBe('supeval-run-1.xlsx');
    expectWorkbook(run.bytes);

    await page.goto(`${server().base}/runs/1/diff/2`);
    const diff = await download(page, 'run 1 → run 2');
    expect(diff.name).toBe('supeval-diff-1-2.xlsx');
    expectWorkbook(diff.bytes);
  });

  it('answers a supplier user the workbook as it answers the JSON: refused', async () => {
    const page = await tabs.open();
    await logInAt(page, server(), 'supplier', `/suppliers/${SUPPLIER_OWN}`);
    const answer = await page.evaluate(async () => (await fetch('/api/v1/ranking?format=xlsx')).status);
    expect(answer).toBe(403);
  });
});
