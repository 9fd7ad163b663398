#include "recessive/engine/dsh_loss.h"

#include <torch/torch.h>

namespace recessive {

at::Tensor dsh_loss(const at::Tensor& codes, const at::Tensor& labels, const DshLossOptions& options) {
  const double margin = options.margin > 0 ? options.margin : 2.0 * codes.size(1);
  auto dist = (codes.unsqueeze(1) - codes.unsqueeze(0)).pow(2).sum(-1);  // squared Euclidean, (N,N)
  auto similar = (labels.unsqueeze(1) == labels.unsqueeze(0)).to(codes.dtype());
  auto pair_loss = 0.5 * similar * dist + 0.5 * (1 - similar) * torch::clamp_min(margin - dist, 0.0);
  // Mean over distinct pairs (i<j); the diagonal contributes zero.
  const auto n = codes.size(0);
  auto pair_term = pair_loss.triu(1).sum() / std::max<int64_t>(1, n * (n - 1) / 2);
  auto quantization = (codes.abs() - 1).abs().sum(1).mean();
  return pair_term + options.alpha * quantization;
}

}  // namespace recessive
