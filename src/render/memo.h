// The follow-up memorandum regenerated from the store. Importing what
// render_memo writes gives back the same recommendations (tested as a
// round trip over every memo in tests/data/memos).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/model.h"

namespace followup::render {

enum class MemoFormat { text, markdown };

// "31 August 2001"
std::string long_date(Date date);

// Extensions granted, by recommendation number, in the order granted.
using MemoExtensions = std::map<int, std::vector<Extension>>;

// The memo's own due dates, each with the extensions granted beside it.
std::string render_memo(const Evaluation& evaluation, MemoFormat format,
                        const MemoExtensions& extensions = {});

}  // namespace followup::render
