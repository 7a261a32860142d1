// A Word document (.docx) made of Tables: a report to read and print,
// written as a WordprocessingML package with libzip (docs/decisions.md).
//
// The document holds its title (style Title), a line with the as-of date
// and the history head, then each table under its title (Heading 1): a
// header row repeated at the top of every page the table runs onto
// (w:tblHeader), integer, ratio and figure columns right-aligned, a ratio
// shown as a percentage (0.0%). The definitions are a footnote on the
// title; the footer numbers the pages ("Page N of M": PAGE and NUMPAGES
// fields). Pages are A4, all landscape when a table has more than
// k_portrait_columns columns. A table's columns share the page's width so
// that its cells' short words (numbers, dates, references) are not split,
// then its headers' words, then its widest lines, as far as room allows.
// The parts:
// [Content_Types].xml, _rels/.rels, word/document.xml, word/styles.xml,
// word/settings.xml, word/footnotes.xml, word/footer1.xml,
// word/_rels/document.xml.rels, docProps/core.xml (title, subject,
// description, creator, created).
//
// Every text is escaped for XML, its bytes that are not UTF-8 made U+FFFD
// and the characters XML refuses (control characters but tab and line end,
// U+FFFE, U+FFFF) dropped; a line end in a cell is a line break. The same
// tables, properties and time make the same bytes: the zip entries carry a
// fixed time (1980-01-01). The body is kept in memory until finish().
//
// Besides tables, the document takes headings and paragraphs: the
// follow-up memorandum is written with them (write_memo, render/memo.h).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "render/document.h"

namespace followup::render {

// `text` as XML character data or attribute value: &, <, >, ", ' escaped
// (util::escape_markup),
// bytes that are not UTF-8 made U+FFFD, characters XML 1.0 refuses
// dropped.
std::string xml_escape(std::string_view text);

class WordDocument final : public TableDocument {
 public:
  static constexpr std::size_t k_portrait_columns = 8;

  // `created_utc`: the document's creation time, as env::Clock::now_utc
  // gives it ("2026-11-28T04:27:24Z"), written as is when it has that form.
  explicit WordDocument(std::string_view created_utc);
  ~WordDocument() override;
  WordDocument(const WordDocument&) = delete;
  WordDocument& operator=(const WordDocument&) = delete;
  WordDocument(WordDocument&&) = delete;
  WordDocument& operator=(WordDocument&&) = delete;

  void set_properties(DocumentProperties properties) override;
  void add_table(const Table& table) override;
  void add_rows(const Rows& rows) override;
  // The chart's title (Heading 2), its image (a PNG drawn at twice its
  // size, shown as wide as it is drawn or as the page allows, the
  // description its alternative text) and its description below it.
  void add_chart(const BarChart& chart) override;
  Result<std::string> finish() override;

  // A heading (level 1 or 2: styles Heading 1 and Heading 2).
  void add_heading(std::string_view text, int level) override;
  // A paragraph of `text`, its line ends line breaks and its tabs tabs;
  // indented from the left margin when `indented`.
  void add_paragraph(std::string_view text, bool indented) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace followup::render
