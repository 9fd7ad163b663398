// Standard base64 (RFC 4648, alphabet A-Z a-z 0-9 + /, '=' padding), strict on input: no whitespace, no
// URL-safe alphabet, padding required, non-zero trailing bits refused. Stateless and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace recessive::host {

std::string base64_encode(const uint8_t* data, size_t size);

// Appends the decoded bytes to `out`; returns false (and leaves `out` as it was) on any malformed input.
bool base64_decode_append(std::string_view text, std::vector<uint8_t>& out);

}  // namespace recessive::host
