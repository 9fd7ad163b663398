#!/usr/bin/env bash
# Builds, on this Debian 12 machine, the native host's dependencies that the GPU machine lacks (it has LibTorch,
# nlohmann_json, Boost headers and GoogleTest, but no OpenCV C++, spdlog, fmt or OpenSSL headers), as static
# libraries with CMake package files under PREFIX, so `tools/gpu_check.sh` (stage `host`) can build recessive-host
# and host_bench there against PyTorch's CUDA LibTorch:
#   OpenCV 4.6 (core, imgproc, imgcodecs with JPEG, PNG and WebP; Debian's source, Debian's static codec libraries),
#   fmt 9.1 and spdlog 1.10 (Debian's sources), OpenSSL 3.0's libcrypto.a and headers (Debian's libssl-dev).
# The same versions Debian's packages have, so the GPU host differs from the CPU host only in LibTorch.
#   tools/gpu_host_deps.sh .deps/host-prefix      (about 20 minutes on 2 cores; 41 MB, and PREFIX.tar.xz 7 MB)
# PREFIX is relocatable: the CMake files name no absolute path of this machine.
set -euo pipefail
shopt -s inherit_errexit
prefix=$(realpath -m "${1:?install prefix}")
work=${WORK:-/tmp/recessive-gpu-host-deps}
jobs=${JOBS:-$(nproc)}
pool=http://deb.debian.org/debian/pool/main
mkdir -p "$work" "$prefix/lib" "$prefix/include"

fetch() {  # fetch URL SHA256: download once, check the pinned digest
  local file="$work/${1##*/}"
  if [ ! -f "$file" ]; then curl -sSfL -o "$file.part" "$1"; mv "$file.part" "$file"; fi
  echo "$2  $file" | sha256sum -c --quiet - >&2 || { echo "checksum mismatch: $file" >&2; exit 1; }
  echo "$file"
}
unpack() { rm -rf "$work/src-$1"; mkdir -p "$work/src-$1"; tar xf "$2" -C "$work/src-$1" --strip-components=1; echo "$work/src-$1"; }
cmake_build() {  # cmake_build SOURCE NAME ARGS...: configure, build and install into PREFIX
  local src=$1 name=$2; shift 2
  cmake -S "$src" -B "$work/build-$name" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix" \
    -DCMAKE_POSITION_INDEPENDENT_CODE=ON -DBUILD_SHARED_LIBS=OFF "$@" > "$work/configure-$name.log"
  ninja -C "$work/build-$name" -j "$jobs" install > "$work/build-$name.log"
}

# Static codec libraries and OpenSSL from Debian's -dev packages (tools/install_deps.sh installs them).
for lib in libjpeg.a libpng16.a libwebp.a libz.a libcrypto.a; do cp "/usr/lib/x86_64-linux-gnu/$lib" "$prefix/lib/"; done
rm -rf "$prefix/include/openssl"
cp -r /usr/include/openssl "$prefix/include/"
cp /usr/include/x86_64-linux-gnu/openssl/*.h "$prefix/include/openssl/"

fmt=$(unpack fmt "$(fetch "$pool/f/fmtlib/fmtlib_9.1.0+ds1.orig.tar.gz" \
  84ce1c2d0be3a9863935137969dcec6970125caac032f82474640bfc81463583)")
cmake_build "$fmt" fmt -DFMT_DOC=OFF -DFMT_TEST=OFF
spdlog=$(unpack spdlog "$(fetch "$pool/s/spdlog/spdlog_1.10.0+ds.orig.tar.xz" \
  620ca6842b5c21014470bd42eb4716024674214fb973b5ffa3aaea33310ad327)")
cmake_build "$spdlog" spdlog -DSPDLOG_FMT_EXTERNAL=ON -DSPDLOG_BUILD_EXAMPLE=OFF -DSPDLOG_BUILD_TESTS=OFF \
  -DCMAKE_PREFIX_PATH="$prefix"

opencv=$(unpack opencv "$(fetch "$pool/o/opencv/opencv_4.6.0+dfsg.orig.tar.xz" 40a59ba7e5c18a43652de0a08733c9843a39bba619b1f3e26a5fac4a6f041423)")
cmake_build "$opencv" opencv -DBUILD_LIST=core,imgproc,imgcodecs -DBUILD_TESTS=OFF -DBUILD_PERF_TESTS=OFF \
  -DBUILD_EXAMPLES=OFF -DBUILD_opencv_apps=OFF -DBUILD_JAVA=OFF -DBUILD_opencv_python2=OFF -DBUILD_opencv_python3=OFF \
  -DOPENCV_GENERATE_PKGCONFIG=OFF -DINSTALL_CREATE_DISTRIB=OFF \
  -DWITH_IPP=OFF -DWITH_ITT=OFF -DWITH_OPENCL=OFF -DWITH_VA=OFF -DWITH_VA_INTEL=OFF -DWITH_TBB=OFF -DWITH_OPENMP=OFF \
  -DWITH_EIGEN=OFF -DWITH_LAPACK=OFF -DWITH_PROTOBUF=OFF -DWITH_ADE=OFF -DWITH_GTK=OFF -DWITH_QT=OFF \
  -DWITH_TIFF=OFF -DWITH_OPENEXR=OFF -DWITH_JASPER=OFF -DWITH_OPENJPEG=OFF -DWITH_GDAL=OFF -DWITH_GDCM=OFF \
  -DWITH_QUIRC=OFF -DWITH_IMGCODEC_HDR=OFF -DWITH_IMGCODEC_SUNRASTER=OFF -DWITH_IMGCODEC_PXM=OFF -DWITH_IMGCODEC_PFM=OFF \
  -DBUILD_ZLIB=OFF -DBUILD_JPEG=OFF -DBUILD_PNG=OFF -DBUILD_WEBP=OFF \
  -DZLIB_LIBRARY="$prefix/lib/libz.a" -DZLIB_INCLUDE_DIR=/usr/include \
  -DJPEG_LIBRARY="$prefix/lib/libjpeg.a" -DJPEG_INCLUDE_DIR=/usr/include \
  -DPNG_LIBRARY="$prefix/lib/libpng16.a" -DPNG_PNG_INCLUDE_DIR=/usr/include \
  -DWEBP_LIBRARY="$prefix/lib/libwebp.a" -DWEBP_INCLUDE_DIR=/usr/include

# Relocate: OpenCV's package files name the codec libraries by this machine's absolute paths.
grep -rl "$prefix" "$prefix/lib/cmake" "$prefix/lib" --include='*.cmake' 2>/dev/null | sort -u | while read -r f; do
  sed -i "s|$prefix|\${CMAKE_CURRENT_LIST_DIR}/../../..|g" "$f"
done
if grep -rq "$prefix" "$prefix" --include='*.cmake'; then echo "absolute paths left in $prefix" >&2; exit 1; fi
rm -rf "$prefix/share/opencv4"  # cascades and samples data: not used, 10 MB of the carry
# The device tool carries at most 64 MiB with the working tree: the 41 MB prefix travels as a 7 MB archive.
tar cf - -C "$(dirname "$prefix")" "$(basename "$prefix")" | xz -9 -T"$jobs" > "$prefix.tar.xz"
du -sh "$prefix" "$prefix.tar.xz"
