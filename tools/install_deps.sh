#!/usr/bin/env bash
# Installs the Debian 12 packages the project builds and tests with. Idempotent; needs root (or sudo).
set -euo pipefail
# libopenblas0-openmp: libtorch-dev's libblas.so.3 is otherwise Debian's reference BLAS, and the CPU matrix products
# (linear layers, Hamming distances) ran 1.9x slower end to end (docs/benchmarks.md, "BLAS and freed memory").
packages=(build-essential cmake pkg-config
          libtorch-dev libopencv-dev nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev
          libboost-dev libboost-filesystem-dev libgtest-dev libgmock-dev
          libssl-dev clang libclang-rt-14-dev
          libopenblas0-openmp
          chromium firefox-esr openssl)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm: take whatever the machine already has (a NodeSource nodejs bundles npm and conflicts with
# Debian's npm package); install Debian's only when the commands are missing.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if ((${#missing[@]})); then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  echo "installing: ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
