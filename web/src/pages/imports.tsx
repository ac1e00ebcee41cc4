// Imports: the batches (imports and hold changes, GET /api/v1/batches,
// newest first) with their counts, one batch's tables and files
// (`?batch=N`), and for quality the upload form (POST /api/v1/imports, one
// multipart part per interchange file; "Check only" sends dry_run=true).
// Refused rows (422 rejected-rows) are listed by file and line, with the
// plain statement that nothing was written.
import { useRef, useState } from 'preact/hooks';
import { ApiError, messageOf } from '../api/problem';
import type { Batch, BatchRow, ListPage } from '../api/types';
import { Empty, ErrorState, Loading, useLoad, useTitle } from '../components/states';
import { Pager } from '../components/table-controls';
import { formatCount, formatInstant } from '../lib/format';
import { navigate, onLinkClick } from '../lib/router';
import { actsForQuality, useApp } from '../lib/session';
import { INTERCHANGE_FILES, errorsByFile, refusedFileNames } from '../lib/upload';

const PAGE_SIZE = 50;

function numberParameter(search: string, name: string): number | null {
  const text = new URLSearchParams(search).get(name) ?? '';
  return /^\d{1,9}$/.test(text) ? Number(text) : null;
}

function batchPath(batch: number): string {
  return `/imports?batch=${batch}`;
}

export function ImportsPage({ search }: { search: string }) {
  const { client, session } = useApp();
  useTitle('Imports');
  const offset = numberParameter(search, 'offset') ?? 0;
  const chosen = numberParameter(search, 'batch');
  const [version, setVersion] = useState(0);
  const batches = useLoad(`batches|${offset}|${version}`, () =>
    client.get<ListPage<BatchRow>>('/api/v1/batches', { limit: PAGE_SIZE, offset }),
  );
  return (
    <section class="imports">
      <h1>Imports</h1>
      {actsForQuality(session.role) && <UploadForm onImported={() => setVersion(version + 1)} />}
      {chosen !== null && <BatchDetails batch={chosen} />}
      <h2>Batches</h2>
      {batches.state === 'loading' && <Loading what="the batches" />}
      {batches.state === 'error' && <ErrorState error={batches.error} />}
      {batches.state === 'ready' && batches.value.total_count === 0 && <Empty>Nothing has been imported yet.</Empty>}
      {batches.state === 'ready' && batches.value.total_count > 0 && (
        <>
          <BatchTable rows={batches.value.rows} />
          <Pager
            what="Batches"
            page={{ offset, limit: PAGE_SIZE, shown: batches.value.rows.length, total: batches.value.total_count }}
            onPage={(next) => navigate(next === 0 ? '/imports' : `/imports?offset=${next}`)}
          />
        </>
      )}
    </section>
  );
}

/** The three counts every batch has, as column headers. */
function CountHeaders() {
  return (
    <>
      {['Added', 'Changed', 'Unchanged'].map((name) => (
        <th key={name} scope="col" class="numeric">
          {name}
        </th>
      ))}
    </>
  );
}

