#!/usr/bin/env bash
# Checks on a CUDA machine with PyTorch (and no OpenCV), in stages (STAGES, default "build test bench"):
#   build  build the engine, its tests, the benchmark and (when CLI11's headers are there) the `recessive` CLI
#          against PyTorch's LibTorch;
#   train  the GPU recipe for DBH and DPSH (tools/train_models_gpu.sh, whose TRUNK, LENGTHS, EPOCHS_* and
#          BUDGET_* settings pass through) into build-gpu/gpu-models/, started as soon as the CLI is built, while
#          the rest builds and the tests run on other cores;
#   test   the CUDA tests (CPU/CUDA agreement, the 12 MP resize), the batch bookkeeping tests and a 20-query
#          `recessive eval --quick` on CUDA (every eval code path); FULL_CTEST=1 also runs all of CTest;
#   bench  the benchmark on CUDA: batch 1000 throughput, until-target, and a 2048x1152 photo (the extension's
#          photo size);
#   host   (needs .deps/host-prefix, below) the real recessive-host on CUDA driven over pipes by host_bench, with
#          the photo HOST_PHOTO (default .deps/obama-1080p.jpg) at 2048 px and 4000x3000, after any training so the
#          GPU is idle;
#   eval   the full `recessive eval` protocol on CUDA, one process per hash length of EVAL_BITS (default "12 24 32 48"),
#          one after another (each report packed as it is written; four processes sharing the GPU slowed each other
#          about 5x), in batches of EVAL_BATCH (default 100), with the DBH and DPSH models of build-gpu/gpu-models/
#          when a train stage left them there (else models/);
#   surrogates  transfer surrogates for the members when a method of TRANSFER_HELD (default here "dsh") is held out
#          (tools/train_surrogates_gpu.sh: robust fine-tunes at every length, the 48-bit members' weight vicinities,
#          DHN at every length, the members fine-tuned with the held-out method's loss), a few minutes, into the work folder; the
#          transfer stage then adds the variants that use them;
#   transfer  transfer aids on CUDA (recessive_bench, docs/evaluation.md "Transfer aids"), after the eval stage: each
#          method of TRANSFER_HELD (default "dpsh dbh dsh") held out at 48 bits, crafted on the other two with the
#          eval's transfer recipe flags (transfer_recipe.h: lambda 0.1, feature weight 1, input noise 0.04) on all
#          1,000 protocol queries in one batch; the members vary: eight (the recipe: the other two methods at every
#          length), four (48 and 32 bits, lambda 0.05: the recipe before session 15), + .deps/dhn-48.pt when carried,
#          the slightly robust 48-bit members .deps/robust/M-48-r0.25.pt in place of the shipped 48-bit ones when
#          carried (about 15-30 s a run on an idle GPU), and the surrogates stage's variants; TRANSFER_VARIANTS (names,
#          e.g. "eight sixteen-dhn-lgv") runs only those. JSON in logs/.
# Everything is written to a work folder and packed into OUT_DIR as at most four files (the device tool brings
# back eight): logs.tar.gz (logs, benchmark JSON), models-dbh.tar, models-dpsh.tar, eval-full.tar.gz. Packing
# happens after every stage, so a run cut off at its time limit still returns the stages that finished.
# See docs/benchmarks.md ("GPU").
#   STAGES="build train test bench" tools/gpu_check.sh CIFAR10_JPG_TARBALL OUT_DIR
# BUILD_TESTS=0 skips building the engine tests (a shorter build when the test stage is not run).
# The GPU machine has no CLI11 and cannot read ../shared: copy CLI11's headers and the tarball into .deps/
# (`mkdir -p .deps/cli11 && cp -r /usr/include/CLI .deps/cli11/ && cp ../shared/datasets/cifar10-jpg.tar.gz
# .deps/`; .deps/ is git-ignored) and carry `.deps` with the device command. The GPU machine has no OpenCV C++,
# spdlog or OpenSSL headers either: where `tools/gpu_host_deps.sh .deps/host-prefix` has built them (static, 41 MB;
# the device tool carries 64 MiB with the working tree, so carry .deps/host-prefix.tar.xz, 7 MB, which this script
# unpacks), the build uses them and adds recessive-host and host_bench.
set -uo pipefail
tarball=${1:?CIFAR-10 jpg tarball}; out=${2:?output folder}
stages=" ${STAGES:-build test bench} "
has() { [[ $stages == *" $1 "* ]]; }
work=/tmp/recessive-gpu
logs=$work/logs
models=$PWD/build-gpu/gpu-models
host_prefix=$PWD/.deps/host-prefix
if [ -f "$host_prefix.tar.xz" ] && [ ! -d "$host_prefix" ]; then tar xJf "$host_prefix.tar.xz" -C "$PWD/.deps"; fi
mkdir -p "$out" "$logs"
exec > >(tee -a "$logs/gpu-check.log") 2>&1
pack() {  # each archive written beside and renamed, so a kill mid-pack leaves the previous one whole
  local t="$out/.$BASHPID"
  tar czf "$t-logs.tmp" -C "$work" logs 2>/dev/null && mv "$t-logs.tmp" "$out/logs.tar.gz"
  local m files
  for m in dbh dpsh; do
    files=("$models/$m"-*.pt)
    [ -e "${files[0]}" ] && tar cf "$t-$m.tmp" -C "$models" "${files[@]##*/}" && mv "$t-$m.tmp" "$out/models-$m.tar"
  done
  [ -d "$work/eval-full" ] && tar czf "$t-eval.tmp" -C "$work" eval-full && mv "$t-eval.tmp" "$out/eval-full.tar.gz"
  true
}
stamp() { echo "== $(date -Is) $*"; }
( while sleep 30; do pack; done ) &  # the logs so far come back even if the call is cut off
packer=$!
export PATH=/usr/local/cuda/bin:$PATH
nvidia-smi -L; echo "cores: $(nproc)"; g++ --version | head -1; cmake --version | head -1
python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, torch.cuda.get_device_name(0))'
torch_prefix=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')

