#include "importer/xlsx.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <libxml/xmlreader.h>
#include <limits>
#include <map>
#include <memory>
#include <system_error>
#include <unordered_map>
#include <zip.h>

#include "importer/xml_bound.h"
#include "util/text.h"

namespace followup::importer::xlsx {

namespace {

namespace chr = std::chrono;

constexpr const char* k_workbook_part = "xl/workbook.xml";
constexpr const char* k_workbook_rels = "xl/_rels/workbook.xml.rels";

Error workbook_error(std::string message, int line = 0) {
  return Error{ErrorCode::invalid_argument, std::move(message), "", line};
}

// ---------------------------------------------------------------------------
// The archive: libzip over the bytes, which checks the archive's structure
// and each entry's CRC; each part is inflated into libxml2 as it is read, so
// that a part over its bound is stopped there, not inflated whole.

struct ZipDiscard {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct ZipFileClose {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};
struct ReaderFree {
  void operator()(xmlTextReaderPtr r) const { xmlFreeTextReader(r); }
};

std::unique_ptr<zip_t, ZipDiscard> open_zip(std::string_view bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    zip_error_fini(&error);
    return nullptr;
  }
  std::unique_ptr<zip_t, ZipDiscard> archive(zip_open_from_source(source, ZIP_RDONLY, &error));
  if (!archive) zip_source_free(source);
  zip_error_fini(&error);
  return archive;
}

// The entry named `name`: exactly, else in any case (part names in Office
// archives ignore case).
std::optional<zip_uint64_t> find_entry(zip_t* archive, const std::string& name) {
  zip_int64_t index = zip_name_locate(archive, name.c_str(), 0);
  if (index < 0) index = zip_name_locate(archive, name.c_str(), ZIP_FL_NOCASE);
  if (index < 0) return std::nullopt;
  return static_cast<zip_uint64_t>(index);
}

// Why reading a part's bytes stopped, when libxml2 only sees "no more".
enum class StreamFault { none, too_large, bad_data, too_many_attributes };

struct PartStream {
  zip_file_t* file = nullptr;
  std::size_t read = 0;
  std::size_t limit = 0;  // the most this part may inflate to
  StreamFault fault = StreamFault::none;
  AttributeBound attributes = {};
};

int read_part(void* context, char* buffer, int length) {
  auto* stream = static_cast<PartStream*>(context);
  if (length <= 0) return 0;
  const zip_int64_t n = zip_fread(stream->file, buffer, static_cast<zip_uint64_t>(length));
  if (n < 0) {
    stream->fault = StreamFault::bad_data;
    return -1;
  }
  stream->read += static_cast<std::size_t>(n);
  if (stream->read > stream->limit) {
    stream->fault = StreamFault::too_large;
    return -1;
  }
  if (!stream->attributes.within(std::string_view(buffer, static_cast<std::size_t>(n)))) {
    stream->fault = StreamFault::too_many_attributes;
    return -1;
  }
  return static_cast<int>(n);
}

int close_part(void* /*context*/) { return 0; }

// ---------------------------------------------------------------------------
// XML: libxml2's streaming reader, no network, no DTD, no entities of its
// own; element names without their namespace prefix.

// The elements the reader acts on; every other one is `other`.
enum class Tag : unsigned char {
  other,
  relationship,
  workbook_pr,
  sheets,
  sheet,
  sst,
  si,
  t,
  r,
  num_fmts,
  num_fmt,
  cell_xfs,
  xf,
  sheet_data,
  row,
  c,
  v,
  f,
  is,
  merge_cells,
  merge_cell,
};

Tag tag_of(std::string_view name) {
  static const std::unordered_map<std::string_view, Tag> k_tags = {
      {"Relationship", Tag::relationship},
      {"workbookPr", Tag::workbook_pr},
      {"sheets", Tag::sheets},
      {"sheet", Tag::sheet},
      {"sst", Tag::sst},
      {"si", Tag::si},
      {"t", Tag::t},
      {"r", Tag::r},
      {"numFmts", Tag::num_fmts},
      {"numFmt", Tag::num_fmt},
      {"cellXfs", Tag::cell_xfs},
      {"xf", Tag::xf},
      {"sheetData", Tag::sheet_data},
      {"row", Tag::row},
      {"c", Tag::c},
      {"v", Tag::v},
      {"f", Tag::f},
      {"is", Tag::is},
      {"mergeCells", Tag::merge_cells},
      {"mergeCell", Tag::merge_cell},
  };
  const auto found = k_tags.find(name);
  return found == k_tags.end() ? Tag::other : found->second;
}

std::string_view as_view(const xmlChar* s) {
  return s == nullptr ? std::string_view{} : std::string_view(reinterpret_cast<const char*>(s));
}

// The attributes of the element the reader stands on, by local name.
class Attributes {
 public:
  explicit Attributes(xmlTextReaderPtr reader) : m_reader(reader) {}

  [[nodiscard]] std::optional<std::string> get(std::string_view local_name) const {
    std::optional<std::string> value;
    for (int more = xmlTextReaderMoveToFirstAttribute(m_reader); more == 1;
         more = xmlTextReaderMoveToNextAttribute(m_reader)) {
      if (as_view(xmlTextReaderConstLocalName(m_reader)) == local_name) {
        value = std::string(as_view(xmlTextReaderConstValue(m_reader)));
        break;
      }
    }
    xmlTextReaderMoveToElement(m_reader);
    return value;
  }

