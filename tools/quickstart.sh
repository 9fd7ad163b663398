#!/usr/bin/env bash
# README command 1: install dependencies, build (Release), and protect the shipped example photo with the
# shipped default model. Output goes to ./protected/.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install_deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DRECESSIVE_BUILD_TESTS=OFF
cmake --build build -j"$(nproc)" --target recessive
./build/cli/recessive protect assets/example.jpg -o protected
