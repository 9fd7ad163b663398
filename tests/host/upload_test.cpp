#include "recessive/host/upload.h"

#include <gtest/gtest.h>

#include "recessive/host/base64.h"
#include "recessive/host/sha256.h"

namespace recessive::host {
namespace {

const std::vector<uint8_t> kFile = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

ProtectRequest request(int64_t chunks = 2, int64_t size = 10) {
  ProtectRequest r;
  r.id = "u";
  r.size = size;
  r.chunks = chunks;
  r.sha256 = sha256_hex(kFile.data(), kFile.size());
  return r;
}

ProtectChunk chunk(int64_t index, size_t begin, size_t size, int64_t total = 2) {
  return {"u", base64_encode(kFile.data() + begin, size), index, total};
}

ErrorCode failure(Upload& upload, const ProtectChunk& c) {
  try {
    upload.add(c);
  } catch (const HostError& e) {
    return e.code;
  }
  ADD_FAILURE() << "chunk accepted";
  return ErrorCode::engine_failure;
}

TEST(Upload, AssemblesInOrderAndChecksTheDigest) {
  Upload upload(request());
  EXPECT_FALSE(upload.add(chunk(0, 0, 4)));
  EXPECT_TRUE(upload.add(chunk(1, 4, 6)));
  EXPECT_EQ(upload.take(), kFile);
}

TEST(Upload, GapDuplicateAndWrongTotal) {
  Upload gap(request());
  EXPECT_EQ(failure(gap, chunk(1, 4, 6)), ErrorCode::bad_chunk);
  Upload duplicate(request(3));
  duplicate.add(chunk(0, 0, 4, 3));
  EXPECT_EQ(failure(duplicate, chunk(0, 0, 4, 3)), ErrorCode::bad_chunk);
  Upload total(request());
  EXPECT_EQ(failure(total, chunk(0, 0, 4, 5)), ErrorCode::bad_chunk);
}

TEST(Upload, BadBase64MoreBytesFewerBytesAndChecksum) {
  Upload b64(request());
  EXPECT_EQ(failure(b64, {"u", "!!!!", 0, 2}), ErrorCode::bad_chunk);
  Upload more(request(2, 5));
  EXPECT_EQ(failure(more, chunk(0, 0, 9)), ErrorCode::too_large);
  Upload fewer(request(1));
  EXPECT_EQ(failure(fewer, chunk(0, 0, 9, 1)), ErrorCode::bad_chunk);
  auto wrong = request(1);
  wrong.sha256 = std::string(64, '0');
  Upload digest(wrong);
  EXPECT_EQ(failure(digest, chunk(0, 0, 10, 1)), ErrorCode::checksum_mismatch);
}

}  // namespace
}  // namespace recessive::host
