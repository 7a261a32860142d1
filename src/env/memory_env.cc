#include "env/memory_env.h"

#include <algorithm>
#include <filesystem>

namespace followup::env {

namespace {

std::string quoted(const std::string& path) { return path == "-" ? "standard input" : "'" + path + "'"; }

Error bad(std::string message) { return make_error(ErrorCode::invalid_argument, std::move(message)); }

}  // namespace

Result<std::string> MemoryFileSystem::read_file(const std::string& path, std::size_t max_bytes) {
  const std::string* bytes = path == "-" ? &m_stdin : find(path);
  if (bytes == nullptr) {
    if (m_folders.count(path) > 0) return bad(quoted(path) + " is a directory, not a regular file");
    return bad("cannot read " + quoted(path) + ": No such file or directory");
  }
  if (bytes->size() > max_bytes)
    return bad(quoted(path) + " is larger than the limit of " + std::to_string(max_bytes) + " bytes");
  return *bytes;
}

Status MemoryFileSystem::write_new_file(const std::string& path, std::string_view bytes, FileMode mode) {
  if (exists(path)) return make_error(ErrorCode::already_exists, "'" + path + "' exists");
  const auto folder = std::filesystem::path(path).parent_path().string();
  if (!folder.empty() && m_folders.count(folder) == 0)
    return make_error(ErrorCode::unavailable, "cannot write '" + path + "': No such file or directory");
  m_files[path] = std::string(bytes);
  m_modes[path] = mode;
  return {};
}

bool MemoryFileSystem::exists(const std::string& path) const {
  return m_files.count(path) > 0 || m_folders.count(path) > 0;
}

Status MemoryFileSystem::create_directories(const std::string& path) {
  for (std::filesystem::path p(path); !p.empty() && p != p.root_path(); p = p.parent_path()) {
    if (m_files.count(p.string()) > 0)
      return make_error(ErrorCode::unavailable,
                        "cannot create the folder '" + path + "': '" + p.string() + "' is a file");
    m_folders.insert(p.string());
  }
  return {};
}

const std::string* MemoryFileSystem::find(const std::string& path) const {
  auto it = m_files.find(path);
  return it == m_files.end() ? nullptr : &it->second;
}

FileMode MemoryFileSystem::mode_of(const std::string& path) const {
  auto it = m_modes.find(path);
  return it == m_modes.end() ? FileMode::shared : it->second;
}

Status MemoryMailTransport::send(const MailMessage& message) {
  if (message.to.empty()) return make_error(ErrorCode::invalid_argument, "a message needs a recipient");
  const bool seen = !message.message_id.empty() &&
                    std::any_of(m_sent.begin(), m_sent.end(),
                                [&](const MailMessage& m) { return m.message_id == message.message_id; });
  if (!seen) m_sent.push_back(message);
  return {};
}

}  // namespace followup::env
