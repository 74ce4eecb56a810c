"""Datasets for the labs: MNIST-5k from disk and small synthetic 2-D sets.

Nothing here touches the network. MNIST-5k is read from
``datasets/mnist_5k.npz`` in the course repository (see ``datasets/README.md``
for where it came from and its licence). Its sha256 is checked before it is
used.

Public API
----------
DATASETS_DIR, datasets_dir
    Where the data files live.
load_mnist_5k, load_digit_pair
    MNIST-5k (5000 digits, 500 per class) split into train / val / test.
make_blobs, make_xor
    Seeded synthetic 2-D classification sets.
PIXEL_PATTERNS, make_pixel_patterns
    The 3×3 pixel patterns of the "world's smallest network" (lecture 25), with noise.
one_hot
    Integer labels to one-hot rows.
minibatch_indices
    The shuffled minibatches of one training epoch.
Split, DataSplits, DatasetError
    The return types and the error raised for a missing or damaged file.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np

__all__ = [
    "DATASETS_DIR",
    "PIXEL_PATTERNS",
    "MNIST_5K_FILENAME",
    "MNIST_5K_SHA256",
    "DataSplits",
    "DatasetError",
    "Split",
    "datasets_dir",
    "load_digit_pair",
    "load_mnist_5k",
    "make_blobs",
    "make_pixel_patterns",
    "make_xor",
    "minibatch_indices",
    "one_hot",
]

#: Default data folder: ``datasets/`` at the top of the course repository.
DATASETS_DIR: Path = Path(__file__).resolve().parents[1] / "datasets"

#: Name of the environment variable that overrides :data:`DATASETS_DIR`.
DATASETS_ENV_VAR = "COURSE_DATASETS"

MNIST_5K_FILENAME = "mnist_5k.npz"
#: sha256 of ``mnist_5k.npz``; the same value is in ``datasets/SHA256SUMS``.
MNIST_5K_SHA256 = "3ec7d575a88706fd40b286f829552d975bfb057394c7ed6796d9d299195ec876"

_N_IMAGES = 5000
_IMAGE_SHAPE = (28, 28)
_N_PIXELS = 28 * 28
_N_CLASSES = 10


class DatasetError(RuntimeError):
    """A data file is missing, fails its checksum, or has unexpected contents."""


class Split(NamedTuple):
    """One part of a dataset.

    Attributes
    ----------
    X : np.ndarray
        float64 inputs, shape (N, 784) or (N, 28, 28) for MNIST, (N, 2) for
        the synthetic sets.
    y : np.ndarray
        int64 labels, shape (N,).
    """

    X: np.ndarray
    y: np.ndarray


class DataSplits(NamedTuple):
    """Train / validation / test parts; each is a :class:`Split` ``(X, y)``.

    Unpacks like a tuple::

        (X_train, y_train), (X_val, y_val), (X_test, y_test) = load_mnist_5k()
    """

    train: Split
    val: Split
    test: Split


# --------------------------------------------------------------------------- files


def datasets_dir() -> Path:
    """Return the data folder now in use.

    Returns
    -------
    pathlib.Path
        ``$COURSE_DATASETS`` if that environment variable is set and not
        empty, otherwise :data:`DATASETS_DIR`. The variable is read at each
        call, so it can be set after ``course_lib`` is imported.
    """
    override = os.environ.get(DATASETS_ENV_VAR)
    return Path(override).expanduser() if override else DATASETS_DIR


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fix_hint(path: Path) -> str:
    return (
        "To fix it: restore the file from the course repository "
        f"(`git checkout -- datasets/{path.name}`, or clone the repository again), "
        "or regenerate it with datasets/make_mnist_5k.py as described in datasets/README.md. "
        f"If the environment variable {DATASETS_ENV_VAR} is set "
        f"(now: {os.environ.get(DATASETS_ENV_VAR)!r}), check that it names the course's "
        "datasets folder, or unset it."
    )


@functools.lru_cache(maxsize=4)
def _load_verified(path_str: str, mtime_ns: int, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Check the sha256 of the npz at ``path_str`` and return (images, labels).

    Cached per process; ``mtime_ns`` and ``size`` are part of the key only so
    that a file replaced on disk is checked and read again. The returned
    arrays are read-only because the cache shares them between calls.
    """
    path = Path(path_str)
    actual = _sha256_file(path)
    if actual != MNIST_5K_SHA256:
        raise DatasetError(
            f"MNIST-5k data file failed its checksum test.\n"
            f"  path:     {path}\n"
            f"  expected: sha256 {MNIST_5K_SHA256}\n"
            f"  actual:   sha256 {actual}\n"
            f"The file is damaged or is not the course's copy (an interrupted download, "
            f"a Git LFS pointer, or an edited file).\n{_fix_hint(path)}"
        )
    try:
        with np.load(path, allow_pickle=False) as npz:
            images, labels = npz["images"], npz["labels"]
    except Exception as exc:  # the checksum passed, so this means a code/format bug
        raise DatasetError(f"could not read {path}: {exc}") from exc
    if (
        images.dtype != np.uint8
        or labels.dtype != np.uint8
        or images.shape != (_N_IMAGES, *_IMAGE_SHAPE)
        or labels.shape != (_N_IMAGES,)
    ):
        raise DatasetError(
            f"{path} has unexpected arrays: images {images.dtype} {images.shape}, "
            f"labels {labels.dtype} {labels.shape}"
        )
    images.setflags(write=False)
    labels.setflags(write=False)
    return images, labels


