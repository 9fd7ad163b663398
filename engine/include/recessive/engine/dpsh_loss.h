// The DPSH loss (Li et al. 2016) over all pairs i<j of a mini-batch: the negative log-likelihood of the
// pairwise labels s_ij (1 = same label) given theta_ij = 0.5 u_i.u_j, i.e. log(1+exp(theta)) - s*theta,
// averaged over pairs, plus `eta` times the quantisation error ||u - sign(u)||^2 averaged over samples and
// bits (per element, as DeepHash-pytorch does, so eta does not depend on the hash length).
#pragma once

#include <ATen/core/Tensor.h>

namespace recessive {

struct DpshLossOptions {
  double eta = 0.1;
};

// The pairwise part alone: mean over pairs i<j of log(1+exp(theta_ij)) - s_ij*theta_ij (shared with DHN, dhn_loss.h).
at::Tensor pairwise_likelihood_loss(const at::Tensor& codes, const at::Tensor& labels);

// codes (N,bits) real-valued network outputs u, labels (N) int64. Returns a scalar.
at::Tensor dpsh_loss(const at::Tensor& codes, const at::Tensor& labels, const DpshLossOptions& options = {});

}  // namespace recessive
