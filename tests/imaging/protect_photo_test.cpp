// protect_photo's report describes the file it returns (read back), and the stop rule is checked on that file and
// on its platform re-encodes; the host's strengths map to the documented settings.
#include "recessive/imaging/protect_photo.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "engine/test_models.h"
#include "recessive/imaging/protection_strength.h"

namespace recessive::imaging {
namespace {

int64_t retrieval_label(HashingModel& model, const at::Tensor& rgb) {
  torch::NoGradGuard no_grad;
  return model.index.retrieval_labels(binarize(model.codes(rgb.unsqueeze(0))), model.retrieval_k)[0].item<int64_t>();
}

// Unseen toy images of the ten classes, upscaled to 64x64 and saved as JPEG.
std::vector<std::vector<uint8_t>> toy_jpegs() {
  auto images = testing::synthetic_classes(1, 99).images.to(torch::kFloat32) / 255;
  namespace F = torch::nn::functional;
  images = F::interpolate(images, F::InterpolateFuncOptions().size(std::vector<int64_t>{64, 64}).mode(torch::kBilinear)
                                      .align_corners(false));
  std::vector<std::vector<uint8_t>> out;
  for (int64_t i = 0; i < images.size(0); ++i) {
    Image image;
    image.rgb = images[i].clamp(0, 1);
    image.format = ImageFormat::jpeg;
    out.push_back(encode_image(image));
  }
  return out;
}

TEST(ProtectPhoto, ReportsTheLabelOfTheFileItReturnsAndThatFileIsFooled) {
  auto& model = testing::toy_model(24);
  PhotoProtection options;
  options.encode.jpeg_quality = 90;
  int changed = 0;
  for (const auto& bytes : toy_jpegs()) {
    const auto photo = protect_photo(model, torch::kCPU, bytes, options);
    const auto saved_label = retrieval_label(model, decode_image(photo.bytes).rgb);
    EXPECT_EQ(photo.report.label_after, saved_label);
    EXPECT_EQ(photo.report.label_changed, saved_label != photo.report.label_before);
    EXPECT_EQ(photo.report.label_before, retrieval_label(model, decode_image(bytes).rgb));
    changed += photo.report.label_changed;
  }
  EXPECT_GE(changed, 8);  // the stop rule was checked on the file, so the file is fooled wherever the attack ended early
}

TEST(ProtectPhoto, MustSurviveKeepsThePlatformsCopyFooled) {
  auto& model = testing::toy_model(24);
  PhotoProtection options;
  const PlatformReencode platform{48, 50};  // a harsh re-encode: 64 -> 48 px, JPEG q50
  options.must_survive = {platform};
  int survived = 0, stopped_early = 0;
  for (const auto& bytes : toy_jpegs()) {
    const auto photo = protect_photo(model, torch::kCPU, bytes, options);
    if (photo.report.steps >= options.recessive.max_steps) continue;  // ran out of steps: no promise
    ++stopped_early;
    survived += retrieval_label(model, platform_reencode(decode_image(photo.bytes).rgb, platform)) !=
                photo.report.label_before;
  }
  EXPECT_GE(stopped_early, 5);
  EXPECT_EQ(survived, stopped_early);
}

TEST(ProtectionStrength, MapsEachStrengthToItsSettings) {
  const auto light = protection_for_strength("light"), standard = protection_for_strength("standard"),
             strong = protection_for_strength("strong");
  EXPECT_DOUBLE_EQ(light.recessive.max_linf * 255, 4.0);
  EXPECT_DOUBLE_EQ(standard.recessive.max_linf * 255, 8.0);
  EXPECT_DOUBLE_EQ(strong.recessive.max_linf * 255, 12.0);
  EXPECT_FALSE(light.recessive.until_target);
  EXPECT_FALSE(standard.recessive.until_target);
  EXPECT_TRUE(strong.recessive.until_target);
  for (const auto* p : {&light, &standard, &strong}) {
    ASSERT_EQ(p->must_survive.size(), 1u);
    EXPECT_EQ(p->must_survive[0].name(), kUploadReencode.name());
  }
  EXPECT_THROW(protection_for_strength("max"), std::invalid_argument);
}

}  // namespace
}  // namespace recessive::imaging
