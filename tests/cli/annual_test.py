#!/usr/bin/python3
"""`make run`'s demo store, made as `make run` makes it (scripts/demo.sh
--no-serve), and the report to the governing body on it: `report annual
--year 2001-2005` in JSON (its rates are `report rates --json`'s of the same
date, its lists and counts those of the status report's detail), as PDF
(poppler's pdfinfo, pdffonts, pdftotext; pdftoppm's page images kept under
the build directory's test-artifacts/annual/, the charts' colours on them),
as Word (python-docx: every table against the JSON, the four charts as
images) and as Excel (openpyxl), the Word and Excel files then turned into
PDF by one LibreOffice call.

Usage: annual_test.py PATH/TO/followup
"""
import os
import re
import subprocess
import sys
import tempfile
import unittest
import zipfile

import docx
import openpyxl
from PIL import Image

import cli_test
from cli_test import Store

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
AS_OF = "2005-12-31"
CHARTS = ["Overdue responses by unit and age", "Responses by year of issue", "Implementation rate by year of issue",
          "Implementation rate by unit"]
# Two of the charts' colours (render/chart.cc): the first series' and the fifth's.
BLUE, VERMILION = (0x00, 0x72, 0xB2), (0xD5, 0x5E, 0x00)
BUCKETS = ["1-30", "31-90", "91-180", "181-365", "over 365"]


def near(pixel, colour):
    return all(abs(a - b) <= 8 for a, b in zip(pixel[:3], colour))


def run(args, timeout=120):
    return subprocess.run(args, capture_output=True, check=True, timeout=timeout).stdout.decode()


class AnnualTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.store = Store(cls.tmp.name, init=False)
        env = dict(os.environ)
        env.pop("FOLLOWUP_DB", None)
        env.pop("FOLLOWUP_USER", None)
        env["FOLLOWUP_DEMO_STORE"] = cls.store.path
        env["FOLLOWUP_BIN"] = cli_test.FOLLOWUP
        cls.demo = subprocess.run([os.path.join(ROOT, "scripts", "demo.sh"), "--no-serve"], capture_output=True,
                                  env=env, timeout=300)
        cls.artefacts = os.path.join(os.path.dirname(cli_test.FOLLOWUP), "test-artifacts", "annual")
        os.makedirs(cls.artefacts, exist_ok=True)
        for old in os.listdir(cls.artefacts):
            os.remove(os.path.join(cls.artefacts, old))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def annual(self):
        return self.store.json("--as", "dg", "report", "annual", "--year", "2001-2005", "--json")

    def write(self, fmt):
        out = self.path(f"annual-{fmt}.{fmt}")
        if not os.path.exists(out):
            self.store.ok("--as", "dg", "report", "annual", "--year", "2001-2005", "--format", fmt, "--output", out)
        return out

    def test_make_run_makes_its_store_without_an_error(self):
        self.assertEqual(self.demo.returncode, 0, self.demo.stderr.decode())
        said = self.demo.stdout.decode() + self.demo.stderr.decode()
        self.assertNotIn("followup:", said)
        self.assertIn("history verified", said)
        status = self.store.json("--as", "dg", "report", "status", "--as-of", AS_OF, "--limit", "1", "--json")
        # The three memos' 8 recommendations and the tracker's 170.
        self.assertEqual(status["total"]["recommendations"], 178)

    def test_the_annual_report_counts_as_the_other_reports(self):
        annual = self.annual()
        self.assertEqual((annual["as_of"], annual["first_year"], annual["last_year"]), (AS_OF, 2001, 2005))
        rates = self.store.json("--as", "dg", "report", "rates", "--as-of", AS_OF, "--json")
        self.assertEqual(annual["rates"], {k: rates[k] for k in ("total", "by_year", "by_unit")})
        self.assertEqual(annual["history_head"], rates["history_head"])
        self.assertEqual(annual["report"], "annual")
        status = self.store.json("--as", "dg", "report", "status", "--as-of", AS_OF, "--limit", "0", "--json")
        groups = {g["evaluation"]: g for g in status["by_evaluation"]}
        self.assertEqual([e["evaluation"] for e in annual["evaluations"]], ["PLACMI-2", "CAPFRON", "RRP-WA"])
        for e in annual["evaluations"]:
            self.assertEqual({k: v for k, v in e.items() if k not in ("title", "issued")}, groups[e["evaluation"]])
        lines = status["recommendations"]
        # Open, and issued more than 730 days before 2005-12-31: before 2004-01-01.
        long_open = [l for l in lines if not l["state"].startswith("closed") and l["issued"] < "2004-01-01"]
        self.assertEqual(annual["long_outstanding_total"], len(long_open))
        self.assertEqual(sorted(l["ref"] for l in annual["long_outstanding"]), sorted(l["ref"] for l in long_open))
        self.assertEqual(annual["priority_total"], len([l for l in lines if l["priority"] == "high"]))
        years = {}
        for l in lines:
            y = years.setdefault(int(l["issued"][:4]), {"on_time": 0, "within_extension": 0, "late": 0,
                                                        "overdue": 0, "awaiting": 0})
            y["awaiting" if l["response"] in ("awaiting", "not_issued") else l["response"]] += 1
        self.assertEqual(annual["responses_by_year"], [dict(year=k, **v) for k, v in sorted(years.items())])
        overdue = self.store.json("--as", "dg", "report", "overdue", "--as-of", AS_OF, "--limit", "0", "--json")
        owing = {}
        for r in overdue["responses"]:
            owing.setdefault(r["unit"], [0] * 6)[BUCKETS.index(r["ageing"])] += 1
        for a in overdue["actions"]:
            owing.setdefault(a["unit"], [0] * 6)[5] += 1
        self.assertEqual({u["unit"]: [u["responses"][b] for b in BUCKETS] + [u["actions"]]
                          for u in annual["overdue_by_unit"]}, owing)

    def test_the_annual_report_as_pdf(self):
        annual = self.annual()
        pdf = self.write("pdf")
        info = run(["pdfinfo", pdf])
        self.assertIn("Title:           Evaluation follow-up, 2001-2005, as of 2005-12-31", info)
        self.assertIn("Tagged:          yes", info)
        fonts = run(["pdffonts", pdf]).splitlines()[2:]
        self.assertTrue(fonts)
        for line in fonts:
            self.assertIn(" yes ", line)  # embedded
        text = run(["pdftotext", "-layout", pdf, "-"])
        lines = text.splitlines()
        for chart in CHARTS:
            self.assertIn(chart, text)
        for e in annual["evaluations"]:
            self.assertTrue(any(l.split()[:1] == [e["evaluation"]] and e["issued"] in l for l in lines), e)
        for row in annual["rates"]["by_year"]:
            a = row["acceptance"]
            self.assertTrue(any(l.split()[:3] == [str(row["year"]), str(a["numerator"]), str(a["denominator"])]
                                for l in lines), row)
        prefix = os.path.join(self.artefacts, "annual")
        run(["pdftoppm", "-r", "50", "-png", pdf, prefix])
        pages = sorted(p for p in os.listdir(self.artefacts) if p.endswith(".png"))
        self.assertEqual(len(pages), int(re.search(r"Pages:\s+(\d+)", info).group(1)))
        seen = set()
        for page in pages:
            pixels = Image.open(os.path.join(self.artefacts, page)).convert("RGB").getdata()
            for colour in (BLUE, VERMILION):
                if any(near(p, colour) for p in pixels):
                    seen.add(colour)
        self.assertEqual(seen, {BLUE, VERMILION})  # the charts drawn

    def test_the_annual_report_as_word_and_excel(self):
        annual = self.annual()
        word = docx.Document(self.write("docx"))
        titles = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
        self.assertEqual(titles, ["Evaluations issued in 2001-2005", "Rates by year of issue", "Rates by unit",
                                  "Response status by year of issue", "Outstanding more than two years",
                                  "Priority recommendations", "Overdue by unit"])
        self.assertEqual([p.text for p in word.paragraphs if p.style.name == "Heading 2"], CHARTS)
        self.assertEqual(len(word.inline_shapes), 4)
        with zipfile.ZipFile(self.write("docx")) as z:
            images = [n for n in z.namelist() if n.startswith("word/media/")]
            self.assertEqual(len(images), 4)
            for name in images:
                self.assertTrue(z.read(name).startswith(b"\x89PNG\r\n\x1a\n"), name)
        evaluations = [[c.text for c in r.cells] for r in word.tables[0].rows][1:]
        self.assertEqual([r[:3] for r in evaluations], [[e["evaluation"], e["title"], e["issued"]]
                                                        for e in annual["evaluations"]])
        years = [[c.text for c in r.cells] for r in word.tables[1].rows][1:]
        expected = [[str(y["year"]), str(y["acceptance"]["numerator"]), str(y["acceptance"]["denominator"])]
                    for y in annual["rates"]["by_year"]]
        total = annual["rates"]["total"]["acceptance"]
        expected.append(["Total", str(total["numerator"]), str(total["denominator"])])
        self.assertEqual([r[:3] for r in years], expected)
        long_open = [[c.text for c in r.cells][0] for r in word.tables[4].rows][1:]
        self.assertEqual(long_open, [l["ref"] for l in annual["long_outstanding"]])

        book = openpyxl.load_workbook(self.write("xlsx"))
        sheet = book["Rates by year of issue"]
        rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=4)]
        self.assertEqual([r[:3] for r in rows], [[e[0], int(e[1]), int(e[2])] for e in expected])
        # A sheet for each chart (named as Excel allows: at most 31
        # characters, cut at a word that does not need the next), its numbers
        # and its image.
        sheets = {"Overdue responses by unit and age": "Overdue responses by unit",
                  "Implementation rate by year of issue": "Implementation rate by year"}
        for chart in CHARTS:
            sheet = book[sheets.get(chart, chart)]
            self.assertEqual(sheet["A2"].value, chart)
            self.assertEqual(len(sheet._images), 1, chart)

        # A real office suite opens both.
        out = self.path("lo-pdf")
        os.makedirs(out, exist_ok=True)
        r = subprocess.run(["soffice", "--headless", "-env:UserInstallation=file://" + self.path("lo"),
                            "--convert-to", "pdf", "--outdir", out, self.write("docx"), self.write("xlsx")],
                           capture_output=True, timeout=180)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        for name in ("annual-docx", "annual-xlsx"):
            converted = os.path.join(out, name + ".pdf")
            text = run(["pdftotext", "-layout", converted, "-"])
            self.assertIn("Rates by year of issue", text, name)
            self.assertIn("CAPFRON", text, name)


if __name__ == "__main__":
    cli_test.FOLLOWUP = os.path.abspath(sys.argv.pop(1))
    unittest.main()
