// The DSH loss (Liu et al. 2016) over all pairs of a mini-batch: similar pairs (same label) pull codes
// together, dissimilar pairs push them at least `margin` apart in squared L2, plus `alpha` times the L1
// distance of |h| from 1 (quantisation). Margin defaults to 2*bits, alpha to 0.01, as in the paper.
#pragma once

#include <ATen/core/Tensor.h>

namespace recessive {

struct DshLossOptions {
  double margin = -1;  // <= 0: 2 * bits
  double alpha = 0.01;
};

// codes (N,bits) real-valued network outputs, labels (N) int64. Returns a scalar.
at::Tensor dsh_loss(const at::Tensor& codes, const at::Tensor& labels, const DshLossOptions& options = {});

}  // namespace recessive
