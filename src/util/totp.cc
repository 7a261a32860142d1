#include "util/totp.h"

#include <cstdlib>
#include <liboath/oath.h>
#include <memory>

#include "util/sha256.h"

namespace followup::util {

namespace {

constexpr unsigned k_digits = 6;

void ensure_oath() {
  static const int k_init = oath_init();
  static_cast<void>(k_init);
}

struct FreeDeleter {
  // liboath allocates with malloc.
  void operator()(char* p) const {
    std::free(p);  // NOLINT(cppcoreguidelines-no-malloc,cppcoreguidelines-owning-memory)
  }
};

// The secret's bytes; nullopt when it is not base32.
std::optional<std::string> secret_bytes(std::string_view base32) {
  ensure_oath();
  char* raw = nullptr;
  std::size_t length = 0;
  if (base32.empty() || oath_base32_decode(base32.data(), base32.size(), &raw, &length) != OATH_OK)
    return std::nullopt;
  const std::unique_ptr<char, FreeDeleter> owned(raw);
  return std::string(raw, length);
}

}  // namespace

std::string new_totp_secret() {
  ensure_oath();
  const std::string bytes = random_bytes(20);
  char* text = nullptr;
  std::size_t length = 0;
  if (oath_base32_encode(bytes.data(), bytes.size(), &text, &length) != OATH_OK) return {};
  const std::unique_ptr<char, FreeDeleter> owned(text);
  return std::string(text, length);
}

bool totp_matches(std::string_view base32_secret, std::string_view code, long long now) {
  if (code.size() != k_digits || code.find_first_not_of("0123456789") != std::string_view::npos) return false;
  const auto secret = secret_bytes(base32_secret);
  if (!secret) return false;
  const std::string terminated(code);
  return oath_totp_validate(secret->data(), secret->size(), static_cast<time_t>(now),
                            OATH_TOTP_DEFAULT_TIME_STEP_SIZE, OATH_TOTP_DEFAULT_START_TIME, 1,
                            terminated.c_str()) >= 0;
}

std::optional<std::string> totp_code(std::string_view base32_secret, long long now) {
  const auto secret = secret_bytes(base32_secret);
  if (!secret) return std::nullopt;
  char out[k_digits + 1] = {};
  if (oath_totp_generate(secret->data(), secret->size(), static_cast<time_t>(now),
                         OATH_TOTP_DEFAULT_TIME_STEP_SIZE, OATH_TOTP_DEFAULT_START_TIME, k_digits,
                         out) != OATH_OK)
    return std::nullopt;
  return std::string(out);
}

}  // namespace followup::util
