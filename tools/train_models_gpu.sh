#!/usr/bin/env bash
# The GPU recipe for the shipped DBH and DPSH models (docs/models.md): longer runs than 2 CPU cores allow, run
# side by side on one CUDA device, sized to fit one device call. Usage:
#   tools/train_models_gpu.sh CIFAR_DIR BUILD_DIR OUT_DIR
# - DBH-24 and DPSH-24 from scratch, EPOCHS_24 epochs each (default 80), both at once. When the first epoch
#   shows that the runs would take longer than BUDGET_24_S seconds (default 210), both restart at once with as
#   many epochs as fit (at least 5).
# - then 12, 32 and 48 bits of both methods from their 24-bit trunk, EPOCHS_OTHER epochs each (default 10), all
#   six at once, likewise cut to fit BUDGET_OTHER_S (default 75; at least 2 epochs), counting three times the
#   24-bit epoch time (six runs share the GPU where two did).
# - TRUNK=DIR skips the 24-bit phase and fine-tunes from DIR/dbh-24.pt and DIR/dpsh-24.pt (e.g. TRUNK=models, the
#   shipped ones); then the fine-tunes' own first epoch sizes them to BUDGET_OTHER_S. LENGTHS (default "12 32 48")
#   picks the lengths fine-tuned.
# On a machine of 16 cores or more each run is pinned to its own cores: the 24-bit ones to 8-11 and 12-15 (a build
# can use 0-7 meanwhile), the others to two cores each, counted down from the last core. Models go to
# OUT_DIR/NAME.pt, logs to OUT_DIR/train-NAME.log; nothing is committed. DEVICE (default cuda) is passed to
# `recessive train --device`.
set -euo pipefail
data=${1:?usage: tools/train_models_gpu.sh CIFAR_DIR BUILD_DIR OUT_DIR}
build=${2:?build folder}
out=${3:?output folder}
epochs_24=${EPOCHS_24:-80}
epochs_other=${EPOCHS_OTHER:-10}
budget_24=${BUDGET_24_S:-210}
budget_other=${BUDGET_OTHER_S:-75}
trunk=${TRUNK:-$out}
read -r -a lengths <<< "${LENGTHS:-12 32 48}"
mkdir -p "$out"
pids=()

train() {  # train CORES NAME ARGS... (pinned to CORES, in the background)
  local cores=$1 name=$2
  shift 2
  local pin=(taskset -c "$cores")
  (( $(nproc) >= 16 )) || pin=()
  echo "$(date -Is) start $name on cores $cores: recessive train $*" > "$out/train-$name.log"
  "${pin[@]}" "$build/cli/recessive" train --device "${DEVICE:-cuda}" "$@" >> "$out/train-$name.log" 2>&1 &
  pids+=($!)
}

first_epoch_seconds() {  # the slowest first epoch of NAMES..., once every run has logged one
  local name s slowest=0 waited
  for name in "$@"; do
    waited=0
    until s=$(sed -n 's|^epoch 1/[0-9]* loss [0-9.]* (\([0-9.]*\) s)$|\1|p' "$out/train-$name.log") && [ -n "$s" ]; do
      if grep -q "^terminate\|rror" "$out/train-$name.log" || (( ++waited > 180 )); then
        echo "$name failed or logged no epoch in 180 s:" >&2; cat "$out/train-$name.log" >&2; exit 1
      fi
      sleep 1
    done
    slowest=$(python3 -c "print(max($slowest, $s))")
  done
  echo "$slowest"
}

fit() {  # fit EPOCHS SECONDS_PER_EPOCH BUDGET -> epochs that fit the budget (at least MIN, default 5)
  python3 -c "print(max(${4:-5}, min($1, int($3 / $2))))"
}

start_24() {
  pids=()
  train "8-11" dbh-24 --method dbh --bits 24 --data "$data" -o "$out/dbh-24.pt" --epochs "$1" --seed 1
  train "12-15" dpsh-24 --method dpsh --bits 24 --data "$data" -o "$out/dpsh-24.pt" --epochs "$1" --seed 1
}

start_other() {  # the other lengths of both methods from their 24-bit trunk, EPOCHS epochs, two cores each
  pids=()
  local core=$(( $(nproc) - 4 * ${#lengths[@]} )) method bits
  (( core < 0 )) && core=0
  for method in dbh dpsh; do
    for bits in "${lengths[@]}"; do
      train "$core-$(( core + 1 ))" "$method-$bits" --method "$method" --bits "$bits" --data "$data" \
        -o "$out/$method-$bits.pt" --epochs "$1" --seed 4 --init-from "$trunk/$method-24.pt"
      core=$(( core + 2 ))
    done
  done
}
other_names() { local m b; for m in dbh dpsh; do for b in "${lengths[@]}"; do echo "$m-$b"; done; done; }

# start_sized LABEL START_FN EPOCHS BUDGET MIN NAMES...: START_FN EPOCHS, time the first epoch of the runs NAMES,
# and restart them all with as many epochs as fit BUDGET seconds (at least MIN) when EPOCHS would not; sets
# epoch_s and sized_epochs.
start_sized() {
  local label=$1 start_fn=$2 epochs=$3 budget=$4 min=$5 fitted
  shift 5
  "$start_fn" "$epochs"
  epoch_s=$(first_epoch_seconds "$@")
  fitted=$(fit "$epochs" "$epoch_s" "$budget" "$min")
  echo "$label first epoch: $epoch_s s; $epochs epochs would take ~$(python3 -c "print(round($epoch_s * $epochs))") s"
  if (( fitted < epochs )); then
    echo "restarting with $fitted epochs to fit $budget s"
    kill "${pids[@]}" 2>/dev/null || true
    wait || true
    epochs=$fitted
    "$start_fn" "$epochs"
  fi
  sized_epochs=$epochs
}

start=$(date +%s)
if [ -z "${TRUNK:-}" ]; then
  start_sized 24-bit start_24 "$epochs_24" "$budget_24" 5 dbh-24 dpsh-24
  epochs_24=$sized_epochs
  for pid in "${pids[@]}"; do wait "$pid"; done
  echo "24-bit phase ($epochs_24 epochs): $(( $(date +%s) - start )) s"
  # Six runs share the GPU where two did: count three times the 24-bit epoch time.
  epochs_other=$(fit "$epochs_other" "$(python3 -c "print(3 * $epoch_s)")" "$budget_other" 2)
  start_other "$epochs_other"
else
  echo "fine-tuning ${lengths[*]} bits from $trunk"
  mapfile -t names < <(other_names)
  start_sized fine-tune start_other "$epochs_other" "$budget_other" 2 "${names[@]}"
  epochs_other=$sized_epochs
fi
for pid in "${pids[@]}"; do wait "$pid"; done
echo "all lengths: $(( $(date +%s) - start )) s (${lengths[*]} bits: $epochs_other epochs)"
grep -h "^saved\|^clean" "$out"/train-*.log || true
