#!/usr/bin/python3
"""The reports as Excel workbooks (`report KIND --format xlsx`), read back by
an independent reader, openpyxl (Debian's python3-openpyxl), from the real
binary on a real store holding the seed scenario: the sheets and their
header rows, the frozen panes and autofilters, every row against the
report's JSON of the same date, dates as dates, formula-like text as
strings; and where the workbook may go (a new file, a pipe, never a
terminal).

Usage: xlsx_test.py PATH/TO/followup
"""
import datetime
import io
import os
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET
import zipfile

import openpyxl

import cli_test
from cli_test import Store, formula_memo, long_day, memo_paragraphs, memo_split
from trusted_record_test import seed_scenario

# The recommendation texts of a second memo, for MMS: a formula, a sum, and plain words.
FORMULA = '=HYPERLINK("http://x?x="&A1,"click")'
TEXTS = [FORMULA, "-2+3", "Plain words"]
ACTION = "@SUM(1+1) meetings"
# Before any response is due, a unit late, after the office's rating (nothing overdue), the second memo overdue.
DAYS = ("2001-08-01", "2001-09-01", "2001-11-10", "2005-06-01")

COUNTS = ["recommendations", "open", "awaiting_response", "responded_on_time", "responded_within_extension",
          "responded_late", "overdue", "in_progress", "claimed", "validated", "implemented", "closed",
          "closed_without_response", "entered_late"]
COUNT_HEADER = ["recommendations", "open", "awaiting response", "on time", "within extension", "late", "overdue",
                "in progress", "claimed", "validated", "implemented", "closed", "closed without response",
                "entered late"]
STATUS_DETAIL = ["ref", "priority", "due", "issued", "state", "response", "office rating", "unit", "extended to",
                 "unit state", "claim", "responded on", "days late", "days overdue"]
OVERDUE_DETAIL = ["kind", "ref", "unit", "due", "original due", "days overdue", "ageing", "action", "description"]
RATES_HEADER = ["accepted responses", "responses", "acceptance (responses)", "accepted by every unit",
                "answered by every unit", "acceptance (recommendations)", "implemented", "accepted recommendations",
                "implementation", "responded on time", "responses due", "on-time response",
                "responded within an extension", "within an extension", "actions done", "actions",
                "action completion"]
UNIT_DETAIL = ["due", "original due", "kind", "ref", "action", "overdue", "days overdue", "ageing", "office rating",
               "what"]
BUCKETS = ["1-30", "31-90", "91-180", "181-365", "over 365"]


def reports_store(tmp):
    """A store in `tmp` holding the seed scenario, a validated
    implementation, and a second memo (FP) with formula-like texts and an
    overdue action: every report has rows on some of DAYS. Also the
    Word documents' test's (docx_test.py)."""
    s = Store(tmp)
    seed_scenario(s)
    s.ok("--as", "ba", "report-progress", "PLACMI-2#1", "--unit", "MRF-BA", "--status", "implemented",
         "--text", "The meeting took place", "--action-done", "1", "--as-of", "2001-10-20")
    s.ok("validate", "PLACMI-2#1", "--rating", "implemented", "--comment", "Minutes seen", "--as-of",
         "2001-11-05")
    memo = os.path.join(tmp, "formulas.md")
    with open(memo, "w", encoding="utf-8") as f:
        f.write(formula_memo(TEXTS))
    s.ok("import", memo)
    s.ok("issue", "FP", "--as-of", "2004-11-03")
    s.ok("--as", "mms", "respond", "FP#2", "--unit", "MMS", "--decision", "accepted", "--action",
         f"{ACTION}|MMS|2004-12-01", "--as-of", "2004-11-10")
    return s


def day(text):
    """A JSON date as openpyxl reads an Excel date (None for null)."""
    return None if text is None else datetime.datetime.fromisoformat(text)


def positive(n):
    """The text reports leave a count of days empty when it is 0."""
    return n if n else None


def rates_row(key, r, number=lambda v: v, rate=lambda v: v):
    """A row of a document's rates table (RATES_HEADER's columns) from a rates
    JSON object: each rate's numerator, denominator (the within-extension
    rate's is the on-time rate's, not repeated) and rate, as `number` and
    `rate` show them."""
    out = [key]
    for name in ("acceptance", "acceptance_by_recommendation", "implementation", "on_time", "within_extension",
                 "action_completion"):
        out.append(number(r[name]["numerator"]))
        if name != "within_extension":
            out.append(number(r[name]["denominator"]))
        out.append(rate(r[name]["rate"]))
    return out


