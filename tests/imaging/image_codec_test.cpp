#include "recessive/imaging/image_codec.h"

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <random>

#include "recessive/imaging/exif_orientation.h"
#include "test_support.h"

namespace recessive::imaging {
namespace {

using testing::Bytes;

std::string decode_error(const Bytes& bytes, const DecodeOptions& options = {}) {
  try {
    decode_image(bytes, options);
  } catch (const ImageError& e) {
    return e.code;
  }
  return "no error";
}

cv::Mat cv_decode(const Bytes& bytes, int flags = cv::IMREAD_UNCHANGED) {
  return cv::imdecode(cv::Mat(1, int(bytes.size()), CV_8UC1, const_cast<uint8_t*>(bytes.data())), flags);
}

// Decoded planes as integer samples (H,W,C): rgb then alpha.
at::Tensor samples(const Image& image, double scale) {
  at::Tensor planes = image.alpha.defined() ? torch::cat({image.rgb, image.alpha}, 0) : image.rgb;
  return testing::quantise(planes, scale);
}

void expect_contract(const Image& image, int64_t h, int64_t w) {
  ASSERT_TRUE(image.rgb.defined());
  EXPECT_EQ(image.rgb.scalar_type(), torch::kFloat32);
  EXPECT_TRUE(image.rgb.device().is_cpu());
  EXPECT_EQ(image.rgb.sizes(), (std::vector<int64_t>{3, h, w}));
  EXPECT_GE(image.rgb.min().item<float>(), 0.0f);
  EXPECT_LE(image.rgb.max().item<float>(), 1.0f);
  if (image.alpha.defined()) {
    EXPECT_EQ(image.alpha.scalar_type(), torch::kFloat32);
    EXPECT_EQ(image.alpha.sizes(), (std::vector<int64_t>{1, h, w}));
  }
}

// ---------------------------------------------------------------------------------------------- round trips

TEST(ImageCodec, PngRoundTripIsExact) {
  for (int type : {CV_8UC3, CV_8UC4}) {
    const cv::Mat original = testing::random_mat(23, 37, type, 21);
    const Image image = decode_image(testing::cv_encode(".png", original));
    expect_contract(image, 23, 37);
    EXPECT_EQ(image.format, ImageFormat::png);
    EXPECT_EQ(image.bit_depth, 8);
    EXPECT_EQ(image.alpha.defined(), type == CV_8UC4);
    const std::vector<int64_t> bgr_to_rgba =
        type == CV_8UC4 ? std::vector<int64_t>{2, 1, 0, 3} : std::vector<int64_t>{2, 1, 0};
    EXPECT_TRUE(torch::equal(samples(image, 255), testing::mat_to_tensor(original, bgr_to_rgba)));

    const Bytes encoded = encode_image(image);
    const cv::Mat back = cv_decode(encoded);
    ASSERT_EQ(back.type(), original.type());
    EXPECT_EQ(cv::norm(back, original, cv::NORM_INF), 0.0);
  }
}

TEST(ImageCodec, SixteenBitPngRoundTripIsExactAtSixteenBits) {
  for (int type : {CV_16UC3, CV_16UC4, CV_16UC1}) {
    const cv::Mat original = testing::random_mat(19, 29, type, 22);
    const Image image = decode_image(testing::cv_encode(".png", original));
    expect_contract(image, 19, 29);
    EXPECT_EQ(image.bit_depth, 16);
    if (type != CV_16UC1) {
      const std::vector<int64_t> order =
          type == CV_16UC4 ? std::vector<int64_t>{2, 1, 0, 3} : std::vector<int64_t>{2, 1, 0};
      EXPECT_TRUE(torch::equal(samples(image, 65535), testing::mat_to_tensor(original, order)));
    }
    const cv::Mat back = cv_decode(encode_image(image));
    cv::Mat expected = original;  // grey comes back as RGB
    if (type == CV_16UC1) cv::cvtColor(original, expected, cv::COLOR_GRAY2BGR);
    ASSERT_EQ(back.type(), expected.type());
    EXPECT_EQ(cv::norm(back, expected, cv::NORM_INF), 0.0);
  }
}

TEST(ImageCodec, GreyBecomesRgb) {
  const cv::Mat grey = testing::random_mat(12, 17, CV_8UC1, 23);
  const Image image = decode_image(testing::cv_encode(".png", grey));
  expect_contract(image, 12, 17);
  EXPECT_FALSE(image.alpha.defined());
  const at::Tensor expected = testing::mat_to_tensor(grey, {0, 0, 0});
  EXPECT_TRUE(torch::equal(samples(image, 255), expected));

  const Image from_jpeg = decode_image(testing::cv_encode(".jpg", grey));
  expect_contract(from_jpeg, 12, 17);
  EXPECT_TRUE(torch::equal(from_jpeg.rgb[0], from_jpeg.rgb[1]));
  EXPECT_TRUE(torch::equal(from_jpeg.rgb[0], from_jpeg.rgb[2]));
}

TEST(ImageCodec, GreyAlphaPngKeepsAlpha) {
  // Hand-made colour type 4 (grey + alpha), 8 bit: OpenCV cannot write these.
  const uint32_t w = 5, h = 3;
  Bytes rows;
  for (uint32_t i = 0; i < w * h; ++i) rows.insert(rows.end(), {uint8_t(i * 10), uint8_t(255 - i * 7)});
  const Image image = decode_image(testing::make_png(w, h, 8, 4, rows));
  expect_contract(image, h, w);
  ASSERT_TRUE(image.alpha.defined());
  const at::Tensor s = samples(image, 255);  // (H,W,4)
  for (uint32_t i = 0; i < w * h; ++i) {
    const at::Tensor px = s[i / w][i % w];
    EXPECT_EQ(px[0].item<int>(), int(i * 10));
    EXPECT_EQ(px[1].item<int>(), int(i * 10));
    EXPECT_EQ(px[2].item<int>(), int(i * 10));
    EXPECT_EQ(px[3].item<int>(), int(255 - i * 7));
  }
}

TEST(ImageCodec, PalettePngWithTransparency) {
  const Bytes plte = {255, 0, 0, 0, 255, 0, 0, 0, 255};
  const Bytes trns = {255, 128};  // index 2 stays opaque
  const Bytes rows = {0, 1, 2, 2, 1, 0};
  const Image image = decode_image(
      testing::make_png(3, 2, 8, 3, rows, {testing::png_chunk("PLTE", plte), testing::png_chunk("tRNS", trns)}));
  expect_contract(image, 2, 3);
  ASSERT_TRUE(image.alpha.defined());
  const at::Tensor s = samples(image, 255);
  const int expected[2][3][4] = {{{255, 0, 0, 255}, {0, 255, 0, 128}, {0, 0, 255, 255}},
                                 {{0, 0, 255, 255}, {0, 255, 0, 128}, {255, 0, 0, 255}}};
  for (int y = 0; y < 2; ++y)
    for (int x = 0; x < 3; ++x)
      for (int c = 0; c < 4; ++c) EXPECT_EQ(s[y][x][c].item<int>(), expected[y][x][c]) << y << "," << x << "," << c;

  const Image opaque = decode_image(testing::make_png(3, 2, 8, 3, rows, {testing::png_chunk("PLTE", plte)}));
  EXPECT_FALSE(opaque.alpha.defined());
}

TEST(ImageCodec, JpegQuality95KeepsPsnrAbove40dB) {
  const Image source = decode_image(testing::cv_encode(".png", testing::smooth_bgr(96, 128)));
  Image as_jpeg = source;
  as_jpeg.format = ImageFormat::jpeg;
  const Bytes jpeg = encode_image(as_jpeg);
  const Image decoded = decode_image(jpeg);
  expect_contract(decoded, 96, 128);
  EXPECT_EQ(decoded.format, ImageFormat::jpeg);
  EXPECT_FALSE(decoded.alpha.defined());
  EXPECT_GT(testing::psnr(decoded.rgb, source.rgb), 40.0);
  // Lower quality really is lower: the quality option reaches the encoder.
  EncodeOptions low;
  low.jpeg_quality = 10;
  EXPECT_LT(encode_image(as_jpeg, low).size(), jpeg.size());
}

TEST(ImageCodec, JpegDecodeMatchesOpenCv) {
  const Bytes jpeg = testing::cv_encode(".jpg", testing::smooth_bgr(40, 56));
  const Image image = decode_image(jpeg);
  EXPECT_EQ(cv::norm(testing::rgb_to_bgr8(image.rgb), cv_decode(jpeg, cv::IMREAD_COLOR), cv::NORM_INF), 0.0);
}

TEST(ImageCodec, JpegDropsAlpha) {
  Image image = decode_image(testing::cv_encode(".png", testing::random_mat(16, 16, CV_8UC4, 24)));
  ASSERT_TRUE(image.alpha.defined());
  image.format = ImageFormat::jpeg;
  const Image back = decode_image(encode_image(image));
  EXPECT_FALSE(back.alpha.defined());
  EXPECT_EQ(cv_decode(encode_image(image)).channels(), 3);
}

TEST(ImageCodec, WebpDecodesAndKeepsAlpha) {
  const cv::Mat bgr = testing::smooth_bgr(48, 64);
  const Image lossy = decode_image(testing::cv_encode(".webp", bgr, {cv::IMWRITE_WEBP_QUALITY, 95}));
  expect_contract(lossy, 48, 64);
  EXPECT_EQ(lossy.format, ImageFormat::webp);
  EXPECT_FALSE(lossy.alpha.defined());
  const Image reference = decode_image(testing::cv_encode(".png", bgr));
  EXPECT_GT(testing::psnr(lossy.rgb, reference.rgb), 30.0);

  const cv::Mat bgra = testing::random_bgra_visible(48, 64, 25);
  const Image lossless = decode_image(testing::cv_encode(".webp", bgra, {cv::IMWRITE_WEBP_QUALITY, 101}));
  ASSERT_TRUE(lossless.alpha.defined());
  EXPECT_TRUE(torch::equal(samples(lossless, 255), testing::mat_to_tensor(bgra, {2, 1, 0, 3})));

  // Our encoder (quality 95, lossy) keeps an alpha channel too; WebP stores alpha losslessly by default.
  Image with_alpha = decode_image(testing::cv_encode(".png", testing::random_bgra_visible(48, 64, 26)));
  with_alpha.format = ImageFormat::webp;
  const Bytes webp = encode_image(with_alpha);
  const Image back = decode_image(webp);
  ASSERT_TRUE(back.alpha.defined());
  EXPECT_LE((back.alpha - with_alpha.alpha).abs().max().item<float>(), 1.0f / 255 + 1e-6f);
  EncodeOptions lossless_options;
  lossless_options.webp_quality = 101;
  const Image exact = decode_image(encode_image(with_alpha, lossless_options));
  EXPECT_TRUE(torch::equal(samples(exact, 255), samples(with_alpha, 255)));
}

TEST(ImageCodec, EncodeClampsRoundsAndAcceptsOtherDtypes) {
  Image image;
  image.format = ImageFormat::png;
  image.rgb = torch::tensor({-0.5, 0.0, 0.2 / 255, 0.7 / 255, 0.5, 1.0, 1.5, std::nan("")}, torch::kFloat64)
                  .reshape({1, 1, 8})
                  .expand({3, 1, 8});
  const cv::Mat back = cv_decode(encode_image(image));
  ASSERT_EQ(back.type(), CV_8UC3);
  const int expected[8] = {0, 0, 0, 1, 128, 255, 255, 0};
  for (int x = 0; x < 8; ++x) EXPECT_EQ(back.at<cv::Vec3b>(0, x)[0], expected[x]) << x;
}

TEST(ImageCodec, EncodeRejectsMalformedImages) {
  Image image;
  image.format = ImageFormat::png;
  EXPECT_THROW(encode_image(image), std::invalid_argument);
  image.rgb = torch::zeros({4, 2, 2});
  EXPECT_THROW(encode_image(image), std::invalid_argument);
  image.rgb = torch::zeros({3, 2, 2}, torch::kUInt8);
  EXPECT_THROW(encode_image(image), std::invalid_argument);
  image.rgb = torch::zeros({3, 2, 2});
  image.alpha = torch::zeros({1, 2, 3});
  EXPECT_THROW(encode_image(image), std::invalid_argument);
  image.alpha = at::Tensor();
  image.bit_depth = 12;
  EXPECT_THROW(encode_image(image), std::invalid_argument);
  image.bit_depth = 8;
  EncodeOptions bad;
  bad.png_compression = 10;
  EXPECT_THROW(encode_image(image, bad), std::invalid_argument);
  EXPECT_NO_THROW(encode_image(image));
}

// ---------------------------------------------------------------------------------------------- orientation

// The upright image for an EXIF orientation, from the stored one (C,H,W), written independently of the library.
at::Tensor oriented(const at::Tensor& t, int orientation) {
  switch (orientation) {
    case 2:
      return t.flip({2});
    case 3:
      return t.flip({1, 2});
    case 4:
      return t.flip({1});
    case 5:
      return t.transpose(1, 2);
    case 6:
      return t.transpose(1, 2).flip({2});  // rotate 90 clockwise
    case 7:
      return t.transpose(1, 2).flip({1, 2});
    case 8:
      return t.transpose(1, 2).flip({1});  // rotate 90 counter-clockwise
    default:
      return t;
  }
}

TEST(ImageCodec, JpegExifOrientationRotatesPixels) {
  const Bytes plain =
      testing::cv_encode(".jpg", testing::block_bgr(2, 3), {cv::IMWRITE_JPEG_QUALITY, 95});  // 48 wide, 32 tall
  const Image stored = decode_image(plain);
  ASSERT_EQ(stored.rgb.sizes(), (std::vector<int64_t>{3, 32, 48}));
  // The red block is in the top-left corner of the stored image.
  EXPECT_GT(stored.rgb[0][4][4].item<float>(), 0.8f);
  EXPECT_LT(stored.rgb[1][4][4].item<float>(), 0.2f);

  const auto red_at = [](const Image& im, int64_t y, int64_t x) {
    return im.rgb[0][y][x].item<float>() > 0.8f && im.rgb[1][y][x].item<float>() < 0.2f &&
           im.rgb[2][y][x].item<float>() < 0.2f;
  };
  for (bool little_endian : {true, false}) {
    const Image r6 =
        decode_image(testing::splice_after_soi(plain, {testing::jpeg_exif_app1(testing::exif_tiff(6, little_endian))}));
    ASSERT_EQ(r6.rgb.sizes(), (std::vector<int64_t>{3, 48, 32}));  // rotated 90 clockwise: width and height swap
    EXPECT_TRUE(red_at(r6, 4, 27));                                // top-left corner went to the top-right
    EXPECT_TRUE(torch::equal(r6.rgb, oriented(stored.rgb, 6)));

    const Image r3 =
        decode_image(testing::splice_after_soi(plain, {testing::jpeg_exif_app1(testing::exif_tiff(3, little_endian))}));
    ASSERT_EQ(r3.rgb.sizes(), (std::vector<int64_t>{3, 32, 48}));
    EXPECT_TRUE(red_at(r3, 27, 43));  // bottom-right
    EXPECT_TRUE(torch::equal(r3.rgb, oriented(stored.rgb, 3)));

    const Image r8 =
        decode_image(testing::splice_after_soi(plain, {testing::jpeg_exif_app1(testing::exif_tiff(8, little_endian))}));
    ASSERT_EQ(r8.rgb.sizes(), (std::vector<int64_t>{3, 48, 32}));
    EXPECT_TRUE(red_at(r8, 43, 4));  // bottom-left
    EXPECT_TRUE(torch::equal(r8.rgb, oriented(stored.rgb, 8)));
  }
}

TEST(ImageCodec, AllEightOrientationsAgreeWithOpenCvAndAreAppliedOnce) {
  const Bytes plain = testing::cv_encode(".jpg", testing::block_bgr(2, 3));
  const Image stored = decode_image(plain);
  for (int o = 1; o <= 8; ++o) {
    const Bytes tagged = testing::splice_after_soi(plain, {testing::jpeg_exif_app1(testing::exif_tiff(o, o % 2 == 0))});
    const Image image = decode_image(tagged);
    EXPECT_TRUE(torch::equal(image.rgb, oriented(stored.rgb, o))) << o;
    // OpenCV's IMREAD_COLOR applies EXIF orientation itself: an independent reference.
    EXPECT_EQ(cv::norm(testing::rgb_to_bgr8(image.rgb), cv_decode(tagged, cv::IMREAD_COLOR), cv::NORM_INF), 0.0) << o;
  }
}

TEST(ImageCodec, PngAndWebpOrientationAppliesToAlphaToo) {
  const cv::Mat bgra = testing::random_bgra_visible(6, 10, 27);
  const Image stored = decode_image(testing::cv_encode(".png", bgra));
  const Bytes png = testing::cv_encode(".png", bgra);
  // Insert eXIf right after IHDR (8 + 25 bytes).
  Bytes tagged(png.begin(), png.begin() + 33);
  testing::append(tagged, testing::png_chunk("eXIf", testing::exif_tiff(6, false)));
  tagged.insert(tagged.end(), png.begin() + 33, png.end());
  const Image image = decode_image(tagged);
  expect_contract(image, 10, 6);
  EXPECT_TRUE(torch::equal(image.rgb, oriented(stored.rgb, 6)));
  EXPECT_TRUE(torch::equal(image.alpha, oriented(stored.alpha, 6)));

  // Re-encoding writes upright pixels and no orientation tag, so a viewer shows the same thing.
  const Bytes reencoded = encode_image(image);
  EXPECT_EQ(read_exif_orientation(reencoded.data(), reencoded.size()), 1);
  EXPECT_TRUE(torch::equal(decode_image(reencoded).rgb, image.rgb));

  const Bytes simple = testing::cv_encode(".webp", bgra, {cv::IMWRITE_WEBP_QUALITY, 101});
  const Bytes webp =
      testing::webp_extended(simple, 10, 6, {testing::riff_chunk("EXIF", testing::exif_tiff(8, true))}, 0x08 | 0x10);
  const Image from_webp = decode_image(webp);
  expect_contract(from_webp, 10, 6);
  EXPECT_TRUE(torch::equal(from_webp.rgb, oriented(stored.rgb, 8)));
  EXPECT_TRUE(torch::equal(from_webp.alpha, oriented(stored.alpha, 8)));
}

// ---------------------------------------------------------------------------------------------- metadata

void expect_no_metadata(const Bytes& out) {
  EXPECT_FALSE(testing::contains(out, "Exif"));
  EXPECT_FALSE(testing::contains(out, "http://ns.adobe.com/xap"));
  EXPECT_FALSE(testing::contains(out, "xmpmeta"));
  EXPECT_FALSE(testing::contains(out, "GPSLatitude"));
  EXPECT_FALSE(testing::contains(out, "Canon"));
  EXPECT_FALSE(testing::contains(out, "SecretCam"));
}

TEST(ImageCodec, JpegReencodeStripsExifGpsAndXmp) {
  const Bytes source =
      testing::splice_after_soi(testing::cv_encode(".jpg", testing::smooth_bgr(32, 48)),
                                {testing::jpeg_exif_app1(testing::exif_tiff(1, true)), testing::jpeg_xmp_app1(),
                                 testing::jpeg_segment(0xED, testing::bytes_of("Photoshop 3.0 IPTC SecretCam"))});
  ASSERT_TRUE(testing::contains(source, "Exif"));
  ASSERT_TRUE(testing::contains(source, "http://ns.adobe.com/xap"));
  const Bytes out = encode_image(decode_image(source));
  expect_no_metadata(out);
  for (int marker : testing::jpeg_markers(out)) {
    EXPECT_FALSE(marker >= 0xE1 && marker <= 0xEF) << "APP" << (marker - 0xE0) << " segment in output";
    EXPECT_NE(marker, 0xFE) << "COM segment in output";
  }
}

TEST(ImageCodec, PngReencodeStripsTextAndExifChunks) {
  const Bytes rows(8 * 6 * 3, 77);
  Bytes itxt = testing::bytes_of(std::string("XML:com.adobe.xmp\0\0\0\0\0", 22));
  testing::append(itxt, testing::kXmpPacket);
  const Bytes source = testing::make_png(
      8, 6, 8, 2, rows,
      {testing::png_chunk("eXIf", testing::exif_tiff(1, false)),
       testing::png_chunk("tEXt", testing::bytes_of(std::string("Software\0SecretCam", 18))),
       testing::png_chunk("iTXt", itxt),
       testing::png_chunk("zTXt",
                          [] {
                            Bytes z =
                                testing::bytes_of(std::string("Comment\0\0", 9));  // keyword, NUL, compression method 0
                            testing::append(z, testing::zlib_stored(testing::bytes_of("SecretCam was here")));
                            return z;
                          }()),
       testing::png_chunk("tIME", Bytes{0x07, 0xE8, 1, 2, 3, 4, 5})},
      {testing::png_chunk("tEXt", testing::bytes_of(std::string("GPSLatitude\0"
                                                                "51N",
                                                                15)))});
  const Image image = decode_image(source);
  expect_contract(image, 6, 8);
  const Bytes out = encode_image(image);
  expect_no_metadata(out);
  for (const std::string& type : testing::png_chunk_types(out)) {
    EXPECT_TRUE(type == "IHDR" || type == "IDAT" || type == "IEND") << "unexpected chunk " << type;
  }
}

TEST(ImageCodec, WebpReencodeStripsExifAndXmpChunks) {
  const cv::Mat bgr = testing::smooth_bgr(20, 30);
  const Bytes source = testing::webp_extended(testing::cv_encode(".webp", bgr), 30, 20,
                                              {testing::riff_chunk("EXIF", testing::exif_tiff(1, true)),
                                               testing::riff_chunk("XMP ", testing::bytes_of(testing::kXmpPacket))},
                                              0x08 | 0x04);
  const Image image = decode_image(source);
  expect_contract(image, 20, 30);
  const Bytes out = encode_image(image);
  expect_no_metadata(out);
  for (const std::string& type : testing::webp_chunk_types(out)) {
    EXPECT_TRUE(type == "VP8 " || type == "VP8L" || type == "VP8X" || type == "ALPH") << "unexpected chunk " << type;
  }
}

// ---------------------------------------------------------------------------------------------- refusals

TEST(ImageCodec, GarbageAfterMagicIsBadImage) {
  std::mt19937 rng(31);
  for (const std::string magic :
       {std::string("\xFF\xD8\xFF", 3), testing::kPngSignature, std::string("RIFF\x40\x00\x00\x00WEBP", 12)}) {
    for (int round = 0; round < 20; ++round) {
      Bytes bytes = testing::bytes_of(magic);
      for (int i = 0; i < 64 + round * 50; ++i) bytes.push_back(uint8_t(rng()));
      // A JPEG walk can land on a random SOF whose dimensions exceed the cap: refused before decoding too.
      const std::string code = decode_error(bytes);
      EXPECT_TRUE(code == kBadImage || (magic[0] == '\xFF' && code == kTooLarge)) << round << ": " << code;
    }
  }
}

TEST(ImageCodec, RandomBytesAreUnsupported) {
  std::mt19937 rng(32);
  Bytes bytes(1000);
  for (uint8_t& b : bytes) b = uint8_t(rng());
  bytes[0] = 0x00;  // not a known magic
  EXPECT_EQ(decode_error(bytes), kUnsupportedFormat);
}

TEST(ImageCodec, TruncatedFilesAreBadImage) {
  const cv::Mat bgr = testing::smooth_bgr(64, 64);
  const Bytes jpeg = testing::cv_encode(".jpg", bgr);
  const Bytes progressive = testing::cv_encode(".jpg", bgr, {cv::IMWRITE_JPEG_PROGRESSIVE, 1});
  const Bytes png = testing::cv_encode(".png", testing::random_mat(64, 64, CV_8UC3, 33));
  const Bytes webp = testing::cv_encode(".webp", bgr);
  const Bytes webp_lossless =
      testing::cv_encode(".webp", testing::random_mat(64, 64, CV_8UC4, 33), {cv::IMWRITE_WEBP_QUALITY, 101});
  for (const Bytes* full : {&jpeg, &progressive, &png, &webp, &webp_lossless}) {
    ASSERT_NO_THROW(decode_image(*full));
    for (double fraction : {0.1, 0.5, 0.9, 0.99}) {
      const Bytes cut(full->begin(), full->begin() + long(double(full->size()) * fraction));
      EXPECT_EQ(decode_error(cut), kBadImage) << fraction;
    }
    const Bytes minus_one(full->begin(), full->end() - 1);
    EXPECT_EQ(decode_error(minus_one), kBadImage);
  }
}

TEST(ImageCodec, GifBmpAndEmptyInput) {
  EXPECT_EQ(decode_error(testing::cv_encode(".bmp", testing::random_mat(8, 8, CV_8UC3, 34))), kUnsupportedFormat);
  const Bytes gif = testing::bytes_of(std::string(
      "GIF89a\x01\x00\x01\x00\x80\x00\x00\xFF\xFF\xFF\x00\x00\x00!\xF9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01"
      "\x00\x01\x00\x00\x02\x02\x44\x01\x00;",
      43));
  EXPECT_EQ(decode_error(gif), kUnsupportedFormat);
  EXPECT_EQ(decode_error({}), kBadImage);
  EXPECT_THROW(decode_image(nullptr, 0), ImageError);
}

TEST(ImageCodec, HugeHeaderIsRefusedFastWithoutDecoding) {
  Bytes png = testing::bytes_of(testing::kPngSignature);
  testing::append(png, testing::png_ihdr(100000, 100000, 16, 6));  // 80 GB of pixels, no pixel data at all
  testing::append(png, testing::png_chunk("IEND", {}));
  const auto start = std::chrono::steady_clock::now();
  try {
    decode_image(png);
    FAIL() << "accepted a 100000x100000 image";
  } catch (const ImageError& e) {
    EXPECT_EQ(e.code, kTooLarge);
    EXPECT_NE(std::string(e.what()).find("100000x100000"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("50000000"), std::string::npos) << e.what();
  }
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 0.5);

  // Same for a JPEG SOF and a WebP VP8X canvas.
  Bytes sof = {8};
  testing::put_be16(sof, 60000);
  testing::put_be16(sof, 60000);
  sof.insert(sof.end(), {1, 1, 0x11, 0});
  Bytes jpeg = {0xFF, 0xD8};
  testing::append(jpeg, testing::jpeg_segment(0xC0, sof));
  jpeg.insert(jpeg.end(), {0xFF, 0xD9});
  EXPECT_EQ(decode_error(jpeg), kTooLarge);
  Bytes vp8x = {0, 0, 0, 0};
  testing::put_le24(vp8x, 9999);
  testing::put_le24(vp8x, 9999);
  Bytes webp = testing::bytes_of("RIFF");
  testing::put_le32(webp, 4 + 8 + 10);
  testing::append(webp, std::string("WEBP"));
  testing::append(webp, testing::riff_chunk("VP8X", vp8x));
  EXPECT_EQ(decode_error(webp), kTooLarge);
}

TEST(ImageCodec, PixelCapIsConfigurable) {
  const Bytes png = testing::cv_encode(".png", testing::random_mat(32, 32, CV_8UC3, 35));
  DecodeOptions tight;
  tight.max_pixels = 32 * 32 - 1;
  EXPECT_EQ(decode_error(png, tight), kTooLarge);
  tight.max_pixels = 32 * 32;
  EXPECT_NO_THROW(decode_image(png, tight));
  EXPECT_EQ(decode_error(png), "no error");
}

TEST(ImageCodec, ImageErrorIsARuntimeError) {
  try {
    decode_image(Bytes{});
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()), "");
  }
}

