#include "app/evidence.h"

#include <algorithm>

#include "util/clean_text.h"
#include "util/media_type.h"
#include "util/sha256.h"

namespace followup::app {

std::string original_evidence_name(const EvidenceFile& file) {
  return util::escape_for_terminal(util::file_name_part(file.name));
}

std::vector<std::string> EvidencePolicy::default_allowed_types() {
  return {"application/pdf",
          "text/plain",
          "text/csv",
          "image/png",
          "image/jpeg",
          "application/msword",
          "application/vnd.ms-excel",
          "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          "application/vnd.openxmlformats-officedocument.presentationml.presentation",
          "application/vnd.oasis.opendocument.text",
          "application/vnd.oasis.opendocument.spreadsheet",
          "message/rfc822"};
}

Result<Evidence> admit_evidence(const EvidenceFile& file, const EvidencePolicy& policy) {
  const auto name = util::safe_file_name(file.name);
  const auto size = static_cast<long long>(file.content.size());
  if (size == 0) return make_error(ErrorCode::invalid_argument, "evidence '" + name + "' is empty");
  if (size > policy.max_bytes)
    return make_error(ErrorCode::invalid_argument, "evidence '" + name + "' is " + std::to_string(size) +
                                                       " bytes; the limit is " +
                                                       std::to_string(policy.max_bytes));
  auto type = util::media_type_of(file.content);
  if (std::find(policy.allowed_types.begin(), policy.allowed_types.end(), type) == policy.allowed_types.end())
    return make_error(ErrorCode::invalid_argument,
                      "evidence '" + name + "' is " + type + ", which is not an allowed type");
  if (std::find(policy.active_allowed_types.begin(), policy.active_allowed_types.end(), type) ==
      policy.active_allowed_types.end())
    if (const auto markup = util::active_markup_in(file.content); !markup.empty())
      return make_error(
          ErrorCode::invalid_argument,
          "evidence '" + name + "' (" + type + ") contains markup a browser would run ('" + markup + "')");
  return Evidence{util::sha256_hex(file.content), name, type, size};
}

}  // namespace followup::app
