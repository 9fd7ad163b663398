#!/usr/bin/env bash
# One-shot check on a CUDA machine with PyTorch (and no OpenCV): build the engine, its tests, the
# benchmark and (when CLI11's headers are there) the `recessive` CLI against PyTorch's LibTorch, run the tests
# (CPU/CUDA agreement included), the benchmark on CUDA (a 2048x1152 photo among them: the extension's photo
# size) and, with EVAL=full, the full `recessive eval` protocol on CUDA. Writes logs, benchmark JSON and the
# eval report to OUT_DIR. See docs/benchmarks.md ("GPU").
#   tools/gpu_check.sh CIFAR10_JPG_TARBALL OUT_DIR
# The GPU machine has no CLI11: copy its headers here first (`mkdir -p .deps/cli11 && cp -r /usr/include/CLI
# .deps/cli11/`; .deps/ is git-ignored) and carry `.deps` with the device command.
set -uo pipefail
tarball=${1:?CIFAR-10 jpg tarball}; out=${2:?output folder}
mkdir -p "$out"
exec > >(tee "$out/gpu-check.log") 2>&1
export PATH=/usr/local/cuda/bin:$PATH
nvidia-smi -L; echo "cores: $(nproc)"; g++ --version | head -1; cmake --version | head -1
python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, torch.cuda.get_device_name(0))'
torch_prefix=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')

# The engine without OpenCV reads only the CIFAR-10 binary release: convert the jpg copy meanwhile.
work=/tmp/recessive-gpu
mkdir -p "$work/jpg"
( tar xzf "$tarball" -C "$work/jpg" && python3 tools/cifar10_folder_to_binary.py --folder "$work/jpg" --out "$work" ) \
  > "$work/convert.log" 2>&1 &
convert=$!

tests=ON
cli11=()
[ -f .deps/cli11/CLI/CLI.hpp ] && cli11=(-DRECESSIVE_CLI11_INCLUDE_DIR="$PWD/.deps/cli11")
cmake -S . -B build-gpu -G Ninja -DCMAKE_BUILD_TYPE=Release -DRECESSIVE_WITH_OPENCV=OFF -DRECESSIVE_WITH_CUDA=ON \
  "${cli11[@]}" -DCMAKE_PREFIX_PATH="$torch_prefix" || {
  echo "configure with tests failed; retrying without tests"; tests=OFF
  cmake -S . -B build-gpu -G Ninja -DCMAKE_BUILD_TYPE=Release -DRECESSIVE_WITH_OPENCV=OFF -DRECESSIVE_WITH_CUDA=ON \
    "${cli11[@]}" -DRECESSIVE_BUILD_TESTS=OFF -DCMAKE_PREFIX_PATH="$torch_prefix" || exit 1
}
start=$(date +%s)
ninja -C build-gpu -k 0 || exit 1
echo "build: $(( $(date +%s) - start )) s"

if [ "$tests" = ON ]; then
  ctest --test-dir build-gpu --output-on-failure -j 8 --timeout 600 > "$out/ctest.log" 2>&1
  echo "ctest exit $?"; tail -5 "$out/ctest.log"
  build-gpu/tests/engine/engine_tests --gtest_filter='*Cuda*:*Resize*'
fi

wait "$convert"; cat "$work/convert.log"
data="$work/cifar-10-batches-bin"
bench() { local name=$1; shift; echo "== bench $name"; build-gpu/bench/recessive_bench --data "$data" --device cuda --json "$out/bench-$name.json" "$@"; }
bench dsh24-cuda --model models/dsh-24.pt
bench dsh24-cuda-batch1000 --model models/dsh-24.pt --batch 1000 --single 0 --photo-megapixels 1
bench dsh48-cuda --model models/dsh-48.pt --single 0 --photo-megapixels 1
bench dsh24-cuda-until-target --model models/dsh-24.pt --until-target 1 --single 0 --photo-megapixels 1
# The extension's measurement photo size (2048x1152, docs/extension.md): the engine's share of pick-to-upload.
bench dsh48-cuda-photo2048 --model models/dsh-48.pt --queries 100 --single 0 --photo-megapixels 2.36 --max-linf 8

if [ "${EVAL:-}" = full ] && [ -x build-gpu/cli/recessive ]; then
  echo "== recessive eval (full protocol)"; start=$(date +%s)
  build-gpu/cli/recessive eval --data "$data" --device cuda --out "$out/eval-full" 2> "$out/eval-full.log"
  echo "eval exit $? in $(( $(date +%s) - start )) s"; tail -3 "$out/eval-full.log"
fi
echo "gpu check done"
