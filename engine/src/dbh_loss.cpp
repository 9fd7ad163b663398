#include "recessive/engine/dbh_loss.h"

#include <torch/torch.h>

namespace recessive {

at::Tensor dbh_loss(const at::Tensor& logits, const at::Tensor& codes, const at::Tensor& labels,
                    const DbhLossOptions& options) {
  auto latent = (codes + 1) / 2;
  auto classification = torch::nn::functional::cross_entropy(logits, labels);
  auto binarization = -(latent - 0.5).pow(2).mean();
  auto balance = (latent.mean(1) - 0.5).pow(2).mean();
  return classification + options.binarization * binarization + options.balance * balance;
}

}  // namespace recessive
