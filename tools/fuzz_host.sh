#!/usr/bin/env bash
# Builds the libFuzzer target for the host's framing + message parsing + session (tests/host/fuzz) with clang
# and runs it. Usage: tools/fuzz_host.sh [BUILD_DIR] [libFuzzer args...]   (default: -max_total_time=30)
# Exits 77 (skipped) when clang++ with libFuzzer is not installed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/build/fuzz}; shift || true
args=("$@"); ((${#args[@]})) || args=(-max_total_time=30)
if ! command -v clang++ >/dev/null; then echo "clang++ not found: fuzzing skipped"; exit 77; fi
mkdir -p "$out/corpus"
sources=("$root"/native_host/src/{framing,base64,sha256,messages,upload,output_channel,session}.cpp "$root/tests/host/fuzz/session_fuzz.cpp")
if [[ ! -x $out/session_fuzz ]] || [[ -n $(find "${sources[@]}" "$root/native_host/include" -newer "$out/session_fuzz" 2>/dev/null) ]]; then
  clang++ -std=c++17 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I"$root/native_host/include" -DSPDLOG_FMT_EXTERNAL "${sources[@]}" -o "$out/session_fuzz" \
    -lspdlog -lfmt -lcrypto -pthread || { echo "cannot build with libFuzzer: fuzzing skipped"; exit 77; }
fi
cp -n "$root"/tests/host/fuzz/corpus/* "$out/corpus/" 2>/dev/null || true
exec "$out/session_fuzz" "$out/corpus" -max_len=4096 -timeout=20 "${args[@]}"
