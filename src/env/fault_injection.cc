#include "env/fault_injection.h"

namespace followup::env {

void FaultInjectionFileSystem::fail(FileOp op, Error error, int count) {
  auto& fault = m_faults.at(index(op));
  fault.error = std::move(error);
  fault.remaining = count;
}

void FaultInjectionFileSystem::heal() {
  for (auto& fault : m_faults) {
    fault.error.reset();
    fault.remaining = 0;
  }
}

std::optional<Error> FaultInjectionFileSystem::next(FileOp op) {
  auto& fault = m_faults.at(index(op));
  ++fault.attempts;
  if (!fault.error || fault.remaining == 0) return std::nullopt;
  if (fault.remaining > 0) --fault.remaining;
  return fault.error;
}

Result<std::string> FaultInjectionFileSystem::read_file(const std::string& path, std::size_t max_bytes) {
  if (auto error = next(FileOp::read)) return *error;
  return m_base.read_file(path, max_bytes);
}

Status FaultInjectionFileSystem::write_new_file(const std::string& path, std::string_view bytes,
                                                FileMode mode) {
  if (auto error = next(FileOp::write)) return *error;
  return m_base.write_new_file(path, bytes, mode);
}

Status FaultInjectionFileSystem::create_directories(const std::string& path) {
  if (auto error = next(FileOp::create_directories)) return *error;
  return m_base.create_directories(path);
}

void FaultInjectionMailTransport::fail(MailFault fault, int count) {
  m_fault = fault;
  m_remaining = count;
}

Status FaultInjectionMailTransport::send(const MailMessage& message) {
  ++m_attempts;
  if (m_remaining == 0) return m_base.send(message);
  if (m_remaining > 0) --m_remaining;
  if (m_fault == MailFault::lose_reply)
    if (auto st = m_base.send(message); !st) return st;
  return make_error(ErrorCode::unavailable, "the mail transport did not answer");
}

}  // namespace followup::env
