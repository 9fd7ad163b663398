// The DHN loss (Zhu et al., AAAI 2016) as DeepHash-pytorch implements it: DPSH's pairwise negative
// log-likelihood (dpsh_loss.h, pairwise_likelihood_loss) plus `alpha` times the smooth quantisation loss
// log cosh(|u| - 1), averaged over samples and bits.
#pragma once

#include <ATen/core/Tensor.h>

namespace recessive {

struct DhnLossOptions {
  double alpha = 0.1;
};

// codes (N,bits) real-valued network outputs u, labels (N) int64. Returns a scalar.
at::Tensor dhn_loss(const at::Tensor& codes, const at::Tensor& labels, const DhnLossOptions& options = {});

}  // namespace recessive
