// The evaluation rules of docs/EVALUATION.md written as DuckDB SQL: what a
// user would script instead of supeval, and the alternative bench/run.sh times it
// against. Bench only: not part of the product or its tests.
//
//   node evaluate.mjs --data DIR --period 2026-H1 --output result.csv [--threads N]
//
// Reads the interchange CSV folder with explicit column types, evaluates the
// period with the default rule set (the agreement's tables are VALUES tables
// below) and writes the spec's result columns, sorted by supplier_id, scores with
// one decimal. `reason` is filled, `warnings` left empty. It does not validate
// the data beyond its types (supeval does): give it valid data sets only.
// DuckDB uses its default threads (one per core) unless --threads is given.
import { readFileSync, openSync, readSync, closeSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

// ---------------------------------------------------------------------------
// Arguments and period

function parseArgs(argv) {
  const args = { threads: null };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`missing value for ${key}`);
    if (key === '--data') args.data = resolve(value);
    else if (key === '--period') args.period = value;
    else if (key === '--output') args.output = resolve(value);
    else if (key === '--threads') args.threads = Number(value);
    else throw new Error(`unknown option ${key}`);
  }
  if (!args.data || !args.period || !args.output) {
    throw new Error('usage: node evaluate.mjs --data DIR --period PERIOD --output FILE [--threads N]');
  }
  return args;
}

const pad = (n, width = 2) => String(n).padStart(width, '0');
const iso = (y, m, d) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
const lastDay = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();

// Spec "Period and records": 2026-H1, 2026-H2, 2026-Q3, 2026, 2026-03, a..b.
function parsePeriod(text) {
  let m;
  if ((m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(text))) return { first: m[1], last: m[2] };
  if ((m = /^(\d{4})-H([12])$/.exec(text))) {
    const y = +m[1];
    return m[2] === '1' ? { first: iso(y, 1, 1), last: iso(y, 6, 30) } : { first: iso(y, 7, 1), last: iso(y, 12, 31) };
  }
  if ((m = /^(\d{4})-Q([1-4])$/.exec(text))) {
    const y = +m[1];
    const q = +m[2];
    return { first: iso(y, 3 * q - 2, 1), last: iso(y, 3 * q, lastDay(y, 3 * q)) };
  }
  if ((m = /^(\d{4})-(\d{2})$/.exec(text))) {
    const y = +m[1];
    const mo = +m[2];
    return { first: iso(y, mo, 1), last: iso(y, mo, lastDay(y, mo)) };
  }
  if ((m = /^(\d{4})$/.exec(text))) return { first: iso(+m[1], 1, 1), last: iso(+m[1], 12, 31) };
  throw new Error(`unknown period '${text}'`);
}

// ---------------------------------------------------------------------------
// The default rule set (spec sections named at each table)

