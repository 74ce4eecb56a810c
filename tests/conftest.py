"""Settings for the whole suite, which pytest-xdist runs in one worker per core.

Each worker and every notebook kernel it starts use one BLAS / OpenMP thread: two workers that each
start two threads on two cores make numpy's small matrix products many times slower, and a
legitimate notebook cell would then hit the pipeline test's cell timeout.
"""
import os

import pytest

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Keep the tests of one lab's graded class (tests/test_pipeline.py) on one xdist worker, which
    grades the class once, instead of once per worker that runs one of them."""
    for item in items:
        lab = getattr(item, "callspec", None) and item.callspec.params.get("graded_class")
        if lab:
            item.add_marker(pytest.mark.xdist_group(f"pipeline-{lab}"))
