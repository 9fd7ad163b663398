#include "recessive/imaging/exif_orientation.h"

#include <gtest/gtest.h>

#include <random>

#include "test_support.h"

namespace recessive::imaging {
namespace {

using testing::Bytes;

int orientation_of(const Bytes& b) { return read_exif_orientation(b.data(), b.size()); }
int block_orientation(const Bytes& b) { return exif_block_orientation(b.data(), b.size()); }

Bytes small_jpeg() { return testing::cv_encode(".jpg", testing::random_mat(16, 24, CV_8UC3, 11)); }

TEST(ExifOrientation, TiffBlockBothByteOrders) {
  for (int o = 1; o <= 8; ++o) {
    EXPECT_EQ(block_orientation(testing::exif_tiff(o, true)), o);
    EXPECT_EQ(block_orientation(testing::exif_tiff(o, false)), o);
    Bytes prefixed = testing::bytes_of(std::string("Exif\0\0", 6));
    testing::append(prefixed, testing::exif_tiff(o, false));
    EXPECT_EQ(block_orientation(prefixed), o);
  }
}

TEST(ExifOrientation, LongTypeAcceptedOtherTypesAndValuesIgnored) {
  EXPECT_EQ(block_orientation(testing::exif_tiff(6, true, /*orientation_type=*/4)), 6);
  EXPECT_EQ(block_orientation(testing::exif_tiff(6, false, /*orientation_type=*/4)), 6);
  EXPECT_EQ(block_orientation(testing::exif_tiff(6, true, /*orientation_type=*/2)), 1);
  for (int bad : {0, 9, 255, 65535}) {
    EXPECT_EQ(block_orientation(testing::exif_tiff(bad, true)), 1) << bad;
    EXPECT_EQ(block_orientation(testing::exif_tiff(bad, false)), 1) << bad;
  }
}

TEST(ExifOrientation, MalformedBlocksGiveOne) {
  EXPECT_EQ(exif_block_orientation(nullptr, 0), 1);
  EXPECT_EQ(block_orientation({}), 1);
  EXPECT_EQ(block_orientation(testing::bytes_of("XX*\0garbage garbage")), 1);
  Bytes wrong_magic = testing::exif_tiff(6, true);
  wrong_magic[2] = 43;
  EXPECT_EQ(block_orientation(wrong_magic), 1);
  Bytes far_ifd = testing::exif_tiff(6, true);
  far_ifd[4] = 0xF0, far_ifd[5] = 0xFF, far_ifd[6] = 0xFF, far_ifd[7] = 0xFF;  // IFD0 offset ~4 GiB
  EXPECT_EQ(block_orientation(far_ifd), 1);
  Bytes huge_count = testing::exif_tiff(6, false);
  huge_count[8] = 0xFF, huge_count[9] = 0xFF;  // 65535 entries claimed; orientation entry is still the second
  EXPECT_EQ(block_orientation(huge_count), 6);
  huge_count.resize(8 + 2 + 12);  // ... but only the first entry is present
  EXPECT_EQ(block_orientation(huge_count), 1);
}

TEST(ExifOrientation, EveryTruncationIsSafe) {
  for (bool le : {true, false}) {
    const Bytes full = testing::exif_tiff(8, le);
    const size_t needed = 8 + 2 + 2 * 12;  // header, count, Make entry, Orientation entry
    for (size_t n = 0; n <= full.size(); ++n) {
      // Copy into an exactly-sized heap buffer so a sanitizer flags any over-read.
      const Bytes cut(full.begin(), full.begin() + long(n));
      EXPECT_EQ(block_orientation(cut), n >= needed ? 8 : 1) << "length " << n;
    }
  }
}

TEST(ExifOrientation, FuzzedBlocksStayInRange) {
  std::mt19937 rng(99);
  const Bytes seed = testing::exif_tiff(5, true);
  for (int round = 0; round < 5000; ++round) {
    Bytes b = seed;
    for (int k = 0; k < 1 + int(rng() % 6); ++k) b[rng() % b.size()] = uint8_t(rng());
    b.resize(rng() % (b.size() + 1));
    const int o = block_orientation(b);
    ASSERT_GE(o, 1);
    ASSERT_LE(o, 8);
  }
}

TEST(ExifOrientation, JpegApp1) {
  for (int o = 1; o <= 8; ++o) {
    for (bool le : {true, false}) {
      EXPECT_EQ(
          orientation_of(testing::splice_after_soi(small_jpeg(), {testing::jpeg_exif_app1(testing::exif_tiff(o, le))})),
          o);
    }
  }
  EXPECT_EQ(orientation_of(small_jpeg()), 1);
}

TEST(ExifOrientation, JpegXmpBeforeExifAndOnlyFirstExifCounts) {
  const Bytes jpeg = testing::splice_after_soi(
      small_jpeg(), {testing::jpeg_xmp_app1(), testing::jpeg_exif_app1(testing::exif_tiff(6, true)),
                     testing::jpeg_exif_app1(testing::exif_tiff(3, true))});
  EXPECT_EQ(orientation_of(jpeg), 6);
}

TEST(ExifOrientation, JpegExifAfterImageDataIgnored) {
  Bytes jpeg = small_jpeg();
  testing::append(jpeg, testing::jpeg_exif_app1(testing::exif_tiff(6, true)));
  EXPECT_EQ(orientation_of(jpeg), 1);
}

TEST(ExifOrientation, PngExifChunk) {
  const Bytes raw(4 * 3 * 3, 100);
  for (bool le : {true, false}) {
    const Bytes png = testing::make_png(4, 3, 8, 2, raw, {testing::png_chunk("eXIf", testing::exif_tiff(7, le))});
    EXPECT_EQ(orientation_of(png), 7);
  }
  // eXIf after IDAT (seen in the wild) still counts.
  EXPECT_EQ(
      orientation_of(testing::make_png(4, 3, 8, 2, raw, {}, {testing::png_chunk("eXIf", testing::exif_tiff(2, true))})),
      2);
  EXPECT_EQ(orientation_of(testing::make_png(4, 3, 8, 2, raw)), 1);
}

TEST(ExifOrientation, WebpExifChunk) {
  const Bytes simple =
      testing::cv_encode(".webp", testing::random_mat(10, 14, CV_8UC3, 12), {cv::IMWRITE_WEBP_QUALITY, 101});
  const Bytes webp =
      testing::webp_extended(simple, 14, 10, {testing::riff_chunk("EXIF", testing::exif_tiff(5, false))}, 0x08);
  EXPECT_EQ(orientation_of(webp), 5);
  Bytes prefixed = testing::bytes_of(std::string("Exif\0\0", 6));
  testing::append(prefixed, testing::exif_tiff(4, true));
  EXPECT_EQ(orientation_of(testing::webp_extended(simple, 14, 10, {testing::riff_chunk("EXIF", prefixed)}, 0x08)), 4);
  EXPECT_EQ(orientation_of(simple), 1);
}

TEST(ExifOrientation, TruncatedContainersAreSafe) {
  const std::vector<Bytes> files = {
      testing::splice_after_soi(small_jpeg(), {testing::jpeg_exif_app1(testing::exif_tiff(6, true))}),
      testing::make_png(4, 3, 8, 2, Bytes(36, 1), {testing::png_chunk("eXIf", testing::exif_tiff(6, false))}),
      testing::webp_extended(testing::cv_encode(".webp", testing::random_mat(10, 14, CV_8UC3, 12)), 14, 10,
                             {testing::riff_chunk("EXIF", testing::exif_tiff(6, true))}, 0x08),
  };
  for (const Bytes& file : files) {
    EXPECT_EQ(orientation_of(file), 6);
    for (size_t n = 0; n < file.size(); ++n) {
      const Bytes cut(file.begin(), file.begin() + long(n));
      const int o = orientation_of(cut);
      EXPECT_TRUE(o == 1 || o == 6) << n;
    }
  }
  EXPECT_EQ(read_exif_orientation(nullptr, 0), 1);
  EXPECT_EQ(orientation_of(testing::bytes_of("GIF89a not handled at all")), 1);
}

}  // namespace
}  // namespace recessive::imaging