# The engine without OpenCV reads only the CIFAR-10 binary release: convert the jpg copy meanwhile.
data="$work/cifar-10-batches-bin"
convert=
if [ ! -f "$work/data.ok" ]; then  # written only once a conversion finished (a cut-off call leaves part of it)
  rm -rf "$work/jpg" "$data"; mkdir -p "$work/jpg"
  ( tar xzf "$tarball" -C "$work/jpg" && python3 tools/cifar10_folder_to_binary.py --folder "$work/jpg" --out "$work" &&
    touch "$work/data.ok" ) \
    > "$logs/convert.log" 2>&1 &
  convert=$!
fi
wait_for_data() { [ -n "$convert" ] && { wait "$convert"; cat "$logs/convert.log"; convert=; }; true; }

trainer=
if has build; then
  stamp build
  cli11=()
  [ -f .deps/cli11/CLI/CLI.hpp ] && cli11=(-DRECESSIVE_CLI11_INCLUDE_DIR="$PWD/.deps/cli11")
  deps=(-DRECESSIVE_WITH_OPENCV=OFF -DCMAKE_PREFIX_PATH="$torch_prefix")
  targets=(recessive recessive_bench)
  test_target=engine_tests
  [ "${BUILD_TESTS:-1}" = 0 ] && test_target=
  if [ -d "$host_prefix/lib/cmake" ]; then  # static OpenCV, spdlog, fmt and OpenSSL built by tools/gpu_host_deps.sh
    deps=(-DRECESSIVE_WITH_OPENCV=ON -DCMAKE_PREFIX_PATH="$torch_prefix;$host_prefix"
          -DOPENSSL_ROOT_DIR="$host_prefix" -DOPENSSL_USE_STATIC_LIBS=TRUE)
    targets+=(recessive-host host_bench)
  fi
  cmake -S . -B build-gpu -G Ninja -DCMAKE_BUILD_TYPE=Release -DRECESSIVE_WITH_CUDA=ON "${deps[@]}" \
    -DRECESSIVE_BUILD_TESTS=ON "${cli11[@]}" || {
    echo "configure with tests failed; retrying without tests"
    cmake -S . -B build-gpu -G Ninja -DCMAKE_BUILD_TYPE=Release -DRECESSIVE_WITH_CUDA=ON "${deps[@]}" \
      "${cli11[@]}" -DRECESSIVE_BUILD_TESTS=OFF || exit 1
    test_target=
  }
  start=$(date +%s)
  jobs=$(nproc)
  if has train; then
    ninja -C build-gpu recessive || exit 1
    echo "CLI built: $(( $(date +%s) - start )) s"
    wait_for_data
    stamp train
    rm -rf "$models"
    tools/train_models_gpu.sh "$data" build-gpu "$models" > "$logs/train.log" 2>&1 &
    trainer=$!
    jobs=8  # the trainers are pinned to the upper cores (train_models_gpu.sh)
  fi
  taskset -c 0-$(( jobs - 1 )) ninja -C build-gpu -k 0 -j "$jobs" "${targets[@]}" ${test_target:+"$test_target"}
  echo "ninja exit $? (targets: ${targets[*]} $test_target)"
  echo "build: $(( $(date +%s) - start )) s"
fi
pack

