#include "recessive/imaging/image_header.h"

#include <gtest/gtest.h>

#include <random>

#include "recessive/imaging/image_error.h"
#include "test_support.h"

namespace recessive::imaging {
namespace {

using testing::Bytes;

ImageHeader header_of(const Bytes& b) { return read_image_header(b.data(), b.size()); }

std::string error_code_of(const Bytes& b) {
  try {
    read_image_header(b.data(), b.size());
  } catch (const ImageError& e) {
    return e.code;
  }
  return "no error";
}

void expect_header(const Bytes& bytes, ImageFormat format, int width, int height) {
  const ImageHeader h = header_of(bytes);
  EXPECT_EQ(h.format, format);
  EXPECT_EQ(h.width, width);
  EXPECT_EQ(h.height, height);
}

TEST(ImageHeader, ReadsDimensionsOfOpenCvEncodings) {
  const cv::Mat bgr = testing::random_mat(23, 37, CV_8UC3, 1);
  const cv::Mat bgra = testing::random_mat(23, 37, CV_8UC4, 2);
  expect_header(testing::cv_encode(".jpg", bgr), ImageFormat::jpeg, 37, 23);
  expect_header(testing::cv_encode(".jpg", bgr, {cv::IMWRITE_JPEG_PROGRESSIVE, 1}), ImageFormat::jpeg, 37, 23);
  expect_header(testing::cv_encode(".png", bgr), ImageFormat::png, 37, 23);
  expect_header(testing::cv_encode(".png", bgra), ImageFormat::png, 37, 23);
  expect_header(testing::cv_encode(".webp", bgr, {cv::IMWRITE_WEBP_QUALITY, 90}), ImageFormat::webp, 37, 23);   // VP8
  expect_header(testing::cv_encode(".webp", bgr, {cv::IMWRITE_WEBP_QUALITY, 101}), ImageFormat::webp, 37, 23);  // VP8L
  expect_header(testing::cv_encode(".webp", bgra, {cv::IMWRITE_WEBP_QUALITY, 90}), ImageFormat::webp, 37, 23);  // VP8X
}

TEST(ImageHeader, WebpChunkKindsAreTheOnesUnderTest) {
  const cv::Mat bgr = testing::random_mat(23, 37, CV_8UC3, 1);
  const cv::Mat bgra = testing::random_mat(23, 37, CV_8UC4, 2);
  EXPECT_EQ(testing::webp_chunk_types(testing::cv_encode(".webp", bgr, {cv::IMWRITE_WEBP_QUALITY, 90}))[0], "VP8 ");
  EXPECT_EQ(testing::webp_chunk_types(testing::cv_encode(".webp", bgr, {cv::IMWRITE_WEBP_QUALITY, 101}))[0], "VP8L");
  EXPECT_EQ(testing::webp_chunk_types(testing::cv_encode(".webp", bgra, {cv::IMWRITE_WEBP_QUALITY, 90}))[0], "VP8X");
}

TEST(ImageHeader, JpegSkipsSegmentsBeforeTheFrameHeader) {
  const Bytes jpeg = testing::cv_encode(".jpg", testing::random_mat(40, 56, CV_8UC3, 3));
  // C4 (DHT), C8 (JPG) and CC (DAC) share the SOFn range but are not frame headers: their payloads mimic a
  // 16x16 SOF and must be skipped. A large EXIF APP1 and fill bytes precede them.
  const Bytes fake_sof = {8, 0, 16, 0, 16, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0};
  Bytes fill = {0xFF, 0xFF};
  Bytes big_app1 = testing::jpeg_exif_app1(testing::exif_tiff(6, true));
  big_app1.resize(big_app1.size() + 30000, 0xAB);
  big_app1[2] = uint8_t((big_app1.size() - 2) >> 8);
  big_app1[3] = uint8_t(big_app1.size() - 2);
  const Bytes spliced =
      testing::splice_after_soi(jpeg, {big_app1, fill, testing::jpeg_segment(0xC4, fake_sof),
                                       testing::jpeg_segment(0xC8, fake_sof), testing::jpeg_segment(0xCC, fake_sof)});
  expect_header(spliced, ImageFormat::jpeg, 56, 40);
}

TEST(ImageHeader, ReadsHandMadeHugeHeadersWithoutPixelData) {
  Bytes png = testing::bytes_of(testing::kPngSignature);
  testing::append(png, testing::png_ihdr(100000, 100000, 8, 2));
  expect_header(png, ImageFormat::png, 100000, 100000);

  Bytes vp8x = {0, 0, 0, 0};
  testing::put_le24(vp8x, (1u << 24) - 1);
  testing::put_le24(vp8x, 9999);
  Bytes webp = testing::bytes_of("RIFF");
  testing::put_le32(webp, 4 + 8 + 10);
  testing::append(webp, std::string("WEBP"));
  testing::append(webp, testing::riff_chunk("VP8X", vp8x));
  expect_header(webp, ImageFormat::webp, 1 << 24, 10000);

  Bytes sof = {8};
  testing::put_be16(sof, 65535);
  testing::put_be16(sof, 65000);
  sof.insert(sof.end(), {3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0});
  Bytes jpeg = {0xFF, 0xD8};
  testing::append(jpeg, testing::jpeg_segment(0xC2, sof));
  expect_header(jpeg, ImageFormat::jpeg, 65000, 65535);
}

TEST(ImageHeader, SniffsMagicBytes) {
  const Bytes jpeg = testing::cv_encode(".jpg", testing::random_mat(8, 8, CV_8UC3, 4));
  EXPECT_EQ(sniff_image_format(jpeg.data(), jpeg.size()), ImageFormat::jpeg);
  const Bytes bmp = testing::cv_encode(".bmp", testing::random_mat(8, 8, CV_8UC3, 4));
  EXPECT_EQ(error_code_of(bmp), kUnsupportedFormat);
  // A complete 1x1 GIF.
  const Bytes gif = testing::bytes_of(std::string(
      "GIF89a\x01\x00\x01\x00\x80\x00\x00\xFF\xFF\xFF\x00\x00\x00!\xF9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01"
      "\x00\x01\x00\x00\x02\x02\x44\x01\x00;",
      43));
  EXPECT_EQ(error_code_of(gif), kUnsupportedFormat);
  EXPECT_EQ(error_code_of(testing::bytes_of("<html><body>not an image</body></html>")), kUnsupportedFormat);
  Bytes riff_avi =
      testing::bytes_of(std::string("RIFF\x10\x00\x00\x00"
                                    "AVI LIST....",
                                    20));
  EXPECT_EQ(error_code_of(riff_avi), kUnsupportedFormat);
}

TEST(ImageHeader, EmptyOrTooShortIsBadImage) {
  EXPECT_EQ(error_code_of({}), kBadImage);
  EXPECT_EQ(error_code_of({0xFF, 0xD8, 0xFF}), kBadImage);
  EXPECT_EQ(error_code_of(testing::bytes_of("GIF89a")), kBadImage);
  EXPECT_THROW(read_image_header(nullptr, 0), ImageError);
}

TEST(ImageHeader, TruncatedOrInconsistentHeadersAreBadImage) {
  const Bytes png = testing::cv_encode(".png", testing::random_mat(8, 8, CV_8UC3, 5));
  EXPECT_EQ(error_code_of(Bytes(png.begin(), png.begin() + 20)), kBadImage);  // IHDR cut before the height
  Bytes zero_width = testing::bytes_of(testing::kPngSignature);
  testing::append(zero_width, testing::png_ihdr(0, 10, 8, 2));
  EXPECT_EQ(error_code_of(zero_width), kBadImage);
  Bytes negative = testing::bytes_of(testing::kPngSignature);
  testing::append(negative, testing::png_ihdr(0x80000000u, 10, 8, 2));
  EXPECT_EQ(error_code_of(negative), kBadImage);
  Bytes not_ihdr = testing::bytes_of(testing::kPngSignature);
  testing::append(not_ihdr, testing::png_chunk("tEXt", testing::bytes_of("Comment\0hello padding bytes")));
  EXPECT_EQ(error_code_of(not_ihdr), kBadImage);

  const Bytes jpeg = testing::cv_encode(".jpg", testing::random_mat(8, 8, CV_8UC3, 5));
  EXPECT_EQ(error_code_of(Bytes(jpeg.begin(), jpeg.begin() + 100)), kBadImage);  // cut inside the DQT tables
  Bytes no_sof = {0xFF, 0xD8};
  testing::append(no_sof, testing::jpeg_segment(0xE0, Bytes(14, 0)));
  no_sof.insert(no_sof.end(), {0xFF, 0xD9});
  EXPECT_EQ(error_code_of(no_sof), kBadImage);

  const Bytes webp = testing::cv_encode(".webp", testing::random_mat(8, 8, CV_8UC3, 5));
  EXPECT_EQ(error_code_of(Bytes(webp.begin(), webp.begin() + 24)), kBadImage);
  Bytes webp_unknown_first = testing::bytes_of("RIFF");
  testing::put_le32(webp_unknown_first, 4 + 8 + 10);
  testing::append(webp_unknown_first, std::string("WEBP"));
  testing::append(webp_unknown_first, testing::riff_chunk("ICCP", Bytes(10, 0)));
  EXPECT_EQ(error_code_of(webp_unknown_first), kBadImage);
}

TEST(ImageHeader, FuzzedInputsEitherParseOrThrowImageError) {
  const std::vector<Bytes> seeds = {
      testing::cv_encode(".jpg", testing::random_mat(20, 30, CV_8UC3, 6)),
      testing::splice_after_soi(testing::cv_encode(".jpg", testing::random_mat(20, 30, CV_8UC3, 6)),
                                {testing::jpeg_exif_app1(testing::exif_tiff(3, false))}),
      testing::cv_encode(".png", testing::random_mat(20, 30, CV_8UC4, 7)),
      testing::cv_encode(".webp", testing::random_mat(20, 30, CV_8UC3, 8)),
      testing::cv_encode(".webp", testing::random_mat(20, 30, CV_8UC3, 8), {cv::IMWRITE_WEBP_QUALITY, 101}),
      testing::cv_encode(".webp", testing::random_mat(20, 30, CV_8UC4, 8)),
  };
  std::mt19937 rng(1234);
  int parsed = 0, refused = 0;
  for (const Bytes& seed : seeds) {
    for (size_t cut = 0; cut <= std::min<size_t>(seed.size(), 400); ++cut) {
      try {
        header_of(Bytes(seed.begin(), seed.begin() + long(cut)));
        ++parsed;
      } catch (const ImageError&) {
        ++refused;
      }
    }
    for (int round = 0; round < 300; ++round) {
      Bytes mutated(seed.begin(), seed.begin() + long(std::min<size_t>(seed.size(), 200)));
      for (int k = 0; k < 4; ++k) mutated[rng() % mutated.size()] = uint8_t(rng());
      try {
        const ImageHeader h = header_of(mutated);
        EXPECT_GT(h.width, 0);
        EXPECT_GT(h.height, 0);
        ++parsed;
      } catch (const ImageError&) {
        ++refused;
      }
    }
  }
  EXPECT_GT(parsed, 0);
  EXPECT_GT(refused, 0);
}

TEST(ImageHeader, NamesAndMimeTypes) {
  EXPECT_EQ(mime_type(ImageFormat::jpeg), "image/jpeg");
  EXPECT_EQ(mime_type(ImageFormat::png), "image/png");
  EXPECT_EQ(mime_type(ImageFormat::webp), "image/webp");
  EXPECT_EQ(format_name(ImageFormat::jpeg), "jpeg");
  EXPECT_EQ(format_name(ImageFormat::png), "png");
  EXPECT_EQ(format_name(ImageFormat::webp), "webp");
}

TEST(ImageHeader, FormatFromExtension) {
  EXPECT_EQ(format_from_extension("jpg"), ImageFormat::jpeg);
  EXPECT_EQ(format_from_extension(".JPEG"), ImageFormat::jpeg);
  EXPECT_EQ(format_from_extension("holiday.Jpg"), ImageFormat::jpeg);
  EXPECT_EQ(format_from_extension("/tmp/dir.with.dots/out.png"), ImageFormat::png);
  EXPECT_EQ(format_from_extension("C:\\pics\\a.webp"), ImageFormat::webp);
  EXPECT_EQ(format_from_extension("WEBP"), ImageFormat::webp);
  for (const std::string bad : {"gif", "photo.bmp", "/tmp/dir.png/noext", "", "."}) {
    try {
      format_from_extension(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const ImageError& e) {
      EXPECT_EQ(e.code, kUnsupportedFormat) << bad;
    }
  }
}

}  // namespace
}  // namespace recessive::imaging
