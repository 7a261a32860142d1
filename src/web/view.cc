#include "web/view.h"

#include <kainjow/mustache.hpp>
#include <stdexcept>

namespace followup {
// The files src/web/CMakeLists.txt compiles in (src/embed_files.cmake).
std::optional<std::string_view> web_files(std::string_view name);
}  // namespace followup

namespace followup::web {

namespace {

namespace mustache = kainjow::mustache;

mustache::data data_of(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      mustache::data out{mustache::data::type::object};
      for (const auto& [key, item] : value.items()) out.set(key, data_of(item));
      return out;
    }
    case nlohmann::json::value_t::array: {
      mustache::data out{mustache::data::type::list};
      for (const auto& item : value) out.push_back(data_of(item));
      return out;
    }
    case nlohmann::json::value_t::string:
      return {value.get<std::string>()};
    case nlohmann::json::value_t::boolean:
      return {value.get<bool>()};
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded:
      return {false};
    default:
      return {value.dump()};
  }
}

}  // namespace

std::string render(std::string_view name, const nlohmann::json& data) {
  const auto text = web_files(std::string(name) + ".mustache");
  if (!text) throw std::logic_error("no template " + std::string(name));
  mustache::mustache tmpl{std::string(*text)};
  if (!tmpl.is_valid()) throw std::logic_error("template " + std::string(name) + ": " + tmpl.error_message());
  mustache::data root = data_of(data);
  // The partials it names ({{> answer_form}}): other templates.
  for (auto at = text->find("{{>"); at != std::string_view::npos; at = text->find("{{>", at + 3)) {
    const auto end = text->find("}}", at);
    std::string partial(text->substr(at + 3, end - at - 3));
    partial.erase(0, partial.find_first_not_of(' '));
    partial.erase(partial.find_last_not_of(' ') + 1);
    const auto body = web_files(partial + ".mustache");
    if (!body) throw std::logic_error("template " + std::string(name) + ": no partial " + partial);
    root.set(partial, mustache::partial([body] { return std::string(*body); }));
  }
  return tmpl.render(root);
}

std::optional<std::string_view> static_file(std::string_view name) {
  if (name.ends_with(".mustache")) return std::nullopt;
  return web_files(name);
}

}  // namespace followup::web
