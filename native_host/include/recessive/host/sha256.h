// SHA-256 (OpenSSL's EVP) as 64 lowercase hex digits. Stateless and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace recessive::host {

std::string sha256_hex(const uint8_t* data, size_t size);

}  // namespace recessive::host