if has eval && [ -x build-gpu/cli/recessive ]; then
  wait_for_data
  for bits in ${EVAL_BITS:-12 24 32 48}; do  # one after another: processes sharing the GPU slowed each other ~5x
    list=
    for m in dsh dbh dpsh; do
      path=models/$m-$bits.pt
      [ "$m" != dsh ] && [ -f "$models/$m-$bits.pt" ] && path=$models/$m-$bits.pt
      list+=${list:+,}$path
    done
    stamp "recessive eval (full protocol) --models $list"; start=$(date +%s)
    build-gpu/cli/recessive eval --data "$data" --device cuda --batch "${EVAL_BATCH:-100}" --models "$list" \
      --out "$work/eval-full/${bits}bit" 2> "$logs/eval-full-${bits}bit.log"
    echo "eval ${bits} bits exit $? in $(( $(date +%s) - start )) s"; tail -n 2 "$logs/eval-full-${bits}bit.log"
    pack
  done
fi

surrogates=$work/surrogates
if has surrogates && [ -x build-gpu/cli/recessive ]; then
  wait_for_data
  stamp "surrogates (tools/train_surrogates_gpu.sh, HELD=${TRANSFER_HELD:-dsh})"; start=$(date +%s)
  HELD=${TRANSFER_HELD:-dsh} tools/train_surrogates_gpu.sh "$data" build-gpu "$surrogates" > "$logs/surrogates.log" 2>&1
  echo "surrogates exit $? in $(( $(date +%s) - start )) s"; tail -n 3 "$logs/surrogates.log"
  mkdir -p "$logs/surrogates"; cp "$surrogates"/train-*.log "$logs/surrogates/" 2>/dev/null
  pack
fi

