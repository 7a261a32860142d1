// SHA-256 digests as lower-case hexadecimal text, the form the store, the
// history chain and evidence files use. Backed by libsodium; the functions
// are safe to call from any thread and never fail.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

// libsodium's state, declared here so that this header does not include sodium.h.
struct crypto_hash_sha256_state;

namespace followup::util {

// libsodium initialised, once: before any of its functions is called.
void ensure_sodium();

// The digest of `data`: 64 lower-case hex digits.
std::string sha256_hex(std::string_view data);

// True when `text` is 64 lower-case hex digits, the only spelling of a
// digest the store accepts.
bool is_sha256_hex(std::string_view text);

// Bytes as lower-case hex digits, and back: nullopt unless `text` is an
// even number of lower-case hex digits.
std::string to_hex(std::string_view bytes);
std::optional<std::string> from_hex(std::string_view text);

// HMAC-SHA-256 of `data` under `key` (any length; libsodium's
// crypto_auth_hmacsha256): 64 lower-case hex digits.
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

// `n` bytes from the system's secure random source.
std::string random_bytes(std::size_t n);

// Compares two strings in time independent of where they differ.
bool equal_in_constant_time(std::string_view a, std::string_view b);

// An incremental digest for input that arrives in pieces, so callers need
// not concatenate them first.
class Sha256 {
 public:
  Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;
  ~Sha256();
  void update(std::string_view data);
  // The digest of everything given to update. Call once; the object is
  // spent afterwards.
  std::string finish_hex();

 private:
  std::unique_ptr<crypto_hash_sha256_state> m_state;
};

}  // namespace followup::util
