#include "recessive/engine/dpsh_loss.h"

#include <torch/torch.h>

namespace recessive {

at::Tensor pairwise_likelihood_loss(const at::Tensor& codes, const at::Tensor& labels) {
  auto theta = 0.5 * codes.matmul(codes.t());  // (N,N)
  auto similar = (labels.unsqueeze(1) == labels.unsqueeze(0)).to(codes.dtype());
  auto pair_loss = torch::softplus(theta) - similar * theta;  // log(1+exp(theta)) - s*theta, stable
  const auto n = codes.size(0);
  return pair_loss.triu(1).sum() / std::max<int64_t>(1, n * (n - 1) / 2);
}

at::Tensor dpsh_loss(const at::Tensor& codes, const at::Tensor& labels, const DpshLossOptions& options) {
  auto quantization = (codes - torch::sign(codes).detach()).pow(2).mean();
  return pairwise_likelihood_loss(codes, labels) + options.eta * quantization;
}

}  // namespace recessive
