#include "cifar10_source.h"

#include <stdexcept>

#include "recessive/engine/cifar10_binary.h"
#ifdef RECESSIVE_HAVE_IMAGING
#include "recessive/imaging/cifar10_folder.h"
#endif

namespace recessive::cli {

LabelledImages load_cifar10(const std::filesystem::path& root, const std::string& split) {
  for (const auto& dir : {root, root / "cifar-10-batches-bin"})
    if (std::filesystem::exists(dir / "test_batch.bin")) return load_cifar10_binary(dir, split);
#ifdef RECESSIVE_HAVE_IMAGING
  if (std::filesystem::is_directory(root / split)) return imaging::load_cifar10_folder(root, split);
  throw std::runtime_error("no CIFAR-10 found under " + root.string() +
                           ": expected the binary release (test_batch.bin, data_batch_1..5.bin) or folders " +
                           split + "/<class>/*.jpg");
#else
  throw std::runtime_error("no CIFAR-10 binary release found under " + root.string() +
                           " (test_batch.bin, data_batch_1..5.bin); this build has no OpenCV, so image folders are not read");
#endif
}

}  // namespace recessive::cli
