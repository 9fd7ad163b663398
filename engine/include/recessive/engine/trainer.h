// Trains a hashing network on a labelled image set with its method's loss, or TrainOptions::loss's (dsh_loss.h,
// dbh_loss.h, dpsh_loss.h, dhn_loss.h), plus, when classification_weight > 0, softmax cross-entropy of a
// training-only linear classifier on the codes (dropped after training; it speeds up convergence on 2 CPU cores,
// see docs/models.md). DBH's own loss already classifies through its latent layer, so it gets no extra head. Adam,
// random horizontal flips and random 4-px-padded crops. Batches and augmentations are deterministic for a seed on
// CPU; the initial weights are the caller's (make_hashing_net with a seed). Blocks the caller.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "recessive/engine/dataset.h"
#include "recessive/engine/hashing_net.h"

namespace recessive {

struct TrainOptions {
  int64_t epochs = 30;
  int64_t batch_size = 256;
  double learning_rate = 1e-3;
  double weight_decay = 5e-4;
  bool augment = true;
  double classification_weight = 1.0;  // 0: the method's loss alone; ignored with DBH's loss
  // The training loss: "" = the net's own method's; "dsh", "dpsh" or "dhn" trains this architecture with another
  // method's loss (a transfer surrogate that shares a held-out model's loss but not its architecture;
  // docs/evaluation.md, session 24). DBH's loss needs DBH's own classifier layer, so "dbh" only on a DBH net.
  std::string loss;
  uint64_t seed = 0;
  // > 0: train on L2 adversarial examples of each batch within this radius (pixels in [0, 1]), made with
  // `adversarial_steps` steps against the batch's own training loss (l2_adversarial_examples.h). A small
  // radius makes a slightly robust net, whose crafted images transfer better when it is the only surrogate
  // (docs/evaluation.md "Slightly robust surrogates"; in the transfer ensemble they helped only with DSH held out).
  double adversarial_l2 = 0.0;
  int64_t adversarial_steps = 1;
  // false: the rate steps down x0.1 for the last quarter of the epochs; true: it stays at learning_rate (the
  // exploration run of a weight-vicinity collection, below).
  bool constant_learning_rate = false;
  // > 0: call on_snapshot this many times per epoch, at evenly spaced batches, with the net in eval mode (then back
  // in training): the snapshots of a large-learning-rate run from a trained net are its weight vicinity (Gubri et
  // al., "LGV", ECCV 2022), transfer surrogates (ensemble_attack.h).
  int64_t snapshots_per_epoch = 0;
};

struct EpochReport {
  int64_t epoch;        // 1-based
  double mean_loss;
  double seconds;       // wall time of this epoch
};

// on_snapshot gets the 1-based snapshot number (see snapshots_per_epoch).
void train_hashing_net(HashingNet& net, const LabelledImages& training, const at::Device& device,
                       const TrainOptions& options, const std::function<void(const EpochReport&)>& on_epoch = {},
                       const std::function<void(int64_t)>& on_snapshot = {});

// Copies every parameter and buffer (e.g. batch-norm statistics) of `from` into the same-named one of `to`
// when the shapes match (e.g. the trunk of a model with another hash length). Returns how many tensors
// were copied.
int64_t copy_matching_parameters(const torch::nn::Module& from, torch::nn::Module& to);

// The method whose loss trains `net` when asked for `loss` ("" = `net`'s own). Throws std::invalid_argument for an
// unknown loss, or DBH's on another net (DBH's loss runs DBH's classifier layer).
std::string training_loss(const HashingNet& net, const std::string& loss);

// The training loss of method training_loss(net, loss) on a batch of its codes and labels (DBH also runs its
// classifier). Throws as training_loss does.
at::Tensor hashing_loss(HashingNet& net, const at::Tensor& codes, const at::Tensor& labels,
                        const std::string& loss = "");

}  // namespace recessive
