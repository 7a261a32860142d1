// The follow-up memorandum regenerated from the store. Importing what
// render_memo writes gives back the same recommendations (tested as a
// round trip over every memo in tests/data/memos).
#pragma once

#include <string>

#include "core/model.h"

namespace followup::render {

enum class MemoFormat { text, markdown };

// "31 August 2001"
std::string long_date(Date date);

std::string render_memo(const Evaluation& evaluation, MemoFormat format);

}  // namespace followup::render
