#!/usr/bin/env python3
"""The --format xlsx exports read back (issue 24 §3): every workbook of
`evaluate`, `runs show`, `runs diff` and `contracts settle` is opened with
zipfile + xml.etree (the standard library; no spreadsheet package) and held
to the same command's CSV output cell for cell: numbers are number cells
(equal to the CSV's text), text is shared strings, the header row frozen, the
autofilter over the table, the class column's conditional formats, and the
second sheet's identity. Usage: xlsx_export_test.py SUPEVAL_BINARY"""

import csv
import hashlib
import io
import json
import os
import pty
import subprocess
import sys
import tempfile
import time
import unittest
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
SUPEVAL = None
PERIOD = "2026-H1"
# Excel's serial of 1970-01-01 (day 0 of the Unix epoch).
UNIX_EPOCH_SERIAL = 25569
# The web application's class colours (web/src/styles/app.css).
CLASS_COLOURS = {'"A"': "009E73", '"B"': "E69F00", '"C"': "D55E00"}


def run(*args, stdout=subprocess.PIPE):
    result = subprocess.run([SUPEVAL, *args], stdout=stdout, stderr=subprocess.PIPE)
    if result.returncode != 0:
        raise AssertionError(f"supeval {' '.join(args)}: exit {result.returncode}: {result.stderr.decode()}")
    return result.stdout


def column_index(reference):
    letters = "".join(c for c in reference if c.isalpha())
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


