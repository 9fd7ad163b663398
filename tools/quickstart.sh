#!/usr/bin/env bash
# README command 1: install dependencies, build (Release), protect the shipped example photo with the shipped
# default model (output in ./protected/), then install the browser host for this user (~/.local) and register
# it with every browser found, and check it answers. Add the extension afterwards (docs/extension.md).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install_deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DRECESSIVE_BUILD_TESTS=OFF
cmake --build build -j"$(nproc)" --target recessive recessive-host recessive-install
./build/cli/recessive protect assets/example.jpg -o protected
./build/installer/recessive-install || echo "recessive-install: nothing registered (see above); the CLI works without it" >&2
"${HOME}/.local/lib/recessive/recessive-install" --check || true
