#!/usr/bin/python3
"""The reports as PDF (`report KIND --format pdf`), read back by poppler's
tools (Debian's poppler-utils), from the real binary on a real store
holding the seed scenario and a memo of many recommendations: pdfinfo (the
title, the page count, tagging), pdffonts (every font embedded), pdftotext
(every row of the report's JSON of the same date on a line of its own, the
header row on every page a table runs onto) and pdftoppm (each page's
image, kept under the build directory's test-artifacts/pdf/, not blank).

Usage: pdf_test.py PATH/TO/followup
"""
import os
import re
import subprocess
import sys
import tempfile
import unittest

from PIL import Image

import cli_test
from cli_test import Store, formula_memo, long_day, memo_split
from xlsx_test import rates_row
from trusted_record_test import seed_scenario

# Enough recommendations for MMS that the status detail and MMS's report run over several pages.
TEXTS = [f"Strengthen the pilot's record keeping, part {i + 1}" for i in range(60)]
# A unit late, and years on with the memo's recommendations overdue.
DAYS = ("2001-09-01", "2005-06-01")
BUCKETS = ["1-30", "31-90", "91-180", "181-365", "over 365"]
COUNTS = ["recommendations", "open", "awaiting_response", "responded_on_time", "responded_within_extension",
          "responded_late", "overdue", "in_progress", "claimed", "validated", "implemented", "closed",
          "closed_without_response", "entered_late"]
# The first word of each header cell: the first line of a header row, as pdftotext lays it out.
STATUS_HEADER = ["ref", "priority", "due", "issued", "state", "response", "office", "unit", "extended", "unit",
                 "claim", "responded", "days", "days"]
UNIT_HEADER = ["due", "original", "kind", "ref", "action", "overdue", "days", "ageing", "office", "what"]


def first_word(value):
    """A cell's first word as pdftotext shows it (None: an empty cell, nothing to find)."""
    if value is None or value == "":
        return None
    return str(value).split()[0]


def percent(rate):
    return None if rate is None else f"{rate * 100:.1f}%"


def has_line(lines, tokens):
    """True when one line holds the tokens' words, as whole words, in order."""
    wanted = [w for t in tokens if t is not None for w in t.split()]
    for line in lines:
        words = line.split()
        at = 0
        for word in words:
            if at < len(wanted) and word == wanted[at]:
                at += 1
        if at == len(wanted):
            return True
    return False


