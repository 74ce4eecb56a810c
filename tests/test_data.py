"""Tests for course_lib.data (offline, a few seconds)."""

from __future__ import annotations

import hashlib
import shutil
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from course_lib import data
from course_lib.data import DatasetError

DATASETS = Path(__file__).resolve().parents[1] / "datasets"
NPZ = DATASETS / data.MNIST_5K_FILENAME


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def row_hashes(split: data.Split) -> list[bytes]:
    """One hash per (image, label) row, to compare splits as multisets."""
    X = np.ascontiguousarray(split.X)
    return [
        hashlib.sha1(X[i].tobytes() + int(split.y[i]).to_bytes(1, "little")).digest()
        for i in range(len(X))
    ]


@pytest.fixture(autouse=True)
def _no_override(monkeypatch):
    monkeypatch.delenv("COURSE_DATASETS", raising=False)


# --------------------------------------------------------------------------- files and checksums


def test_datasets_dir_is_repo_folder():
    assert data.DATASETS_DIR == DATASETS
    assert data.datasets_dir() == DATASETS


def test_checksum_constant_sha256sums_and_file_agree():
    assert len(data.MNIST_5K_SHA256) == 64
    listed = {}
    for line in (DATASETS / "SHA256SUMS").read_text().splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            listed[name.lstrip("*")] = digest
    assert listed[data.MNIST_5K_FILENAME] == data.MNIST_5K_SHA256
    for name, digest in listed.items():
        assert sha256(DATASETS / name) == digest, name
    # every data file is listed
    assert {p.name for p in DATASETS.glob("*.npz")} <= set(listed)


def test_corrupted_copy_raises_with_both_checksums(tmp_path, monkeypatch):
    bad = tmp_path / data.MNIST_5K_FILENAME
    shutil.copyfile(NPZ, bad)
    with open(bad, "r+b") as f:
        f.seek(1000)
        byte = f.read(1)
        f.seek(1000)
        f.write(bytes([byte[0] ^ 0xFF]))
    actual = sha256(bad)
    monkeypatch.setenv("COURSE_DATASETS", str(tmp_path))
    assert data.datasets_dir() == tmp_path
    with pytest.raises(DatasetError) as info:
        data.load_mnist_5k()
    msg = str(info.value)
    assert data.MNIST_5K_SHA256 in msg
    assert actual in msg
    assert str(bad.resolve()) in msg
    assert "make_mnist_5k.py" in msg
    assert isinstance(info.value, RuntimeError)


