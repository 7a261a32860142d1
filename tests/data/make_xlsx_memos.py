#!/usr/bin/python3
"""Makes the Excel memos of tests/data/memos/ (their .xlsx files are kept in
the repository; this says how they were made, and makes them again):

- xlsx-en-tracker.xlsx: written by openpyxl (Debian's python3-openpyxl), as a
  spreadsheet program writes a workbook: shared strings, styles, a merged
  cell; a due date typed as a date and one typed as text.
- xlsx-fr-suivi.xlsx: the XML written by hand, as Excel for Mac writes it:
  the 1904 date system, a cover sheet before the table, a field's value
  going on over the rows below it, rich-text shared strings and inline
  strings; a date cell with a French custom format, and text dates.
- ../trackers/demo-tracker.xlsx: demo/tracker.csv as an office keeps it in
  Excel (openpyxl): a title row and a blank row above the header row,
  numbers as numbers, the dates as date cells (a few left as text, as
  typed), a frozen header and a hidden sheet of old notes before it.
- bad-xlsx-impossible-date.xlsx: by hand too; a due date typed as text that
  names no day (31 de septiembre), which the importer refuses naming the
  sheet and the cell.

Run: /usr/bin/python3 tests/data/make_xlsx_memos.py (from the repository root).
"""
import datetime
import os
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "memos")
# Fixed times inside the archives, so that the hand-written ones come out
# byte for byte the same each time.
STAMP = (2024, 1, 1, 0, 0, 0)

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def english_tracker(path):
    import openpyxl
    from openpyxl.styles import Alignment, Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Recommendations"
    sheet["A1"] = "MEMORANDUM"
    sheet["A1"].font = Font(bold=True)
    sheet["A3"] = "To:"
    sheet["B3"] = "Head of MRF Buenos Aires"
    sheet["B4"] = "Director, MMS"
    sheet["B5"] = "Director, MPRP"
    sheet["A6"] = "From:"
    sheet["B6"] = "The Director General"
    sheet["A7"] = "Date:"
    sheet["B7"] = datetime.date(2001, 7, 16)
    sheet["B7"].number_format = "d mmmm yyyy"
    sheet["A8"] = "Subject:"
    sheet["B8"] = "Evaluation of the Migration Management Training Programme (MMTP)"
    for column, title in zip("ABCD", ["No.", "Recommendation", "Responsible", "Due by"]):
        sheet[column + "10"] = title
        sheet[column + "10"].font = Font(bold=True)
    rows = [
        (1, "Prepare a regional training plan.\nShare it with the missions before the courses start.",
         "IOM Buenos Aires", datetime.date(2001, 8, 31)),
        (2, "Report yearly on the courses given and the officials trained.", "MMS/MPRP", "30 September 2001"),
        (3, "Review the curriculum with the partner governments.", "MPRP", datetime.date(2002, 3, 31)),
        (4, "Publish the evaluation on the intranet.", None, datetime.date(2002, 6, 30)),
    ]
    for i, (number, text, unit, due) in enumerate(rows):
        r = 11 + i
        sheet.cell(r, 1, number)
        sheet.cell(r, 2, text).alignment = Alignment(wrap_text=True)
        if unit is not None:
            sheet.cell(r, 3, unit)
        sheet.cell(r, 4, due)
        if isinstance(due, datetime.date):
            sheet.cell(r, 4).number_format = "dd/mm/yyyy"
    sheet.merge_cells("C13:C14")  # one unit for recommendations 3 and 4
    notes = book.create_sheet("Notes")
    notes["A1"] = "Kept by the evaluation office; the table is on the first sheet."
    book.properties.created = datetime.datetime(2024, 1, 1)
    book.properties.modified = datetime.datetime(2024, 1, 1)
    book.save(path)


