#!/usr/bin/python3
"""The reports and the follow-up memo as Word documents (`report KIND
--format docx`, `memo EVAL --format docx`), from the real binary on the
store of the Excel test, read back by two independent readers: python-docx
(Debian's python3-docx) for every table row against the report's JSON of
the same date, the headings, the definitions' footnote and the footer's
page number; and LibreOffice, which turns every document into a PDF (one
call: it takes seconds to start) whose text (pdftotext) holds the title and
the report's figures. Also where a document may go (a new file, a pipe,
never a terminal).

Usage: docx_test.py PATH/TO/followup
"""
import io
import os
import re
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET
import zipfile

import docx

import cli_test
from cli_test import memo_paragraphs, memo_split
from xlsx_test import (BUCKETS, rates_row, COUNT_HEADER, COUNTS, DAYS, OVERDUE_DETAIL, RATES_HEADER, STATUS_DETAIL,
                       UNIT_DETAIL, reports_store)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def text(v):
    """A JSON value as the report's table writes it."""
    return "" if v is None else str(v)


def days(n):
    """The text reports leave a count of days empty when it is 0."""
    return str(n) if n else ""


def percent(rate):
    """A rate as the Word document shows it: 0.0%."""
    return "" if rate is None else "%.1f%%" % (rate * 100)


def folded(s):
    return " ".join(s.split())


def texts_of(element):
    """The text of an XML element's runs: line breaks as line ends."""
    out = ""
    for e in element.iter():
        if e.tag == W + "t":
            out += e.text or ""
        elif e.tag == W + "br":
            out += "\n"
        elif e.tag == W + "tab":
            out += "\t"
    return out


def status_tables(report):
    rows = [[g["evaluation"]] + [text(g[k]) for k in COUNTS] for g in report["by_evaluation"]]
    rows.append(["Total"] + [text(report["total"][k]) for k in COUNTS])
    by_unit = [[g["unit"]] + [text(g[k]) for k in COUNTS] for g in report["by_unit"]]
    detail = []
    for r in report["recommendations"]:
        rating = f"{r['office_rating']} ({r['rated_on']})" if r["office_rating"] else ""
        for u in r["units"]:
            detail.append([r["ref"], r["priority"], r["due"], text(r["issued"]), r["state"], text(r["response"]),
                           rating, u["unit"], text(u["extended_due"]), u["state"], text(u["claim"]),
                           text(u["responded_on"]), days(u["days_late"]), days(u["days_overdue"])])
    return [("By evaluation", ["evaluation"] + COUNT_HEADER, rows), ("By unit", ["unit"] + COUNT_HEADER, by_unit),
            ("Recommendations", STATUS_DETAIL, detail)]


def overdue_tables(report):
    ageing = [[b, text(report["ageing"]["responses"][b]), text(report["ageing"]["actions"][b])] for b in BUCKETS]
    detail = [["response", r["ref"], r["unit"], r["due"], text(r["original_due"]), text(r["days_overdue"]),
               text(r["ageing"]), "", ""] for r in report["responses"]]
    detail += [["action", a["ref"], a["unit"], a["due"], text(a["original_due"]), text(a["days_overdue"]),
                text(a["ageing"]), text(a["id"]), a["description"]] for a in report["actions"]]
    units = [[u["unit"]] + [text(u["responses"][b]) for b in BUCKETS] + [text(u["actions"])]
             for u in report["by_unit"]]
    return [("Ageing", ["days overdue", "responses", "actions"], ageing),
            ("Overdue by unit", ["unit"] + [f"{b} days" for b in BUCKETS] + ["overdue actions"], units),
            ("Overdue responses and actions", OVERDUE_DETAIL, detail)]


def rates_tables(report):
    def cells(key, r):
        return rates_row(key, r, text, percent)
    years = [cells(str(y["year"]), y) for y in report["by_year"]] + [cells("Total", report["total"])]
    units = [cells(u["unit"], u) for u in report["by_unit"]]
    return [("By year of issue", ["year"] + RATES_HEADER, years), ("By unit", ["unit"] + RATES_HEADER, units)]


def unit_tables(report):
    rows = [[i["due"], text(i["original_due"]), i["kind"], i["ref"], text(i["action_id"]),
             "yes" if i["overdue"] else "no", days(i["days_overdue"]), text(i["ageing"]), text(i["office_rating"]),
             i["text"]] for i in report["items"]]
    return [("By date", UNIT_DETAIL, rows)]


