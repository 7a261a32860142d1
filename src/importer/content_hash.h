// What identifies an imported memo: a hash over a canonical form of its
// parsed content, which no output format can change (docs/import.md, "The
// memo's identity"). The store keeps it as evaluations.content_hash and
// refuses to import the same content twice.
#pragma once

#include <string>
#include <string_view>

#include "core/model.h"
#include "importer/memo_parser.h"

namespace followup::importer {

// The name and version of the canonical form: its first field.
inline constexpr std::string_view k_content_form = "followup-memo-1";

// The canonical form: the netstrings ("LEN:BYTES,", LEN the decimal byte
// count) of k_content_form, the evaluation code, the title, the memo's date
// (YYYY-MM-DD, empty when none), From, Subject, the number of To addressees
// and each of them, the same for Cc, the number of recommendations and, for
// each in memo order, its number, text, due date and the number of its
// responsible names and each name as written. Warnings, unit codes, the
// file name and the bytes are not part of it.
std::string canonical_content(const ParsedMemo& memo);
// The same fields taken from an evaluation as to_evaluation makes it (its
// units, priority, issue and disclosure are not part of the form): for
// hashing again what the store holds.
std::string canonical_content(const Evaluation& imported);

// Lower-case hex SHA-256 of canonical_content.
std::string content_hash(const ParsedMemo& memo);
std::string content_hash(const Evaluation& imported);

}  // namespace followup::importer
