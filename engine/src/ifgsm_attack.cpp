#include "recessive/engine/ifgsm_attack.h"

#include <torch/torch.h>

#include <chrono>

#include "recessive/engine/resize.h"

namespace recessive {

AttackResult ifgsm_attack(HashingModel& model, const at::Tensor& images, const IfgsmOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  auto [original, original_codes, source, target, beta, reports] = begin_attack(model, images, options.seed, options.beta);
  const auto n = images.size(0), height = images.size(2), width = images.size(3), size = model.net->input_size();
  auto x = original.clone();
  auto steps = torch::zeros({n}, torch::kInt64);
  for (int64_t m = 0; m < options.steps; ++m) {
    auto low = resize_to_square(x, size).detach().requires_grad_(true);
    auto [gap, h] = retrieval_score_gap(model, low, source, target, beta);
    auto active = torch::ones({n}, torch::TensorOptions().dtype(torch::kBool).device(x.device()));
    if (options.stop_on_success) {
      torch::NoGradGuard no_grad;
      active = model.index.retrieval_labels(binarize(h.detach()), model.retrieval_k) != target;
      if (!active.any().item<bool>()) break;
    }
    auto g = torch::autograd::grad({gap.sum()}, {low})[0];
    torch::NoGradGuard no_grad;
    auto step = options.alpha * torch::sign(upsample_smooth(g, height, width)) * active.to(g.dtype()).view({n, 1, 1, 1});
    x = torch::min(torch::max(x + step, original - options.epsilon), original + options.epsilon).clamp_(0.0, 1.0);
    steps += active.cpu().to(torch::kInt64);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (int64_t i = 0; i < n; ++i) reports[i].steps = steps[i].item<int64_t>();
  finish_reports(model, original, original_codes, x, seconds, reports);
  return {x, reports, original_codes};
}

}  // namespace recessive
