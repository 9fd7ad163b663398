#!/usr/bin/env bash
# Reproduces the shipped models (docs/models.md). Usage: tools/train_models.sh CIFAR_DIR [BUILD_DIR] [METHODS]
# METHODS: any of "dsh dbh dpsh" (default: all three). Each run's output also goes to LOG_DIR/train-NAME.log
# (LOG_DIR defaults to BUILD_DIR). Models are written to models/; nothing is committed. SKIP_EXISTING=1 skips
# a model whose models/NAME.pt already exists (resuming a chain).
# - DSH-24 from scratch in three stages (8 + 10 + 6 epochs), then 12/32/48 bits initialised from DSH-24's trunk
#   (2 epochs each).
# - DBH-24 and DPSH-24 from scratch (7 and 6 epochs), then 12/32/48 bits from the 24-bit trunk (1 epoch each; a
#   1-epoch run is all in the schedule's last quarter, so --lr 3e-3 trains at 3e-4).
# The shipped DBH and DPSH models come from the GPU recipe, tools/train_models_gpu.sh (docs/models.md); this CPU
# recipe for them was never run to the end on 2 cores.
set -euo pipefail
data=${1:?usage: tools/train_models.sh CIFAR_DIR [BUILD_DIR] [METHODS]}
build=${2:-build}
methods=${3:-dsh dbh dpsh}
cd "$(dirname "$0")/.."
logs=${LOG_DIR:-$build}
mkdir -p "$logs"
# A private copy of the binary: rebuilding the tree during a long run does not change the remaining runs.
bin=$(mktemp -d)/recessive
cp "$build/cli/recessive" "$bin"

train() {  # train NAME ARGS...
  local name=$1
  shift
  if [[ ${SKIP_EXISTING:-0} == 1 && -f models/$name.pt ]]; then
    echo "skip $name: models/$name.pt exists"
    return
  fi
  echo "$(date -Is) start $name: recessive train $*" | tee "$logs/train-$name.log"
  "$bin" train "$@" 2>&1 | tee -a "$logs/train-$name.log"
  echo "$(date -Is) done $name" | tee -a "$logs/train-$name.log"
}

for method in $methods; do
  case $method in
    dsh)
      stage1=$(mktemp --suffix=.pt) stage2=$(mktemp --suffix=.pt)
      train dsh-24-stage1 --method dsh --bits 24 --data "$data" -o "$stage1" --epochs 8 --seed 1
      train dsh-24-stage2 --method dsh --bits 24 --data "$data" -o "$stage2" --epochs 10 --seed 2 --init-from "$stage1"
      train dsh-24 --method dsh --bits 24 --data "$data" -o models/dsh-24.pt --epochs 6 --lr 5e-4 --seed 3 \
        --init-from "$stage2"
      for bits in 12 32 48; do
        train "dsh-$bits" --method dsh --bits "$bits" --data "$data" -o "models/dsh-$bits.pt" --epochs 2 --seed 4 \
          --init-from models/dsh-24.pt
      done
      rm -f "$stage1" "$stage2"
      ;;
    dbh | dpsh)
      epochs=7
      [[ $method == dpsh ]] && epochs=6
      train "$method-24" --method "$method" --bits 24 --data "$data" -o "models/$method-24.pt" --epochs "$epochs" --seed 1
      ;;
    *)
      echo "unknown method $method" >&2
      exit 2
      ;;
  esac
done
# Other hash lengths of DBH and DPSH after both 24-bit trunks exist (DPSH first: it trains faster).
for method in dpsh dbh; do
  [[ " $methods " == *" $method "* ]] || continue
  for bits in 12 32 48; do
    train "$method-$bits" --method "$method" --bits "$bits" --data "$data" -o "models/$method-$bits.pt" --epochs 1 \
      --lr 3e-3 --seed 4 --init-from "models/$method-24.pt"
  done
done
rm -rf "$(dirname "$bin")"
