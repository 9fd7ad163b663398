// The "cifar10-1" retrieval protocol (DeepHash-pytorch): from the 60,000 CIFAR-10 images, 1,000 queries
// (100 per class) come from the test set, the database is the other 59,000, and a 5,000-image training
// set (500 per class) is drawn from the database. Deterministic for a seed. Stateless.
#pragma once

#include "recessive/engine/dataset.h"

#include <cstdint>
#include <string>

namespace recessive {

struct RetrievalSplit {
  LabelledImages queries;
  LabelledImages database;
  LabelledImages training;
};

struct ProtocolOptions {
  int64_t queries_per_class = 100;
  int64_t training_per_class = 500;  // ignored when training_set == "train50k"
  // "protocol5000": 500/class drawn from the database (cifar10-1); "train50k": the official 50,000 training images
  // (all in the database), which the shipped models use.
  std::string training_set = "train50k";
  uint64_t seed = 0;
};

// `train` and `test` are CIFAR-10's official splits (50,000 and 10,000 images).
RetrievalSplit make_cifar10_protocol(const LabelledImages& train, const LabelledImages& test,
                                     const ProtocolOptions& options = {});

}  // namespace recessive
