// A PDF document made of Tables, bar charts, headings and paragraphs, laid
// out by pango and drawn by cairo: a report or a memorandum to print or to
// file.
//
// A4 pages, portrait; a table whose columns do not fit a portrait page's
// width (and has six or more) goes on landscape pages. The first page
// starts with the document's title and a line with its as-of date and
// history head; then each table under its title, its header row repeated
// at the top of every page it runs onto (under its title, "continued").
// Columns are as wide as their content; when they do not fit the page's
// width, the cells are given room first and the headers what is left;
// long text wraps (at words, or within a word longer than its column).
// Integers, ratios and figures are right-aligned; a ratio shows as a
// percentage with one decimal ("63.6%"); a cell that does not read as its
// kind shows as written. A row too tall for a page is cut with an
// ellipsis. The definitions close the document as its notes, and every
// page's footer says "Page N of M".
//
// Text is DejaVu Sans, embedded (subsets); bytes that are not UTF-8 show
// as U+FFFD. The PDF carries its title, subject, creator ("followup") and
// creation date, and is tagged where cairo 1.16 allows: a Document of H1
// (the title), P (the as-of line, the footers, the notes, a chart's
// description, a paragraph), H2 (tables' and charts' titles, headings),
// H3 (headings of level 2), Table of TR rows of TH
// and TD cells, and Figure (a chart). Only the Document stays open across
// a page's end: a table that runs on is a Table per page, each with its
// header row, a paragraph a P per page. The same tables and creation time
// make the same bytes.
//
// The tables' rows are kept until finish(), which lays the pages out once
// to count them and then draws them into the PDF's bytes.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "render/chart.h"
#include "render/document.h"
#include "render/table.h"

namespace followup::render {

class PdfDocument final : public TableDocument {
 public:
  // `created_utc`: the document's creation time, as env::Clock::now_utc
  // gives it ("2026-11-28T04:27:24Z"); left out of the PDF when it is not
  // of that form.
  explicit PdfDocument(std::string_view created_utc);
  ~PdfDocument() override;
  PdfDocument(const PdfDocument&) = delete;
  PdfDocument& operator=(const PdfDocument&) = delete;
  PdfDocument(PdfDocument&&) = delete;
  PdfDocument& operator=(PdfDocument&&) = delete;

  // Before the first table: the title, as-of line and notes.
  void set_properties(DocumentProperties properties) override;
  // A new table, with its rows.
  void add_table(const Table& table) override;
  // More rows of the last table added; none before the first.
  void add_rows(const Rows& rows) override;
  // A chart after what came before, under its title and above its
  // description, as wide as the page allows; on a new page when the rest
  // of the page cannot hold it.
  void add_chart(const BarChart& chart) override;
  // A heading (level 1: H2, 12 points; 2: H3, 10 points; both bold) kept
  // with the line after it, or a paragraph (P, 10 points), its line ends
  // kept; indented 18 points when `indented`.
  void add_heading(std::string_view text, int level) override;
  void add_paragraph(std::string_view text, bool indented) override;
  // The PDF's bytes; unavailable, in cairo's words, when it could not be
  // made. Once.
  Result<std::string> finish() override;
  // The finished document's pages; 0 before finish().
  [[nodiscard]] int pages() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace followup::render
