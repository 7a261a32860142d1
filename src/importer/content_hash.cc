#include "importer/content_hash.h"

#include "util/sha256.h"

namespace followup::importer {

namespace {

// A recommendation's part of the form, from either source.
struct RecommendationFields {
  int number = 0;
  const std::string& text;
  const Date& due;
  const std::vector<std::string>& responsible;
};

class Writer {
 public:
  void field(std::string_view bytes) {
    m_out += std::to_string(bytes.size());
    m_out += ':';
    m_out += bytes;
    m_out += ',';
  }
  void count(std::size_t n) { field(std::to_string(n)); }
  void list(const std::vector<std::string>& items) {
    count(items.size());
    for (const auto& item : items) field(item);
  }
  void head(std::string_view code, std::string_view title, const MemoHeader& memo) {
    field(k_content_form);
    field(code);
    field(title);
    field(memo.date ? memo.date->iso() : std::string());
    field(memo.from);
    field(memo.subject);
    list(memo.to);
    list(memo.cc);
  }
  void recommendation(const RecommendationFields& rec) {
    field(std::to_string(rec.number));
    field(rec.text);
    field(rec.due.iso());
    list(rec.responsible);
  }
  std::string take() { return std::move(m_out); }

 private:
  std::string m_out;
};

}  // namespace

std::string canonical_content(const ParsedMemo& memo) {
  Writer w;
  w.head(memo.code, memo.title, memo.header);
  w.count(memo.recommendations.size());
  for (const auto& rec : memo.recommendations)
    w.recommendation(RecommendationFields{rec.number, rec.text, rec.due, rec.responsible});
  return w.take();
}

std::string canonical_content(const Evaluation& imported) {
  Writer w;
  w.head(imported.code, imported.title, imported.memo);
  w.count(imported.recommendations.size());
  for (const auto& rec : imported.recommendations)
    w.recommendation(RecommendationFields{rec.number, rec.text, rec.due, rec.responsible});
  return w.take();
}

std::string content_hash(const ParsedMemo& memo) { return util::sha256_hex(canonical_content(memo)); }

std::string content_hash(const Evaluation& imported) { return util::sha256_hex(canonical_content(imported)); }

}  // namespace followup::importer
