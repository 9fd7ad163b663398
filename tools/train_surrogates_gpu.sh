#!/usr/bin/env bash
# Transfer surrogates for the ensemble crafting (docs/evaluation.md, sessions 13-17), trained on one CUDA device in a
# few minutes where 2 CPU cores take hours; nothing here is shipped. Usage:
#   tools/train_surrogates_gpu.sh CIFAR_DIR BUILD_DIR OUT_DIR
# For every method that is a member when a method of HELD (default "dsh") is held out (the other two methods, at
# every hash length of LENGTHS, default "48 32 24 12"), into OUT_DIR:
# - M-B-r0.25.pt: the slightly robust fine-tune of models/M-B.pt (session 13's recipe: ROBUST_EPOCHS epochs,
#   default 2, lr 5e-4, seed 5, L2 adversarial examples of radius ROBUST_RADIUS, default 0.25);
# - lgv/M-48-vicinity-NN.pt: the weight vicinity of models/M-48.pt (LGV, session 17): LGV_EPOCHS epochs (default 5)
#   at the constant rate LGV_LR (default 4e-3), LGV_SNAPSHOTS snapshots per epoch (default 4), seed 12;
# - dhn-B.pt for every B of LENGTHS: DHN on its plain net (a fourth architecture) from scratch (DHN_EPOCHS epochs,
#   default 6 as on the CPU, seed 1); plain-net members at every length helped DSH-48 held out most (session 29);
# - M-B-loss-H.pt: models/M-B.pt fine-tuned with the held-out method H's loss (`recessive train --loss H`, LOSS_EPOCHS
#   epochs, default 3, seed 1; session 24): H's loss on an architecture that is not H's. Not for H = dbh, whose loss
#   needs DBH's own net.
# PARALLEL runs (default 4) share the device at once; on a machine of 16 cores or more they share the last
# 2 x PARALLEL cores. gpu_check.sh's transfer stage reads the same ROBUST_RADIUS to find the robust members.
# Logs: OUT_DIR/train-NAME.log. DEVICE (default cuda) goes to `recessive train`.
set -euo pipefail
data=${1:?usage: tools/train_surrogates_gpu.sh CIFAR_DIR BUILD_DIR OUT_DIR}
build=${2:?build folder}
out=${3:?output folder}
read -r -a held <<< "${HELD:-dsh}"
read -r -a lengths <<< "${LENGTHS:-48 32 24 12}"
parallel=${PARALLEL:-4}
radius=${ROBUST_RADIUS:-0.25}
mkdir -p "$out/lgv"

members=()  # the methods that are ensemble members for some held-out method of HELD
for m in dsh dbh dpsh; do
  for h in "${held[@]}"; do [ "$m" != "$h" ] && [[ " ${members[*]} " != *" $m "* ]] && members+=("$m"); done
done

jobs_list=()  # NAME|ARGS...
for m in "${members[@]}"; do
  jobs_list+=("$m-48-lgv|--method $m --bits 48 -o $out/lgv/$m-48-end.pt --init-from models/$m-48.pt \
--epochs ${LGV_EPOCHS:-5} --lr ${LGV_LR:-4e-3} --constant-lr --snapshots-per-epoch ${LGV_SNAPSHOTS:-4} \
--vicinity-folder $out/lgv --seed 12")
done
for b in "${lengths[@]}"; do
  jobs_list+=("dhn-$b|--method dhn --bits $b -o $out/dhn-$b.pt --epochs ${DHN_EPOCHS:-6} --seed 1")
  for m in "${members[@]}"; do
    jobs_list+=("$m-$b-r$radius|--method $m --bits $b -o $out/$m-$b-r$radius.pt \
--epochs ${ROBUST_EPOCHS:-2} --lr 5e-4 --seed 5 --init-from models/$m-$b.pt --adversarial-l2 $radius")
  done
done

for h in "${held[@]}"; do
  [ "$h" = dbh ] && continue
  for b in "${lengths[@]}"; do
    for m in dsh dbh dpsh; do
      [ "$m" = "$h" ] && continue
      jobs_list+=("$m-$b-loss-$h|--method $m --bits $b --loss $h -o $out/$m-$b-loss-$h.pt \
--epochs ${LOSS_EPOCHS:-3} --seed 1 --init-from models/$m-$b.pt")
    done
  done
done

pin=()  # all runs on the last 2 x PARALLEL cores (jobs end out of order, so no run owns a fixed pair)
(( $(nproc) >= 16 )) && pin=(taskset -c "$(( $(nproc) - 2 * parallel ))-$(( $(nproc) - 1 ))")
for job in "${jobs_list[@]}"; do
  IFS='|' read -r name args <<< "$job"
  while (( $(jobs -rp | wc -l) >= parallel )); do wait -n || true; done
  echo "$(date -Is) start $name: recessive train $args" | tee "$out/train-$name.log"
  # shellcheck disable=SC2086  # args split into words on purpose
  ( "${pin[@]}" "$build/cli/recessive" train --device "${DEVICE:-cuda}" --data "$data" $args >> "$out/train-$name.log" 2>&1
    echo "$(date -Is) $name exit $?" | tee -a "$out/train-$name.log" ) &
done
wait
shopt -s nullglob
made=("$out"/*.pt "$out"/lgv/*-vicinity-*.pt)
echo "$(date -Is) surrogates done: ${#made[@]} model files"
