// Excel workbooks made in memory, for the tests that feed them to the
// importer: the parts a workbook needs, written as Excel writes them.
// Test code only (links libzip).
#pragma once

#include <string>
#include <vector>

#include "importer/test_zip.h"
#include "util/text.h"

namespace followup::importer::testing {

// <c> elements: an inline string, a shared string (by index), a number
// with a cell style (0: none), a boolean.
inline std::string text_cell(const std::string& ref, const std::string& text) {
  return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t xml:space=\"preserve\">" + util::escape_markup(text) +
         "</t></is></c>";
}
inline std::string shared_cell(const std::string& ref, int index) {
  return "<c r=\"" + ref + "\" t=\"s\"><v>" + std::to_string(index) + "</v></c>";
}
inline std::string number_cell(const std::string& ref, const std::string& value, int style = 0) {
  return "<c r=\"" + ref + "\"" + (style > 0 ? " s=\"" + std::to_string(style) + "\"" : "") + "><v>" + value +
         "</v></c>";
}
inline std::string row_of(int number, const std::string& cells) {
  return "<row r=\"" + std::to_string(number) + "\">" + cells + "</row>";
}

struct TestSheet {
  std::string name;
  std::string rows;   // the <row> elements of <sheetData>
  std::string after;  // elements after <sheetData>, such as <mergeCells>
  std::string state;  // "", "hidden" or "veryHidden"
};

struct TestWorkbook {
  std::vector<TestSheet> sheets;
  std::vector<std::string> shared_strings;  // each <si>'s content, as XML (<t>…</t> or runs)
  std::string number_formats;               // <numFmt numFmtId=… formatCode=…/> elements
  std::vector<int> cell_styles;             // numFmtId of each cell style (cellXfs), from style 0
  bool date1904 = false;
};

// The archive's parts by name, so that a test can damage one before zipping.
inline std::vector<std::pair<std::string, std::string>> xlsx_parts(const TestWorkbook& book) {
  const std::string ns = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"";
  const std::string rns = "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";
  const std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
  std::string workbook = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook " + ns +
                         " " + rns + ">" +
                         (book.date1904 ? "<workbookPr date1904=\"1\"/>" : "<workbookPr/>") + "<sheets>";
  std::string rels =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships "
      "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
  std::vector<std::pair<std::string, std::string>> parts;
  parts.emplace_back("[Content_Types].xml",
                     "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types "
                     "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
  for (std::size_t i = 0; i < book.sheets.size(); ++i) {
    const auto& sheet = book.sheets[i];
    const std::string n = std::to_string(i + 1);
    workbook += "<sheet name=\"";
    workbook += util::escape_markup(sheet.name);
    workbook += "\" sheetId=\"" + n + "\"";
    if (!sheet.state.empty()) workbook += " state=\"" + sheet.state + "\"";
    workbook += " r:id=\"rId" + n + "\"/>";
    rels += "<Relationship Id=\"rId" + n + "\" Type=\"";
    rels += rel;
    rels += "worksheet\" Target=\"worksheets/sheet" + n + ".xml\"/>";
    std::string part = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet ";
    part += ns;
    part += " ";
    part += rns;
    part += "><sheetData>";
    part += sheet.rows;
    part += "</sheetData>";
    part += sheet.after;
    part += "</worksheet>";
    parts.emplace_back("xl/worksheets/sheet" + n + ".xml", std::move(part));
  }
  workbook += "</sheets></workbook>";
  rels += "<Relationship Id=\"rIdS\" Type=\"" + rel + "sharedStrings\" Target=\"sharedStrings.xml\"/>";
  rels += "<Relationship Id=\"rIdT\" Type=\"" + rel + "styles\" Target=\"styles.xml\"/>";
  rels += "</Relationships>";
  std::string strings = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sst " + ns + " count=\"" +
                        std::to_string(book.shared_strings.size()) + "\">";
  for (const auto& s : book.shared_strings) strings += "<si>" + s + "</si>";
  strings += "</sst>";
  std::string styles = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<styleSheet " + ns + ">";
  if (!book.number_formats.empty()) styles += "<numFmts>" + book.number_formats + "</numFmts>";
  styles += "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs><cellXfs>";
  styles += "<xf numFmtId=\"0\"/>";
  for (const int id : book.cell_styles) styles += "<xf numFmtId=\"" + std::to_string(id) + "\"/>";
  styles += "</cellXfs></styleSheet>";
  parts.emplace_back("xl/workbook.xml", workbook);
  parts.emplace_back("xl/_rels/workbook.xml.rels", rels);
  parts.emplace_back("xl/sharedStrings.xml", strings);
  parts.emplace_back("xl/styles.xml", styles);
  return parts;
}

// The workbook as an .xlsx archive. Cell style 0 is the default (General);
// book.cell_styles are styles 1, 2, …
inline std::string xlsx_of(const TestWorkbook& book) { return zip_of(xlsx_parts(book)); }

}  // namespace followup::importer::testing
