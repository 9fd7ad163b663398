// Model files: a saved model loads back with the same outputs, index and metadata; bad files are refused.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <fstream>

#include "recessive/engine/model_file.h"
#include "test_models.h"

namespace recessive {
namespace {

TEST(ModelFile, RoundTripsNetIndexAndMetadata) {
  auto model = testing::toy_model(12);
  model.metadata = {{"note", "round trip"}};
  const auto path = std::filesystem::temp_directory_path() / ("recessive_model_" + std::to_string(::getpid()) + ".pt");
  save_model(model, path);
  auto loaded = load_model(path, torch::kCPU);
  auto x = torch::rand({5, 3, 32, 32});
  torch::NoGradGuard g;
  EXPECT_TRUE(torch::allclose(model.net->forward(x), loaded.net->forward(x)));
  EXPECT_TRUE(torch::equal(model.index.codes(), loaded.index.codes()));
  EXPECT_TRUE(torch::equal(model.index.labels(), loaded.index.labels()));
  EXPECT_EQ(loaded.metadata["note"], "round trip");
  EXPECT_EQ(loaded.metadata["bits"], 12);
  EXPECT_EQ(loaded.retrieval_k, 20);
  std::filesystem::remove(path);
}

TEST(ModelFile, MissingAndForeignFilesGiveClearErrors) {
  EXPECT_THROW(
      {
        try {
          load_model("/nonexistent/model.pt", torch::kCPU);
        } catch (const std::runtime_error& e) {
          EXPECT_NE(std::string(e.what()).find("/nonexistent/model.pt"), std::string::npos);
          throw;
        }
      },
      std::runtime_error);
  const auto path = std::filesystem::temp_directory_path() / ("recessive_junk_" + std::to_string(::getpid()) + ".pt");
  { std::ofstream(path) << "not a model"; }
  EXPECT_THROW(load_model(path, torch::kCPU), std::runtime_error);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace recessive
