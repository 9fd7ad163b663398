// The DBH training loss: softmax cross-entropy of the classifier on the sigmoid latent layer (Lin et al.
// 2015), plus the two code terms of its journal version (SSDH, Yang, Lin, Chen, TPAMI 2017), both small by
// default: `binarization` rewards latent values far from 0.5 (-mean (h-0.5)^2), `balance` asks each code to
// be half ones (mean over samples of (mean_k h_k - 0.5)^2). h = (codes+1)/2 is the latent layer.
#pragma once

#include <ATen/core/Tensor.h>

namespace recessive {

struct DbhLossOptions {
  double binarization = 0.1;
  double balance = 0.1;
};

// logits (N,classes) from DbhNet::classify, codes (N,bits) from DbhNet::forward, labels (N) int64. Scalar.
at::Tensor dbh_loss(const at::Tensor& logits, const at::Tensor& codes, const at::Tensor& labels,
                    const DbhLossOptions& options = {});

}  // namespace recessive
