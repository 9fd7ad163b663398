#include "recessive/engine/model_file.h"

#include <torch/torch.h>

#include <stdexcept>

namespace recessive {
namespace {
constexpr const char* kFormat = "recessive-hashing-model/1";
}

void save_model(const HashingModel& model, const std::filesystem::path& path) {
  torch::serialize::OutputArchive archive;
  auto meta = model.metadata;
  meta["format"] = kFormat;
  meta["method"] = model.net->method();
  meta["bits"] = model.net->bits();
  meta["input_size"] = model.net->input_size();
  meta["num_classes"] = model.index.num_classes();
  meta["retrieval_k"] = model.retrieval_k;
  archive.write("metadata", c10::IValue(meta.dump()));
  torch::serialize::OutputArchive net_archive;
  auto cpu_net = model.net;  // parameters are copied to CPU by the archive writer
  cpu_net->save(net_archive);
  archive.write("net", net_archive);
  archive.write("index_codes_packed", HashIndex::pack(model.index.codes()));
  archive.write("index_labels", model.index.labels().to(torch::kCPU));
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  archive.save_to(path.string());
}

HashingModel load_model(const std::filesystem::path& path, const at::Device& device) {
  if (!std::filesystem::exists(path)) throw std::runtime_error("model file not found: " + path.string());
  torch::serialize::InputArchive archive;
  try {
    archive.load_from(path.string(), torch::kCPU);
  } catch (const c10::Error& e) {
    throw std::runtime_error("cannot read model file " + path.string() + ": not a LibTorch archive");
  }
  c10::IValue meta_value;
  if (!archive.try_read("metadata", meta_value) || !meta_value.isString())
    throw std::runtime_error(path.string() + " is not a Recessive model (no metadata)");
  HashingModel model;
  model.metadata = nlohmann::json::parse(meta_value.toStringRef());
  if (model.metadata.value("format", "") != kFormat)
    throw std::runtime_error(path.string() + ": unsupported model format '" + model.metadata.value("format", "") + "'");
  model.net = make_hashing_net(model.metadata.at("method").get<std::string>(), model.metadata.at("bits").get<int64_t>());
  torch::serialize::InputArchive net_archive;
  archive.read("net", net_archive);
  model.net->load(net_archive);
  model.net->to(device);
  model.net->eval();
  at::Tensor packed, labels;
  archive.read("index_codes_packed", packed);
  archive.read("index_labels", labels);
  model.index = HashIndex(HashIndex::unpack(packed, model.net->bits()), labels,
                          model.metadata.at("num_classes").get<int64_t>())
                    .to(device);
  model.retrieval_k = model.metadata.value("retrieval_k", int64_t{100});
  return model;
}

}  // namespace recessive
