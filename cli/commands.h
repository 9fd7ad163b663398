// The recessive subcommands: argument structs, their CLI11 registration, and their entry points
// (returning the process exit status).
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace recessive::cli {

// Default paths resolved against RECESSIVE_DATA_DIR (compiled in) or the environment variable of that name.
std::string data_path(const std::string& relative);

struct ProtectArgs {
  std::vector<std::string> inputs;
  std::string output_dir = "protected";
  std::string method = "recessive";
  std::string model;  // empty: the shipped default
  std::string device = "auto";
  double lambda = 0.05;
  int64_t max_steps = 100;
  bool until_target = false;
  bool survive_upload = false;  // also fool retrieval after imaging::kUploadReencode (as the host does)
  double max_linf = 8.0;  // 0-255; 0 = the paper's algorithm unbounded
  double min_psnr = 0.0;  // dB; 0 = no PSNR floor
  double max_source_share = 0.0;  // 0 = off
  double epsilon = 4.0;  // iFGSM, 0-255 scale
  double alpha = 1.0;    // iFGSM, 0-255 scale
  int64_t ifgsm_steps = 10;
  int jpeg_quality = 95;
  int64_t max_pixels = 50'000'000;
  uint64_t seed = 0;
  bool json = false;
};
void add_protect_command(CLI::App& app, ProtectArgs& args);
int run_protect(const ProtectArgs& args);

struct TrainArgs {
  std::string method = "dsh";
  int64_t bits = 24;
  std::string data;
  std::string output;
  std::string device = "auto";
  std::string training_set = "train50k";
  int64_t epochs = 30;
  int64_t batch_size = 256;
  double learning_rate = 1e-3;
  uint64_t seed = 0;        // initialisation and batches
  uint64_t split_seed = 1;  // which 1,000 test images are the queries (protocol5000: and the training set);
                            // 1 = `recessive eval`'s default, so the clean mAP printed here is on its queries
  double classification_weight = 1.0;
  std::string loss;       // "" = the method's own; another method's loss on this method's net (trainer.h)
  std::string init_from;  // start from another model's weights (all layers whose shapes match)
  double adversarial_l2 = 0.0;  // > 0: adversarial training within this L2 radius (trainer.h)
  int64_t adversarial_steps = 1;
  bool constant_lr = false;         // no step decay (trainer.h)
  int64_t snapshots_per_epoch = 0;  // > 0: also save init_from's weight vicinity in vicinity_folder (weight_vicinity.h)
  std::string vicinity_folder;
};
void add_train_command(CLI::App& app, TrainArgs& args);
int run_train(const TrainArgs& args, int argc, char** argv);

struct EvalArgs {
  bool quick = false;
  std::vector<std::string> models;  // empty: models/{dsh,dbh,dpsh}-{12,24,32,48}.pt that exist
  std::string data;
  std::string out = "docs/results/eval";
  std::string device = "auto";
  int64_t queries_per_class = 0;  // 0: 100, or 10 with --quick
  int64_t batch = 100;
  double lambda = 0.05;
  int64_t max_steps = 100;
  std::string sweep_model = "dsh-24";
  uint64_t seed = 1;
};
void add_eval_command(CLI::App& app, EvalArgs& args);
int run_eval(const EvalArgs& args, int argc, char** argv);

}  // namespace recessive::cli
