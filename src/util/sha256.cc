#include "util/sha256.h"

#include <sodium.h>

namespace followup::util {

// A function-local static makes the initialisation thread-safe and lazy.
// The routines work even when sodium_init reports failure (it only picks
// faster implementations), so its result is not an error here.
void ensure_sodium() {
  static const int k_init = sodium_init();
  static_cast<void>(k_init);
}

namespace {

std::string digest_hex(const unsigned char (&digest)[crypto_hash_sha256_BYTES]) {
  return to_hex(std::string_view(reinterpret_cast<const char*>(digest), crypto_hash_sha256_BYTES));
}

const unsigned char* bytes_of(std::string_view data) {
  return reinterpret_cast<const unsigned char*>(data.data());
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  ensure_sodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, bytes_of(data), data.size());
  return digest_hex(digest);
}

bool is_sha256_hex(std::string_view text) {
  if (text.size() != std::size_t{2} * crypto_hash_sha256_BYTES) return false;
  for (char c : text) {
    bool digit = c >= '0' && c <= '9';
    bool lower = c >= 'a' && c <= 'f';
    if (!digit && !lower) return false;
  }
  return true;
}

Sha256::Sha256() : m_state(std::make_unique<crypto_hash_sha256_state>()) {
  ensure_sodium();
  crypto_hash_sha256_init(m_state.get());
}

Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;
Sha256::~Sha256() = default;

void Sha256::update(std::string_view data) {
  crypto_hash_sha256_update(m_state.get(), bytes_of(data), data.size());
}

std::string Sha256::finish_hex() {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(m_state.get(), digest);
  return digest_hex(digest);
}

}  // namespace followup::util

namespace followup::util {

std::string to_hex(std::string_view bytes) {
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char byte : bytes) {
    const auto c = static_cast<unsigned char>(byte);
    out.push_back(k_digits[c >> 4U]);
    out.push_back(k_digits[c & 0x0FU]);
  }
  return out;
}

std::optional<std::string> from_hex(std::string_view text) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  if (text.size() % 2 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 2);
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int high = nibble(text[i]);
    const int low = nibble(text[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    out.push_back(static_cast<char>(high * 16 + low));
  }
  return out;
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  ensure_sodium();
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, bytes_of(key), key.size());
  crypto_auth_hmacsha256_update(&state, bytes_of(data), data.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, mac);
  return digest_hex(mac);
}

std::string random_bytes(std::size_t n) {
  ensure_sodium();
  std::string out(n, '\0');
  randombytes_buf(out.data(), n);
  return out;
}

bool equal_in_constant_time(std::string_view a, std::string_view b) {
  ensure_sodium();
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace followup::util
