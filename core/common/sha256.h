// SHA-256 (FIPS 180-4) of a buffer or a file, as lowercase hex: content identity for the store's
// artifacts (checkpoints). Leaves out HMAC and anything cryptographic beyond the digest.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace persona {

class Sha256 {
public:
    Sha256();
    void update(const void* data, std::size_t size);
    std::string hexDigest(); // finishes the hash; call once

private:
    void block(const std::uint8_t* p);
    std::uint32_t m_h[8];
    std::uint8_t m_buffer[64];
    std::size_t m_used = 0;
    std::uint64_t m_bytes = 0;
};

std::string sha256Hex(const void* data, std::size_t size);
// Streams the file. Throws IoError naming the file when it cannot be read.
std::string sha256File(const std::string& path);

} // namespace persona