const RULES = {
  minDeliveries: 3,
  floor: 1,
  cap: 100,
  weights: { quality: 0.65, delivery: 0.35, qz1: 0.5, qz2: 0.3, qz3: 0.1, qz4: 0.1, lz1: 0.5, lz2: 0.5 },
  qz1Factor: 1000,
  qz4Factor: 500,
  adjustmentMonths: 2,
  defaultB: 1,
  // Spreadsheet 2: commodity factor B.
  b: {
    M011: 1, M012: 1, M013: 1, M014: 1, M017: 4, M018: 1, M022: 4, M031: 4, M032: 4, M051: 0.4, M052: 4,
    M131: 4, M141: 4, M310: 4, M315: 4, M316: 4, M317: 4, M320: 4, M330: 4, M340: 1, M341: 4, M342: 0.13,
    M343: 4, M345: 4, M346: 4, M350: 4, M355: 4, M360: 4, M370: 4, M380: 4, M381: 4, M390: 4, M392: 4,
    M393: 4, M394: 4,
  },
  indirect: ['M051', 'M052', 'M111'],
  // Spreadsheet 1: code → [purchased basis, percent, raw basis, percent].
  defects: {
    other: ['rejected', 100, 'rejected', 100],
    nonconforming_unusable: ['rejected', 100, 'rejected', 100],
    nonconforming_usable: ['lot', 10, 'lot', 10],
    nonconforming_rework: ['lot', 30, 'lot', 30],
    coating_rework: ['lot', 5, 'lot', 5],
    special_release: ['none', 0, 'none', 0],
    wrong_type_obvious: ['affected', 100, 'affected', 100],
    wrong_type_hidden: ['lot', 100, 'lot', 100],
    rusty_usable: ['lot', 10, 'lot', 10],
    documentation: ['none', 0, 'none', 0],
    rust_protection: ['affected', 100, 'lot', 10],
    packaging: ['affected', 100, 'lot', 10],
    marking: ['affected', 100, 'lot', 10],
  },
  emptyDefect: 'other',
  // QZ3: [automotive, environment, iso9001 required, production points, indirect points].
  certificationRows: [
    [true, true, false, 100, 100],
    [false, true, true, 90, 100],
    [true, false, false, 80, 90],
    [false, false, true, 70, 90],
  ],
  automotive: ['IATF16949', 'ISO/TS16949', 'AS9100'],
  environment: ['ISO14001', 'EMAS'],
  iso9001: ['ISO9001'],
  noCertificatePoints: 1,
  holdPoints: 1,
  // Spreadsheet 3: [from, to (null: open), points] in working days.
  late: [[0, 1, 100], [2, 2, 95], [3, 3, 90], [4, 4, 85], [5, 5, 80], [6, 6, 75], [7, 7, 70], [8, 8, 65],
    [9, 9, 60], [10, 12, 50], [13, 14, 40], [15, 16, 30], [17, 18, 20], [19, 20, 10], [21, 25, 5], [26, null, 1]],
  early: [[0, 3, 100], [4, 4, 95], [5, 5, 90], [6, 6, 85], [7, 7, 80], [8, 8, 75], [9, 9, 70], [10, 10, 65],
    [11, 11, 60], [12, 14, 50], [15, 16, 40], [17, 18, 30], [19, 20, 20], [21, 22, 10], [23, 27, 5], [28, null, 1]],
  // Spreadsheet 4: index k = band "≤ k" (k = 0: no deviation); beyond the last: 1.
  over: [100, 99, 98, 97, 96, 95, 94, 93, 92, 91, 90, 85, 80, 75, 70, 65, 60, 55, 50, 45, 40, 35, 30, 25, 20, 15, 10, 5],
  under: [100, 98, 96, 95, 91, 89, 85, 81, 77, 73, 69, 65, 61, 57, 53, 49, 45, 41, 37, 33, 29, 25, 21, 17, 13, 9, 5, 1],
  beyondPercent: 1,
  classes: [['A', 90], ['B', 80], ['C', 0]],
};

// ---------------------------------------------------------------------------
// Reading the CSV folder with explicit types

const SCHEMA = {
  'suppliers.csv': { supplier_id: 'VARCHAR', name: 'VARCHAR', country: 'VARCHAR', qz3: 'VARCHAR' },
  'plants.csv': { plant_id: 'VARCHAR', name: 'VARCHAR', workweek: 'VARCHAR' },
  'calendar.csv': { plant_id: 'VARCHAR', date: 'DATE', working: 'INTEGER', note: 'VARCHAR' },
  'materials.csv': { material_id: 'VARCHAR', commodity: 'VARCHAR', unit: 'VARCHAR', kind: 'VARCHAR' },
  'deliveries.csv': {
    delivery_id: 'VARCHAR', supplier_id: 'VARCHAR', plant_id: 'VARCHAR', material_id: 'VARCHAR', due_date: 'DATE',
    due_qty: 'DECIMAL(18,6)', receipt_date: 'DATE', received_qty: 'DECIMAL(18,6)', type: 'VARCHAR',
  },
  'complaints.csv': {
    complaint_id: 'VARCHAR', supplier_id: 'VARCHAR', plant_id: 'VARCHAR', date: 'DATE', type: 'VARCHAR',
    justified: 'VARCHAR', status: 'VARCHAR', delivery_id: 'VARCHAR', material_id: 'VARCHAR', defect: 'VARCHAR',
    rejected_qty: 'DECIMAL(18,6)', affected_qty: 'DECIMAL(18,6)', returned_on: 'DATE', confirmed_qty: 'DECIMAL(18,6)',
    confirmed_on: 'DATE',
  },
  'certifications.csv': { supplier_id: 'VARCHAR', standard: 'VARCHAR', valid_from: 'DATE', valid_to: 'DATE' },
  'holds.csv': { supplier_id: 'VARCHAR', status: 'VARCHAR', reason: 'VARCHAR', imposed_on: 'DATE', withdrawn_on: 'DATE' },
};

