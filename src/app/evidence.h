// Evidence files: what a unit or the office attaches, and the policy that
// admits them. Judged by content (libmagic), never by the file's name.
#pragma once

#include <string>
#include <vector>

#include "core/model.h"
#include "core/result.h"

namespace followup::app {

struct EvidenceFile {
  std::string name;  // as given; stored as util::safe_file_name(name)
  std::string content;
};

// The name as the person gave it, for the history: folders dropped, and
// whatever is not printable UTF-8 written as a visible escape.
std::string original_evidence_name(const EvidenceFile& file);

// What evidence is accepted: judged by content, never by the file's name.
//
// Whatever its type, a file is refused when its first megabyte holds markup
// a browser would run (util::active_markup_in), unless its type is listed
// in `active_allowed_types`: an explicit choice by the office, empty by
// default.
struct EvidencePolicy {
  long long max_bytes = 20LL * 1024 * 1024;
  std::vector<std::string> allowed_types = default_allowed_types();
  std::vector<std::string> active_allowed_types;
  static std::vector<std::string> default_allowed_types();
};

// The stored description of `file` (hash, safe display name, type, size),
// or an error naming the file when the policy refuses it.
Result<Evidence> admit_evidence(const EvidenceFile& file, const EvidencePolicy& policy);

}  // namespace followup::app