if has transfer && [ -x build-gpu/bench/recessive_bench ]; then
  wait_for_data
  transfer() {  # NAME HELD-OUT MEMBERS [flags]: held-out mAP, transfer_recipe.h's flags except the feature weight (0 unless set)
    local name=$1 held=$2 members=$3; shift 3
    stamp "transfer $name"
    build-gpu/bench/recessive_bench --data "$data" --device cuda --model "$held" --craft "$members" --queries 1000 \
      --batch 1000 --warmup 0 --single 0 --photo-megapixels 0.01 --until-target 1 --source-share 0.1 --step-cap 0.1 \
      --diversity 1 --min-psnr 35 --target-weight 0 --feature-weight 1 --input-noise 0.04 --lambda 0.1 \
      --json "$logs/transfer-$name.json" "$@" > "$logs/transfer-$name.log" 2>&1
    echo "exit $?"; tail -4 "$logs/transfer-$name.log"
  }
  all_files_exist() {  # COMMA-LIST: true when every file is there (the stage that makes them ran)
    local f; for f in ${1//,/ }; do [ -f "$f" ] || return 1; done
  }
  for held in ${TRANSFER_HELD:-dpsh dbh dsh}; do
    others=(); for m in dsh dbh dpsh; do [ "$m" != "$held" ] && others+=("$m"); done
    four=models/${others[0]}-48.pt,models/${others[1]}-48.pt,models/${others[0]}-32.pt,models/${others[1]}-32.pt
    eight=$four; for b in 24 12; do eight+=,models/${others[0]}-$b.pt,models/${others[1]}-$b.pt; done
    dhn=; [ -f .deps/dhn-48.pt ] && dhn=,.deps/dhn-48.pt
    [ -f "$surrogates/dhn-48.pt" ] && dhn=,$surrogates/dhn-48.pt
    variants=("eight|$eight|" "four-lambda0.05|$four|--lambda 0.05")
    [ -n "$dhn" ] && variants+=("eight-dhn|$eight$dhn|")
    dhn_all=$surrogates/dhn-48.pt,$surrogates/dhn-32.pt,$surrogates/dhn-24.pt,$surrogates/dhn-12.pt
    all_files_exist "$dhn_all" && variants+=("twelve-dhn-all|$eight,$dhn_all|")  # plain nets at every length (session 29)
    robust_all=${eight//models\//$surrogates/}; robust_all=${robust_all//.pt/-r${ROBUST_RADIUS:-0.25}.pt}  # the radius train_surrogates_gpu.sh used
    if all_files_exist "$robust_all"; then  # the surrogates stage's members: robust at every length, weight vicinities, DHN
      lgv=(--vicinity "$surrogates/lgv")
      variants+=("eight-lgv|$eight|${lgv[*]}" "eight-robust-all|$robust_all|" "sixteen|$eight,$robust_all|"
                 "sixteen-dhn-lgv|$eight,$robust_all$dhn|${lgv[*]}")
    fi
    held_loss=${eight//models\//$surrogates/}; held_loss=${held_loss//.pt/-loss-$held.pt}  # --loss fine-tunes
    if all_files_exist "$held_loss"; then  # the members fine-tuned with the held-out method's loss (session 24)
      variants+=("eight-heldloss|$held_loss|" "sixteen-heldloss|$eight,$held_loss|"
                 "ten-heldloss48|$eight,${held_loss%%,*},$(cut -d, -f2 <<< "$held_loss")|")
    fi
    robust=.deps/robust/${others[0]}-48-r0.25.pt,.deps/robust/${others[1]}-48-r0.25.pt
    if all_files_exist "$robust"; then
      eight_robust=$robust${eight#models/"${others[0]}"-48.pt,models/"${others[1]}"-48.pt}
      variants+=("eight-robust48|$eight_robust|")
      [ -n "$dhn" ] && variants+=("eight-robust48-dhn|$eight_robust$dhn|")
    fi
    for v in "${variants[@]}"; do
      IFS='|' read -r name members flags <<< "$v"
      [ -n "${TRANSFER_VARIANTS:-}" ] && [[ " $TRANSFER_VARIANTS " != *" $name "* ]] && continue
      # shellcheck disable=SC2086  # flags split into words on purpose
      transfer "to-${held}48-$name" "models/$held-48.pt" "$members" $flags
    done
    pack
  done
fi

if has test; then
  stamp test
  if [ "${FULL_CTEST:-0}" = 1 ]; then
    ctest --test-dir build-gpu --output-on-failure -j 8 --timeout 600 > "$logs/ctest.log" 2>&1
    echo "ctest exit $?"; tail -5 "$logs/ctest.log"
  fi
  if [ -x build-gpu/tests/engine/engine_tests ]; then  # absent when configure fell back to no tests
    taskset -c 0-7 build-gpu/tests/engine/engine_tests \
      --gtest_filter='*Cuda*:*Resize*:LiveImages*:*EachImage*:UseAllCpuCores*:EnsembleAttack*' 2>&1 | tee "$logs/engine-tests-cuda.log" | tail -30
  else
    echo "engine tests not built: skipped"
  fi
  # Every code path of `recessive eval` on CUDA (white box, transfer, ensemble, robustness, sweep), 20 queries.
  wait_for_data
  if [ -x build-gpu/cli/recessive ]; then
    stamp "eval smoke on CUDA"
    taskset -c 0-7 build-gpu/cli/recessive eval --quick --queries-per-class 2 --device cuda --data "$data" \
      --models models/dsh-24.pt,models/dbh-24.pt,models/dpsh-24.pt --out "$logs/eval-smoke" 2> "$logs/eval-smoke.log"
    echo "eval smoke exit $?"; tail -3 "$logs/eval-smoke.log"
  fi
  pack
fi

if [ -n "$trainer" ]; then
  wait "$trainer"; echo "trainer exit $?"; tail -20 "$logs/train.log"
  cp "$models"/train-*.log "$logs/" 2>/dev/null
  pack
fi

if has host; then
  if [ -x build-gpu/native_host/recessive-host ] && [ -x build-gpu/bench/host_bench ]; then
    stamp "host bench on CUDA"
    build-gpu/bench/host_bench --host build-gpu/native_host/recessive-host --photo "${HOST_PHOTO:-.deps/obama-1080p.jpg}" \
      --sizes 2048,4000x3000 --repeat 3 --batch 30 --batch-size 4000x3000 --device cuda \
      --json "$logs/host-bench-cuda.json" > "$logs/host-bench-cuda.log" 2>&1
    echo "host bench exit $?"; tail -25 "$logs/host-bench-cuda.log"
  else
    echo "recessive-host or host_bench not built (no .deps/host-prefix?): host stage skipped"
  fi
  pack
fi

wait_for_data
if has bench; then
  bench() { local name=$1; shift; stamp "bench $name"; build-gpu/bench/recessive_bench --data "$data" --device cuda --json "$logs/bench-$name.json" "$@"; }
  bench dsh24-cuda-batch1000 --model models/dsh-24.pt --batch 1000 --single 0 --photo-megapixels 1
  bench dsh24-cuda-until-target --model models/dsh-24.pt --until-target 1 --single 0 --photo-megapixels 1
  bench dsh24-cuda-budgeted --model models/dsh-24.pt --until-target 1 --min-psnr 32 --source-share 0.1 --step-cap 0.1 \
    --single 0 --photo-megapixels 1
  # The extension's measurement photo size (2048x1152, docs/extension.md): the engine's share of pick-to-upload.
  bench dsh48-cuda-photo2048 --model models/dsh-48.pt --queries 100 --single 0 --photo-megapixels 2.36 --max-linf 8
  pack
fi

stamp "gpu check done"
kill "$packer" 2>/dev/null
pack
rm -f "$out"/.*.tmp