class PdfTest(unittest.TestCase):
    """One store for every test: they only read it."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        s = cls.store = Store(cls.tmp.name)
        seed_scenario(s)
        s.ok("--as", "ba", "report-progress", "PLACMI-2#1", "--unit", "MRF-BA", "--status", "implemented",
             "--text", "The meeting took place", "--action-done", "1", "--as-of", "2001-10-20")
        memo = os.path.join(cls.tmp.name, "many.md")
        with open(memo, "w", encoding="utf-8") as f:
            f.write(formula_memo(TEXTS))
        s.ok("import", memo)
        s.ok("issue", "FP", "--as-of", "2004-11-03")
        s.ok("--as", "mms", "respond", "FP#2", "--unit", "MMS", "--decision", "accepted", "--action",
             "Train the clerks|MMS|2004-12-01", "--as-of", "2004-11-10")
        cls.artefacts = os.path.join(os.path.dirname(cli_test.FOLLOWUP), "test-artifacts", "pdf")
        os.makedirs(cls.artefacts, exist_ok=True)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def tool(self, *args):
        r = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60, check=False)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        return r.stdout.decode()

    def pdf(self, name, *args, command="report"):
        """`COMMAND ARGS --format pdf --output FILE`, checked by pdfinfo and
        pdffonts, its pages drawn as images: its info and each page's text.
        A report's file is followed by its history head."""
        out = os.path.join(self.tmp.name, name + ".pdf")
        printed = self.store.ok("--as", "dg", command, *args, "--format", "pdf", "--output", out)
        head = r"History head: \d+:[0-9a-f]{64}\n" if command == "report" else ""
        self.assertRegex(printed, rf"^wrote .*\.pdf \(\d+ bytes\)\n{head}$")
        with open(out, "rb") as f:
            self.assertTrue(f.read(5) == b"%PDF-")
        info = dict(re.findall(r"^([^:\n]+):\s*(.*)$", self.tool("pdfinfo", out), re.M))
        self.assertEqual(info["Tagged"], "yes", name)
        self.assertEqual(info["Creator"], "followup", name)
        self.assertIn("A4", info["Page size"], name)
        pages = int(info["Pages"])
        self.assertGreaterEqual(pages, 1)
        fonts = self.tool("pdffonts", out).splitlines()
        emb = fonts[0].index("emb")
        self.assertGreater(len(fonts), 2, "at least one font")
        for line in fonts[2:]:
            self.assertEqual(line[emb:emb + 3], "yes", f"{name}: {line}")
        self.assertIn("DejaVuSans", "\n".join(fonts[2:]))
        for old in os.listdir(self.artefacts):
            if old.startswith(name + "-"):
                os.remove(os.path.join(self.artefacts, old))
        self.tool("pdftoppm", "-r", "50", "-png", out, os.path.join(self.artefacts, name))
        images = sorted(f for f in os.listdir(self.artefacts) if f.startswith(name + "-"))
        self.assertEqual(len(images), pages, images)
        for image in images:
            with Image.open(os.path.join(self.artefacts, image)) as im:
                gray = im.convert("L")
                dark = sum(gray.histogram()[:128])
                self.assertGreater(dark, 200, f"{image} has ink")
        text = self.tool("pdftotext", "-layout", out, "-")
        page_texts = text.split("\f")[:pages]
        for n, page in enumerate(page_texts, 1):
            self.assertIn(f"Page {n} of {pages}", page, name)
        return info, page_texts

    def check_head(self, info, pages, report, title):
        self.assertEqual(info["Title"], title)
        lines = pages[0].splitlines()
        self.assertIn(title.split(":")[0], pages[0])
        head = f"{report['history_head']['entries']}:{report['history_head']['hash']}"
        self.assertRegex(pages[0], rf"As of {report['as_of']} · History head:\s+{head}\n")
        self.assertIn("\nDefinitions\n", "\n".join(pages))

    def check_rows(self, pages, rows):
        lines = [line for page in pages for line in page.splitlines()]
        for row in rows:
            self.assertTrue(has_line(lines, row), f"no line holds {row}")

    def check_chart(self, pages, last_table, title, legend, bars):
        """A chart drawn after the table titled `last_table`: its title, its
        legend, a line per bar (its category and total, as `bars` has them,
        in order), the axis from 0, then its description."""
        self.assertTrue(bars, title)
        lines = [" ".join(line.split()) for page in pages for line in page.splitlines()]
        lines = [line for line in lines if line]
        self.assertEqual(lines.count(title), 1, title)
        at = lines.index(title)
        self.assertLess(next(n for n, line in enumerate(lines) if line.startswith(last_table)), at)
        self.assertEqual(lines[at + 1], " ".join(legend))
        self.assertEqual(lines[at + 2:at + 2 + len(bars)], [f"{c} {total}" for c, total in bars])
        self.assertTrue(lines[at + 2 + len(bars)].startswith("0 "), lines[at + 2 + len(bars)])
        self.assertTrue(lines[at + 3 + len(bars)].startswith("For each "), lines[at + 3 + len(bars)])

    def check_header_on_every_page(self, pages, title, header, rows):
        """The table's header row heads each page holding any of its rows."""
        holding = [n for n, page in enumerate(pages) if any(has_line(page.splitlines(), row) for row in rows)]
        self.assertTrue(holding)
        for n in holding:
            page = pages[n].splitlines()
            self.assertTrue(has_line(page, header), f"page {n + 1} has no header row")
            if n != holding[0]:
                self.assertIn(title + " (continued)", pages[n])
        return len(holding)

    def test_memo(self):
        """The follow-up memo as a PDF: its title, the memo as sent and the
        follow-up, as the text format has them."""
        for code in ("PLACMI-2", "FP"):
            with self.subTest(code=code):
                original, follow_up = memo_split(self.store, code, DAYS[1])
                info, pages = self.pdf(f"memo-{code}", code, "--as-of", DAYS[1], command="memo")
                title = f"Follow-up memorandum: {code} as of {long_day(DAYS[1])}"
                self.assertEqual(info["Title"], title)
                shown = [re.sub(rf"^\s*Page {n} of {len(pages)}\s*$", "", page, flags=re.M)
                         for n, page in enumerate(pages, 1)]
                expected = f"{title}\nAs of {DAYS[1]}\n{original}\nFollow-up as of {long_day(DAYS[1])}\n{follow_up}"
                # Every character in order; the lines may break anywhere, after a hyphen too.
                self.assertEqual("".join("".join(shown).split()), "".join(expected.split()))
                if code == "FP":
                    self.assertGreaterEqual(len(pages), 2, "the follow-up of 60 recommendations runs on")

    def test_status(self):
        for as_of in DAYS:
            with self.subTest(as_of=as_of):
                report = self.store.json("--as", "dg", "report", "status", "--as-of", as_of, "--json")
                info, pages = self.pdf(f"status-{as_of}", "status", "--as-of", as_of)
                self.check_head(info, pages, report, f"Status of follow-up as of {as_of}")
                self.check_rows(pages, [[g["evaluation"]] + [str(g[k]) for k in COUNTS]
                                        for g in report["by_evaluation"]])
                self.check_rows(pages, [["Total"] + [str(report["total"][k]) for k in COUNTS]])
                self.check_rows(pages, [[g["unit"]] + [str(g[k]) for k in COUNTS] for g in report["by_unit"]])
                rows = []
                for r in report["recommendations"]:
                    for u in r["units"]:
                        rows.append([r["ref"], r["priority"], r["due"], r["issued"], first_word(r["state"]),
                                     first_word(r["response"]), u["unit"], u["extended_due"],
                                     first_word(u["state"]), u["responded_on"],
                                     str(u["days_late"]) if u["days_late"] else None,
                                     str(u["days_overdue"]) if u["days_overdue"] else None])
                self.check_rows(pages, rows)
                spread = self.check_header_on_every_page(pages, "Recommendations", STATUS_HEADER, rows)
                # Its chart after the tables: each unit's recommendations by its response status.
                self.check_chart(pages, "Recommendations", "Responses by unit",
                                 ["on time", "within an extension", "late", "overdue", "awaiting"],
                                 [(g["unit"], sum(g[k] for k in ("responded_on_time", "responded_within_extension",
                                                                 "responded_late", "overdue", "awaiting_response")))
                                  for g in report["by_unit"]])
                if as_of == DAYS[-1]:
                    self.assertGreater(len(rows), 60)
                    self.assertGreaterEqual(spread, 2, "the detail runs over pages")

    def test_overdue(self):
        for as_of in DAYS:
            with self.subTest(as_of=as_of):
                report = self.store.json("--as", "dg", "report", "overdue", "--as-of", as_of, "--json")
                info, pages = self.pdf(f"overdue-{as_of}", "overdue", "--as-of", as_of)
                self.check_head(info, pages, report, f"Overdue as of {as_of}")
                self.check_rows(pages, [[b, str(report["ageing"]["responses"][b]),
                                         str(report["ageing"]["actions"][b])] for b in BUCKETS])
                rows = [["response", r["ref"], r["unit"], r["due"], r["original_due"], str(r["days_overdue"]),
                         first_word(r["ageing"])] for r in report["responses"]]
                rows += [["action", a["ref"], a["unit"], a["due"], a["original_due"], str(a["days_overdue"]),
                          first_word(a["ageing"]), str(a["id"]), first_word(a["description"])]
                         for a in report["actions"]]
                self.assertTrue(rows)
                self.check_rows(pages, rows)
                units = [[u["unit"]] + [str(u["responses"][b]) for b in BUCKETS] + [str(u["actions"])]
                         for u in report["by_unit"]]
                self.assertTrue(units)
                self.check_rows(pages, units)
                # Its chart after the tables: the units' overdue responses by days overdue.
                self.check_chart(pages, "Overdue responses and actions", "Overdue responses by unit and age",
                                 [f"{b} days" for b in BUCKETS],
                                 [(u["unit"], sum(u["responses"].values())) for u in report["by_unit"]
                                  if sum(u["responses"].values())])

    def test_rates(self):
        for as_of in DAYS:
            with self.subTest(as_of=as_of):
                report = self.store.json("--as", "dg", "report", "rates", "--as-of", as_of, "--json")
                info, pages = self.pdf(f"rates-{as_of}", "rates", "--as-of", as_of)
                self.check_head(info, pages, report, f"Acceptance, implementation and on-time rates as of {as_of}")

                def cells(key, r):
                    return rates_row(key, r, str, percent)

                rows = [cells(str(y["year"]), y) for y in report["by_year"]] + [cells("Total", report["total"])]
                rows += [cells(u["unit"], u) for u in report["by_unit"]]
                self.check_rows(pages, rows)
                # Its charts after the tables, under their titles.
                text = "\n".join(pages)
                at = [text.find(t) for t in ("Responses on time and late, by year of issue",
                                             "Implementation rate by year of issue", "Implementation rate by unit")]
                self.assertTrue(all(a > text.find("By unit") for a in at) and at == sorted(at), at)
                if as_of == DAYS[-1]:
                    self.assertTrue(any(c and c.endswith("%") and c not in ("0.0%", "100.0%")
                                        for row in rows for c in row), rows)

    def test_unit(self):
        # MMS on both days (its items run over pages on the later one), the others on one.
        for unit, as_of in (("MMS", DAYS[0]), ("MMS", DAYS[1]), ("MRF-BA", DAYS[0]), ("MPRP", DAYS[1])):
            with self.subTest(unit=unit, as_of=as_of):
                report = self.store.json("--as", "dg", "report", "unit", unit, "--as-of", as_of, "--json")
                info, pages = self.pdf(f"unit-{unit}-{as_of}", "unit", unit, "--as-of", as_of)
                title = (f"What {unit} owes as of {as_of}: {report['responses_due']} response(s), "
                         f"{report['actions_due']} action(s), {report['overdue']} overdue")
                self.check_head(info, pages, report, title)
                rows = [[i["due"], i["original_due"], i["kind"], i["ref"],
                         str(i["action_id"]) if i["action_id"] is not None else None,
                         "yes" if i["overdue"] else "no",
                         str(i["days_overdue"]) if i["days_overdue"] else None, first_word(i["ageing"]),
                         first_word(i["office_rating"]), first_word(i["text"])] for i in report["items"]]
                self.check_rows(pages, rows)
                if rows:
                    spread = self.check_header_on_every_page(pages, "By date", UNIT_HEADER, rows)
                    if unit == "MMS" and as_of == DAYS[-1]:
                        self.assertGreaterEqual(spread, 2, "MMS's items run over pages")

    def test_streamed_is_the_whole_report(self):
        # --limit 0 streams the detail into the document: the same bytes.
        for kind in ("status", "overdue"):
            with self.subTest(kind=kind):
                whole = self.store.run("--as", "dg", "report", kind, "--as-of", DAYS[-1], "--format", "pdf")
                streamed = self.store.run("--as", "dg", "report", kind, "--as-of", DAYS[-1], "--limit", "0",
                                          "--format", "pdf")
                self.assertEqual((whole.returncode, streamed.returncode), (0, 0), streamed.stderr.decode())
                self.assertTrue(whole.stdout.startswith(b"%PDF-"))
                # The creation time is the clock's: the same second in both, or not.
                strip = re.compile(rb"/CreationDate \([^)]*\)")
                self.assertEqual(strip.sub(b"", whole.stdout), strip.sub(b"", streamed.stdout))

    def test_never_onto_a_terminal(self):
        r, shown = self.store.run_on_terminal("report", "rates", "--format", "pdf")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr.decode(), "followup: report --format pdf writes a binary document: name its file "
                                            "with --output FILE, or send standard output to a file or a pipe\n")
        self.assertEqual(shown, b"", "nothing reaches the terminal")

    def test_never_overwrites(self):
        out = os.path.join(self.tmp.name, "kept.pdf")
        with open(out, "wb") as f:
            f.write(b"kept")
        r = self.store.run("--as", "dg", "report", "status", "--format", "pdf", "--output", out)
        self.assertEqual((r.returncode, r.stdout), (1, b""))
        self.assertEqual(r.stderr.decode(), f"followup: '{out}' exists; not overwritten\n")
        with open(out, "rb") as f:
            self.assertEqual(f.read(), b"kept")
        r = self.store.run("--as", "dg", "report", "status", "--format", "csv", "--output", out + ".csv")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr.decode(), "followup: report --output is for --format xlsx, docx or pdf (the "
                                            "other formats print to standard output)\n")


if __name__ == "__main__":
    cli_test.FOLLOWUP = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
