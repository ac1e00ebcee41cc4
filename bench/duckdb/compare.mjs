// Compares two result CSVs of the spec's columns (supeval's and the DuckDB
// script's, or either with a golden expected.csv): the same suppliers in the
// same order, status and class equal, every numeric column within 0.05 (both
// empty or both numbers). `reason` and `warnings` are not compared.
//
//   node compare.mjs expected.csv actual.csv   → exit 0 when they agree, else 1
import { readFileSync } from 'node:fs';

const NUMERIC = ['deliveries', 'series_deliveries', 'sample_deliveries', 'complaints', 'sample_complaints', 'ppm',
  'qz1', 'qz2', 'qz3', 'qz4', 'qz', 'lz1', 'lz2', 'lz', 'total'];
const EXACT = ['supplier_id', 'status', 'class'];
const TOLERANCE = 0.05 + 1e-9;

// RFC 4180 records as arrays of fields.
function parseCsv(text) {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const records = [];
  let record = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; ++i) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; ++i; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { record.push(field); field = ''; }
    else if (c === '\r') continue;
    else if (c === '\n') { record.push(field); records.push(record); record = []; field = ''; }
    else field += c;
  }
  if (field !== '' || record.length > 0) { record.push(field); records.push(record); }
  return records;
}

function load(path) {
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8'));
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? ''])));
}

const [expectedPath, actualPath] = process.argv.slice(2);
if (!expectedPath || !actualPath) {
  process.stderr.write('usage: node compare.mjs expected.csv actual.csv\n');
  process.exit(2);
}
const expected = load(expectedPath);
const actual = load(actualPath);
const problems = [];
if (expected.length !== actual.length) problems.push(`${expected.length} rows expected, ${actual.length} found`);
for (let i = 0; i < Math.min(expected.length, actual.length); ++i) {
  const e = expected[i];
  const a = actual[i];
  const where = `row ${i + 2} (${e.supplier_id})`;
  for (const column of EXACT) {
    if (e[column] !== a[column]) problems.push(`${where}: ${column} '${e[column]}' expected, '${a[column]}' found`);
  }
  for (const column of NUMERIC) {
    const x = e[column];
    const y = a[column];
    const bothEmpty = x === '' && y === '';
    const close = x !== '' && y !== '' && Math.abs(Number(x) - Number(y)) <= TOLERANCE;
    if (!bothEmpty && !close) problems.push(`${where}: ${column} '${x}' expected, '${y}' found`);
  }
}
if (problems.length > 0) {
  process.stderr.write(`${actualPath} differs from ${expectedPath}:\n`);
  for (const p of problems.slice(0, 20)) process.stderr.write(`  ${p}\n`);
  if (problems.length > 20) process.stderr.write(`  ... and ${problems.length - 20} more\n`);
  process.exit(1);
}
process.stdout.write(`${actual.length} rows agree\n`);