class Workbook:
    """An .xlsx written part by part: shared strings, styles, sheets."""

    def __init__(self, date1904=False):
        self.date1904 = date1904
        self.strings = []  # each <si>'s XML
        self.sheets = []  # (name, rows XML, after sheetData XML)
        self.formats = ""
        self.styles = []  # numFmtId of cell styles 1, 2, ...

    def shared(self, ref, text=None, runs=None):
        """A shared-string cell: plain text, or rich runs [(text, bold)]."""
        if runs is not None:
            xml = "".join(
                "<r>" + ("<rPr><b/></rPr>" if bold else "") + '<t xml:space="preserve">' + escape(t) + "</t></r>"
                for t, bold in runs)
        else:
            xml = '<t xml:space="preserve">' + escape(text) + "</t>"
        self.strings.append(xml)
        return '<c r="%s" t="s"><v>%d</v></c>' % (ref, len(self.strings) - 1)

    @staticmethod
    def inline(ref, text):
        return '<c r="%s" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>' % (ref, escape(text))

    @staticmethod
    def number(ref, value, style=0):
        return '<c r="%s"%s><v>%s</v></c>' % (ref, ' s="%d"' % style if style else "", value)

    def date(self, ref, day, style):
        epoch = datetime.date(1904, 1, 1) if self.date1904 else datetime.date(1899, 12, 30)
        return self.number(ref, (day - epoch).days, style)

    def style(self, format_id, code=None):
        if code is not None:
            self.formats += '<numFmt numFmtId="%d" formatCode="%s"/>' % (format_id, escape(code, {'"': "&quot;"}))
        self.styles.append(format_id)
        return len(self.styles)

    def write(self, path):
        workbook = HEAD + "<workbook %s %s>" % (NS, RNS)
        workbook += '<workbookPr date1904="1"/>' if self.date1904 else "<workbookPr/>"
        workbook += "<sheets>"
        rels = HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        types = (HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/xl/workbook.xml" ContentType="application/'
                 'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                 '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                 'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                 '<Override PartName="/xl/styles.xml" ContentType="application/'
                 'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>')
        parts = []
        for i, (name, rows, after) in enumerate(self.sheets, 1):
            workbook += '<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (escape(name), i, i)
            rels += '<Relationship Id="rId%d" Type="%sworksheet" Target="worksheets/sheet%d.xml"/>' % (i, REL, i)
            types += ('<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/'
                      'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' % i)
            parts.append(("xl/worksheets/sheet%d.xml" % i,
                          HEAD + "<worksheet %s %s><sheetData>%s</sheetData>%s</worksheet>" % (NS, RNS, rows, after)))
        workbook += "</sheets></workbook>"
        n = len(self.sheets)
        rels += '<Relationship Id="rId%d" Type="%ssharedStrings" Target="sharedStrings.xml"/>' % (n + 1, REL)
        rels += '<Relationship Id="rId%d" Type="%sstyles" Target="styles.xml"/></Relationships>' % (n + 2, REL)
        types += "</Types>"
        strings = HEAD + '<sst %s count="%d" uniqueCount="%d">%s</sst>' % (
            NS, len(self.strings), len(self.strings), "".join("<si>%s</si>" % s for s in self.strings))
        styles = HEAD + "<styleSheet %s>" % NS
        if self.formats:
            styles += "<numFmts>%s</numFmts>" % self.formats
        styles += ('<fonts count="1"><font><sz val="12"/><name val="Calibri"/></font></fonts>'
                   '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
                   '<borders count="1"><border/></borders>'
                   '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>')
        styles += '<cellXfs count="%d"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' % (
            len(self.styles) + 1)
        for format_id in self.styles:
            styles += ('<xf numFmtId="%d" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
                       % format_id)
        styles += "</cellXfs></styleSheet>"
        root_rels = (HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                     '<Relationship Id="rId1" Type="%sofficeDocument" Target="xl/workbook.xml"/>'
                     "</Relationships>" % REL)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in [("[Content_Types].xml", types), ("_rels/.rels", root_rels),
                               ("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", rels)] + parts + [
                                   ("xl/sharedStrings.xml", strings), ("xl/styles.xml", styles)]:
                info = zipfile.ZipInfo(name, STAMP)
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, data.encode("utf-8"))


def row(number, *cells):
    return '<row r="%d">%s</row>' % (number, "".join(cells))


