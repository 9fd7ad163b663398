#!/usr/bin/env python3
"""Write CIFAR-10 in the official binary layout from an image-folder copy (split/class/*.jpg|*.png).

Used where the engine is built without OpenCV (the GPU machine) and so reads only the binary release:
  tools/cifar10_folder_to_binary.py --folder ROOT --out DIR
writes DIR/cifar-10-batches-bin/{data_batch_1..5.bin,test_batch.bin,batches.meta.txt}. Each record is one
label byte then 3072 bytes of planar RGB, as in the official release. Images are written in the order the
engine's folder loader reads them (classes and file names sorted), so the cifar10-1 protocol picks the
same queries from either copy. Needs Pillow.
"""
import argparse
import pathlib
import sys

from PIL import Image

CLASSES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png"}


def records(split_dir: pathlib.Path):
    found = sorted(p.name for p in split_dir.iterdir() if p.is_dir() and not p.name.startswith("."))
    if found != CLASSES:
        sys.exit(f"{split_dir}: expected class folders {CLASSES}, found {found}")
    for label, name in enumerate(CLASSES):
        files = sorted(p for p in (split_dir / name).iterdir()
                       if p.suffix.lower() in IMAGE_SUFFIXES and not p.name.startswith("."))
        for path in files:
            with Image.open(path) as image:
                rgb = image.convert("RGB")
            if rgb.size != (32, 32):
                sys.exit(f"{path}: {rgb.size[0]}x{rgb.size[1]}, expected 32x32")
            r, g, b = rgb.split()
            yield bytes([label]) + r.tobytes() + g.tobytes() + b.tobytes()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", required=True, type=pathlib.Path, help="root holding train/ and test/")
    parser.add_argument("--out", required=True, type=pathlib.Path, help="folder to create cifar-10-batches-bin in")
    args = parser.parse_args()
    out = args.out / "cifar-10-batches-bin"
    out.mkdir(parents=True, exist_ok=True)

    test = list(records(args.folder / "test"))
    (out / "test_batch.bin").write_bytes(b"".join(test))
    train = list(records(args.folder / "train"))
    if len(train) % 5:
        sys.exit(f"train split has {len(train)} images, not a multiple of 5")
    per_batch = len(train) // 5
    for i in range(5):
        (out / f"data_batch_{i + 1}.bin").write_bytes(b"".join(train[i * per_batch:(i + 1) * per_batch]))
    (out / "batches.meta.txt").write_text("\n".join(CLASSES) + "\n")
    print(f"wrote {len(train)} training and {len(test)} test images to {out}")


if __name__ == "__main__":
    main()
