// recessive: command-line front end of the engine.
//   recessive protect IN... [-o DIR] [--method recessive|ifgsm] [--model PATH] [--device auto|cpu|cuda]
//   recessive train --method dsh --bits N --data CIFAR_DIR -o MODEL.pt
//   recessive eval --data CIFAR_DIR [--quick] [--models A.pt,B.pt] [--out DIR] [--device auto|cpu|cuda]
// Built without OpenCV (RECESSIVE_HAVE_IMAGING undefined) there is no `protect`, and CIFAR-10 must be the binary
// release.
#include <CLI/CLI.hpp>

#include <iostream>

#include "commands.h"
#include "recessive/engine/process_memory.h"

int main(int argc, char** argv) {
  recessive::keep_freed_memory_for_reuse();  // a batch process: exits after one command
  CLI::App app{"Recessive: protect photos from deep-learning reverse image search"};
  app.require_subcommand(1);
#ifdef RECESSIVE_HAVE_IMAGING
  recessive::cli::ProtectArgs protect;
  recessive::cli::add_protect_command(app, protect);
#endif
  recessive::cli::TrainArgs train;
  recessive::cli::add_train_command(app, train);
  recessive::cli::EvalArgs eval;
  recessive::cli::add_eval_command(app, eval);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
#ifdef RECESSIVE_HAVE_IMAGING
    if (app.got_subcommand("protect")) return recessive::cli::run_protect(protect);
#endif
    if (app.got_subcommand("train")) return recessive::cli::run_train(train, argc, argv);
    if (app.got_subcommand("eval")) return recessive::cli::run_eval(eval, argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "recessive: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
