#include "recessive/engine/dhn_loss.h"

#include <torch/torch.h>

#include "recessive/engine/dpsh_loss.h"

namespace recessive {

at::Tensor dhn_loss(const at::Tensor& codes, const at::Tensor& labels, const DhnLossOptions& options) {
  auto quantization = (codes.abs() - 1).cosh().log().mean();
  return pairwise_likelihood_loss(codes, labels) + options.alpha * quantization;
}

}  // namespace recessive
