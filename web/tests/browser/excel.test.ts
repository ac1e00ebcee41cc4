// The "Download Excel" buttons (issue 24 §3, docs/excel.md) in Debian's
// Chromium against a real `supeval serve`: on the ranking, the runs list and
// a run diff the button delivers an .xlsx file (a zip holding a workbook)
// under the server's file name; a supplier user, who may not read the
// ranking, gets no button and no workbook.
import { describe, expect, it } from 'vitest';
import {
  type Backend,
  SUPPLIER_OWN,
  backends,
  downloadExcel as download,
  expectWorkbook,
  logInAt,
  useServer,
  useTabs,
} from './harness';

const tabs = useTabs();

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
