#!/usr/bin/python3
"""Makes the Word memos of tests/data/memos/ whose recommendations are
numbered paragraphs rather than a table (their .docx files are kept in the
repository; this says how they were made, and makes them again):

- docx-numbered-style.docx: written by python-docx (Debian's python3-docx),
  the recommendations in the "List Number" style, whose numbering the style
  carries (styles.xml), the fields as plain paragraphs after each, a
  sub-point in "List Bullet".
- docx-numbered-es.docx: the XML written by hand, as Word writes a list
  made with its numbering button: each paragraph names its list (numPr),
  numbering.xml numbers level 0 "1." and level 1 "a)"; the memo's own body
  is a numbered list too, which is not read as recommendations; Spanish
  labels, the responsible units and the deadline in one paragraph with a
  line break.

Run: /usr/bin/python3 tests/data/make_docx_memos.py (from the repository root).
"""
import os
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "memos")
STAMP = (2024, 1, 1, 0, 0, 0)
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def styled_list(path):
    import docx

    d = docx.Document()
    d.core_properties.author = "OIG"
    for line in ("MEMORANDUM", "To: Director, MMS", "From: The Director General", "Date: 14 March 2006",
                 "Subject: Evaluation of the Labour Migration Pilot (LMP)", "",
                 "The evaluation office proposes the following follow-up."):
        d.add_paragraph(line)
    d.add_paragraph("Review the selection of the pilot's partner agencies.", style="List Number")
    d.add_paragraph("Responsible: MMS")
    d.add_paragraph("Deadline: 30 June 2006")
    d.add_paragraph("Publish the pilot's results in a report that covers:", style="List Number")
    d.add_paragraph("the placements made;", style="List Bullet")
    d.add_paragraph("Responsible: MMS")
    d.add_paragraph("Deadline: 31 December 2006")
    d.add_paragraph("Please report on progress by the dates indicated.")
    d.core_properties.created = __import__("datetime").datetime(2024, 1, 1)
    d.core_properties.modified = __import__("datetime").datetime(2024, 1, 1)
    d.save(path)


def p(text, num=None, level=0):
    ppr = ""
    if num is not None:
        ppr = f'<w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="{level}"/>' \
              f'<w:numId w:val="{num}"/></w:numPr></w:pPr>'
    runs = "<w:r><w:br/></w:r>".join(f"<w:r><w:t xml:space=\"preserve\">{escape(t)}</w:t></w:r>"
                                      for t in text.split("\n"))
    return f"<w:p>{ppr}{runs}</w:p>"


def numbered_es(path):
    body = "".join([
        p("MEMORÁNDUM"), p("A: Director, MMS"), p("De: El Director General"), p("Fecha: 2 de mayo de 2006"),
        p("Asunto: Evaluación del Programa de Retorno Voluntario (PRV)"), p(""),
        p("Adjunto la evaluación, que he aprobado.", 1), p("La oficina de evaluación propone el seguimiento siguiente.", 1),
        p(""),
        p("Revisar los criterios de admisión del programa:", 2), p("los plazos de la solicitud;", 2, 1),
        p("la ayuda a la reintegración.", 2, 1), p("Responsable: MMS\nPlazo: 31 de julio de 2006"),
        p("Publicar un informe anual del programa.", 2), p("Responsable: MMS\nPlazo: 30 de noviembre de 2006"),
        p("Le ruego me informe de los avances."),
    ])
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {W}><w:body>{body}' \
               '<w:sectPr/></w:body></w:document>'
    levels = '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>' \
             '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>'
    numbering = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering {W}>' \
                f'<w:abstractNum w:abstractNumId="0">{levels}</w:abstractNum>' \
                f'<w:abstractNum w:abstractNumId="1">{levels}</w:abstractNum>' \
                '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>' \
                '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    wml = "application/vnd.openxmlformats-officedocument.wordprocessingml."
    parts = [
        ("[Content_Types].xml",
         '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
         'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
         'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
         f'PartName="/word/document.xml" ContentType="{wml}document.main+xml"/><Override '
         f'PartName="/word/numbering.xml" ContentType="{wml}numbering+xml"/></Types>'),
        ("_rels/.rels",
         '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
         f'2006/relationships"><Relationship Id="rId1" Type="{rel}officeDocument" Target="word/document.xml"/>'
         '</Relationships>'),
        ("word/_rels/document.xml.rels",
         '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
         f'2006/relationships"><Relationship Id="rId1" Type="{rel}numbering" Target="numbering.xml"/>'
         '</Relationships>'),
        ("word/document.xml", document),
        ("word/numbering.xml", numbering),
    ]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            z.writestr(zipfile.ZipInfo(name, STAMP), data.encode("utf-8"), zipfile.ZIP_DEFLATED)


if __name__ == "__main__":
    styled_list(os.path.join(HERE, "docx-numbered-style.docx"))
    numbered_es(os.path.join(HERE, "docx-numbered-es.docx"))
