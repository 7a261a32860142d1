// Templates (src/web/templates/*.mustache, compiled in) filled with JSON:
// the pages show the service layer's JSON views (app/json_views.h), so a
// page and the API answer from the same values. Mustache escapes every
// {{value}} for HTML; only {{{markup}}} made by the server (a page's body,
// a chart) goes in unescaped.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace followup::web {

// The template `name` (without .mustache) filled with `data`. Null and
// false hide a section; numbers print as JSON does.
std::string render(std::string_view name, const nlohmann::json& data);

// A file of src/web/static/ ("app.css").
std::optional<std::string_view> static_file(std::string_view name);

}  // namespace followup::web
