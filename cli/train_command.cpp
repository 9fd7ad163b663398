#include <torch/torch.h>

#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "cifar10_source.h"
#include "commands.h"
#include "recessive/engine/cifar10_protocol.h"
#include "recessive/engine/device.h"
#include "recessive/engine/metrics.h"
#include "recessive/engine/model_file.h"
#include "recessive/engine/trainer.h"
#include "recessive/engine/weight_vicinity.h"

namespace recessive::cli {

void add_train_command(CLI::App& app, TrainArgs& args) {
  auto* cmd = app.add_subcommand("train", "Train a deep hashing model on CIFAR-10 and save it with its clean mAP");
  cmd->add_option("--method", args.method, "Hashing method")->check(CLI::IsMember({"dsh", "dbh", "dpsh", "dhn"}));
  cmd->add_option("--bits", args.bits, "Hash length")->check(CLI::Range(4, 256));
  cmd->add_option("--data", args.data, "CIFAR-10 folder (binary release or train/<class>/*.jpg tree)")->required();
  cmd->add_option("-o,--output", args.output, "Model file to write (.pt)")->required();
  cmd->add_option("--device", args.device, "auto, cpu or cuda")->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  cmd->add_option("--training-set", args.training_set, "train50k (official training split) or protocol5000")
      ->check(CLI::IsMember({"train50k", "protocol5000"}));
  cmd->add_option("--epochs", args.epochs, "Epochs")->check(CLI::PositiveNumber);
  cmd->add_option("--batch-size", args.batch_size, "Mini-batch size")->check(CLI::PositiveNumber);
  cmd->add_option("--lr", args.learning_rate, "Adam learning rate");
  cmd->add_option("--seed", args.seed, "Seed for initialisation and batches");
  cmd->add_option("--split-seed", args.split_seed,
                  "Seed of the cifar10-1 split: the queries scored after training (protocol5000: also the training "
                  "set); 1 matches `recessive eval`");
  cmd->add_option("--classification-weight", args.classification_weight,
                  "Weight of the training-only classification loss on the codes (0: method loss alone; "
                  "ignored with dbh's loss, which classifies)");
  cmd->add_option("--loss", args.loss,
                  "Train --method's net with another method's loss (default: its own; dbh only on dbh's net): a "
                  "transfer surrogate with a held-out model's loss on another architecture")
      ->check(CLI::IsMember({"dsh", "dbh", "dpsh", "dhn"}));
  cmd->add_option("--init-from", args.init_from,
                  "Initialise from this model's weights where shapes match (e.g. another hash length's trunk)");
  cmd->add_option("--adversarial-l2", args.adversarial_l2,
                  "Train on L2 adversarial examples within this radius (pixels 0-1; 35 dB PSNR is about 0.99): a "
                  "slightly robust net, a better single transfer surrogate (0: off)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--adversarial-steps", args.adversarial_steps, "Gradient steps per adversarial example")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--constant-lr", args.constant_lr, "Keep the learning rate for every epoch (no step decay)");
  cmd->add_option("--snapshots-per-epoch", args.snapshots_per_epoch,
                  "With --init-from M and --vicinity-folder: also save this many snapshots per epoch as "
                  "<M's stem>-vicinity-NN.pt there (with --constant-lr: M's weight vicinity, transfer surrogates)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--vicinity-folder", args.vicinity_folder, "Where --snapshots-per-epoch saves the snapshots");
}

int run_train(const TrainArgs& args, int argc, char** argv) {
  HashingModel model;
  model.net = make_hashing_net(args.method, args.bits, args.seed);  // reproducible from scratch for a --seed
  const auto loss = training_loss(*model.net, args.loss);  // a bad --loss fails before the data loads
  const auto device = select_device(args.device);
  use_all_cpu_cores();
  std::cerr << "device: " << describe_device(device) << "\n";
  const auto train_set = load_cifar10(args.data, "train"), test_set = load_cifar10(args.data, "test");
  ProtocolOptions protocol;
  protocol.training_set = args.training_set;
  protocol.seed = args.split_seed;
  const auto split = make_cifar10_protocol(train_set, test_set, protocol);
  std::cerr << "queries " << split.queries.size() << ", database " << split.database.size() << ", training "
            << split.training.size() << "\n";

  if (!args.init_from.empty()) {
    const auto copied = copy_matching_parameters(*load_model(args.init_from, torch::kCPU).net, *model.net);
    std::cerr << "initialised " << copied << " tensors from " << args.init_from << "\n";
  }
  TrainOptions options;
  options.epochs = args.epochs;
  options.batch_size = args.batch_size;
  options.learning_rate = args.learning_rate;
  options.seed = args.seed;
  options.classification_weight = args.classification_weight;
  options.loss = args.loss;
  options.adversarial_l2 = args.adversarial_l2;
  options.adversarial_steps = args.adversarial_steps;
  options.constant_learning_rate = args.constant_lr;
  options.snapshots_per_epoch = args.snapshots_per_epoch;
  if (args.snapshots_per_epoch > 0 && (args.init_from.empty() || args.vicinity_folder.empty()))
    throw std::invalid_argument("--snapshots-per-epoch needs --init-from (the model) and --vicinity-folder");
  if (args.snapshots_per_epoch > 0) std::filesystem::create_directories(args.vicinity_folder);
  std::ostringstream command;
  for (int i = 0; i < argc; ++i) command << (i ? " " : "") << argv[i];
  // The net's index as it is now: its training set's codes and labels (the class prototypes).
  const auto training_index = [&] {
    return HashIndex(encode_dataset(*model.net, split.training.images, device), split.training.labels,
                     static_cast<int64_t>(train_set.class_names.size()))
        .to(device);
  };
  // A snapshot keeps its own training-set index, not the clean mAP (the final model's).
  auto save_snapshot = [&](int64_t number) {
    HashingModel snapshot;
    snapshot.net = model.net;
    snapshot.index = training_index();
    snapshot.metadata = {{"training", {{"command", command.str()}, {"vicinity_snapshot", number}}},
                         {"class_names", train_set.class_names}};
    const auto path = vicinity_snapshot_path(args.vicinity_folder, args.init_from, number);
    save_model(snapshot, path);
    std::cerr << "snapshot " << path << "\n";
  };
  const auto start = std::chrono::steady_clock::now();
  train_hashing_net(*model.net, split.training, device, options, [&](const EpochReport& r) {
    std::cerr << "epoch " << r.epoch << "/" << args.epochs << " loss " << std::fixed << std::setprecision(4)
              << r.mean_loss << " (" << std::setprecision(1) << r.seconds << " s)\n";
  }, save_snapshot);
  const double train_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  model.index = training_index();
  const auto db_codes = encode_dataset(*model.net, split.database.images, device);
  const auto query_codes = encode_dataset(*model.net, split.queries.images, device);
  const std::vector<int64_t> ks = {200, 400, 600, 800, 1000};
  const auto maps = mean_average_precision_at_ks(query_codes, split.queries.labels, db_codes, split.database.labels, ks);
  const double p2 = precision_within_radius(query_codes, split.queries.labels, db_codes, split.database.labels, 2);

  nlohmann::json clean;
  for (size_t i = 0; i < ks.size(); ++i) clean["map@" + std::to_string(ks[i])] = maps[i];
  clean["precision_r2"] = p2;
  model.metadata = {{"training",
                     {{"command", command.str()},
                      {"training_set", args.training_set},
                      {"training_images", split.training.size()},
                      {"protocol", "cifar10-1: 1000 test queries (100/class), database = other 59000"},
                      {"seed", args.seed},
                      {"split_seed", args.split_seed},
                      {"epochs", args.epochs},
                      {"batch_size", args.batch_size},
                      {"learning_rate", args.learning_rate},
                      {"classification_weight", args.classification_weight},
                      {"loss", loss},
                      {"device", describe_device(device)},
                      {"init_from", args.init_from},
                      {"adversarial_l2", args.adversarial_l2},
                      {"adversarial_steps", args.adversarial_steps},
                      {"constant_lr", args.constant_lr},
                      {"seconds", train_seconds}}},
                    {"clean", clean},
                    {"class_names", train_set.class_names}};
  save_model(model, args.output);
  std::cout << "saved " << args.output << " (" << args.method << ", " << args.bits << " bits) in " << std::fixed
            << std::setprecision(0) << train_seconds << " s\n"
            << "clean " << clean.dump() << "\n";
  return 0;
}

}  // namespace recessive::cli