class DocxTest(unittest.TestCase):
    """One store; every document is written once, read by python-docx as it
    is checked, and turned into PDF by LibreOffice at the end."""

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

    def write(self, command, *args, history=True):
        """The document `command ARGS --format docx --output FILE` writes."""
        DocxTest.count += 1
        out = self.path(f"{command}-{DocxTest.count}.docx")
        printed = self.store.ok("--as", "dg", command, *args, "--format", "docx", "--output", out)
        expected = r"^wrote .*\.docx \(\d+ bytes\)\n" + (r"History head: \d+:[0-9a-f]{64}\n" if history else "") + "$"
        self.assertRegex(printed, expected)
        self.assertTrue(zipfile.is_zipfile(out))
        return out

    def check_page_numbers(self, path):
        d = docx.Document(path)
        self.assertEqual(d.sections[0].footer.paragraphs[0].text, "Page 1 of 1")
        with zipfile.ZipFile(path) as z:
            footer = ET.fromstring(z.read("word/footer1.xml"))
        self.assertEqual([e.text for e in footer.iter(W + "instrText")], [" PAGE ", " NUMPAGES "])

    def check_report(self, kind, args, title, tables):
        """The report's document: its title and properties, its as-of line,
        each table under its heading with exactly these rows, the
        definitions as a footnote on the title, page numbers; the PDF's
        text is checked later. Returns the file."""
        report = self.store.json("--as", "dg", "report", *args, "--json")
        shown = self.store.ok("--as", "dg", "report", *args)
        path = self.write("report", *args)
        d = docx.Document(path)
        head = f"{report['history_head']['entries']}:{report['history_head']['hash']}"
        self.assertEqual(d.core_properties.title, title)
        self.assertEqual(d.core_properties.subject, "followup report " + kind)
        self.assertEqual(d.core_properties.author, "followup")
        self.assertIn("History head: " + head, d.core_properties.comments)
        paragraphs = [(p.style.name, p.text) for p in d.paragraphs if p.text]
        self.assertEqual(paragraphs[0], ("Title", title))
        self.assertEqual(paragraphs[1], ("Normal", f"As of {report['as_of']}. History head: {head}."))
        self.assertEqual([t for s, t in paragraphs if s == "Heading 1"], [t for t, _, _ in tables])
        self.assertEqual(len(d.tables), len(tables))
        for table, (name, header, rows) in zip(d.tables, tables):
            got = [[c.text for c in r.cells] for r in table.rows]
            self.assertEqual(got[0], header, name)
            self.assertEqual(got[1:], rows, name)
            self.assertIsNotNone(table.rows[0]._tr.find(f"{W}trPr/{W}tblHeader"), name)
        # The definitions, as the text report ends with them, are the title's footnote.
        definitions = shown[shown.index("Definitions: "):shown.rindex("\nHistory head:")].strip()
        with zipfile.ZipFile(path) as z:
            notes = ET.fromstring(z.read("word/footnotes.xml"))
            body = ET.fromstring(z.read("word/document.xml"))
        note = [n for n in notes.iter(W + "footnote") if n.get(W + "id") == "1"]
        self.assertEqual(len(note), 1)
        self.assertEqual(texts_of(note[0]).strip(), definitions)
        title_paragraph = next(body.iter(W + "p"))
        self.assertEqual([r.get(W + "id") for r in title_paragraph.iter(W + "footnoteReference")], ["1"])
        self.check_page_numbers(path)
        DocxTest.pdf_checks.append((path, [title] + self.figures(tables)))
        return path

    def check_charts(self, path, titles):
        """The report's charts, after its tables: each under its title, a PNG image."""
        d = docx.Document(path)
        headings = [(p.style.name, p.text) for p in d.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
        self.assertEqual(headings[-len(titles):], [("Heading 2", t) for t in titles])
        self.assertEqual([s for s, _ in headings[:-len(titles)]], ["Heading 1"] * (len(headings) - len(titles)))
        self.assertEqual(len(d.inline_shapes), len(titles))
        with zipfile.ZipFile(path) as z:
            images = [n for n in z.namelist() if n.startswith("word/media/")]
            self.assertEqual(len(images), len(titles))
            for name in images:
                self.assertTrue(z.read(name).startswith(b"\x89PNG\r\n\x1a\n"), name)

    @staticmethod
    def figures(tables):
        """Some of the tables' cells the PDF must show: each row's first
        cell and every percentage."""
        out = []
        for _, _, rows in tables:
            for row in rows:
                out.append(row[0])
                out += [c for c in row if c.endswith("%")]
        return [c for c in out if c]

    pdf_checks = []

    def test_1_reports(self):
        for as_of in (DAYS[1], DAYS[3]):
            with self.subTest(kind="status", as_of=as_of):
                report = self.store.json("--as", "dg", "report", "status", "--as-of", as_of, "--json")
                tables = status_tables(report)
                self.assertGreater(len(tables[2][2]), 2)
                path = self.check_report("status", ["status", "--as-of", as_of],
                                         f"Status of follow-up as of {as_of}", tables)
                self.check_charts(path, ["Responses by unit"])
            with self.subTest(kind="overdue", as_of=as_of):
                report = self.store.json("--as", "dg", "report", "overdue", "--as-of", as_of, "--json")
                tables = overdue_tables(report)
                self.assertTrue(tables[1][2], "units owing on both days")
                self.assertTrue(tables[2][2], "rows overdue on both days")
                path = self.check_report("overdue", ["overdue", "--as-of", as_of], f"Overdue as of {as_of}", tables)
                self.check_charts(path, ["Overdue responses by unit and age"])
            with self.subTest(kind="rates", as_of=as_of):
                report = self.store.json("--as", "dg", "report", "rates", "--as-of", as_of, "--json")
                tables = rates_tables(report)
                path = self.check_report("rates", ["rates", "--as-of", as_of],
                                         f"Acceptance, implementation and on-time rates as of {as_of}", tables)
                self.check_charts(path, ["Responses on time and late, by year of issue",
                                         "Implementation rate by year of issue", "Implementation rate by unit"])
            for unit in ("MMS", "MRF-BA"):
                with self.subTest(kind="unit", unit=unit, as_of=as_of):
                    report = self.store.json("--as", "dg", "report", "unit", unit, "--as-of", as_of, "--json")
                    title = (f"What {unit} owes as of {as_of}: {report['responses_due']} response(s), "
                             f"{report['actions_due']} action(s), {report['overdue']} overdue")
                    self.check_report("unit", ["unit", unit, "--as-of", as_of], title, unit_tables(report))
        # A rate that is a fraction, shown as a percentage.
        self.assertTrue(any(re.fullmatch(r"\d\d?\.\d%", f) for _, fs in DocxTest.pdf_checks for f in fs))

    def test_1_streamed_is_the_whole_report(self):
        for kind in ("status", "overdue"):
            with self.subTest(kind=kind):
                whole = docx.Document(self.write("report", kind, "--as-of", DAYS[3]))
                streamed = docx.Document(self.write("report", kind, "--as-of", DAYS[3], "--limit", "0"))
                self.assertEqual([[[c.text for c in r.cells] for r in t.rows] for t in streamed.tables],
                                 [[[c.text for c in r.cells] for r in t.rows] for t in whole.tables])
                self.assertEqual([(p.style.name, p.text) for p in streamed.paragraphs],
                                 [(p.style.name, p.text) for p in whole.paragraphs])
                self.assertEqual(len(streamed.inline_shapes), 1)

    def test_1_memos(self):
        for code in ("PLACMI-2", "FP"):
            with self.subTest(code=code):
                original, follow_up = memo_split(self.store, code, DAYS[3])
                path = self.write("memo", code, "--as-of", DAYS[3], history=False)
                d = docx.Document(path)
                title = f"Follow-up memorandum: {code} as of 1 June 2005"
                self.assertEqual(d.core_properties.title, title)
                paragraphs = [(p.style.name, p.text) for p in d.paragraphs]
                self.assertEqual(paragraphs[:2], [("Title", title), ("Normal", f"As of {DAYS[3]}.")])
                at = paragraphs.index(("Heading 1", "Follow-up as of 1 June 2005"))
                # The memo as sent, paragraph for paragraph.
                self.assertEqual([t for _, t in paragraphs[2:at]], memo_paragraphs(original))
                self.assertEqual({s for s, _ in paragraphs[2:at]}, {"Normal"})
                # The follow-up: each recommendation's line a heading, its details paragraphs.
                expected = []
                for line in follow_up.rstrip("\n").split("\n"):
                    if line.startswith("   "):
                        expected.append(("Normal", line[3:]))
                    elif line:
                        expected.append(("Heading 2", line))
                self.assertGreaterEqual(len(expected), 4)
                self.assertEqual(paragraphs[at + 1:], expected)
                self.check_page_numbers(path)
                DocxTest.pdf_checks.append((path, [title, "Follow-up as of 1 June 2005"] +
                                            [t for _, t in expected]))

    def test_2_pdf(self):
        """Every document written above, in one LibreOffice call."""
        self.assertEqual(len(DocxTest.pdf_checks), 12)  # 2 days of 5 reports, 2 memos
        out = self.path("pdf")
        os.mkdir(out)
        profile = "file://" + self.path("lo")
        r = subprocess.run(["soffice", "--headless", f"-env:UserInstallation={profile}", "--convert-to", "pdf",
                            "--outdir", out] + [p for p, _ in DocxTest.pdf_checks],
                           capture_output=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        for path, expected in DocxTest.pdf_checks:
            pdf = os.path.join(out, os.path.basename(path)[:-len(".docx")] + ".pdf")
            with self.subTest(pdf=os.path.basename(pdf)):
                self.assertTrue(os.path.exists(pdf), r.stdout.decode() + r.stderr.decode())
                shown = folded(subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, check=True,
                                              timeout=60).stdout.decode())
                for piece in expected:
                    self.assertIn(folded(piece), shown)

    def test_standard_output_when_it_is_not_a_terminal(self):
        r = self.store.run("--as", "dg", "report", "rates", "--as-of", DAYS[3], "--format", "docx")
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertEqual(r.stderr, b"")
        written = self.write("report", "rates", "--as-of", DAYS[3])
        # The same parts but for the creation time in docProps/core.xml.
        with zipfile.ZipFile(written) as a, zipfile.ZipFile(io.BytesIO(r.stdout)) as b:
            self.assertEqual(a.namelist(), b.namelist())
            for name in a.namelist():
                if name != "docProps/core.xml":
                    self.assertEqual(a.read(name), b.read(name), name)

    def test_never_onto_a_terminal(self):
        for command in (["report", "status"], ["memo", "PLACMI-2"]):
            with self.subTest(command=command[0]):
                r, shown = self.store.run_on_terminal(*command, "--format", "docx")
                self.assertEqual(r.returncode, 1)
                self.assertEqual(r.stderr.decode(),
                                 f"followup: {command[0]} --format docx writes a binary document: name its file "
                                 "with --output FILE, or send standard output to a file or a pipe\n")
                self.assertEqual(shown, b"", "nothing reaches the terminal")

    def test_never_overwrites_and_only_for_docx(self):
        out = self.path("kept.docx")
        with open(out, "wb") as f:
            f.write(b"kept")
        for command in (["report", "status"], ["memo", "PLACMI-2"]):
            with self.subTest(command=command[0]):
                r = self.store.run("--as", "dg", *command, "--format", "docx", "--output", out)
                self.assertEqual((r.returncode, r.stdout), (1, b""))
                self.assertEqual(r.stderr.decode(), f"followup: '{out}' exists; not overwritten\n")
                with open(out, "rb") as f:
                    self.assertEqual(f.read(), b"kept")
        r = self.store.run("--as", "dg", "memo", "PLACMI-2", "--output", self.path("m.txt"))
        self.assertEqual((r.returncode, r.stdout), (1, b""))
        self.assertEqual(r.stderr.decode(), "followup: memo --output is for --format docx, pdf or xlsx (the other "
                                            "formats print to standard output)\n")
        self.assertFalse(os.path.exists(self.path("m.txt")))
        r = self.store.run("--as", "dg", "memo", "PLACMI-2", "--original", "--format", "docx", "--output",
                           self.path("o.docx"))
        self.assertEqual((r.returncode, r.stdout), (1, b""))
        self.assertEqual(r.stderr.decode(), "followup: memo --original writes the memo as it was imported; "
                                            "--format docx writes it regenerated: choose one\n")
        r = self.store.run("--as", "dg", "memo", "PLACMI-2", "--format", "docx", "--output",
                           self.path("no-such-folder/m.docx"))
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr.decode(), f"followup: cannot write '{self.path('no-such-folder/m.docx')}'\n")


if __name__ == "__main__":
    cli_test.FOLLOWUP = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