// ---------------------------------------------------------------------------------------------- files

TEST(ImageCodec, FileBytesRoundTripAndErrors) {
  testing::TempDir dir;
  const std::filesystem::path file = dir.path() / "out.png";
  const Bytes bytes = encode_image(decode_image(testing::cv_encode(".png", testing::random_mat(9, 9, CV_8UC3, 36))));
  write_file_bytes(file, bytes);
  EXPECT_EQ(read_file_bytes(file), bytes);
  write_file_bytes(file, Bytes{1, 2, 3});  // replaces
  EXPECT_EQ(read_file_bytes(file), (Bytes{1, 2, 3}));
  write_file_bytes(dir.path() / "empty", {});
  EXPECT_TRUE(read_file_bytes(dir.path() / "empty").empty());
  int entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++entries;
  EXPECT_EQ(entries, 2) << "temporary files left behind";

  const auto message_of = [](const std::function<void()>& f) -> std::string {
    try {
      f();
    } catch (const std::runtime_error& e) {
      return e.what();
    }
    return "no error";
  };
  const std::string missing = message_of([&] { read_file_bytes(dir.path() / "missing.jpg"); });
  EXPECT_NE(missing.find("missing.jpg"), std::string::npos) << missing;
  EXPECT_NE(missing.find("No such file"), std::string::npos) << missing;
  const std::string is_dir = message_of([&] { read_file_bytes(dir.path()); });
  EXPECT_NE(is_dir.find("directory"), std::string::npos) << is_dir;
  const std::string no_parent = message_of([&] { write_file_bytes(dir.path() / "nope" / "x.png", bytes); });
  EXPECT_NE(no_parent.find("x.png"), std::string::npos) << no_parent;
}

}  // namespace
}  // namespace recessive::imaging
