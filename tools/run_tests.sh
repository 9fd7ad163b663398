#!/usr/bin/env bash
# README command 2: install dependencies, build everything with tests, and run every test through CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install_deps.sh
npm ci --no-audit --no-fund --loglevel=error  # puppeteer-core for the browser end-to-end tests
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DRECESSIVE_BUILD_TESTS=ON
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j"$(nproc)"
