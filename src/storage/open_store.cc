// Picks the backend for a store URL.
#include <string>

#include "storage/sqlite/sqlite_store.h"
#include "storage/store.h"

namespace followup {

namespace {

// A URL scheme is letters, digits, '+', '-', '.' before the first ':',
// starting with a letter; a bare path ("var/followup.db", "./a:b.db") has none.
std::string_view scheme_of(std::string_view url) {
  auto colon = url.find(':');
  if (colon == std::string_view::npos || colon == 0) return {};
  std::string_view scheme = url.substr(0, colon);
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!letter(scheme.front())) return {};
  for (char c : scheme)
    if (!letter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') return {};
  return scheme;
}

}  // namespace

std::optional<std::string> sqlite_path_of(std::string_view url) {
  std::string_view scheme = scheme_of(url);
  if (scheme.empty()) return std::string(url);
  if (scheme == "sqlite") return std::string(url.substr(scheme.size() + 1));
  return std::nullopt;
}

Result<std::unique_ptr<Store>> open_store(std::string_view url, const OpenOptions& options) {
  if (auto path = sqlite_path_of(url)) return open_sqlite_store(*path, options);
  std::string_view scheme = scheme_of(url);
  if (scheme == "postgresql" || scheme == "postgres")
    return make_error(ErrorCode::invalid_argument, "postgresql is not supported yet: use sqlite:PATH");
  return make_error(ErrorCode::invalid_argument, "unknown store scheme '" + std::string(scheme) + "' in '" +
                                                     std::string(url) + "': use sqlite:PATH or a file path");
}

}  // namespace followup