def _mnist_raw() -> tuple[np.ndarray, np.ndarray]:
    """Return the verified MNIST-5k arrays: uint8 (5000, 28, 28) and uint8 (5000,)."""
    path = (datasets_dir() / MNIST_5K_FILENAME).resolve()
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise DatasetError(
            f"MNIST-5k data file not found.\n"
            f"  path:     {path}\n"
            f"  expected: sha256 {MNIST_5K_SHA256}\n"
            f"  actual:   (no file)\n{_fix_hint(path)}"
        ) from None
    return _load_verified(str(path), stat.st_mtime_ns, stat.st_size)


# --------------------------------------------------------------------------- splits


def _check_fractions(fractions: Sequence[float]) -> tuple[float, float, float]:
    fr = tuple(float(f) for f in fractions)
    if len(fr) != 3 or any(not np.isfinite(f) or f < 0 for f in fr):
        raise ValueError(f"fractions must be three numbers >= 0 (train, val, test), got {fractions!r}")
    if abs(sum(fr) - 1.0) > 1e-9:
        raise ValueError(f"fractions must sum to 1, got {fractions!r} (sum {sum(fr)})")
    return fr  # type: ignore[return-value]


def _stratified_indices(
    labels: np.ndarray, fractions: tuple[float, float, float], seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Index arrays for train / val / test, split class by class.

    For each class (in increasing label order) its indices are permuted with
    ``default_rng(seed)`` and cut at ``round(n * f_train)`` and
    ``round(n * (f_train + f_val))``, so each part's count for a class is
    within 1 of ``fraction * n``. Each part is then shuffled with the same
    generator, so its rows are not grouped by class.
    """
    rng = np.random.default_rng(seed)
    cuts = np.cumsum(fractions)[:2]
    parts: list[list[np.ndarray]] = [[], [], []]
    for c in np.unique(labels):
        idx = rng.permutation(np.flatnonzero(labels == c))
        a, b = np.floor(cuts * len(idx) + 0.5).astype(int).clip(0, len(idx))
        for part, chunk in zip(parts, (idx[:a], idx[a:b], idx[b:])):
            part.append(chunk)
    return tuple(rng.permutation(np.concatenate(p)) for p in parts)  # type: ignore[return-value]


def _make_split(
    images: np.ndarray, labels: np.ndarray, idx: np.ndarray, flatten: bool, normalize: bool
) -> Split:
    X = images[idx].astype(np.float64)
    if normalize:
        X /= 255.0
    if flatten:
        X = X.reshape(len(idx), _N_PIXELS)
    return Split(X=X, y=labels[idx].astype(np.int64))


def load_mnist_5k(
    split_seed: int = 0,
    fractions: Sequence[float] = (0.7, 0.15, 0.15),
    flatten: bool = True,
    normalize: bool = True,
) -> DataSplits:
    """Load MNIST-5k (5000 handwritten digits, 500 per class) split three ways.

    The file's sha256 is checked on the first call in a process; later calls
    reuse the checked arrays (each call still returns fresh, writable copies).

    Parameters
    ----------
    split_seed : int, default 0
        Seed of the split. The same seed gives the same split on every
        machine; another seed gives another split.
    fractions : sequence of 3 floats, default (0.7, 0.15, 0.15)
        Share of each class that goes to train, val and test; must sum to 1.
        With the default, each class gives 350 / 75 / 75 images.
    flatten : bool, default True
        If True, each image is a row of 784 pixels (row by row); if False,
        images keep their 28 x 28 shape.
    normalize : bool, default True
        If True, pixels are scaled from 0..255 to [0, 1]; if False they keep
        their 0..255 values (still float64).

    Returns
    -------
    DataSplits
        ``train``, ``val``, ``test``, each a :class:`Split` with

        - ``X``: float64, shape (N, 784) if ``flatten`` else (N, 28, 28);
        - ``y``: int64, shape (N,), digit labels 0..9.

        With the default fractions N is 3500, 750 and 750.

    Raises
    ------
    DatasetError
        If ``mnist_5k.npz`` is missing or its sha256 is not the expected one.
    ValueError
        If ``fractions`` are not three non-negative numbers summing to 1.

    Notes
    -----
    The split is stratified: each class is shuffled on its own and cut by
    ``fractions``, so every part has (within one image) the same class
    proportions. The parts are disjoint and together hold all 5000 images.
    Rows within a part are in a seeded random order.
    """
    fr = _check_fractions(fractions)
    images, labels = _mnist_raw()
    idx = _stratified_indices(labels, fr, split_seed)
    return DataSplits(*(_make_split(images, labels, i, flatten, normalize) for i in idx))


def load_digit_pair(
    a: int,
    b: int,
    split_seed: int = 0,
    fractions: Sequence[float] = (0.7, 0.15, 0.15),
    flatten: bool = True,
    normalize: bool = True,
) -> DataSplits:
    """MNIST-5k restricted to two digits, for binary classification.

    Uses the split of :func:`load_mnist_5k` with the same ``split_seed`` and
    ``fractions``, keeping only digits ``a`` and ``b`` in each part, so an
    image is in the same part here as in the full ten-class split.

    Parameters
    ----------
    a, b : int
        Two different digits 0..9. Digit ``a`` becomes label 0, digit ``b``
        label 1.
    split_seed, fractions, flatten, normalize
        As in :func:`load_mnist_5k`.

    Returns
    -------
    DataSplits
        ``train``, ``val``, ``test``, each a :class:`Split` with ``X``
        float64 (N, 784) or (N, 28, 28) and ``y`` int64 (N,) in {0, 1}
        (1 where the digit is ``b``). With the default fractions N is
        700, 150 and 150.

    Raises
    ------
    ValueError
        If ``a`` or ``b`` is not a digit 0..9, or ``a == b``.
    DatasetError
        As in :func:`load_mnist_5k`.
    """
    for d in (a, b):
        if not isinstance(d, (int, np.integer)) or isinstance(d, bool) or not 0 <= d <= 9:
            raise ValueError(f"digits must be integers 0..9, got a={a!r}, b={b!r}")
    if a == b:
        raise ValueError(f"the two digits must differ, got a=b={a}")
    splits = load_mnist_5k(split_seed=split_seed, fractions=fractions, flatten=flatten, normalize=normalize)
    out = []
    for part in splits:
        keep = (part.y == a) | (part.y == b)
        out.append(Split(X=part.X[keep], y=(part.y[keep] == b).astype(np.int64)))
    return DataSplits(*out)


# --------------------------------------------------------------------------- synthetic


def make_blobs(
    n_per_class: int = 100,
    centers: Sequence[Sequence[float]] = ((-2.0, -2.0), (2.0, 2.0)),
    std: float = 0.75,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Two Gaussian blobs in 2-D that a straight line always separates.

    Each point is its class centre plus isotropic Gaussian noise with
    standard deviation ``std``, truncated at a radius of 0.45 times the
    distance between the centres (with the defaults the cut removes about
    0.3% of the Gaussian's mass). The two discs do not touch, so the classes
    are linearly separable for every seed.

    Parameters
    ----------
    n_per_class : int, default 100
        Points per class.
    centers : pair of 2-D points, default ((-2, -2), (2, 2))
        Centre of class 0 and of class 1; they must differ.
    std : float, default 0.75
        Standard deviation of the noise on each coordinate (before truncation).
    seed : int, default 0
        Seed; the same seed gives the same points.

    Returns
    -------
    X : np.ndarray
        float64, shape (2 * n_per_class, 2).
    y : np.ndarray
        int64, shape (2 * n_per_class,), in {0, 1}. Rows are in a seeded
        random order.
    """
    c = np.asarray(centers, dtype=np.float64)
    if c.shape != (2, 2):
        raise ValueError(f"centers must be two 2-D points, got shape {c.shape}")
    if n_per_class < 1 or std < 0:
        raise ValueError("n_per_class must be >= 1 and std >= 0")
    distance = float(np.linalg.norm(c[1] - c[0]))
    if distance == 0:
        raise ValueError("the two centers must differ")
    rng = np.random.default_rng(seed)
    n = 2 * n_per_class
    y = np.repeat(np.arange(2, dtype=np.int64), n_per_class)
    # Truncated isotropic 2-D Gaussian: the radius has a Rayleigh law, which
    # is sampled by inverting its CDF on [0, F(r_max)); the angle is uniform.
    r_max = 0.45 * distance
    if std > 0:
        f_max = -np.expm1(-(r_max**2) / (2 * std**2))
        radius = std * np.sqrt(-2 * np.log1p(-rng.uniform(0, f_max, n)))
    else:
        radius = np.zeros(n)
    angle = rng.uniform(0, 2 * np.pi, n)
    X = c[y] + radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    order = rng.permutation(n)
    return X[order], y[order]


def make_xor(n_per_class: int = 100, noise: float = 0.25, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The XOR pattern: four clusters, opposite corners share a label.

    Clusters sit at (1, 1) and (-1, -1) (label 0) and at (1, -1) and
    (-1, 1) (label 1). No straight line separates the classes, so a single
    logistic unit cannot fit it; a hidden layer can.

    Parameters
    ----------
    n_per_class : int, default 100
        Points per class, shared between the class's two clusters (the
        first cluster gets the extra point when it is odd).
    noise : float, default 0.25
        Standard deviation of the Gaussian noise added to each coordinate.
        A label belongs to the cluster a point was drawn from, so with large
        noise some points cross into a neighbouring quadrant.
    seed : int, default 0
        Seed; the same seed gives the same points.

    Returns
    -------
    X : np.ndarray
        float64, shape (2 * n_per_class, 2).
    y : np.ndarray
        int64, shape (2 * n_per_class,), in {0, 1}. Rows are in a seeded
        random order.
    """
    if n_per_class < 1 or noise < 0:
        raise ValueError("n_per_class must be >= 1 and noise >= 0")
    rng = np.random.default_rng(seed)
    corners = np.array([[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]])
    corner_labels = np.array([0, 0, 1, 1], dtype=np.int64)
    first = (n_per_class + 1) // 2
    counts = [first, n_per_class - first, first, n_per_class - first]
    which = np.repeat(np.arange(4), counts)
    X = corners[which] + rng.normal(0.0, noise, size=(len(which), 2))
    y = corner_labels[which]
    order = rng.permutation(len(which))
    return X[order], y[order]


#: The three 3×3 patterns of the "world's smallest network": a falling diagonal (class 0), a rising
#: diagonal (class 1) and a horizontal bar (class 2); 1 is a lit pixel.
PIXEL_PATTERNS = np.array([
    [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
    [[0, 0, 1], [0, 1, 0], [1, 0, 0]],
    [[0, 0, 0], [1, 1, 1], [0, 0, 0]],
], dtype=np.float64)


def make_pixel_patterns(n_per_class: int = 10, noise: float = 0.2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Noisy copies of the three 3×3 :data:`PIXEL_PATTERNS`, flattened to 9 pixels.

    Parameters
    ----------
    n_per_class : int, default 10
        Copies of each pattern.
    noise : float, default 0.2
        Standard deviation of the Gaussian noise added to each pixel.
    seed : int, default 0
        Seed; the same seed gives the same images.

    Returns
    -------
    X : np.ndarray
        float64, shape (3 * n_per_class, 9): row-major 3×3 images.
    y : np.ndarray
        int64, shape (3 * n_per_class,), in {0, 1, 2}. Rows are in a seeded random order.
    """
    if n_per_class < 1 or noise < 0:
        raise ValueError("n_per_class must be >= 1 and noise >= 0")
    rng = np.random.default_rng(seed)
    y = np.repeat(np.arange(len(PIXEL_PATTERNS), dtype=np.int64), n_per_class)
    X = PIXEL_PATTERNS.reshape(len(PIXEL_PATTERNS), 9)[y] + rng.normal(0.0, noise, size=(len(y), 9))
    order = rng.permutation(len(y))
    return X[order], y[order]


# --------------------------------------------------------------------------- helpers


def one_hot(y: Sequence[int] | np.ndarray, num_classes: int) -> np.ndarray:
    """Turn integer labels into one-hot rows.

    Parameters
    ----------
    y : array-like of int, shape (N,)
        Labels in 0..num_classes-1.
    num_classes : int
        Number of classes K.

    Returns
    -------
    np.ndarray
        float64, shape (N, K); row i is 1 in column ``y[i]`` and 0 elsewhere.

    Raises
    ------
    ValueError
        If ``y`` is not 1-D, holds non-integers, or a label is outside 0..K-1.
    """
    arr = np.asarray(y)
    if arr.ndim != 1:
        raise ValueError(f"y must be 1-D, got shape {arr.shape}")
    if arr.size and not np.issubdtype(arr.dtype, np.integer):
        if not np.all(np.mod(arr, 1) == 0):
            raise ValueError("y must hold integer labels")
        arr = arr.astype(np.int64)
    if num_classes < 1:
        raise ValueError(f"num_classes must be >= 1, got {num_classes}")
    if arr.size and (arr.min() < 0 or arr.max() >= num_classes):
        raise ValueError(f"labels must be in 0..{num_classes - 1}, got min {arr.min()}, max {arr.max()}")
    out = np.zeros((arr.size, num_classes), dtype=np.float64)
    out[np.arange(arr.size), arr.astype(np.int64)] = 1.0
    return out


def minibatch_indices(N, batch_size, rng):
    """The minibatches of one epoch: a fresh permutation of 0..N−1 cut into consecutive batches.

    Parameters
    ----------
    N : int
        The number of examples.
    batch_size : int
        The size of every batch but the last, which is smaller when batch_size does not divide N.
    rng : numpy.random.Generator
        Consumed once per call (one permutation), so that a seeded training run is repeatable.

    Returns
    -------
    list of ndarray of int
    """
    order = rng.permutation(N)
    return [order[start:start + batch_size] for start in range(0, N, batch_size)]
