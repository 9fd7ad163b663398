#!/bin/bash
# The session-29 transfer runs: the eval's transfer recipe as recessive_bench flags, one held-out model.
# Usage (repository root, CIFAR-10 image folders in /tmp/cifar):
#   [HELD_MODEL=models/dbh-48.pt] [Q=1000] bench_held_out.sh MEMBER.pt,MEMBER.pt,... OUT.json
Q=${Q:-100}
build/bench/recessive_bench --model "${HELD_MODEL:-models/dsh-48.pt}" --data /tmp/cifar --queries "$Q" --craft "$1" \
  --until-target 1 --source-share 0.1 --step-cap 0.1 --photo-megapixels 0.01 --diversity 1 --min-psnr 35 \
  --target-weight 0 --feature-weight 1 --input-noise 0.04 --lambda 0.1 --warmup 0 --single 0 --json "$2" > "$2.log" 2>&1
grep -E "^\| 1000|PSNR|time per image" "$2.log"