const sqlString = (text) => `'${String(text).replaceAll("'", "''")}'`;
const ident = (name) => `"${name.replaceAll('"', '""')}"`;

// The header's column names (RFC 4180 quoting, BOM and CR stripped): columns come
// in any order, so read_csv gets them in the file's order with our types.
function readHeader(path) {
  const fd = openSync(path, 'r');
  const buffer = Buffer.alloc(65536);
  const n = readSync(fd, buffer, 0, buffer.length, 0);
  closeSync(fd);
  let text = buffer.subarray(0, n).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const names = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; ++i) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; ++i; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { names.push(field); field = ''; }
    else if (c === '\n' || c === '\r') break;
    else field += c;
  }
  names.push(field);
  return names;
}

// A SELECT of every spec column of `file`: absent optional columns and absent
// optional files give NULLs of the right type.
function source(dir, file) {
  const schema = SCHEMA[file];
  const path = join(dir, file);
  if (!existsSync(path)) {
    const nulls = Object.entries(schema).map(([c, t]) => `NULL::${t} AS ${ident(c)}`).join(', ');
    return `(SELECT ${nulls} WHERE false)`;
  }
  const header = readHeader(path);
  const columns = header.map((c) => `${sqlString(c)}: ${sqlString(schema[c] ?? 'VARCHAR')}`).join(', ');
  const select = Object.entries(schema)
    .map(([c, t]) => (header.includes(c) ? ident(c) : `NULL::${t} AS ${ident(c)}`))
    .join(', ');
  return `(SELECT ${select} FROM read_csv(${sqlString(path)}, header = true, auto_detect = false, delim = ',',
           quote = '"', escape = '"', columns = {${columns}}))`;
}

// ---------------------------------------------------------------------------
// The evaluation

const values = (rows) => rows.map((r) => `(${r.map((v) => (v === null ? 'NULL' : typeof v === 'string' ? sqlString(v) : v)).join(', ')})`).join(', ');

