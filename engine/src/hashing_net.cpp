#include "recessive/engine/hashing_net.h"

#include <torch/torch.h>

#include "recessive/engine/dbh_net.h"
#include "recessive/engine/dpsh_net.h"
#include "recessive/engine/dhn_net.h"
#include "recessive/engine/dsh_net.h"

namespace recessive {

std::shared_ptr<HashingNet> make_hashing_net(const std::string& method, int64_t bits) {
  if (bits <= 0 || bits > 1024) throw std::invalid_argument("hash length must be 1..1024 bits, got " + std::to_string(bits));
  if (method == "dsh") return std::make_shared<DshNet>(bits);
  if (method == "dbh") return std::make_shared<DbhNet>(bits);
  if (method == "dpsh") return std::make_shared<DpshNet>(bits);
  if (method == "dhn") return std::make_shared<DhnNet>(bits);
  throw std::invalid_argument("unknown hashing method '" + method + "' (available: dsh, dbh, dpsh, dhn)");
}

std::shared_ptr<HashingNet> make_hashing_net(const std::string& method, int64_t bits, uint64_t seed) {
  torch::manual_seed(seed);
  return make_hashing_net(method, bits);
}

at::Tensor normalize_cifar(const at::Tensor& images) {
  auto opts = images.options();
  auto mean = torch::tensor({0.4914, 0.4822, 0.4465}, opts).view({1, 3, 1, 1});
  auto std = torch::tensor({0.2470, 0.2435, 0.2616}, opts).view({1, 3, 1, 1});
  return (images - mean) / std;
}

}  // namespace recessive
