// The ensemble transfer recipe's settings (transfer_recipe.h).
#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "recessive/engine/transfer_recipe.h"

namespace recessive {
namespace {

TEST(EnsembleMemberBits, AreTheEvaluatedLengthThenTheOthersLongestFirst) {
  EXPECT_EQ(ensemble_member_bits(12), (std::vector<int64_t>{12, 48, 32, 24}));
  EXPECT_EQ(ensemble_member_bits(24), (std::vector<int64_t>{24, 48, 32, 12}));
  EXPECT_EQ(ensemble_member_bits(32), (std::vector<int64_t>{32, 48, 24, 12}));
  EXPECT_EQ(ensemble_member_bits(48), (std::vector<int64_t>{48, 32, 24, 12}));
  EXPECT_THROW(ensemble_member_bits(16), std::invalid_argument);
}

TEST(TransferRecipe, RaisesTheFloorAndDiversifiesEveryStep) {
  RecessiveOptions single;
  single.lambda = 0.07;
  single.max_steps = 150;
  single.min_psnr_db = 32.0;
  single.max_step_l2 = 0.1;
  single.max_source_share = 0.1;
  single.until_target = true;
  single.seed = 9;
  const auto options = transfer_recipe(single);
  EXPECT_DOUBLE_EQ(options.min_psnr_db, kTransferFloorDb);
  EXPECT_DOUBLE_EQ(options.diversity, 1.0);
  EXPECT_DOUBLE_EQ(options.target_weight, kTransferTargetWeight);
  EXPECT_DOUBLE_EQ(options.feature_weight, kTransferFeatureWeight);
  EXPECT_DOUBLE_EQ(options.input_noise, kTransferInputNoise);
  EXPECT_EQ(options.draws, 1);
  EXPECT_DOUBLE_EQ(options.lambda, kTransferLambda);
  EXPECT_DOUBLE_EQ(ensemble_options(single).lambda, 0.07);
  EXPECT_DOUBLE_EQ(ensemble_options(single).feature_weight, 0.0);
  EXPECT_DOUBLE_EQ(ensemble_options(single).input_noise, 0.0);
  EXPECT_DOUBLE_EQ(ensemble_options(single).target_weight, 1.0);  // the single-model setting's objective is the paper's
  // The rest is the single-model setting's.
  EXPECT_EQ(options.max_steps, 150);
  EXPECT_DOUBLE_EQ(options.max_step_l2, 0.1);
  EXPECT_DOUBLE_EQ(options.max_source_share, 0.1);
  EXPECT_TRUE(options.until_target);
  EXPECT_EQ(options.seed, 9u);
}

TEST(TransferRecipe, KeepsAHigherFloor) {
  RecessiveOptions single;
  single.min_psnr_db = 38.0;
  EXPECT_DOUBLE_EQ(transfer_recipe(single).min_psnr_db, 38.0);
}

TEST(TransferRecipe, DescriptionNamesTheSettings) {
  RecessiveOptions single;
  single.min_psnr_db = 32.0;
  single.max_step_l2 = 0.1;
  single.max_source_share = 0.1;
  single.until_target = true;
  EXPECT_EQ(describe_transfer_recipe(transfer_recipe(single)),
            "lambda 0.1, input diversity 1 (shrink 4 px), target weight 0, feature weight 1, input noise 0.04, PSNR floor 35 dB, step cap 0.1, until l' and l <= 10% of the nearest");
}

}  // namespace
}  // namespace recessive