function statements(dir, periodLabel) {
  const { first, last } = parsePeriod(periodLabel);
  const ref = `DATE ${sqlString(last)}`;
  const inPeriod = (column) => `${column} BETWEEN DATE ${sqlString(first)} AND ${ref}`;
  const w = RULES.weights;
  const clamp = (x) => `least(${RULES.cap}, greatest(${RULES.floor}, ${x}))`;
  // Calendars are tabulated this far around the period (as the engine's window);
  // a due date outside it is reported, never guessed.
  const windowDays = 3 * 366;
  const lateCap = RULES.late.at(-1)[0];
  const earlyCap = RULES.early.at(-1)[0];
  const beyond = RULES.over.length;
  const list = (xs) => `[${xs.map(sqlString).join(', ')}]`;

  return [
    // Master data (small): materialised once.
    `CREATE TEMP TABLE suppliers AS SELECT supplier_id, name, coalesce(qz3, 'evaluate') = 'exempt' AS exempt
       FROM ${source(dir, 'suppliers.csv')}`,
    `CREATE TEMP TABLE materials AS SELECT material_id, commodity, kind FROM ${source(dir, 'materials.csv')}`,
    // Working week "Mon-Fri", "Sun-Thu", "Mon-Wed,Fri" → weekday indices 0 = Monday … 6 = Sunday.
    `CREATE TEMP TABLE plants AS
       SELECT plant_id, list_distinct(flatten(list_transform(string_split(lower(coalesce(workweek, 'Mon-Fri')), ','), part ->
         list_transform(range(0, ((list_position(['mon','tue','wed','thu','fri','sat','sun'], trim(split_part(part || '-' || part, '-', 2))) -
                                   list_position(['mon','tue','wed','thu','fri','sat','sun'], trim(split_part(part, '-', 1))) + 7) % 7) + 1),
           i -> (list_position(['mon','tue','wed','thu','fri','sat','sun'], trim(split_part(part, '-', 1))) - 1 + i) % 7)))) AS weekdays
       FROM ${source(dir, 'plants.csv')}`,
    // Spec LZ1: a factory calendar = working week − holidays + extra working days.
    // cb = working days strictly before the date (a running window sum per plant).
    `CREATE TEMP TABLE cal AS
       WITH days AS (
         SELECT p.plant_id, p.weekdays, CAST(t.d AS DATE) AS date
         FROM plants p, range(DATE ${sqlString(first)} - ${windowDays}, ${ref} + ${windowDays + 2}, INTERVAL 1 DAY) t(d)),
       ex AS (SELECT plant_id, date, working FROM ${source(dir, 'calendar.csv')}),
       flagged AS (
         SELECT days.plant_id, days.date,
                CAST(coalesce(ex.working = 1, list_contains(days.weekdays, isodow(days.date) - 1)) AS INTEGER) AS w
         FROM days LEFT JOIN ex ON ex.plant_id = days.plant_id AND ex.date = days.date)
       SELECT plant_id, date, w,
              coalesce(sum(w) OVER (PARTITION BY plant_id ORDER BY date ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS cb
       FROM flagged`,
    `CREATE TEMP TABLE complaints AS SELECT * FROM ${source(dir, 'complaints.csv')}`,
    `CREATE TEMP TABLE certifications AS SELECT * FROM ${source(dir, 'certifications.csv')}`,
    `CREATE TEMP TABLE holds AS SELECT * FROM ${source(dir, 'holds.csv')}`,
    // The agreement's tables.
    `CREATE TEMP TABLE commodity_b AS SELECT * FROM (VALUES ${values(Object.entries(RULES.b))}) t(commodity, b)`,
    `CREATE TEMP TABLE defects AS SELECT * FROM (VALUES ${values(Object.entries(RULES.defects).map(([k, v]) => [k, ...v]))})
       t(code, purchased_basis, purchased_percent, raw_basis, raw_percent)`,
    `CREATE TEMP TABLE certification_rows AS SELECT * FROM (VALUES ${values(RULES.certificationRows)})
       t(automotive, environment, iso9001, production_points, indirect_points)`,
    `CREATE TEMP TABLE classes AS SELECT * FROM (VALUES ${values(RULES.classes)}) t(name, min_total)`,
    // Spreadsheet 3 as range rows, expanded to one row per whole day: signed
    // working days (late > 0, early < 0) → points, so the hot join is an equality.
    `CREATE TEMP TABLE lz1_bands AS
       WITH late(lo, hi, points) AS (VALUES ${values(RULES.late)}),
            early(lo, hi, points) AS (VALUES ${values(RULES.early)})
       SELECT n AS signed_days, points FROM late, range(lo, coalesce(hi, lo) + 1) r(n)
       UNION ALL SELECT -n, points FROM early, range(greatest(lo, 1), coalesce(hi, lo) + 1) r(n)`,
    // Spreadsheet 4: band k holds k−1 < |p| ≤ k; signed band (over > 0, under < 0) → points.
    `CREATE TEMP TABLE lz2_bands AS
       WITH bands(k, over, under) AS (VALUES ${values(RULES.over.map((p, k) => [k, p, RULES.under[k]]))},
                                             (${beyond}, ${RULES.beyondPercent}, ${RULES.beyondPercent}))
       SELECT k AS signed_band, over AS points FROM bands UNION ALL SELECT -k, under FROM bands WHERE k > 0`,
    // The deliveries complaints name, whatever their date (QZ2 lot and commodity).
    `CREATE TEMP TABLE named AS SELECT DISTINCT delivery_id FROM complaints WHERE delivery_id IS NOT NULL`,

    // DuckDB cannot estimate the rows of a CSV file and builds its hash tables
    // on the million-row side of the small lookup joins below; keeping the
    // small side as the build side halves the time of the pass.
    `SET disabled_optimizers = 'build_side_probe_side'`,
    // One pass over deliveries.csv: per (supplier, material) the counts, the
    // series quantity and the LZ1/LZ2 point sums of the period, and the named
    // deliveries (any date) as a list.
    `CREATE TEMP TABLE delivery_tally AS
       WITH d AS (
         SELECT d.*, ${inPeriod('d.receipt_date')} AS in_period, coalesce(d.type, 'series') = 'series' AS series,
                n.delivery_id IS NOT NULL AS named
         FROM ${source(dir, 'deliveries.csv')} d LEFT JOIN named n ON n.delivery_id = d.delivery_id),
       scored AS (
         SELECT d.supplier_id, d.material_id, d.delivery_id, d.received_qty, d.in_period, d.series, d.named,
                cd.cb AS due_cb,
                -- Spec LZ1: late n = working days d with due < d ≤ receipt; early n = receipt ≤ d < due.
                CASE WHEN d.receipt_date > d.due_date THEN least((cr.cb + cr.w) - (cd.cb + cd.w), ${lateCap})
                     ELSE -least(cd.cb - cr.cb, ${earlyCap}) END AS signed_days,
                -- Spec LZ2: the band decided exactly, |r − d| · 100 ≤ k · d in DECIMAL arithmetic;
                -- the double quotient only proposes k.
                abs(d.received_qty - d.due_qty) * 100 AS deviation100,
                CAST(ceil(abs(CAST(d.received_qty AS DOUBLE) - CAST(d.due_qty AS DOUBLE)) * 100 / CAST(d.due_qty AS DOUBLE)) AS BIGINT) AS k_guess,
                d.received_qty < d.due_qty AS under, d.due_qty
         FROM d
         LEFT JOIN cal cd ON cd.plant_id = d.plant_id AND cd.date = d.due_date
         LEFT JOIN cal cr ON cr.plant_id = d.plant_id AND cr.date = d.receipt_date
         WHERE d.in_period OR d.named),
       banded AS (
         SELECT *, (CASE WHEN under THEN -1 ELSE 1 END) * least(${beyond},
                     CASE WHEN k_guess > 0 AND deviation100 <= (k_guess - 1) * due_qty THEN k_guess - 1
                          WHEN deviation100 <= k_guess * due_qty THEN k_guess
                          ELSE k_guess + 1 END) AS signed_band
         FROM scored)
       SELECT b.supplier_id, b.material_id,
              count(*) FILTER (WHERE in_period AND series) AS series_n,
              count(*) FILTER (WHERE in_period AND NOT series) AS sample_n,
              sum(received_qty) FILTER (WHERE in_period AND series) AS delivered,
              sum(l1.points) FILTER (WHERE in_period) AS lz1_sum,
              sum(l2.points) FILTER (WHERE in_period) AS lz2_sum,
              count(*) FILTER (WHERE in_period AND due_cb IS NULL) AS outside_calendar,
              list({'delivery_id': delivery_id, 'received_qty': received_qty}) FILTER (WHERE named) AS named_list
       FROM banded b
       LEFT JOIN lz1_bands l1 ON l1.signed_days = b.signed_days
       LEFT JOIN lz2_bands l2 ON l2.signed_band = b.signed_band
       GROUP BY b.supplier_id, b.material_id`,
    `RESET disabled_optimizers`,
    `SELECT coalesce(sum(outside_calendar), 0) AS outside FROM delivery_tally`,

    `CREATE TEMP TABLE named_deliveries AS
       SELECT x.delivery_id, t.material_id, x.received_qty
       FROM delivery_tally t, unnest(t.named_list) u(x) WHERE t.named_list IS NOT NULL`,

    // Per supplier and commodity: deliveries of the period.
    `CREATE TEMP TABLE supplier_commodity AS
       SELECT t.supplier_id, m.commodity, sum(series_n) AS series_n, sum(sample_n) AS sample_n,
              coalesce(sum(delivered), 0) AS delivered, sum(lz1_sum) AS lz1_sum, sum(lz2_sum) AS lz2_sum
       FROM delivery_tally t JOIN materials m ON m.material_id = t.material_id
       GROUP BY t.supplier_id, m.commodity HAVING sum(series_n) + sum(sample_n) > 0`,

    // Spec QZ2 "ppm-relevant quantity of one record" and "Adjustment".
    `CREATE TEMP TABLE complaint_quantity AS
       WITH c AS (
         SELECT c.*, coalesce(nd.material_id, c.material_id) AS effective_material, nd.received_qty AS lot
         FROM complaints c LEFT JOIN named_deliveries nd ON nd.delivery_id = c.delivery_id
         WHERE c.justified = 'yes' AND ${inPeriod('c.date')})
       SELECT c.supplier_id, c.type, m.commodity,
              coalesce(CASE CASE WHEN m.kind = 'purchased' THEN df.purchased_basis ELSE df.raw_basis END
                WHEN 'rejected' THEN CASE WHEN c.confirmed_qty IS NOT NULL AND c.returned_on IS NOT NULL AND c.confirmed_on IS NOT NULL
                                               AND c.confirmed_on <= c.returned_on + INTERVAL ${RULES.adjustmentMonths} MONTH
                                          THEN c.confirmed_qty ELSE c.rejected_qty END
                WHEN 'affected' THEN c.affected_qty
                WHEN 'lot' THEN c.lot
                ELSE 0 END, 0)
                * CASE WHEN m.kind = 'purchased' THEN df.purchased_percent ELSE df.raw_percent END AS relevant_percent
       FROM c
       LEFT JOIN materials m ON m.material_id = c.effective_material
       JOIN defects df ON df.code = coalesce(c.defect, ${sqlString(RULES.emptyDefect)})`,

    `CREATE TEMP TABLE complaint_counts AS
       SELECT supplier_id, count(*) FILTER (WHERE type = 'complaint') AS complaints,
              count(*) FILTER (WHERE type = 'sample') AS sample_complaints
       FROM complaint_quantity GROUP BY supplier_id`,

    // Spec QZ2: per commodity, floored and capped, weighted by series deliveries;
    // overall ppm = all defective over all delivered.
    `CREATE TEMP TABLE qz2 AS
       WITH defective AS (
         SELECT supplier_id, commodity, sum(relevant_percent) / 100 AS defective
         FROM complaint_quantity WHERE type IN ('complaint', 'notification') AND commodity IS NOT NULL
         GROUP BY supplier_id, commodity),
       rows AS (
         SELECT coalesce(sc.supplier_id, df.supplier_id) AS supplier_id,
                coalesce(sc.series_n, 0) AS series_n, coalesce(sc.delivered, 0) AS delivered,
                coalesce(df.defective, 0) AS defective,
                coalesce(b.b, ${RULES.defaultB}) AS b
         FROM supplier_commodity sc
         FULL OUTER JOIN defective df ON df.supplier_id = sc.supplier_id AND df.commodity = sc.commodity
         LEFT JOIN commodity_b b ON b.commodity = coalesce(sc.commodity, df.commodity)),
       scored AS (
         SELECT *, CASE WHEN series_n = 0 THEN NULL
                        WHEN delivered > 0 THEN ${clamp('100 - b * (CAST(defective AS DOUBLE) / CAST(delivered AS DOUBLE) * 1e6) / 100')}
                        WHEN defective = 0 THEN ${clamp('100')} ELSE ${RULES.floor} END AS qz2
         FROM rows)
       SELECT supplier_id,
              CASE WHEN sum(series_n) > 0 THEN sum(qz2 * series_n) FILTER (WHERE series_n > 0) / sum(series_n) END AS qz2,
              CASE WHEN sum(series_n) > 0 AND sum(delivered) > 0
                   THEN CAST(sum(defective) AS DOUBLE) / CAST(sum(delivered) AS DOUBLE) * 1e6 END AS ppm
       FROM scored GROUP BY supplier_id`,

    // Spec QZ3: certificates valid on the reference date, the indirect column,
    // a quality New Business Hold active on it, exempt suppliers.
    `CREATE TEMP TABLE qz3 AS
       WITH valid AS (
         SELECT supplier_id,
                bool_or(standard IN (SELECT unnest(${list(RULES.automotive)}))) AS automotive,
                bool_or(standard IN (SELECT unnest(${list(RULES.environment)}))) AS environment,
                bool_or(standard IN (SELECT unnest(${list(RULES.iso9001)}))) AS iso9001
         FROM certifications WHERE valid_from <= ${ref} AND ${ref} <= valid_to GROUP BY supplier_id),
       indirect AS (
         SELECT supplier_id, bool_and(commodity IN (SELECT unnest(${list(RULES.indirect)}))) AS indirect
         FROM supplier_commodity GROUP BY supplier_id),
       hold AS (
         SELECT DISTINCT supplier_id FROM holds
         WHERE reason = 'quality' AND imposed_on <= ${ref} AND (withdrawn_on IS NULL OR withdrawn_on > ${ref})),
       points AS (
         SELECT s.supplier_id, s.exempt, h.supplier_id IS NOT NULL AS on_hold,
                (SELECT max(CASE WHEN coalesce(i.indirect, false) THEN r.indirect_points ELSE r.production_points END)
                 FROM certification_rows r
                 WHERE (NOT r.automotive OR coalesce(v.automotive, false))
                   AND (NOT r.environment OR coalesce(v.environment, false))
                   AND (NOT r.iso9001 OR coalesce(v.iso9001, false))) AS certificate_points
         FROM suppliers s LEFT JOIN valid v USING (supplier_id) LEFT JOIN indirect i USING (supplier_id)
         LEFT JOIN hold h USING (supplier_id))
       SELECT supplier_id, CASE WHEN exempt THEN NULL WHEN on_hold THEN ${RULES.holdPoints}
                                ELSE coalesce(certificate_points, ${RULES.noCertificatePoints}) END AS qz3
       FROM points`,

    // QZ1, QZ4, LZ, renormalised weights, eligibility, class.
    `CREATE TEMP TABLE result AS
       WITH tally AS (
         SELECT supplier_id, sum(series_n) AS series_n, sum(sample_n) AS sample_n,
                sum(lz1_sum) AS lz1_sum, sum(lz2_sum) AS lz2_sum
         FROM supplier_commodity GROUP BY supplier_id),
       base AS (
         SELECT s.supplier_id, s.name,
                coalesce(t.series_n, 0) AS series_n, coalesce(t.sample_n, 0) AS sample_n,
                coalesce(cc.complaints, 0) AS complaints, coalesce(cc.sample_complaints, 0) AS sample_complaints,
                q2.ppm, q2.qz2, q3.qz3,
                CASE WHEN t.series_n > 0 THEN ${clamp(`100 - ${RULES.qz1Factor} * coalesce(cc.complaints, 0) / t.series_n`)} END AS qz1,
                CASE WHEN t.sample_n > 0 THEN ${clamp(`100 - ${RULES.qz4Factor} * coalesce(cc.sample_complaints, 0) / t.sample_n`)} END AS qz4,
                CASE WHEN t.series_n + t.sample_n > 0 THEN CAST(t.lz1_sum AS DOUBLE) / (t.series_n + t.sample_n) END AS lz1,
                CASE WHEN t.series_n + t.sample_n > 0 THEN CAST(t.lz2_sum AS DOUBLE) / (t.series_n + t.sample_n) END AS lz2
         FROM suppliers s LEFT JOIN tally t USING (supplier_id) LEFT JOIN complaint_counts cc USING (supplier_id)
         LEFT JOIN qz2 q2 USING (supplier_id) LEFT JOIN qz3 q3 USING (supplier_id)),
       mains AS (
         SELECT *,
                (coalesce(${w.qz1} * qz1, 0) + coalesce(${w.qz2} * qz2, 0) + coalesce(${w.qz3} * qz3, 0) + coalesce(${w.qz4} * qz4, 0))
                  / nullif((CASE WHEN qz1 IS NULL THEN 0 ELSE ${w.qz1} END) + (CASE WHEN qz2 IS NULL THEN 0 ELSE ${w.qz2} END)
                         + (CASE WHEN qz3 IS NULL THEN 0 ELSE ${w.qz3} END) + (CASE WHEN qz4 IS NULL THEN 0 ELSE ${w.qz4} END), 0) AS qz,
                (coalesce(${w.lz1} * lz1, 0) + coalesce(${w.lz2} * lz2, 0))
                  / nullif((CASE WHEN lz1 IS NULL THEN 0 ELSE ${w.lz1} END) + (CASE WHEN lz2 IS NULL THEN 0 ELSE ${w.lz2} END), 0) AS lz
         FROM base),
       totals AS (
         SELECT *, (coalesce(${w.quality} * qz, 0) + coalesce(${w.delivery} * lz, 0))
                     / nullif((CASE WHEN qz IS NULL THEN 0 ELSE ${w.quality} END) + (CASE WHEN lz IS NULL THEN 0 ELSE ${w.delivery} END), 0) AS total,
                   series_n + sample_n AS deliveries
         FROM mains)
       SELECT *, CASE WHEN deliveries < ${RULES.minDeliveries} THEN 'fewer than ${RULES.minDeliveries} deliveries in the period (' || deliveries || ')'
                      WHEN total IS NULL THEN 'no criterion could be computed' END AS reason,
              coalesce((SELECT name FROM classes WHERE total + 1e-9 >= min_total ORDER BY min_total DESC LIMIT 1),
                       (SELECT name FROM classes ORDER BY min_total LIMIT 1)) AS grade
       FROM totals`,
  ];
}