def french_follow_up(path):
    w = Workbook(date1904=True)
    long_date = w.style(164, "[$-40C]d mmmm yyyy;@")
    cover = row(2, w.inline("B2", "Suivi des recommandations de l'évaluation MIDES")) + row(
        4, w.inline("B4", "Le tableau est sur la feuille « Recommandations »."))
    rows = "".join([
        row(1, w.shared("A1", "À :"), w.shared("B1", "Directeur, MMS")),
        row(2, w.shared("B2", "Chef du Bureau de Dakar")),
        row(3, w.shared("A3", "De :"), w.shared("B3", "Le Directeur général")),
        row(4, w.shared("A4", "Date :"), w.date("B4", datetime.date(2005, 11, 14), long_date)),
        row(5, w.shared("A5", "Objet :"),
            w.shared("B5", "Évaluation du projet de migration et développement au Sénégal (MIDES)")),
        row(7, w.shared("A7", "N°"), w.shared("B7", "Recommandation"), w.shared("C7", "Unité responsable"),
            w.shared("D7", "Échéance")),
        row(8, w.number("A8", 1),
            w.shared("B8", runs=[("Créer un ", False), ("guichet unique", True),
                                 (" pour les migrants de retour.\nLe guichet doit être ouvert à Dakar et à "
                                  "Saint-Louis.", False)]),
            w.shared("C8", "Bureau de Dakar"), w.date("D8", datetime.date(2006, 3, 1), long_date)),
        row(9, w.number("A9", 2),
            w.inline("B9", "Former les agents ; prévoir :\na) un module sur l'épargne ;\n"
                           "b) un module sur l'investissement."),
            w.inline("C9", "MMS et Bureau de Dakar"), w.inline("D9", "30 avril 2006")),
        row(10, w.number("A10", 3), w.shared("B10", "Publier un bilan annuel."), w.shared("C10", "MMS"),
            w.shared("D10", "31 déc. 2006")),
    ])
    w.sheets = [("Couverture", cover, ""), ("Recommandations", rows, "")]
    w.write(path)


def bad_impossible_date(path):
    w = Workbook()
    long_date = w.style(165, '[$-C0A]d "de" mmmm "de" yyyy;@')
    rows = "".join([
        row(1, w.shared("A1", "Para:"), w.shared("B1", "Director, MMS")),
        row(2, w.shared("A2", "Asunto:"), w.shared("B2", "Evaluación del Fondo de Retorno (FR)")),
        row(4, w.shared("A4", "N°"), w.shared("B4", "Recomendación"), w.shared("C4", "Responsable"),
            w.shared("D4", "Fecha límite")),
        row(5, w.number("A5", 1), w.shared("B5", "Revisar los criterios."), w.shared("C5", "MMS"),
            w.date("D5", datetime.date(2010, 5, 31), long_date)),
        row(6, w.number("A6", 2), w.shared("B6", "Publicar un informe."), w.shared("C6", "MMS"),
            w.shared("D6", "31 de septiembre de 2010")),
    ])
    w.sheets = [("Recomendaciones", rows, "")]
    w.write(path)


def demo_tracker_workbook(source, path):
    import csv
    import openpyxl

    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "Notes"
    notes["A1"] = "Evaluation"
    notes["B1"] = "notes kept before 1998"
    notes.sheet_state = "hidden"
    sheet = book.create_sheet("Tracker")
    sheet["A1"] = "Follow-up of evaluation recommendations, 1998-2000"
    with open(source, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    dates = {i for i, h in enumerate(header) if "date" in h.lower() or h in ("Issued", "Action due")}
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            cell = sheet.cell(row=r + 3, column=c + 1)
            if r > 0 and header[c] == "No.":
                cell.value = int(value)
            elif r > 0 and c in dates and value and r % 7 != 0:  # every seventh row's dates stay text
                if "/" in value:
                    day, month, year = (int(x) for x in value.split("/"))
                else:
                    year, month, day = (int(x) for x in value.split("-"))
                cell.value = datetime.date(year, month, day)
                cell.number_format = "dd/mm/yyyy"
            else:
                cell.value = value or None
    sheet.freeze_panes = "A4"
    book.active = 1
    book.properties.created = datetime.datetime(2024, 1, 1)
    book.properties.modified = datetime.datetime(2024, 1, 1)
    book.save(path)


if __name__ == "__main__":
    english_tracker(os.path.join(HERE, "xlsx-en-tracker.xlsx"))
    french_follow_up(os.path.join(HERE, "xlsx-fr-suivi.xlsx"))
    bad_impossible_date(os.path.join(HERE, "bad-xlsx-impossible-date.xlsx"))
    trackers = os.path.join(os.path.dirname(HERE), "trackers")
    os.makedirs(trackers, exist_ok=True)
    demo_tracker_workbook(os.path.join(os.path.dirname(HERE), "..", "..", "demo", "tracker.csv"),
                          os.path.join(trackers, "demo-tracker.xlsx"))
