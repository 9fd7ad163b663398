#include "recessive/engine/cifar10_protocol.h"

#include <torch/torch.h>

#include <stdexcept>

namespace recessive {
namespace {

// Splits `labels` into (picked, rest): `per_class` random indices of each class are picked.
std::pair<torch::Tensor, torch::Tensor> pick_per_class(const torch::Tensor& labels, int64_t per_class,
                                                        int64_t num_classes, torch::Generator& gen) {
  std::vector<torch::Tensor> picked, rest;
  for (int64_t c = 0; c < num_classes; ++c) {
    auto idx = (labels == c).nonzero().flatten();
    if (idx.size(0) < per_class)
      throw std::invalid_argument("class " + std::to_string(c) + " has only " + std::to_string(idx.size(0)) +
                                  " images, " + std::to_string(per_class) + " needed");
    auto order = torch::randperm(idx.size(0), gen, torch::kInt64);
    idx = idx.index_select(0, order);
    picked.push_back(idx.slice(0, 0, per_class));
    rest.push_back(idx.slice(0, per_class));
  }
  auto p = std::get<0>(torch::sort(torch::cat(picked)));
  auto r = std::get<0>(torch::sort(torch::cat(rest)));
  return {p, r};
}

}  // namespace

RetrievalSplit make_cifar10_protocol(const LabelledImages& train, const LabelledImages& test,
                                     const ProtocolOptions& options) {
  const auto num_classes = static_cast<int64_t>(train.class_names.size());
  auto gen = at::detail::createCPUGenerator(options.seed);
  auto [query_idx, test_rest_idx] = pick_per_class(test.labels, options.queries_per_class, num_classes, gen);
  RetrievalSplit split;
  split.queries = test.subset(query_idx);
  split.database = LabelledImages::concat(train, test.subset(test_rest_idx));
  if (options.training_set == "train50k") {
    split.training = train;
  } else if (options.training_set == "protocol5000") {
    auto [train_idx, unused] = pick_per_class(split.database.labels, options.training_per_class, num_classes, gen);
    split.training = split.database.subset(train_idx);
  } else {
    throw std::invalid_argument("unknown training set '" + options.training_set +
                                "' (expected train50k or protocol5000)");
  }
  return split;
}

}  // namespace recessive
