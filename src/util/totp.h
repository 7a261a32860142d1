// Time-based one-time passwords (RFC 6238: HMAC-SHA-1, 30-second steps, 6
// digits, as authenticator apps use by default), with liboath.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace followup::util {

// A new secret: 20 random bytes in base32 (32 characters, no padding).
std::string new_totp_secret();

// Whether `code` is the secret's code at `now` (seconds since 1970, UTC)
// or one step either side (a clock a little off). False for a malformed
// secret or code.
bool totp_matches(std::string_view base32_secret, std::string_view code, long long now);

// The secret's code at `now` (what an authenticator app would show);
// nullopt for a malformed secret.
std::optional<std::string> totp_code(std::string_view base32_secret, long long now);

}  // namespace followup::util
