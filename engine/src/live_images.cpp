#include "recessive/engine/live_images.h"

#include <torch/torch.h>

namespace recessive {

LiveImages::LiveImages(int64_t n, const at::Device& device)
    : index_(torch::arange(n, torch::TensorOptions().dtype(torch::kInt64).device(device))), n_(n) {}

int64_t LiveImages::count() const { return index_.size(0); }

at::Tensor LiveImages::of(const at::Tensor& t) const {
  if (count() == n_) return t;
  return t.index_select(0, index_.to(t.device()));
}

void LiveImages::put(at::Tensor& t, const at::Tensor& rows) const {
  if (count() == n_) {
    t = rows;
    return;
  }
  t.index_copy_(0, index_.to(t.device()), rows.to(t.dtype()));
}

at::Tensor LiveImages::stopped_of_all(const at::Tensor& live_stopped) const {
  auto all = torch::ones({n_}, torch::TensorOptions().dtype(torch::kBool).device(live_stopped.device()));
  return all.index_copy_(0, index_.to(live_stopped.device()), live_stopped.to(torch::kBool));
}

void LiveImages::keep(const at::Tensor& live_stepping) {
  index_ = index_.masked_select(live_stepping.to(index_.device(), torch::kBool));
}

}  // namespace recessive