class Workbook:
    """One .xlsx file: sheets by name, each a grid {(row, col): Cell}."""

    def __init__(self, data):
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        workbook = ET.fromstring(self.zip.read("xl/workbook.xml"))
        rels = ET.fromstring(self.zip.read("xl/_rels/workbook.xml.rels"))
        targets = {rel.get("Id"): rel.get("Target") for rel in rels}
        self.sheet_names = [sheet.get("name") for sheet in workbook.find("m:sheets", NS)]
        self.sheet_paths = {sheet.get("name"): "xl/" + targets[sheet.get(REL_NS)]
                            for sheet in workbook.find("m:sheets", NS)}
        self.defined_names = {(name.get("name"), name.text) for name in workbook.iter(f"{{{NS['m']}}}definedName")}
        strings = ET.fromstring(self.zip.read("xl/sharedStrings.xml"))
        self.strings = ["".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t")) for si in strings]
        self.styles = ET.fromstring(self.zip.read("xl/styles.xml"))
        formats = {int(f.get("numFmtId")): f.get("formatCode") for f in self.styles.iter(f"{{{NS['m']}}}numFmt")}
        self.cell_formats = [formats.get(int(xf.get("numFmtId", "0")), "General")
                             for xf in self.styles.find("m:cellXfs", NS)]

    def sheet(self, name):
        return ET.fromstring(self.zip.read(self.sheet_paths[name]))

    def cells(self, name):
        """{(row, col): (type, value, number format)}, 0-based; type 'n' or 's'."""
        grid = {}
        for cell in self.sheet(name).iter(f"{{{NS['m']}}}c"):
            reference = cell.get("r")
            row = int("".join(c for c in reference if c.isdigit())) - 1
            value = cell.find("m:v", NS)
            kind = cell.get("t", "n")
            text = self.strings[int(value.text)] if kind == "s" else float(value.text)
            grid[(row, column_index(reference))] = (kind, text, self.cell_formats[int(cell.get("s", "0"))])
        return grid

    def dxf_colours(self):
        colours = []
        for dxf in self.styles.find("m:dxfs", NS):
            fill = dxf.find("m:fill/m:patternFill/m:bgColor", NS)
            colours.append(fill.get("rgb")[-6:] if fill is not None else None)
        return colours


def column_letter(index):
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class ExportCase(unittest.TestCase):
    workdir = None

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.workdir = cls.tmp.name
        cls.data = os.path.join(cls.workdir, "data")
        run("generate", "--out", cls.data, "--suppliers", "30", "--deliveries", "3000")
        cls.db = "sqlite:" + os.path.join(cls.workdir, "supeval.db")
        run("import", "--db", cls.db, "--data", cls.data, "--user", "test", "--progress", "none")
        run("evaluate", "--db", cls.db, "--period", PERIOD, "--publish", "--user", "test", "--format", "csv")
        # A hold between the two runs changes one supplier's QZ3: the diff has a row.
        run("holds", "impose", "--db", cls.db, "--supplier", "S00001", "--on", "2026-02-02", "--why", "test",
            "--user", "test")
        run("evaluate", "--db", cls.db, "--period", PERIOD, "--publish", "--user", "test", "--format", "csv")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def xlsx(self, *args):
        """The workbook of `args --format xlsx`, written through --output."""
        path = os.path.join(self.workdir, "out.xlsx")
        run(*args, "--format", "xlsx", "--output", path)
        with open(path, "rb") as file:
            return Workbook(file.read())

    def csv_rows(self, *args):
        return list(csv.reader(io.StringIO(run(*args, "--format", "csv").decode())))

    def assert_table_matches_csv(self, book, sheet, rows, numeric, text):
        """Cell for cell: a number cell holds the CSV's number, a text cell its text, an empty cell is absent."""
        cells = book.cells(sheet)
        header = rows[0]
        for name in numeric + text:
            self.assertIn(name, header)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                where = f"{sheet}!{column_letter(c)}{r + 1} ({header[c]})"
                if value == "":
                    self.assertNotIn((r, c), cells, where)
                    continue
                kind, cell, _ = cells[(r, c)]
                if r > 0 and header[c] in numeric:
                    self.assertEqual(kind, "n", where)
                    self.assertEqual(cell, float(value), where)
                elif r == 0 or header[c] in text:
                    self.assertEqual((kind, cell), ("s", value), where)
                elif kind == "n":
                    self.assertEqual(cell, float(value), where)
                else:
                    self.assertEqual(cell, value, where)
        self.assertEqual(max(r for r, _ in cells) + 1 if cells else 0, len(rows), "no rows beyond the CSV's")

    def assert_table_furniture(self, book, sheet, rows, class_columns):
        """Frozen header, autofilter over the table, widths, the class colours."""
        xml = book.sheet(sheet)
        pane = xml.find("m:sheetViews/m:sheetView/m:pane", NS)
        self.assertIsNotNone(pane, "frozen pane")
        self.assertEqual((pane.get("ySplit"), pane.get("topLeftCell"), pane.get("state")), ("1", "A2", "frozen"))
        table_range = f"A1:{column_letter(len(rows[0]) - 1)}{len(rows)}"
        self.assertEqual(xml.find("m:autoFilter", NS).get("ref"), table_range)
        last = table_range.split(":")[1]
        absolute = "$" + "".join(c for c in last if c.isalpha()) + "$" + "".join(c for c in last if c.isdigit())
        self.assertIn(("_xlnm._FilterDatabase", f"{sheet}!$A$1:{absolute}"), book.defined_names)
        widths = [col for col in xml.iter(f"{{{NS['m']}}}col")]
        self.assertEqual(len(widths), len(rows[0]), "one width per column")
        for col in widths:
            self.assertEqual(col.get("customWidth"), "1")
        formatted = {}
        for block in xml.iter(f"{{{NS['m']}}}conditionalFormatting"):
            colours = book.dxf_colours()
            formatted[block.get("sqref")] = {rule.find("m:formula", NS).text: colours[int(rule.get("dxfId"))]
                                             for rule in block.findall("m:cfRule", NS)
                                             if rule.get("type") == "cellIs" and rule.get("operator") == "equal"}
        expected = {}
        for name in class_columns if len(rows) > 1 else []:
            letter = column_letter(rows[0].index(name))
            # One cell is named alone ("I2"), a range by its corners ("U2:U31").
            expected[f"{letter}2" if len(rows) == 2 else f"{letter}2:{letter}{len(rows)}"] = CLASS_COLOURS
        self.assertEqual(formatted, expected)

    def identity(self, book):
        self.assertEqual(book.sheet_names[1], "about")
        about = book.cells("about")
        labels = {}
        for (r, c), (kind, value, number_format) in about.items():
            if c == 0:
                labels[value] = about.get((r, 1))
        return labels

    def test_evaluate_is_the_csv_with_types_and_identity(self):
        args = ("evaluate", "--data", self.data, "--period", PERIOD)
        book = self.xlsx(*args)
        rows = self.csv_rows(*args)
        self.assertEqual(book.sheet_names, ["results", "about"])
        self.assertGreater(len(rows), 1)
        self.assert_table_matches_csv(book, "results", rows,
                                      numeric=["deliveries", "complaints", "ppm", "qz", "lz", "total"],
                                      text=["supplier_id", "name", "period", "status", "class"])
        cells = book.cells("results")
        header = rows[0]
        deliveries, total = header.index("deliveries"), header.index("total")
        self.assertEqual(cells[(1, deliveries)][2], "0")
        scored = [r for r in range(1, len(rows)) if rows[r][total]]
        self.assertTrue(scored)
        self.assertEqual(cells[(scored[0], total)][2], "0.0")
        self.assert_table_furniture(book, "results", rows, ["class"])
        identity = self.identity(book)
        rules = run("rules", "show")
        self.assertEqual(identity["rules_sha256"][:2], ("s", hashlib.sha256(rules).hexdigest()))
        self.assertEqual(identity["period"][:2], ("s", PERIOD))
        # Dates are real dates: serial numbers with a date format.
        self.assertEqual(identity["period_first"], ("n", float(UNIX_EPOCH_SERIAL + 20454), "yyyy-mm-dd"))
        self.assertEqual(identity["period_last"], ("n", float(UNIX_EPOCH_SERIAL + 20634), "yyyy-mm-dd"))
        self.assertEqual(identity["supeval_version"][0], "s")
        self.assertIn("rule set (TOML)", identity)

    def test_evaluate_from_the_database_names_its_batch(self):
        args = ("evaluate", "--db", self.db, "--period", PERIOD)
        book = self.xlsx(*args)
        rows = self.csv_rows(*args)
        self.assert_table_matches_csv(book, "results", rows, numeric=["deliveries", "total"], text=["supplier_id"])
        self.assert_table_furniture(book, "results", rows, ["class"])
        runs = json.loads(run("runs", "list", "--db", self.db, "--format", "json"))
        identity = self.identity(book)
        self.assertNotIn("run", identity, "not published")
        self.assertEqual(identity["as_of_batch"][1], str(max(r["as_of_batch"] for r in runs)))

    def test_runs_show_names_the_run(self):
        book = self.xlsx("runs", "show", "2", "--db", self.db)
        rows = self.csv_rows("runs", "show", "2", "--db", self.db)
        self.assertEqual(book.sheet_names, ["results", "about"])
        self.assert_table_matches_csv(book, "results", rows, numeric=["deliveries", "total"],
                                      text=["supplier_id", "class"])
        self.assert_table_furniture(book, "results", rows, ["class"])
        runs = json.loads(run("runs", "list", "--db", self.db, "--format", "json"))
        second = next(r for r in runs if r["run"] == 2)
        identity = self.identity(book)
        self.assertEqual(identity["run"][1], "2")
        self.assertEqual(identity["rules_sha256"][1], second["rules_sha256"])
        self.assertEqual(identity["published_at"][1], second["published_at"])
        self.assertEqual(identity["as_of_batch"][1], str(second["as_of_batch"]))

    def test_a_published_run_exports_to_the_same_bytes(self):
        args = ("runs", "show", "2", "--db", self.db, "--format", "xlsx")
        first = run(*args)
        time.sleep(1.1)  # a clock-stamped document would now differ
        self.assertEqual(first, run(*args))
        with zipfile.ZipFile(io.BytesIO(first)) as archive:
            core = archive.read("docProps/core.xml").decode()
        runs = json.loads(run("runs", "list", "--db", self.db, "--format", "json"))
        published_at = next(r for r in runs if r["run"] == 2)["published_at"]
        self.assertIn(f">{published_at}</dcterms:created>", core)

    def test_runs_diff_lists_the_changed_supplier(self):
        args = ("runs", "diff", "1", "2", "--db", self.db)
        book = self.xlsx(*args)
        rows = self.csv_rows(*args)
        self.assertEqual(book.sheet_names, ["changes", "about"])
        self.assertEqual(rows[0][:3], ["supplier_id", "name", "change"])
        self.assertIn("S00001", [row[0] for row in rows[1:]])
        self.assert_table_matches_csv(book, "changes", rows, numeric=["total_before", "total_after", "records_total"],
                                      text=["supplier_id", "change", "class_before", "class_after"])
        self.assert_table_furniture(book, "changes", rows, ["class_before", "class_after"])
        identity = self.identity(book)
        self.assertEqual((identity["a run"][1], identity["b run"][1]), ("1", "2"))

    def test_settle_is_the_csv(self):
        args = ("contracts", "settle", "--data", self.data, "--period", PERIOD)
        book = self.xlsx(*args)
        rows = self.csv_rows(*args)
        self.assertEqual(book.sheet_names, ["settlement", "about"])
        self.assertGreater(len(rows), 1)
        self.assert_table_matches_csv(book, "settlement", rows, numeric=["amount"],
                                      text=["contract_id", "supplier_id", "kind", "line_type"])
        amount = rows[0].index("amount")
        self.assertEqual(book.cells("settlement")[(1, amount)][2], "0.00")
        self.assert_table_furniture(book, "settlement", rows, [])
        identity = self.identity(book)
        self.assertEqual(identity["period"][1], PERIOD)
        # The hash a published settlement would record: that of the rule set's text.
        rules = run("rules", "show", "--contracts")
        self.assertEqual(identity["rules_sha256"][1], hashlib.sha256(rules).hexdigest())

    def test_standard_output_when_redirected(self):
        args = ("evaluate", "--data", self.data, "--period", PERIOD)
        piped = run(*args, "--format", "xlsx")
        self.assertEqual(Workbook(piped).sheet_names, ["results", "about"])

    def test_a_terminal_is_refused_before_any_work(self):
        primary, secondary = pty.openpty()
        try:
            result = subprocess.run([SUPEVAL, "evaluate", "--db", self.db, "--period", PERIOD, "--publish", "--user",
                                     "test", "--format", "xlsx"], stdout=secondary, stderr=subprocess.PIPE)
        finally:
            os.close(secondary)
            os.close(primary)
        self.assertEqual(result.returncode, 2)
        self.assertIn(b"--format xlsx writes a binary workbook: give --output FILE.xlsx", result.stderr)
        runs = json.loads(run("runs", "list", "--db", self.db, "--format", "json"))
        self.assertEqual(len(runs), 2, "nothing published")


if __name__ == "__main__":
    SUPEVAL = sys.argv.pop(1)
    unittest.main(verbosity=2)
