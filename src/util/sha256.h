// SHA-256 digests as lower-case hexadecimal text, the form the store, the
// history chain and evidence files use. Backed by libsodium; the functions
// are safe to call from any thread and never fail.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace followup {

// The digest of `data`: 64 lower-case hex digits.
std::string sha256_hex(std::string_view data);

// True when `text` is 64 lower-case hex digits, the only spelling of a
// digest the store accepts.
bool is_sha256_hex(std::string_view text);

// An incremental digest for input that arrives in pieces, so callers need
// not concatenate them first.
class Sha256 {
 public:
  Sha256();
  void update(std::string_view data);
  // The digest of everything given to update. Call once; the object is
  // spent afterwards.
  std::string finish_hex();

 private:
  // Holds libsodium's crypto_hash_sha256_state, kept opaque so that this
  // header does not pull in sodium.h. Size and alignment are checked in the .cc.
  alignas(16) std::array<std::byte, 128> m_state{};
};

}  // namespace followup
