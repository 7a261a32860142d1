#include "util/password.h"

#include <sodium.h>
#include <vector>

#include "util/sha256.h"

namespace followup::util {

std::optional<std::string> hash_password(std::string_view password) {
  ensure_sodium();
  std::vector<char> out(crypto_pwhash_STRBYTES);
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return std::nullopt;
  return std::string(out.data());
}

bool password_matches(std::string_view hash, std::string_view password) {
  ensure_sodium();
  // libsodium reads a NUL-terminated string of at most STRBYTES.
  if (hash.size() >= crypto_pwhash_STRBYTES || hash.find('\0') != std::string_view::npos) return false;
  const std::string terminated(hash);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

std::string random_token(std::size_t bytes) {
  ensure_sodium();
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  const auto variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::vector<char> text(sodium_base64_ENCODED_LEN(bytes, variant));
  sodium_bin2base64(text.data(), text.size(), raw.data(), raw.size(), variant);
  return std::string(text.data());
}

}  // namespace followup::util