// One decimal, half away from zero, with the engine's 1e-9 nudge for halves
// computed as …4999.
const score = (x) => `CASE WHEN reason IS NULL AND ${x} IS NOT NULL THEN
  printf('%.1f', round(${x} * 10 + (CASE WHEN ${x} >= 0 THEN 1e-9 ELSE -1e-9 END) * greatest(1, abs(${x} * 10))) / 10) END`;

function outputStatement(periodLabel, output) {
  return `COPY (
    SELECT supplier_id, name, ${sqlString(periodLabel)} AS period,
           CASE WHEN reason IS NULL THEN 'evaluated' ELSE 'not_evaluated' END AS status, reason,
           deliveries, series_n AS series_deliveries, sample_n AS sample_deliveries, complaints, sample_complaints,
           ${score('ppm')} AS ppm, ${score('qz1')} AS qz1, ${score('qz2')} AS qz2, ${score('qz3')} AS qz3,
           ${score('qz4')} AS qz4, ${score('qz')} AS qz, ${score('lz1')} AS lz1, ${score('lz2')} AS lz2,
           ${score('lz')} AS lz, ${score('total')} AS total,
           CASE WHEN reason IS NULL THEN grade END AS class, NULL::VARCHAR AS warnings
    FROM result ORDER BY supplier_id
  ) TO ${sqlString(output)} (FORMAT csv, HEADER true, DELIMITER ',')`;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const options = args.threads ? { threads: String(args.threads) } : undefined;
  const instance = await DuckDBInstance.create(':memory:', options);
  const connection = await instance.connect();
  for (const sql of statements(args.data, args.period)) {
    if (sql.startsWith('SELECT coalesce(sum(outside_calendar)')) {
      const outside = Number((await connection.runAndReadAll(sql)).getRows()[0][0]);
      if (outside > 0) throw new Error(`${outside} deliveries have a due date more than 3 years from the period`);
      continue;
    }
    await connection.run(sql);
  }
  await connection.run(outputStatement(args.period, args.output));
  connection.closeSync();
}

main().catch((error) => {
  process.stderr.write(`evaluate.mjs: ${error.message}\n`);
  process.exit(1);
});
