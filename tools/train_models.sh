#!/usr/bin/env bash
# Reproduces the shipped models/dsh-{12,24,32,48}.pt (docs/models.md): DSH-24 from scratch in three stages
# (8 + 10 + 6 epochs), then 12/32/48 bits initialised from DSH-24's trunk (2 epochs each). Usage: tools/train_models.sh CIFAR_DIR [BUILD_DIR]
set -euo pipefail
data=${1:?usage: tools/train_models.sh CIFAR_DIR [BUILD_DIR]}
build=${2:-build}
cd "$(dirname "$0")/.."
stage1=$(mktemp --suffix=.pt) stage2=$(mktemp --suffix=.pt)
"$build/cli/recessive" train --method dsh --bits 24 --data "$data" -o "$stage1" --epochs 8 --seed 1
"$build/cli/recessive" train --method dsh --bits 24 --data "$data" -o "$stage2" --epochs 10 --seed 2 --init-from "$stage1"
"$build/cli/recessive" train --method dsh --bits 24 --data "$data" -o models/dsh-24.pt --epochs 6 --lr 5e-4 --seed 3 \
  --init-from "$stage2"
for bits in 12 32 48; do
  "$build/cli/recessive" train --method dsh --bits "$bits" --data "$data" -o "models/dsh-$bits.pt" --epochs 2 --seed 4 \
    --init-from models/dsh-24.pt
done
rm -f "$stage1" "$stage2"