def column_letter(n):
    return openpyxl.utils.get_column_letter(n)


class XlsxTest(unittest.TestCase):
    """One store for every test: they only read it."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.store = reports_store(cls.tmp.name)
        cls.count = 0

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def workbook(self, *args):
        """The workbook `report ARGS --format xlsx --output FILE` writes, and its file."""
        XlsxTest.count += 1
        out = self.path(f"report-{XlsxTest.count}.xlsx")
        printed = self.store.ok("--as", "dg", "report", *args, "--format", "xlsx", "--output", out)
        self.assertRegex(printed, r"^wrote .*\.xlsx \(\d+ bytes\)\nHistory head: \d+:[0-9a-f]{64}\n$")
        self.assertTrue(zipfile.is_zipfile(out))
        return openpyxl.load_workbook(out), out

    def check_workbook(self, wb, path, report, title):
        """What every report's workbook holds: its title, its history head, no formula."""
        head = f"{report['history_head']['entries']}:{report['history_head']['hash']}"
        self.assertEqual(wb.properties.title, title)
        self.assertIn("History head: " + head, wb.properties.description)
        with zipfile.ZipFile(path) as z:
            custom = ET.fromstring(z.read("docProps/custom.xml"))
        props = {p.get("name"): p[0].text for p in custom}
        self.assertEqual(props["History head"], head)
        self.assertEqual(props["As of"], report["as_of"] + "T00:00:00Z")
        for ws in wb.worksheets:
            self.assertEqual(ws["A1"].value, title, ws.title)
            for row in ws.iter_rows():
                for cell in row:
                    self.assertNotEqual(cell.data_type, "f", f"{ws.title}!{cell.coordinate}")

    def check_table(self, ws, table_title, header, rows, kinds):
        """A sheet: its title row, header row, frozen pane, autofilter, and
        exactly `rows` (values as openpyxl reads them; rates within 1e-12,
        as Excel keeps 15 digits)."""
        self.assertEqual(ws["A2"].value, table_title)
        self.assertEqual([c.value for c in ws[3]], header)
        self.assertEqual(ws.freeze_panes, "A4", ws.title)
        self.assertEqual(ws.auto_filter.ref, f"A3:{column_letter(len(header))}{3 + len(rows)}", ws.title)
        self.assertEqual(ws.max_row, 3 + len(rows), ws.title)
        for i, expected in enumerate(rows):
            cells = ws[4 + i]
            self.assertEqual(len(cells), len(header))
            for cell, value, kind in zip(cells, expected, kinds):
                where = f"{ws.title}!{cell.coordinate}"
                if value is None:
                    self.assertIsNone(cell.value, where)
                elif kind == "ratio":
                    self.assertEqual(cell.data_type, "n", where)
                    self.assertAlmostEqual(cell.value, value, delta=1e-12, msg=where)
                    self.assertEqual(cell.number_format, "0.0%", where)
                elif kind == "date":
                    self.assertTrue(cell.is_date, where)
                    self.assertIsInstance(cell.value, datetime.datetime, where)
                    self.assertEqual(cell.value, value, where)
                elif kind == "integer":
                    self.assertEqual(cell.data_type, "n", where)
                    self.assertIsInstance(cell.value, int, where)
                    self.assertEqual(cell.value, value, where)
                else:
                    self.assertEqual(cell.data_type, "s", where)
                    self.assertEqual(cell.value, value, where)
        # Sensible widths: every column set, none wider than 62.
        for n in range(1, len(header) + 1):
            width = ws.column_dimensions[column_letter(n)].width
            self.assertTrue(5 <= width <= 63, f"{ws.title} column {n}: {width}")

    def test_memo(self):
        """The follow-up memo as a workbook: a sheet of the memo as sent, a
        paragraph a row, and one of the follow-up, a recommendation's
        heading a bold row and each of its details an indented row."""
        for code in ("PLACMI-2", "FP"):
            with self.subTest(code=code):
                original, follow_up = memo_split(self.store, code, DAYS[3])
                out = self.path(f"memo-{code}.xlsx")
                printed = self.store.ok("--as", "dg", "memo", code, "--as-of", DAYS[3], "--format", "xlsx",
                                        "--output", out)
                self.assertRegex(printed, r"^wrote .*\.xlsx \(\d+ bytes\)\n$")
                wb = openpyxl.load_workbook(out)
                title = f"Follow-up memorandum: {code} as of {long_day(DAYS[3])}"
                heading = f"Follow-up as of {long_day(DAYS[3])}"
                self.assertEqual(wb.properties.title, title)
                self.assertEqual(wb.sheetnames, ["Follow-up memorandum", heading])
                memo, follow = wb.worksheets
                self.assertEqual([[c.value for c in row] for row in memo.iter_rows()],
                                 [[title], [None]] + [[p] for p in memo_paragraphs(original)])
                expected = []
                for line in follow_up.rstrip("\n").split("\n"):
                    if line.startswith("   "):
                        expected.append((line[3:], False, 1))
                    elif line:
                        expected.append((line, True, 0))
                self.assertGreaterEqual(len(expected), 4)
                self.assertEqual([[c.value for c in row] for row in follow.iter_rows()],
                                 [[title], [heading]] + [[t] for t, _, _ in expected])
                for n, (_, bold, indent) in enumerate(expected, 3):
                    cell = follow.cell(n, 1)
                    self.assertEqual((bool(cell.font.b), cell.alignment.indent, cell.alignment.wrap_text),
                                     (bold, indent, True), cell.coordinate)
                for ws in wb.worksheets:
                    self.assertEqual(ws.column_dimensions["A"].width, 100 + 0.7109375, ws.title)

    def test_status(self):
        for as_of in DAYS:
            with self.subTest(as_of=as_of):
                report = self.store.json("--as", "dg", "report", "status", "--as-of", as_of, "--json")
                wb, path = self.workbook("status", "--as-of", as_of)
                title = f"Status of follow-up as of {as_of}"
                self.check_workbook(wb, path, report, title)
                self.assertEqual(wb.sheetnames, ["By evaluation", "By unit", "Recommendations", "Responses by unit"])
                counts = ["text"] + ["integer"] * len(COUNTS)
                rows = [[g["evaluation"]] + [g[k] for k in COUNTS] for g in report["by_evaluation"]]
                rows.append(["Total"] + [report["total"][k] for k in COUNTS])
                self.check_table(wb["By evaluation"], "By evaluation", ["evaluation"] + COUNT_HEADER, rows, counts)
                rows = [[g["unit"]] + [g[k] for k in COUNTS] for g in report["by_unit"]]
                self.check_table(wb["By unit"], "By unit", ["unit"] + COUNT_HEADER, rows, counts)
                rows = []
                for r in report["recommendations"]:
                    rating = f"{r['office_rating']} ({r['rated_on']})" if r["office_rating"] else None
                    for u in r["units"]:
                        rows.append([r["ref"], r["priority"], day(r["due"]), day(r["issued"]), r["state"],
                                     r["response"], rating, u["unit"], day(u["extended_due"]), u["state"],
                                     u["claim"], day(u["responded_on"]), positive(u["days_late"]),
                                     positive(u["days_overdue"])])
                self.assertGreater(len(rows), 2)
                self.check_table(wb["Recommendations"], "Recommendations", STATUS_DETAIL, rows,
                                 ["text", "text", "date", "date", "text", "text", "text", "text", "date", "text",
                                  "text", "date", "integer", "integer"])
                # The chart's sheet: each unit's recommendations by its response
                # status (the JSON's by_unit), and the chart's image.
                rows = [[g["unit"], g["responded_on_time"], g["responded_within_extension"], g["responded_late"],
                         g["overdue"], g["awaiting_response"]] for g in report["by_unit"]]
                self.assertGreater(len(rows), 2)
                self.check_table(wb["Responses by unit"], "Responses by unit",
                                 ["category", "on time", "within an extension", "late", "overdue", "awaiting"], rows,
                                 ["text"] + ["integer"] * 5)
                self.assertEqual(len(wb["Responses by unit"]._images), 1)

    def test_overdue(self):
        for as_of in DAYS:
            with self.subTest(as_of=as_of):
                report = self.store.json("--as", "dg", "report", "overdue", "--as-of", as_of, "--json")
                wb, path = self.workbook("overdue", "--as-of", as_of)
                self.check_workbook(wb, path, report, f"Overdue as of {as_of}")
                self.assertEqual(wb.sheetnames, ["Ageing", "Overdue by unit", "Overdue responses and actions",
                                                 "Overdue responses by unit"])
                rows = [[b, report["ageing"]["responses"][b], report["ageing"]["actions"][b]] for b in BUCKETS]
                self.check_table(wb["Ageing"], "Ageing", ["days overdue", "responses", "actions"], rows,
                                 ["text", "integer", "integer"])
                units = [[u["unit"]] + [u["responses"][b] for b in BUCKETS] + [u["actions"]]
                         for u in report["by_unit"]]
                self.check_table(wb["Overdue by unit"], "Overdue by unit",
                                 ["unit"] + [f"{b} days" for b in BUCKETS] + ["overdue actions"], units,
                                 ["text"] + ["integer"] * 6)
                # The chart's sheet: the units with overdue responses, by days
                # overdue, and the chart's image.
                charted = [row[:-1] for row in units if any(row[1:-1])]
                self.check_table(wb["Overdue responses by unit"], "Overdue responses by unit and age",
                                 ["category"] + [f"{b} days" for b in BUCKETS], charted, ["text"] + ["integer"] * 5)
                self.assertEqual(len(wb["Overdue responses by unit"]._images), 1)
                rows = [["response", r["ref"], r["unit"], day(r["due"]), day(r["original_due"]), r["days_overdue"],
                         r["ageing"], None, None] for r in report["responses"]]
                rows += [["action", a["ref"], a["unit"], day(a["due"]), day(a["original_due"]), a["days_overdue"],
                          a["ageing"], a["id"], a["description"]] for a in report["actions"]]
                self.assertEqual(bool(rows), as_of in (DAYS[1], DAYS[3]), rows)
                self.assertEqual(bool(units), bool(rows), units)
                self.assertEqual(bool(charted), bool(report["responses"]), charted)
                self.check_table(wb["Overdue responses and actions"], "Overdue responses and actions",
                                 OVERDUE_DETAIL, rows,
                                 ["text", "text", "text", "date", "date", "integer", "text", "integer", "text"])
        # The action's description that looks like a formula is a string.
        self.assertIn(ACTION, [a["description"] for a in report["actions"]])

    def test_rates(self):
        for as_of in DAYS:
            with self.subTest(as_of=as_of):
                report = self.store.json("--as", "dg", "report", "rates", "--as-of", as_of, "--json")
                wb, path = self.workbook("rates", "--as-of", as_of)
                self.check_workbook(wb, path, report, f"Acceptance, implementation and on-time rates as of {as_of}")
                self.assertEqual(wb.sheetnames, ["By year of issue", "By unit", "Responses on time and late",
                                                 "Implementation rate by year", "Implementation rate by unit"])
                # The charts' sheets: each chart's numbers (from the same
                # report's JSON) and its image.
                def rate(r):
                    return r["implementation"]["rate"]
                due = [[str(y["year"]), y["on_time"]["numerator"], y["within_extension"]["numerator"],
                        y["on_time"]["denominator"] - y["on_time"]["numerator"] - y["within_extension"]["numerator"]]
                       for y in report["by_year"]]
                self.check_table(wb["Responses on time and late"], "Responses on time and late, by year of issue",
                                 ["category", "on time", "within an extension", "late or missing"], due,
                                 ["text", "integer", "integer", "integer"])
                for name, title, rows in (
                        ("Implementation rate by year", "Implementation rate by year of issue",
                         [[str(y["year"]), rate(y)] for y in report["by_year"] if rate(y) is not None]),
                        ("Implementation rate by unit", "Implementation rate by unit",
                         [[u["unit"], rate(u)] for u in report["by_unit"] if rate(u) is not None])):
                    self.check_table(wb[name], title, ["category", "implemented"], rows, ["text", "ratio"])
                for name in wb.sheetnames[2:]:
                    self.assertEqual(len(wb[name]._images), 1, name)

                def cells(key, r):
                    # The within-extension rate's denominator is the on-time rate's.
                    self.assertEqual(r["within_extension"]["denominator"], r["on_time"]["denominator"])
                    return rates_row(key, r)

                kinds = ["text"] + ["integer", "integer", "ratio"] * 4 + ["integer", "ratio"] + \
                    ["integer", "integer", "ratio"]
                rows = [cells(str(y["year"]), y) for y in report["by_year"]] + [cells("Total", report["total"])]
                self.check_table(wb["By year of issue"], "By year of issue", ["year"] + RATES_HEADER, rows, kinds)
                rows = [cells(u["unit"], u) for u in report["by_unit"]]
                self.check_table(wb["By unit"], "By unit", ["unit"] + RATES_HEADER, rows, kinds)
                if as_of == DAYS[-1]:
                    rates = [r for row in rows for r, k in zip(row, kinds) if k == "ratio" and r is not None]
                    self.assertTrue(any(0 < r < 1 for r in rates), rows)

    def test_unit(self):
        formulas = 0
        for unit in ("MMS", "MRF-BA", "MPRP"):
            for as_of in DAYS:
                with self.subTest(unit=unit, as_of=as_of):
                    report = self.store.json("--as", "dg", "report", "unit", unit, "--as-of", as_of, "--json")
                    wb, path = self.workbook("unit", unit, "--as-of", as_of)
                    title = (f"What {unit} owes as of {as_of}: {report['responses_due']} response(s), "
                             f"{report['actions_due']} action(s), {report['overdue']} overdue")
                    self.check_workbook(wb, path, report, title)
                    self.assertEqual(wb.sheetnames, ["By date"])
                    rows = [[day(i["due"]), day(i["original_due"]), i["kind"], i["ref"], i["action_id"],
                             "yes" if i["overdue"] else "no", positive(i["days_overdue"]), i["ageing"],
                             i["office_rating"], i["text"]] for i in report["items"]]
                    self.check_table(wb["By date"], "By date", UNIT_DETAIL, rows,
                                     ["date", "date", "text", "text", "integer", "text", "integer", "text",
                                      "text", "text"])
                    for row in wb["By date"].iter_rows(min_row=4):
                        what = row[9]
                        if what.value is not None and what.value.lstrip()[:1] in ("=", "-", "@", "+"):
                            self.assertEqual(what.data_type, "s")
                            formulas += 1
        # The recommendation whose text starts with "=" is there, as the string it is.
        report = self.store.json("--as", "dg", "report", "unit", "MMS", "--as-of", DAYS[-1], "--json")
        self.assertIn(FORMULA, [i["text"] for i in report["items"]])
        wb, _ = self.workbook("unit", "MMS", "--as-of", DAYS[-1])
        texts = {row[9].value: row[9] for row in wb["By date"].iter_rows(min_row=4)}
        self.assertEqual(texts[FORMULA].data_type, "s")
        self.assertEqual(texts[FORMULA].value, FORMULA)
        self.assertGreaterEqual(formulas, 2)  # the recommendation, and the action

    def test_streamed_is_the_whole_report(self):
        # --limit 0 streams the detail into the workbook: the same cells.
        for kind in ("status", "overdue"):
            with self.subTest(kind=kind):
                whole, _ = self.workbook(kind, "--as-of", DAYS[-1])
                streamed, _ = self.workbook(kind, "--as-of", DAYS[-1], "--limit", "0")
                self.assertEqual(streamed.sheetnames, whole.sheetnames)
                for a, b in zip(whole.worksheets, streamed.worksheets):
                    self.assertEqual([[c.value for c in r] for r in a.iter_rows()],
                                     [[c.value for c in r] for r in b.iter_rows()])

    def test_standard_output_when_it_is_not_a_terminal(self):
        r = self.store.run("--as", "dg", "report", "rates", "--as-of", DAYS[-1], "--format", "xlsx")
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertEqual(r.stderr, b"")
        piped = openpyxl.load_workbook(io.BytesIO(r.stdout))
        written, _ = self.workbook("rates", "--as-of", DAYS[-1])
        self.assertEqual(piped.sheetnames, written.sheetnames)
        for a, b in zip(piped.worksheets, written.worksheets):
            self.assertEqual([[c.value for c in r] for r in a.iter_rows()],
                             [[c.value for c in r] for r in b.iter_rows()])

    def test_never_onto_a_terminal(self):
        r, shown = self.store.run_on_terminal("report", "status", "--format", "xlsx")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr.decode(), "followup: report --format xlsx writes a binary document: name its file "
                                            "with --output FILE, or send standard output to a file or a pipe\n")
        self.assertEqual(shown, b"", "nothing reaches the terminal")

    def test_never_overwrites_and_only_for_xlsx(self):
        out = self.path("kept.xlsx")
        with open(out, "wb") as f:
            f.write(b"kept")
        r = self.store.run("--as", "dg", "report", "status", "--format", "xlsx", "--output", out)
        self.assertEqual((r.returncode, r.stdout), (1, b""))
        self.assertEqual(r.stderr.decode(), f"followup: '{out}' exists; not overwritten\n")
        with open(out, "rb") as f:
            self.assertEqual(f.read(), b"kept")
        r = self.store.run("--as", "dg", "report", "status", "--format", "csv", "--output", self.path("x.csv"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("--output is for --format xlsx, docx or pdf", r.stderr.decode())
        self.assertFalse(os.path.exists(self.path("x.csv")))
        r = self.store.run("--as", "dg", "report", "status", "--json", "--format", "xlsx")
        self.assertEqual(r.returncode, 2, "--json and --format exclude each other")
        r = self.store.run("--as", "dg", "report", "status", "--format", "xlsx", "--output",
                           self.path("no-such-folder/r.xlsx"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("cannot write", r.stderr.decode())


if __name__ == "__main__":
    cli_test.FOLLOWUP = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
