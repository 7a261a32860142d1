// Passwords and secret tokens, with libsodium: argon2id hashes in
// libsodium's string form (the algorithm, its costs and the salt travel
// with the hash, so the costs can change without invalidating old hashes),
// and random tokens safe to put in a cookie or a header.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace followup::util {

// The argon2id hash of `password` at libsodium's "interactive" costs (about
// 0.1 s and 64 MiB); nullopt when the memory cannot be had.
std::optional<std::string> hash_password(std::string_view password);

// Whether `password` matches `hash` (made by hash_password). Takes about as
// long as hashing; false for a malformed hash.
bool password_matches(std::string_view hash, std::string_view password);

// `bytes` random bytes as unpadded URL-safe base64 (43 characters for 32).
std::string random_token(std::size_t bytes = 32);

// Bytes as unpadded URL-safe base64, and back (nullopt for text that is
// not that, whole).
std::string to_base64(std::string_view bytes);
std::optional<std::string> from_base64(std::string_view text);

}  // namespace followup::util
