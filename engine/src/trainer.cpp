#include "recessive/engine/trainer.h"

#include <torch/torch.h>

#include <chrono>

#include "recessive/engine/dbh_loss.h"
#include "recessive/engine/dbh_net.h"
#include "recessive/engine/dhn_loss.h"
#include "recessive/engine/dpsh_loss.h"
#include "recessive/engine/dsh_loss.h"
#include "recessive/engine/l2_adversarial_examples.h"

namespace recessive {
namespace {

// Random horizontal flip and random crop from a 4-pixel zero-padded image, per sample.
at::Tensor augment_batch(const at::Tensor& x, torch::Generator& gen) {
  const auto n = x.size(0), h = x.size(2), w = x.size(3);
  auto flip = torch::rand({n}, gen) < 0.5;
  auto flipped = torch::where(flip.view({n, 1, 1, 1}).to(x.device()), x.flip({3}), x);
  auto padded = torch::constant_pad_nd(flipped, {4, 4, 4, 4}, 0);
  auto offsets = torch::randint(0, 9, {n, 2}, gen, torch::kInt64);
  auto out = torch::empty_like(x);
  auto off = offsets.accessor<int64_t, 2>();
  for (int64_t i = 0; i < n; ++i)
    out[i].copy_(padded[i].slice(1, off[i][0], off[i][0] + h).slice(2, off[i][1], off[i][1] + w));
  return out;
}

}  // namespace

std::string training_loss(const HashingNet& net, const std::string& loss) {
  const auto method = loss.empty() ? net.method() : loss;
  if (method != "dsh" && method != "dbh" && method != "dpsh" && method != "dhn")
    throw std::invalid_argument("no training loss for method '" + method + "' (available: dsh, dbh, dpsh, dhn)");
  if (method == "dbh" && !dynamic_cast<const DbhNet*>(&net))
    throw std::invalid_argument("DBH's loss needs DBH's net (its classifier layer), not " + net.method() + "'s");
  return method;
}

at::Tensor hashing_loss(HashingNet& net, const at::Tensor& codes, const at::Tensor& labels, const std::string& loss) {
  const auto method = training_loss(net, loss);
  if (method == "dsh") return dsh_loss(codes, labels);
  if (method == "dpsh") return dpsh_loss(codes, labels);
  if (method == "dhn") return dhn_loss(codes, labels);
  return dbh_loss(static_cast<DbhNet&>(net).classify(codes), codes, labels);  // training_loss checked the net
}

int64_t copy_matching_parameters(const torch::nn::Module& from, torch::nn::Module& to) {
  torch::NoGradGuard no_grad;
  int64_t copied = 0;
  auto copy = [&copied](const torch::OrderedDict<std::string, at::Tensor>& source,
                        const torch::OrderedDict<std::string, at::Tensor>& target) {
    for (const auto& item : target) {
      const auto* src = source.find(item.key());
      if (src && src->sizes() == item.value().sizes()) {
        item.value().copy_(*src);
        ++copied;
      }
    }
  };
  copy(from.named_parameters(true), to.named_parameters(true));
  copy(from.named_buffers(true), to.named_buffers(true));
  return copied;
}

void train_hashing_net(HashingNet& net, const LabelledImages& training, const at::Device& device,
                       const TrainOptions& options, const std::function<void(const EpochReport&)>& on_epoch,
                       const std::function<void(int64_t)>& on_snapshot) {
  const auto loss_method = training_loss(net, options.loss);  // throws before any training
  torch::manual_seed(options.seed);
  auto gen = at::detail::createCPUGenerator(options.seed + 1);
  net.to(device);
  net.train();
  const auto num_classes = static_cast<int64_t>(std::max<size_t>(2, training.class_names.size()));
  torch::nn::Linear classifier(net.bits(), num_classes);  // training-only head on the codes
  classifier->to(device);
  auto parameters = net.parameters();
  const bool auxiliary_head = options.classification_weight > 0 && loss_method != "dbh";
  if (auxiliary_head)
    for (auto& p : classifier->parameters()) parameters.push_back(p);
  torch::optim::Adam optimizer(parameters,
                               torch::optim::AdamOptions(options.learning_rate).weight_decay(options.weight_decay));
  const auto n = training.size();
  const int64_t batches_per_epoch = n / options.batch_size;
  int64_t snapshots = 0;
  for (int64_t epoch = 1; epoch <= options.epochs; ++epoch) {
    // Step decay: x0.1 for the last quarter of the epochs.
    const bool decayed = !options.constant_learning_rate && epoch > options.epochs * 3 / 4;
    const double lr = decayed ? options.learning_rate * 0.1 : options.learning_rate;
    for (auto& group : optimizer.param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
    const auto start = std::chrono::steady_clock::now();
    auto order = torch::randperm(n, gen, torch::kInt64);
    double loss_sum = 0.0;
    int64_t batches = 0;
    for (int64_t b = 0; b + options.batch_size <= n; b += options.batch_size) {
      auto idx = order.slice(0, b, b + options.batch_size);
      auto images = training.images.index_select(0, idx).to(torch::kFloat32).div_(255.0);
      if (options.augment) images = augment_batch(images, gen);
      auto labels = training.labels.index_select(0, idx).to(device);
      auto batch_loss = [&](const at::Tensor& batch) {
        auto codes = net.forward(batch);
        auto loss = hashing_loss(net, codes, labels, options.loss);
        if (auxiliary_head)
          loss = loss + options.classification_weight *
                            torch::nn::functional::cross_entropy(classifier->forward(codes), labels);
        return loss;
      };
      auto inputs = images.to(device);
      if (options.adversarial_l2 > 0)
        inputs = l2_adversarial_examples(batch_loss, inputs, options.adversarial_l2, options.adversarial_steps);
      auto loss = batch_loss(inputs);
      optimizer.zero_grad();
      loss.backward();
      optimizer.step();
      loss_sum += loss.item<double>();
      ++batches;
      // Snapshot k of the epoch after batch ceil(k * batches_per_epoch / snapshots_per_epoch).
      if (on_snapshot && options.snapshots_per_epoch > 0 &&
          (batches * options.snapshots_per_epoch) / batches_per_epoch !=
              ((batches - 1) * options.snapshots_per_epoch) / batches_per_epoch) {
        net.eval();
        on_snapshot(++snapshots);
        net.train();
      }
    }
    if (on_epoch)
      on_epoch({epoch, loss_sum / std::max<int64_t>(1, batches),
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()});
  }
  net.eval();
}

}  // namespace recessive
