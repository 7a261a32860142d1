// A document made of Tables, charts, headings and paragraphs, written as
// they come and finished into a file's bytes: what a report or the
// follow-up memorandum becomes as an Excel workbook (render/xlsx.h), a Word
// document (render/docx.h) or a PDF (render/pdf.h). The report streams
// (render/reports.h) write to either through this.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/result.h"
#include "render/chart.h"
#include "render/table.h"

namespace followup::render {

// The document's properties (File > Info in Excel and Word).
struct DocumentProperties {
  std::string title;     // the workbook's first row on every sheet; the Word document's Title
  std::string subject;   //
  std::string comments;  // e.g. the report's history head and definitions
  // Custom properties "As of" (a date) and "History head" (N:HASH), when set.
  std::optional<Date> as_of;
  std::string history_head;
  // The report's definitions: a Word document's footnote on its title.
  std::string definitions = {};
};

class TableDocument {
 public:
  TableDocument() = default;
  virtual ~TableDocument() = default;
  TableDocument(const TableDocument&) = delete;
  TableDocument& operator=(const TableDocument&) = delete;
  TableDocument(TableDocument&&) = delete;
  TableDocument& operator=(TableDocument&&) = delete;

  // Before the first table.
  virtual void set_properties(DocumentProperties properties) = 0;
  // A new table, with its rows.
  virtual void add_table(const Table& table) = 0;
  // More rows of the last table added.
  virtual void add_rows(const Rows& rows) = 0;
  // A chart after what came before, under its title, with its description
  // for those who cannot see it: drawn (PDF), an image (Word, Excel), and
  // in a workbook its numbers too.
  virtual void add_chart(const BarChart& chart) = 0;
  // A heading (level 1, or 2 under a level 1) after what came before; in a
  // workbook a level 1 heading starts a sheet of text named after it.
  virtual void add_heading(std::string_view text, int level) = 0;
  // A paragraph of `text` (its line ends kept, as line breaks or lines);
  // indented from the left when `indented`. In a workbook, a row of the
  // sheet of text (the first is named after the document's title).
  virtual void add_paragraph(std::string_view text, bool indented) = 0;
  // The document's bytes; unavailable when it could not be made. Once.
  virtual Result<std::string> finish() = 0;
};

}  // namespace followup::render