def test_missing_file_raises(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_DATASETS", str(tmp_path))
    with pytest.raises(DatasetError, match="not found") as info:
        data.load_digit_pair(0, 1)
    assert str(tmp_path.resolve()) in str(info.value)
    assert data.MNIST_5K_SHA256 in str(info.value)


def test_good_copy_via_env_var_loads(tmp_path, monkeypatch):
    shutil.copyfile(NPZ, tmp_path / data.MNIST_5K_FILENAME)
    monkeypatch.setenv("COURSE_DATASETS", str(tmp_path))
    assert len(data.load_mnist_5k().train.y) == 3500


# --------------------------------------------------------------------------- MNIST-5k


@pytest.fixture(scope="module")
def splits():
    return data.load_mnist_5k()


def test_shapes_dtypes_ranges(splits):
    assert [len(s.y) for s in splits] == [3500, 750, 750]
    for s in splits:
        assert s.X.dtype == np.float64 and s.X.shape == (len(s.y), 784)
        assert s.y.dtype == np.int64 and s.y.shape == (len(s.y),)
        assert s.X.min() >= 0.0 and s.X.max() <= 1.0
        assert set(np.unique(s.y)) == set(range(10))
    assert max(s.X.max() for s in splits) == 1.0

    raw = data.load_mnist_5k(flatten=False, normalize=False)
    assert raw.train.X.shape == (3500, 28, 28) and raw.train.X.dtype == np.float64
    assert raw.train.X.max() == 255.0
    np.testing.assert_array_equal(raw.train.X.reshape(3500, 784) / 255.0, splits.train.X)
    np.testing.assert_array_equal(raw.train.y, splits.train.y)


def test_namedtuple_unpacking(splits):
    (X_train, y_train), (X_val, y_val), (X_test, y_test) = splits
    assert X_train is splits.train.X and y_test is splits.test.y


def test_500_per_class(splits):
    total = sum(np.bincount(s.y, minlength=10) for s in splits)
    assert total.tolist() == [500] * 10


@pytest.mark.parametrize(
    "fractions", [(0.7, 0.15, 0.15), (0.6, 0.2, 0.2), (1 / 3, 1 / 3, 1 / 3), (0.8, 0.2, 0.0)]
)
def test_stratified(fractions):
    s = data.load_mnist_5k(split_seed=3, fractions=fractions)
    for part, frac in zip(s, fractions):
        counts = np.bincount(part.y, minlength=10)
        assert np.all(np.abs(counts - frac * 500) <= 1), (frac, counts)
    assert sum(len(p.y) for p in s) == 5000


def test_rows_not_grouped_by_class(splits):
    # the split is shuffled: labels are not sorted
    assert np.any(np.diff(splits.train.y) < 0)


def test_deterministic_per_seed(splits):
    again = data.load_mnist_5k(split_seed=0)
    other = data.load_mnist_5k(split_seed=1)
    for a, b in zip(splits, again):
        np.testing.assert_array_equal(a.X, b.X)
        np.testing.assert_array_equal(a.y, b.y)
    assert not np.array_equal(splits.train.X, other.train.X)
    assert set(row_hashes(splits.test)) != set(row_hashes(other.test))


def test_disjoint_and_complete(splits):
    hashes = [row_hashes(s) for s in splits]
    train, val, test = (set(h) for h in hashes)
    assert not (train & val or train & test or val & test)

    whole = data.load_mnist_5k(fractions=(1.0, 0.0, 0.0))
    assert len(whole.train.y) == 5000 and len(whole.val.y) == 0 and len(whole.test.y) == 0
    assert whole.val.X.shape == (0, 784)
    assert Counter(hashes[0]) + Counter(hashes[1]) + Counter(hashes[2]) == Counter(row_hashes(whole.train))
    assert len(set(row_hashes(whole.train))) == 5000


def test_returned_arrays_are_fresh_copies(splits):
    a = data.load_mnist_5k()
    a.train.X[:] = -1.0
    b = data.load_mnist_5k()
    assert b.train.X.min() >= 0.0


def test_bad_fractions():
    with pytest.raises(ValueError):
        data.load_mnist_5k(fractions=(0.5, 0.5, 0.5))
    with pytest.raises(ValueError):
        data.load_mnist_5k(fractions=(0.5, 0.5))
    with pytest.raises(ValueError):
        data.load_mnist_5k(fractions=(1.2, -0.1, -0.1))


def test_digit_pair(splits):
    pair = data.load_digit_pair(3, 8)
    assert [len(p.y) for p in pair] == [700, 150, 150]
    for p, full in zip(pair, splits):
        assert set(np.unique(p.y)) == {0, 1}
        assert p.y.dtype == np.int64 and p.X.shape == (len(p.y), 784)
        # same split as load_mnist_5k, restricted to 3 and 8 (8 -> 1)
        keep = (full.y == 3) | (full.y == 8)
        np.testing.assert_array_equal(p.X, full.X[keep])
        np.testing.assert_array_equal(p.y, (full.y[keep] == 8).astype(np.int64))
    assert data.load_digit_pair(0, 1, flatten=False).train.X.shape == (700, 28, 28)
    with pytest.raises(ValueError):
        data.load_digit_pair(4, 4)
    with pytest.raises(ValueError):
        data.load_digit_pair(0, 10)


# --------------------------------------------------------------------------- synthetic sets


def least_squares_accuracy(X: np.ndarray, y: np.ndarray) -> float:
    """Accuracy of the least-squares linear classifier sign(w.x + b) with targets +-1."""
    A = np.column_stack([X, np.ones(len(X))])
    w, *_ = np.linalg.lstsq(A, 2.0 * y - 1.0, rcond=None)
    return float(np.mean((A @ w > 0) == (y == 1)))


def assert_two_balanced_classes_in_2d(X, y):
    assert X.shape == (200, 2) and X.dtype == np.float64
    assert y.shape == (200,) and y.dtype == np.int64
    assert np.bincount(y).tolist() == [100, 100]


@pytest.mark.parametrize("seed", range(5))
def test_blobs_linearly_separable(seed):
    X, y = data.make_blobs(seed=seed)
    assert_two_balanced_classes_in_2d(X, y)
    assert least_squares_accuracy(X, y) == 1.0


@pytest.mark.parametrize("seed", range(5))
def test_xor_not_linearly_separable(seed):
    X, y = data.make_xor(seed=seed)
    assert_two_balanced_classes_in_2d(X, y)
    assert least_squares_accuracy(X, y) < 0.75
    # opposite corners share a label
    q = np.sign(X[:, 0]) * np.sign(X[:, 1])
    assert np.mean(y[q > 0] == 0) > 0.95 and np.mean(y[q < 0] == 1) > 0.95


@pytest.mark.parametrize("make", [data.make_blobs, data.make_xor])
def test_synthetic_deterministic_per_seed(make):
    X1, y1 = make(n_per_class=7, seed=5)
    X2, y2 = make(n_per_class=7, seed=5)
    X3, _ = make(n_per_class=7, seed=6)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)
    assert X1.shape == (14, 2)


def test_blobs_custom_centers():
    X, y = data.make_blobs(n_per_class=50, centers=((0, 0), (0, 3)), std=0.5, seed=1)
    assert abs(X[y == 1, 1].mean() - 3) < 0.3 and abs(X[y == 0, 1].mean()) < 0.3
    assert least_squares_accuracy(X, y) == 1.0


@pytest.mark.parametrize("seed", range(3))
def test_pixel_patterns_are_noisy_copies_each_nearest_its_own_pattern(seed):
    X, y = data.make_pixel_patterns(n_per_class=8, noise=0.2, seed=seed)
    assert X.shape == (24, 9) and X.dtype == np.float64 and y.dtype == np.int64
    assert np.bincount(y).tolist() == [8, 8, 8]
    patterns = data.PIXEL_PATTERNS.reshape(3, 9)
    distances = ((X[:, None, :] - patterns[None]) ** 2).sum(axis=2)
    assert (distances.argmin(axis=1) == y).all()
    X2, y2 = data.make_pixel_patterns(n_per_class=8, noise=0.2, seed=seed)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)


# --------------------------------------------------------------------------- one_hot


def test_one_hot():
    out = data.one_hot(np.array([2, 0, 1, 2]), 3)
    assert out.dtype == np.float64 and out.shape == (4, 3)
    np.testing.assert_array_equal(out, np.eye(3)[[2, 0, 1, 2]])
    assert data.one_hot([], 4).shape == (0, 4)
    with pytest.raises(ValueError):
        data.one_hot([0, 3], 3)
    with pytest.raises(ValueError):
        data.one_hot([0, -1], 3)
