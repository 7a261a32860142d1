// Reads a Word .docx memo (a zip holding word/document.xml) into the
// Markdown the text reader already understands: each body paragraph a line,
// each Word table a pipe table whose cells keep their paragraphs apart with
// <br>. Only the pieces a memo needs are read: no styles, no numbering.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace followup::importer::detail {

// Whether the bytes start like a zip archive ("PK\3\4"), as a .docx does.
bool looks_like_zip(std::string_view bytes);

// The document's text as Markdown (UTF-8). Errors (not a Word document,
// damaged or unsupported archive) are invalid_argument with no file or line.
Result<std::string> docx_to_markdown(std::string_view bytes);

}  // namespace followup::importer::detail