 private:
  xmlTextReaderPtr m_reader;
};

// Where an element stands: its tag and its parents' (`other` above the root).
struct Context {
  Tag tag = Tag::other;
  Tag parent = Tag::other;
  Tag grandparent = Tag::other;
};

class Archive {
 public:
  Archive(std::unique_ptr<zip_t, ZipDiscard> zip, const XlsxLimits& limits)
      : m_zip(std::move(zip)), m_limits(limits) {}

  [[nodiscard]] bool has(const std::string& part) const { return find_entry(m_zip.get(), part).has_value(); }

  // Reads `part` through `handler`: handler.start(Context, Attributes&) and
  // handler.end(Context) return a Status, handler.text(Context, text) does not.
  template <typename Handler>
  Status walk(const std::string& part, Handler& handler) {
    const auto index = find_entry(m_zip.get(), part);
    if (!index) return workbook_error("the workbook is damaged: it has no part " + part);
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(m_zip.get(), *index, 0, &stat) != 0)
      return workbook_error("the workbook's part " + part + " could not be read");
    const std::size_t left = m_limits.max_total_bytes - std::min(m_total, m_limits.max_total_bytes);
    if ((stat.valid & ZIP_STAT_SIZE) != 0) {
      if (stat.size > m_limits.max_part_bytes) return part_too_large(part, stat.size);
      if (stat.size > left) return total_too_large();
    }
    const std::unique_ptr<zip_file_t, ZipFileClose> file(zip_fopen_index(m_zip.get(), *index, 0));
    if (!file)
      return workbook_error("the workbook's part " + part +
                            " is encrypted or uses a zip compression the importer cannot read");
    PartStream stream{file.get(), 0, std::min(m_limits.max_part_bytes, left), StreamFault::none};
    const std::unique_ptr<xmlTextReader, ReaderFree> reader(
        xmlReaderForIO(read_part, close_part, &stream, part.c_str(), nullptr,
                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
    if (!reader) return workbook_error("the workbook's part " + part + " could not be read");
    std::vector<Tag> open;  // the elements the reader is inside, outermost first
    int status = 0;
    while ((status = xmlTextReaderRead(reader.get())) == 1) {
      switch (xmlTextReaderNodeType(reader.get())) {
        case XML_READER_TYPE_DOCUMENT_TYPE:
          return workbook_error("the workbook's part " + part +
                                " has a document type declaration, which a workbook never has");
        case XML_READER_TYPE_ELEMENT: {
          if (open.size() >= static_cast<std::size_t>(m_limits.max_depth))
            return workbook_error("the workbook's part " + part + " nests its elements more than " +
                                  std::to_string(m_limits.max_depth) + " deep");
          const Context at{tag_of(as_view(xmlTextReaderConstLocalName(reader.get()))),
                           open.empty() ? Tag::other : open.back(),
                           open.size() < 2 ? Tag::other : open[open.size() - 2]};
          const bool empty = xmlTextReaderIsEmptyElement(reader.get()) == 1;
          Attributes attributes(reader.get());
          if (auto st = handler.start(at, attributes); !st) return st;
          if (empty) {
            if (auto st = handler.end(at); !st) return st;
          } else {
            open.push_back(at.tag);
          }
          break;
        }
        case XML_READER_TYPE_END_ELEMENT: {
          if (open.empty()) break;
          open.pop_back();
          const Context at{tag_of(as_view(xmlTextReaderConstLocalName(reader.get()))),
                           open.empty() ? Tag::other : open.back(),
                           open.size() < 2 ? Tag::other : open[open.size() - 2]};
          if (auto st = handler.end(at); !st) return st;
          break;
        }
        case XML_READER_TYPE_TEXT:
        case XML_READER_TYPE_CDATA:
        case XML_READER_TYPE_WHITESPACE:
        case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
          if (!open.empty()) handler.text(open.back(), as_view(xmlTextReaderConstValue(reader.get())));
          break;
        default:
          break;
      }
    }
    m_total += stream.read;
    if (stream.fault == StreamFault::too_large)
      return stream.limit < m_limits.max_part_bytes ? total_too_large() : part_too_large(part, 0);
    if (stream.fault == StreamFault::too_many_attributes)
      return workbook_error("the workbook's part " + part + " has an element with more than " +
                            std::to_string(AttributeBound::k_max_attributes) + " attributes");
    if (stream.fault == StreamFault::bad_data)
      return workbook_error("the workbook's part " + part + " is damaged (bad compressed data)");
    if (status < 0) return workbook_error("the workbook's part " + part + " is not well-formed XML");
    return {};
  }

 private:
  [[nodiscard]] Error part_too_large(const std::string& part, zip_uint64_t size) const {
    return workbook_error("the workbook's part " + part + " is " +
                          (size > 0 ? std::to_string(size) + " bytes uncompressed, over" : "over") +
                          " the limit of " + std::to_string(m_limits.max_part_bytes) + " bytes for one part");
  }
  [[nodiscard]] Error total_too_large() const {
    return workbook_error("the workbook's parts are over " + std::to_string(m_limits.max_total_bytes) +
                          " bytes uncompressed together, the limit for one workbook");
  }

  std::unique_ptr<zip_t, ZipDiscard> m_zip;
  const XlsxLimits& m_limits;
  std::size_t m_total = 0;  // bytes inflated so far, all parts
};

// ---------------------------------------------------------------------------
// Text as Excel stores it: `_xHHHH_` stands for a character XML cannot hold
// (`_x000D_` for a carriage return); line ends become LF; control
// characters other than tab and line feed are dropped.

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string clean_text(std::string_view raw) {
  std::string decoded;
  decoded.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '_' && i + 6 < raw.size() && raw[i + 1] == 'x' && raw[i + 6] == '_') {
      int value = 0;
      bool hex = true;
      for (std::size_t k = 2; k < 6 && hex; ++k) {
        const int h = hex_value(raw[i + k]);
        hex = h >= 0;
        value = value * 16 + h;
      }
      // Surrogates stand for nothing on their own: kept as written.
      if (hex && (value < 0xD800 || value > 0xDFFF)) {
        append_utf8(decoded, static_cast<char32_t>(value));
        i += 6;
        continue;
      }
    }
    decoded += raw[i];
  }
  std::string out;
  out.reserve(decoded.size());
  for (std::size_t i = 0; i < decoded.size(); ++i) {
    const auto b = util::byte(decoded[i]);
    if (b == '\r') {
      if (i + 1 < decoded.size() && decoded[i + 1] == '\n') continue;
      out += '\n';
    } else if (b == 0xC2 && i + 1 < decoded.size() && util::byte(decoded[i + 1]) >= 0x80 &&
               util::byte(decoded[i + 1]) <= 0x9F) {
      ++i;  // a C1 control character
    } else if ((b < 0x20 && b != '\t' && b != '\n') || b == 0x7F) {
      continue;
    } else {
      out += decoded[i];
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Numbers and dates.

std::optional<double> parse_number(std::string_view text) {
  text = util::trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty() || !std::isfinite(value))
    return std::nullopt;
  return value;
}

std::optional<long long> parse_integer(std::string_view text) {
  text = util::trim(text);
  long long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

// The shortest decimal that reads back as `value`: without an exponent
// when that takes at most 20 characters ("3000000", "0.0001"), else with one
// ("1e+21").
std::string number_text(double value) {
  if (value == 0) return "0";  // and not "-0"
  char buffer[400];
  const auto fixed = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
  if (fixed.ec == std::errc() && fixed.ptr - buffer <= 20) return {buffer, fixed.ptr};
  const auto shortest = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (shortest.ec != std::errc()) return "0";
  return {buffer, shortest.ptr};
}

// The day a date serial names, in the 1900 system (serial 1 is 1 January
// 1900; Excel counts a 29 February 1900 that never was, serial 60, so
// serials from 61 are one more than the days since 31 December 1899) or the
// 1904 system (serial 0 is 1 January 1904). A time of day is dropped, after
// rounding to the millisecond as Excel shows it.
std::optional<Date> date_of_serial(double serial, bool date1904) {
  constexpr double k_ms_per_day = 86400000.0;
  if (!std::isfinite(serial) || serial < 0 || serial > 3e6) return std::nullopt;
  const double day = std::floor(std::round(serial * k_ms_per_day) / k_ms_per_day);
  const auto n = static_cast<int>(day);
  chr::sys_days days;
  if (date1904) {
    days = chr::sys_days{chr::year{1904} / chr::January / 1} + chr::days{n};
  } else {
    if (n < 1 || n == 60) return std::nullopt;
    days = chr::sys_days{chr::year{1899} / chr::December / 31} + chr::days{n < 60 ? n : n - 1};
  }
  const Date date = Date::from_days(days);
  if (date.year() > 9999) return std::nullopt;
  return date;
}

// The serial of a day (for `t="d"` cells), the inverse of date_of_serial.
double serial_of_date(Date date, bool date1904) {
  if (date1904) return date.days_since(Date::from_days(chr::sys_days{chr::year{1904} / chr::January / 1}));
  const int n = date.days_since(Date::from_days(chr::sys_days{chr::year{1899} / chr::December / 31}));
  return n < 60 ? n : n + 1;
}

// Whether a number format shows a date: a built-in date format, or a code
// with a day, month or year part. Quoted text, escaped characters,
// [colours and conditions], `_x` spacing and `*x` fills are not parts; only
// the first section (positive numbers) counts; an `m` next to an hour or
// before seconds is minutes; a code of hours, minutes and seconds alone
// ("h:mm", "[h]:mm:ss") is a time, read as a number.
bool is_date_format(std::string_view code) {
  std::string letters;  // the format's letters (and slashes), lower case, in order
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char ch = code[i];
    if (ch == ';') break;
    if (ch == '"') {
      const auto close = code.find('"', i + 1);
      if (close == std::string_view::npos) break;
      i = close;
    } else if (ch == '[') {
      const auto close = code.find(']', i + 1);
      if (close == std::string_view::npos) break;
      i = close;
    } else if (ch == '\\' || ch == '_' || ch == '*') {
      ++i;
    } else if (util::is_ascii_alpha(ch) || ch == '/') {
      letters += util::ascii_lower(ch);
    }
  }
  // AM/PM and A/P are no date parts (their "m" is no month).
  for (const std::string_view marker : {"am/pm", "a/p"}) {
    for (auto at = letters.find(marker); at != std::string::npos; at = letters.find(marker))
      letters.erase(at, marker.size());
  }
  std::erase(letters, '/');
  for (std::size_t i = 0; i < letters.size(); ++i) {
    const char ch = letters[i];
    if (ch == 'd' || ch == 'y') return true;
    if (ch != 'm') continue;
    std::size_t end = i;
    while (end < letters.size() && letters[end] == 'm') ++end;
    const bool after_hour = i > 0 && letters[i - 1] == 'h';
    const bool before_second = end < letters.size() && letters[end] == 's';
    if (!after_hour && !before_second) return true;
    i = end - 1;
  }
  return false;
}

// Built-in formats 14-17 and 22 show dates (m/d/yyyy, d-mmm-yy, d-mmm,
// mmm-yy, m/d/yyyy h:mm); 18-21 and 45-47 are times of day.
bool is_builtin_date_format(int id) { return (id >= 14 && id <= 17) || id == 22; }

// ---------------------------------------------------------------------------
// Cell references.

std::optional<int> parse_row_number(std::string_view text) {
  const auto n = parse_integer(text);
  if (!n || *n < 1 || *n > k_max_row) return std::nullopt;
  return static_cast<int>(*n);
}

struct Range {
  CellRef first;
  CellRef last;
};

std::optional<Range> parse_range(std::string_view text) {
  const auto colon = text.find(':');
  const auto a = parse_cell_ref(text.substr(0, colon));
  const auto b = colon == std::string_view::npos ? a : parse_cell_ref(text.substr(colon + 1));
  if (!a || !b) return std::nullopt;
  return Range{{std::min(a->column, b->column), std::min(a->row, b->row)},
               {std::max(a->column, b->column), std::max(a->row, b->row)}};
}

// ---------------------------------------------------------------------------
// The parts.

struct Relationship {
  std::string type;    // its last word: "worksheet", "sharedStrings", "styles"...
  std::string target;  // the part's name in the archive
};

// A relationship's target, relative to the workbook's folder (xl/) or
// absolute, as a name in the archive.
std::string resolve_target(std::string_view target) {
  std::vector<std::string_view> parts;
  if (!target.starts_with('/')) parts.emplace_back("xl");
  for (auto piece : util::split(target, '/')) {
    if (piece.empty() || piece == ".") continue;
    if (piece == "..") {
      if (!parts.empty()) parts.pop_back();
      continue;
    }
    parts.push_back(piece);
  }
  std::string out;
  for (auto p : parts) {
    if (!out.empty()) out += '/';
    out += p;
  }
  return out;
}

class RelsHandler {
 public:
  explicit RelsHandler(std::size_t max) : m_max(max) {}

  Status start(const Context& at, const Attributes& attributes) {
    if (at.tag != Tag::relationship) return {};
    if (m_relationships.size() >= m_max)
      return workbook_error("the workbook's relationships are more than " + std::to_string(m_max));
    if (attributes.get("TargetMode") == "External") return {};
    auto id = attributes.get("Id");
    const auto type = attributes.get("Type");
    const auto target = attributes.get("Target");
    if (!id || !type || !target) return {};
    const auto slash = type->find_last_of('/');
    m_relationships[*id] = {slash == std::string::npos ? *type : type->substr(slash + 1),
                            resolve_target(*target)};
    return {};
  }
  Status end(const Context& /*at*/) { return {}; }
  void text(Tag /*tag*/, std::string_view /*text*/) {}

  [[nodiscard]] const std::map<std::string, Relationship>& relationships() const { return m_relationships; }

 private:
  std::size_t m_max;
  std::map<std::string, Relationship> m_relationships;  // by Id
};

struct SheetEntry {
  std::string name;
  SheetState state = SheetState::visible;
  std::string relationship;  // r:id
};

class WorkbookHandler {
 public:
  explicit WorkbookHandler(std::size_t max_sheets) : m_max_sheets(max_sheets) {}

  Status start(const Context& at, const Attributes& attributes) {
    if (at.tag == Tag::workbook_pr) {
      const auto v = attributes.get("date1904");
      date1904 = v == "1" || v == "true";
    } else if (at.tag == Tag::sheet && at.parent == Tag::sheets) {
      if (sheets.size() >= m_max_sheets)
        return workbook_error("the workbook has more than " + std::to_string(m_max_sheets) +
                              " sheets, the limit for one workbook");
      SheetEntry entry;
      entry.name = clean_text(attributes.get("name").value_or(""));
      const auto state = attributes.get("state");
      entry.state = state == "hidden"       ? SheetState::hidden
                    : state == "veryHidden" ? SheetState::very_hidden
                                            : SheetState::visible;
      entry.relationship = attributes.get("id").value_or("");
      sheets.push_back(std::move(entry));
    }
    return {};
  }
  Status end(const Context& /*at*/) { return {}; }
  void text(Tag /*tag*/, std::string_view /*text*/) {}

  std::vector<SheetEntry> sheets;
  bool date1904 = false;

 private:
  std::size_t m_max_sheets;
};

// <si> is one string: its <t>, or the <t> of its rich-text runs <r>; the
// phonetic runs (<rPh>) are readings, not text.
class SharedStringsHandler {
 public:
  explicit SharedStringsHandler(std::size_t max) : m_max(max) {}

  Status start(const Context& at, const Attributes& /*attributes*/) {
    if (at.tag == Tag::si && at.parent == Tag::sst) {
      if (strings.size() >= m_max)
        return workbook_error("the workbook has more than " + std::to_string(m_max) +
                              " shared strings, the limit for one workbook");
      m_in_string = true;
      m_raw.clear();
    } else if (at.tag == Tag::t && m_in_string &&
               (at.parent == Tag::si || (at.parent == Tag::r && at.grandparent == Tag::si))) {
      m_in_text = true;
    }
    return {};
  }
  Status end(const Context& at) {
    if (at.tag == Tag::t) {
      m_in_text = false;
    } else if (at.tag == Tag::si && at.parent == Tag::sst && m_in_string) {
      strings.push_back(clean_text(m_raw));
      m_in_string = false;
    }
    return {};
  }
  void text(Tag tag, std::string_view text) {
    if (m_in_text && tag == Tag::t) m_raw += text;
  }

  std::vector<std::string> strings;

 private:
  std::size_t m_max;
  bool m_in_string = false;
  bool m_in_text = false;
  std::string m_raw;
};

class StylesHandler {
 public:
  explicit StylesHandler(std::size_t max) : m_max(max) {}

  Status start(const Context& at, const Attributes& attributes) {
    if (at.tag == Tag::num_fmt && at.parent == Tag::num_fmts) {
      const auto id = parse_integer(attributes.get("numFmtId").value_or(""));
      if (id && *id >= 0 && *id <= std::numeric_limits<int>::max())
        m_formats[static_cast<int>(*id)] = attributes.get("formatCode").value_or("");
    } else if (at.tag == Tag::xf && at.parent == Tag::cell_xfs) {
      if (m_styles.size() >= m_max)
        return workbook_error("the workbook has more than " + std::to_string(m_max) + " cell styles");
      const auto id = parse_integer(attributes.get("numFmtId").value_or("0"));
      m_styles.push_back(id && *id >= 0 && *id <= std::numeric_limits<int>::max() ? static_cast<int>(*id)
                                                                                  : 0);
    }
    return {};
  }
  Status end(const Context& /*at*/) { return {}; }
  void text(Tag /*tag*/, std::string_view /*text*/) {}

  // For each cell style (a cell's `s`), whether its numbers are dates.
  [[nodiscard]] std::vector<bool> date_styles() const {
    std::vector<bool> out;
    out.reserve(m_styles.size());
    for (const int id : m_styles) {
      const auto custom = m_formats.find(id);
      out.push_back(custom != m_formats.end() ? is_date_format(custom->second) : is_builtin_date_format(id));
    }
    return out;
  }

 private:
  std::size_t m_max;
  std::map<int, std::string> m_formats;  // numFmtId → formatCode
  std::vector<int> m_styles;             // cellXfs, in order: numFmtId
};

// What every sheet of a workbook shares while it is read.
struct Shared {
  const std::vector<std::string>& strings;
  const std::vector<bool>& date_styles;
  bool date1904 = false;
  std::size_t max_cells = 0;
  std::size_t cells = 0;  // cells read so far, all sheets
};

class SheetHandler {
 public:
  SheetHandler(Sheet& sheet, Shared& shared) : m_sheet(sheet), m_shared(shared) {}

  Status start(const Context& at, const Attributes& attributes) {
    switch (at.tag) {
      case Tag::row:
        if (at.parent == Tag::sheet_data) return start_row(attributes);
        break;
      case Tag::c:
        if (at.parent == Tag::row && m_in_row) return start_cell(attributes);
        break;
      case Tag::v:
        m_in_value = m_in_cell && at.parent == Tag::c;
        if (m_in_value) m_has_value = true;
        break;
      case Tag::f:
        if (m_in_cell && at.parent == Tag::c) m_formula = true;
        break;
      case Tag::is:
        if (m_in_cell && at.parent == Tag::c) m_has_inline = true;
        break;
      case Tag::t:
        m_in_inline_text =
            m_in_cell && (at.parent == Tag::is || (at.parent == Tag::r && at.grandparent == Tag::is));
        break;
      case Tag::merge_cell:
        if (at.parent == Tag::merge_cells) {
          const auto ref = attributes.get("ref").value_or("");
          const auto range = parse_range(ref);
          if (!range)
            return workbook_error(place(m_sheet) + ": the merged range '" + clean_text(ref) +
                                  "' is not a range of cells (A1:C3)");
          m_merges.push_back(*range);
        }
        break;
      default:
        break;
    }
    return {};
  }

  Status end(const Context& at) {
    switch (at.tag) {
      case Tag::row:
        if (at.parent == Tag::sheet_data && m_in_row) end_row();
        break;
      case Tag::c:
        if (at.parent == Tag::row && m_in_cell) return end_cell();
        break;
      case Tag::v:
        m_in_value = false;
        break;
      case Tag::t:
        m_in_inline_text = false;
        break;
      default:
        break;
    }
    return {};
  }

  void text(Tag tag, std::string_view text) {
    if ((m_in_value && tag == Tag::v) || (m_in_inline_text && tag == Tag::t)) m_value += text;
  }

  // Rows and cells in reference order, merged ranges filled in.
  Status finish() {
    if (auto st = place_by_reference(); !st) return st;
    return fill_merges();
  }

 private:
  Status start_row(const Attributes& attributes) {
    if (m_in_row) end_row();
    m_in_row = true;
    m_row = Row{};
    m_row_number = 0;
    if (const auto r = attributes.get("r")) {
      const auto n = parse_row_number(*r);
      if (!n)
        return workbook_error(place(m_sheet) + ": the row number '" + clean_text(*r) +
                              "' is not a row of a sheet (1 to " + std::to_string(k_max_row) + ")");
      m_row_number = *n;
    }
    m_last_column = 0;
    return {};
  }

  void end_row() {
    m_in_row = false;
    if (m_row_number == 0) m_row_number = m_last_row + 1;
    m_last_row = m_row_number;
    if (m_row.cells.empty()) return;
    m_row.number = m_row_number;
    m_sheet.rows.push_back(std::move(m_row));
    m_row = Row{};
  }

  Status start_cell(const Attributes& attributes) {
    m_in_cell = true;
    m_value.clear();
    m_has_value = m_has_inline = m_formula = false;
    m_type = attributes.get("t").value_or("n");
    m_style = parse_integer(attributes.get("s").value_or("0")).value_or(0);
    if (const auto r = attributes.get("r")) {
      const auto ref = parse_cell_ref(*r);
      if (!ref)
        return workbook_error(place(m_sheet) + ": '" + clean_text(*r) +
                              "' is not a cell reference within a sheet (A1 to XFD1048576)");
      if (m_row_number == 0) m_row_number = ref->row;
      if (ref->row != m_row_number)
        return workbook_error(place(m_sheet, ref->row, ref->column) + ": the cell is written inside row " +
                                  std::to_string(m_row_number) + ": the sheet is damaged",
                              ref->row);
      m_column = ref->column;
    } else {
      if (m_row_number == 0) m_row_number = m_last_row + 1;
      if (m_last_column >= k_max_column)
        return workbook_error(place(m_sheet, m_row_number) + ": the row has more than " +
                                  std::to_string(k_max_column) + " columns",
                              m_row_number);
      m_column = m_last_column + 1;
    }
    m_last_column = m_column;
    return {};
  }

  Status end_cell() {
    m_in_cell = false;
    const int row = m_row_number;
    auto error = [&](const std::string& message) {
      return workbook_error(place(m_sheet, row, m_column) + ": " + message, row);
    };
    Cell cell;
    cell.column = m_column;
    cell.formula = m_formula;
    if (m_type == "inlineStr") {
      if (!m_has_inline && !m_has_value) return {};
      cell.text = clean_text(m_value);
    } else if (!m_has_value || (m_type != "str" && util::trim(m_value).empty())) {
      return {};  // no value: a formatted empty cell, or a formula never calculated
    } else if (m_type == "s") {
      const auto index = parse_integer(m_value);
      if (!index || *index < 0 || static_cast<std::size_t>(*index) >= m_shared.strings.size())
        return error("the shared string '" + clean_text(util::trim(m_value)) +
                     "' does not exist (the workbook has " + std::to_string(m_shared.strings.size()) + ")");
      cell.text = m_shared.strings[static_cast<std::size_t>(*index)];
    } else if (m_type == "str") {
      cell.text = clean_text(m_value);
    } else if (m_type == "b") {
      const std::string_view v = util::trim(m_value);
      if (v != "0" && v != "1" && v != "true" && v != "false")
        return error("'" + clean_text(v) + "' is not a boolean value (0 or 1)");
      cell.type = CellType::boolean;
      cell.number = v == "1" || v == "true" ? 1 : 0;
      cell.text = cell.number == 1 ? "TRUE" : "FALSE";
    } else if (m_type == "e") {
      cell.type = CellType::error;
      cell.text = clean_text(util::trim(m_value));
    } else if (m_type == "d") {
      const std::string_view v = util::trim(m_value);
      const auto date = Date::parse_iso(v.substr(0, std::min<std::size_t>(v.size(), 10)));
      if (!date || (v.size() > 10 && v[10] != 'T'))
        return error("'" + clean_text(v) + "' is not an ISO 8601 date (2001-08-31 or 2001-08-31T00:00:00)");
      cell.type = CellType::date;
      cell.date = date;
      cell.number = serial_of_date(*date, m_shared.date1904);
      cell.text = date->iso();
    } else if (m_type == "n") {
      const auto number = parse_number(m_value);
      if (!number) return error("'" + clean_text(util::trim(m_value)) + "' is not a number");
      cell.number = *number;
      cell.type = CellType::number;
      cell.text = number_text(*number);
      if (m_style >= 0 && static_cast<std::size_t>(m_style) < m_shared.date_styles.size() &&
          m_shared.date_styles[static_cast<std::size_t>(m_style)]) {
        cell.type = CellType::date;
        cell.date = date_of_serial(*number, m_shared.date1904);
        if (cell.date) {
          cell.text = cell.date->iso();
        } else if (!m_shared.date1904 && *number >= 60 && *number < 61) {
          cell.text = "1900-02-29";  // Excel's day that never was: the reader says it is impossible
        }
      }
    } else {
      return error("the cell's type '" + clean_text(m_type) +
                   "' is none of Excel's (s, str, inlineStr, n, b, d, e)");
    }
    if (cell.type == CellType::text && cell.text.empty()) return {};
    if (m_shared.cells >= m_shared.max_cells) return too_many_cells(row, m_column);
    ++m_shared.cells;
    m_row.cells.push_back(std::move(cell));
    return {};
  }

  [[nodiscard]] Error too_many_cells(int row, int column) const {
    return workbook_error(place(m_sheet, row, column) + ": the workbook has more than " +
                              std::to_string(m_shared.max_cells) +
                              " cells holding a value, the limit for one workbook",
                          row);
  }

  // Rows by number and cells by column, as their references place them
  // (they are almost always written in that order already).
  Status place_by_reference() {
    auto& rows = m_sheet.rows;
    const auto by_number = [](const Row& a, const Row& b) { return a.number < b.number; };
    if (!std::is_sorted(rows.begin(), rows.end(), by_number)) {
      std::stable_sort(rows.begin(), rows.end(), by_number);
      // A row written twice: one row of both's cells.
      std::vector<Row> joined;
      for (auto& row : rows) {
        if (!joined.empty() && joined.back().number == row.number) {
          auto& cells = joined.back().cells;
          cells.insert(cells.end(), std::make_move_iterator(row.cells.begin()),
                       std::make_move_iterator(row.cells.end()));
        } else {
          joined.push_back(std::move(row));
        }
      }
      rows = std::move(joined);
    }
    const auto by_column = [](const Cell& a, const Cell& b) { return a.column < b.column; };
    for (auto& row : rows) {
      if (!std::is_sorted(row.cells.begin(), row.cells.end(), by_column))
        std::stable_sort(row.cells.begin(), row.cells.end(), by_column);
      const auto twice =
          std::adjacent_find(row.cells.begin(), row.cells.end(),
                             [](const Cell& a, const Cell& b) { return a.column == b.column; });
      if (twice != row.cells.end())
        return workbook_error(
            place(m_sheet, row.number, twice->column) + ": the cell is written twice: the sheet is damaged",
            row.number);
    }
    return {};
  }

  // Every cell of a merged range takes its top-left cell's value (a copy,
  // `merged`); a range whose top-left cell is empty is left as it is.
  Status fill_merges() {
    struct Fill {
      int row;
      Cell cell;
    };
    std::vector<Fill> fills;
    auto& rows = m_sheet.rows;
    for (const auto& range : m_merges) {
      const auto row = std::lower_bound(rows.begin(), rows.end(), range.first.row,
                                        [](const Row& r, int n) { return r.number < n; });
      if (row == rows.end() || row->number != range.first.row) continue;
      const Cell* top_left = row->at(range.first.column);
      if (top_left == nullptr) continue;
      const std::size_t width =
          static_cast<std::size_t>(range.last.column) - static_cast<std::size_t>(range.first.column) + 1;
      const std::size_t height =
          static_cast<std::size_t>(range.last.row) - static_cast<std::size_t>(range.first.row) + 1;
      if (width * height - 1 > m_shared.max_cells - std::min(m_shared.cells, m_shared.max_cells))
        return too_many_cells(range.first.row, range.first.column);
      Cell copy = *top_left;
      copy.merged = true;
      for (int r = range.first.row; r <= range.last.row; ++r)
        for (int c = range.first.column; c <= range.last.column; ++c) {
          if (r == range.first.row && c == range.first.column) continue;
          copy.column = c;
          fills.push_back({r, copy});
          ++m_shared.cells;
        }
    }
    if (fills.empty()) return {};
    std::stable_sort(fills.begin(), fills.end(), [](const Fill& a, const Fill& b) {
      return a.row != b.row ? a.row < b.row : a.cell.column < b.cell.column;
    });
    // Rows and fills, both by row number, merged: a fill takes the place of
    // what its cell held; of two ranges over one cell, the first written wins.
    std::vector<Row> out;
    out.reserve(rows.size());
    std::size_t f = 0;
    auto take_fills = [&](int number, std::vector<Cell> cells) {
      std::vector<Cell> merged;
      std::size_t k = 0;
      while (f < fills.size() && fills[f].row == number) {
        const int column = fills[f].cell.column;
        while (k < cells.size() && cells[k].column < column) merged.push_back(std::move(cells[k++]));
        if (k < cells.size() && cells[k].column == column) {
          ++k;
          --m_shared.cells;
        }
        if (merged.empty() || merged.back().column != column) {
          merged.push_back(std::move(fills[f].cell));
        } else {
          --m_shared.cells;
        }
        ++f;
      }
      while (k < cells.size()) merged.push_back(std::move(cells[k++]));
      Row row;
      row.number = number;
      row.cells = std::move(merged);
      out.push_back(std::move(row));
    };
    for (auto& row : rows) {
      while (f < fills.size() && fills[f].row < row.number) take_fills(fills[f].row, {});
      take_fills(row.number, std::move(row.cells));
    }
    while (f < fills.size()) take_fills(fills[f].row, {});
    rows = std::move(out);
    return {};
  }

  Sheet& m_sheet;
  Shared& m_shared;
  std::vector<Range> m_merges;
  // The row being read.
  bool m_in_row = false;
  Row m_row;
  int m_row_number = 0;  // 0 until its `r` or its first cell's reference says
  int m_last_row = 0;
  int m_last_column = 0;
  // The cell being read.
  bool m_in_cell = false;
  int m_column = 0;
  std::string m_type;
  long long m_style = 0;
  bool m_in_value = false;
  bool m_in_inline_text = false;
  bool m_has_value = false;
  bool m_has_inline = false;
  bool m_formula = false;
  std::string m_value;
};

}  // namespace

std::string column_name(int column) {
  std::string out;
  for (int n = column; n > 0; n = (n - 1) / 26)
    out.insert(out.begin(), static_cast<char>('A' + (n - 1) % 26));
  return out;
}

std::string cell_name(int column, int row) { return column_name(column) + std::to_string(row); }

std::optional<CellRef> parse_cell_ref(std::string_view ref) {
  std::size_t i = 0;
  if (i < ref.size() && ref[i] == '$') ++i;
  int column = 0;
  const std::size_t letters_from = i;
  while (i < ref.size() && util::is_ascii_alpha(ref[i]) && i - letters_from < 3)
    column = column * 26 + (util::ascii_lower(ref[i++]) - 'a' + 1);
  if (i == letters_from || column > k_max_column) return std::nullopt;
  if (i < ref.size() && ref[i] == '$') ++i;
  const std::size_t digits_from = i;
  int row = 0;
  while (i < ref.size() && util::is_digit(ref[i]) && i - digits_from < 7) row = row * 10 + (ref[i++] - '0');
  if (i == digits_from || i != ref.size() || row < 1 || row > k_max_row) return std::nullopt;
  return CellRef{column, row};
}

const Cell* Row::at(int column) const {
  const auto found =
      std::lower_bound(cells.begin(), cells.end(), column, [](const Cell& c, int n) { return c.column < n; });
  return found != cells.end() && found->column == column ? &*found : nullptr;
}

std::string place(const Sheet& sheet, int row, int column) {
  std::string out = "sheet '" + sheet.name + "'";
  if (row > 0 && column > 0) return out + ", cell " + cell_name(column, row);
  if (row > 0) return out + ", row " + std::to_string(row);
  return out;
}

bool looks_like_xlsx(std::string_view bytes) {
  if (!bytes.starts_with(std::string_view("PK\x03\x04", 4))) return false;
  const auto zip = open_zip(bytes);
  return zip && find_entry(zip.get(), k_workbook_part).has_value();
}

Result<Workbook> read_workbook(std::string_view bytes, const XlsxLimits& limits) {
  auto zip = open_zip(bytes);
  if (!zip) return workbook_error("the file is not an Excel workbook (damaged zip archive)");
  const auto entries = zip_get_num_entries(zip.get(), 0);
  if (entries < 0 || static_cast<std::size_t>(entries) > limits.max_entries)
    return workbook_error("the workbook's zip archive holds " + std::to_string(entries) +
                          " files, over the limit of " + std::to_string(limits.max_entries));
  Archive archive(std::move(zip), limits);
  if (!archive.has(k_workbook_part))
    return workbook_error(std::string("the file is a zip archive but not an Excel workbook (it has no ") +
                          k_workbook_part + ")");

  WorkbookHandler book(limits.max_sheets);
  if (auto st = archive.walk(k_workbook_part, book); !st) return st.error();
  if (!archive.has(k_workbook_rels))
    return workbook_error(std::string("the workbook is damaged: it has no ") + k_workbook_rels +
                          ", which says where its sheets are");
  RelsHandler rels(limits.max_entries);
  if (auto st = archive.walk(k_workbook_rels, rels); !st) return st.error();

  std::vector<std::string> strings;
  std::vector<bool> date_styles;
  for (const auto& [id, rel] : rels.relationships()) {
    if (rel.type == "sharedStrings") {
      SharedStringsHandler handler(limits.max_shared_strings);
      if (auto st = archive.walk(rel.target, handler); !st) return st.error();
      strings = std::move(handler.strings);
    } else if (rel.type == "styles") {
      StylesHandler handler(limits.max_cells);
      if (auto st = archive.walk(rel.target, handler); !st) return st.error();
      date_styles = handler.date_styles();
    }
  }

  Workbook workbook;
  workbook.date1904 = book.date1904;
  Shared shared{strings, date_styles, book.date1904, limits.max_cells, 0};
  for (auto& entry : book.sheets) {
    const auto rel = rels.relationships().find(entry.relationship);
    if (rel == rels.relationships().end())
      return workbook_error("the workbook is damaged: sheet '" + entry.name + "' has no part in " +
                            k_workbook_rels);
    if (rel->second.type != "worksheet") continue;  // a chart sheet, a dialog sheet
    Sheet sheet;
    sheet.name = std::move(entry.name);
    sheet.state = entry.state;
    sheet.part = rel->second.target;
    SheetHandler handler(sheet, shared);
    if (!archive.has(sheet.part))
      return workbook_error("the workbook is damaged: " + place(sheet) + " is in the part " + sheet.part +
                            ", which the archive does not hold");
    if (auto st = archive.walk(sheet.part, handler); !st) return st.error();
    if (auto st = handler.finish(); !st) return st.error();
    workbook.sheets.push_back(std::move(sheet));
  }
  return workbook;
}

}  // namespace followup::importer::xlsx