function BatchTable({ rows }: { rows: BatchRow[] }) {
  return (
    <table class="batch-list">
      <caption class="visually-hidden">Batches, newest first</caption>
      <thead>
        <tr>
          <th scope="col" class="numeric">
            Batch
          </th>
          <th scope="col">Kind</th>
          <th scope="col">At</th>
          <th scope="col">By</th>
          <CountHeaders />
          <th scope="col">Source / why</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.batch}>
            <th scope="row" class="numeric">
              {row.batch !== null && (
                <a href={batchPath(row.batch)} onClick={(event) => onLinkClick(event, batchPath(row.batch!))}>
                  {row.batch}
                </a>
              )}
            </th>
            <td>{row.kind === 'import' ? 'import' : 'hold change'}</td>
            <td>{formatInstant(row.at)}</td>
            <td>{row.by}</td>
            <td class="numeric">{formatCount(row.added)}</td>
            <td class="numeric">{formatCount(row.changed)}</td>
            <td class="numeric">{formatCount(row.unchanged)}</td>
            <td>{row.why ? `${row.source}: ${row.why}` : row.source}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function BatchDetails({ batch }: { batch: number }) {
  const { client } = useApp();
  const found = useLoad(`batch|${batch}`, () => client.get<Batch>(`/api/v1/batches/${batch}`));
  return (
    <section class="batch-details" aria-labelledby="batch-heading">
      <h2 id="batch-heading">Batch {batch}</h2>
      {found.state === 'loading' && <Loading what={`batch ${batch}`} />}
      {found.state === 'error' && <ErrorState error={found.error} />}
      {found.state === 'ready' && <BatchCounts batch={found.value} />}
    </section>
  );
}

/** A batch's counts per table and its files: the same for a batch read back and an import's answer. */
function BatchCounts({ batch }: { batch: Batch }) {
  return (
    <>
      <p class="context">
        {batch.kind === 'import' ? 'Import' : 'Hold change'}
        {batch.at && ` at ${formatInstant(batch.at)}`} by {batch.by}, source {batch.source}
        {batch.why && `: ${batch.why}`}
      </p>
      {batch.tables.length === 0 ? (
        <Empty>No table rows in this batch.</Empty>
      ) : (
        <table class="batch-tables">
          <caption class="visually-hidden">Rows per table</caption>
          <thead>
            <tr>
              <th scope="col">Table</th>
              <CountHeaders />
            </tr>
          </thead>
          <tbody>
            {batch.tables.map((t) => (
              <tr key={t.table}>
                <th scope="row">{t.table}</th>
                <td class="numeric">{formatCount(t.added)}</td>
                <td class="numeric">{formatCount(t.changed)}</td>
                <td class="numeric">{formatCount(t.unchanged)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {batch.files.length > 0 && (
        <ul class="batch-files" aria-label="Files">
          {batch.files.map((f) => (
            <li key={f.name}>
              {f.name}: {formatCount(f.bytes)} bytes, SHA-256 <code>{f.sha256.slice(0, 12)}</code>
            </li>
          ))}
        </ul>
      )}
      {batch.warnings.length > 0 && (
        <ul class="warnings" aria-label="Warnings">
          {batch.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </>
  );
}

type Outcome =
  | { kind: 'none' }
  | { kind: 'checked'; batch: Batch }
  | { kind: 'imported'; batch: Batch }
  | { kind: 'refused'; error: ApiError }
  | { kind: 'failed'; error: unknown };

function UploadForm({ onImported }: { onImported: () => void }) {
  const { client } = useApp();
  const input = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const refused = refusedFileNames(files.map((f) => f.name));
  const sendable = files.length > 0 && refused.unknown.length === 0 && refused.repeated.length === 0;

  const send = async (dryRun: boolean): Promise<void> => {
    const form = new FormData();
    for (const file of files) form.append('file', file, file.name);
    setBusy(true);
    setOutcome({ kind: 'none' });
    try {
      const batch = await client.postForm<Batch>(`/api/v1/imports${dryRun ? '?dry_run=true' : ''}`, form);
      setOutcome({ kind: dryRun ? 'checked' : 'imported', batch });
      if (!dryRun) {
        onImported();
        setFiles([]);
        if (input.current) input.current.value = '';
      }
    } catch (error) {
      setOutcome(error instanceof ApiError ? { kind: 'refused', error } : { kind: 'failed', error });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="upload no-print"
      aria-labelledby="upload-heading"
      onSubmit={(event) => {
        event.preventDefault();
        void send(false);
      }}
    >
      <h2 id="upload-heading">Import files</h2>
      <p id="upload-help" class="muted">
        CSV files named as the interchange files: {INTERCHANGE_FILES.join(', ')}. All are checked together and imported
        as one batch, or nothing is written.
      </p>
      <div class="form-grid">
        <label for="upload-files">CSV files</label>
        <input
          id="upload-files"
          ref={input}
          type="file"
          accept=".csv,text/csv"
          multiple
          aria-describedby="upload-help upload-names"
          onChange={(event) => {
            setFiles(Array.from(event.currentTarget.files ?? []));
            setOutcome({ kind: 'none' });
          }}
        />
        <span id="upload-names" class="field-error" role={sendable || files.length === 0 ? undefined : 'alert'}>
          {refused.unknown.length > 0 && `Not an interchange file: ${refused.unknown.join(', ')}. `}
          {refused.repeated.length > 0 && `Chosen twice: ${refused.repeated.join(', ')}.`}
        </span>
        <div class="actions">
          <button type="button" disabled={!sendable || busy} onClick={() => void send(true)}>
            Check only
          </button>{' '}
          <button type="submit" disabled={!sendable || busy}>
            {busy ? 'Sending…' : 'Import'}
          </button>
        </div>
      </div>
      <UploadOutcome outcome={outcome} />
    </form>
  );
}

function UploadOutcome({ outcome }: { outcome: Outcome }) {
  if (outcome.kind === 'none') return null;
  if (outcome.kind === 'failed') return <ErrorState error={outcome.error} />;
  if (outcome.kind === 'refused') return <RefusedUpload error={outcome.error} />;
  return (
    <div class="upload-result" role="status">
      <p>
        {outcome.kind === 'checked'
          ? 'Checked: every row is acceptable. Nothing was written.'
          : `Imported as batch ${outcome.batch.batch ?? ''}.`}
      </p>
      <BatchCounts batch={outcome.batch} />
    </div>
  );
}

function RefusedUpload({ error }: { error: ApiError }) {
  if (error.problem !== 'rejected-rows') {
    return (
      <p class="state state-error" role="alert">
        {messageOf(error)} Nothing was written.
      </p>
    );
  }
  return (
    <div class="upload-errors" role="alert">
      <p class="state state-error">
        <strong>Nothing was written.</strong> {error.detail || 'Rows were refused'}: correct the files below and send
        them again.
      </p>
      {errorsByFile(error.errors).map((group) => (
        <section key={group.file} aria-label={`Errors in ${group.file || 'the upload'}`}>
          <h3>{group.file || 'The upload'}</h3>
          <ul>
            {group.items.map((item, index) => (
              <li key={index}>
                {item.line !== undefined && `line ${item.line}`}
                {item.column !== undefined && `, column ${item.column}`}
                {(item.line !== undefined || item.column !== undefined) && ': '}
                {item.detail}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
