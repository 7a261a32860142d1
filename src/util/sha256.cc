#include "util/sha256.h"

#include <cstring>
#include <new>
#include <sodium.h>

namespace followup {

namespace {

static_assert(sizeof(crypto_hash_sha256_state) <= 128, "Sha256::m_state is too small for libsodium's state");
static_assert(alignof(crypto_hash_sha256_state) <= 16,
              "Sha256::m_state is under-aligned for libsodium's state");

// libsodium must be initialised once before use; a function-local static
// makes that thread-safe and lazy. The SHA-256 routines work even when
// sodium_init reports failure (it only picks faster implementations), so
// its result is not an error here.
void ensure_sodium() {
  static const int k_init = sodium_init();
  static_cast<void>(k_init);
}

std::string to_hex(const unsigned char (&digest)[crypto_hash_sha256_BYTES]) {
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * crypto_hash_sha256_BYTES);
  for (unsigned char byte : digest) {
    out.push_back(k_digits[byte >> 4U]);
    out.push_back(k_digits[byte & 0x0FU]);
  }
  return out;
}

const unsigned char* bytes_of(std::string_view data) {
  return reinterpret_cast<const unsigned char*>(data.data());
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  ensure_sodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, bytes_of(data), data.size());
  return to_hex(digest);
}

bool is_sha256_hex(std::string_view text) {
  if (text.size() != 2 * crypto_hash_sha256_BYTES) return false;
  for (char c : text) {
    bool digit = c >= '0' && c <= '9';
    bool lower = c >= 'a' && c <= 'f';
    if (!digit && !lower) return false;
  }
  return true;
}

Sha256::Sha256() {
  ensure_sodium();
  auto* state = new (m_state.data()) crypto_hash_sha256_state;
  crypto_hash_sha256_init(state);
}

void Sha256::update(std::string_view data) {
  auto* state = std::launder(reinterpret_cast<crypto_hash_sha256_state*>(m_state.data()));
  crypto_hash_sha256_update(state, bytes_of(data), data.size());
}

std::string Sha256::finish_hex() {
  auto* state = std::launder(reinterpret_cast<crypto_hash_sha256_state*>(m_state.data()));
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(state, digest);
  return to_hex(digest);
}

}  // namespace followup
