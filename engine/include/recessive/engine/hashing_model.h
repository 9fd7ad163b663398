// A trained hashing model ready for retrieval: the network, the reference database it retrieves from
// (codes + labels, used for the retrieval label and class prototypes), and its provenance metadata.
// Loaded from / saved to one file by model_file.h. Shared read-only after loading (the network must not
// run forward+backward concurrently from several threads; see hashing_net.h).
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

#include "recessive/engine/hash_index.h"
#include "recessive/engine/hashing_net.h"

namespace recessive {

struct HashingModel {
  std::shared_ptr<HashingNet> net;
  HashIndex index;            // on the same device as `net`
  nlohmann::json metadata;    // method, bits, training command/split/seed/time, clean mAP, ...
  int64_t retrieval_k = 100;  // neighbours voting for the retrieval label

  int64_t bits() const { return net->bits(); }
  // Real-valued codes (N,bits) of images in [0,1] at any size: resized to the net's input (area) first.
  at::Tensor codes(const at::Tensor& images);
  // The same through the net's logits (hashing_net.h: same signs, no output squashing), what the attacks differentiate.
  at::Tensor logits(const at::Tensor& images);
  // Retrieval labels (N) of images in [0,1] at any size.
  at::Tensor retrieval_labels(const at::Tensor& images);
  // The class name of a retrieval label from metadata "class_names", or the number when it has none.
  std::string label_name(int64_t label) const;
};

// Codes of a whole uint8 image set (N,3,S,S), batched, without gradients; returns +1/-1 (N,bits) on CPU.
at::Tensor encode_dataset(HashingNet& net, const at::Tensor& images_u8, const at::Device& device,
                          int64_t batch_size = 1000);

}  // namespace recessive
