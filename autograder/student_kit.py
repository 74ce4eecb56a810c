"""Build what students receive: the release notebooks, the toolkit and the data, without answers.

The kit holds ``labs/``, ``datasets/`` and ``course_lib`` less :mod:`course_lib.reference` and
:mod:`course_lib.hidden_checks`, with a pyproject.toml that installs only the toolkit. A test builds
it and proves that no body of a reference function is in it.
"""
import re
import shutil
import zipfile
from pathlib import Path

from .course import REPO

EXCLUDED_PACKAGES = ("reference", "hidden_checks")

PYPROJECT = """\
[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "course-lib-student"
version = "0.1.0"
description = "Deep-learning lab kit: the student toolkit (checks, data, plots)"
requires-python = ">=3.11,<3.12"
dependencies = [
{dependencies}
]

[tool.setuptools.packages.find]
include = ["course_lib*"]
"""

README = """\
# Deep-learning labs: student kit

1. `python3.11 -m venv .venv && .venv/bin/pip install -e .` (or `conda env create -f environment.yml`)
2. `.venv/bin/jupyter lab labs/`
3. Open a lab, write your code where it says `# YOUR CODE HERE`, run the test cell below it.
4. Before you submit: *Kernel → Restart Kernel and Run All Cells*; then hand in the `.ipynb` file
   under its original name.
"""

_STUDENT_DEPENDENCIES = ("numpy", "matplotlib", "tqdm", "torch", "ipykernel", "jupyterlab")


def student_dependencies():
    """The kit's dependencies a student needs, with the bounds of the main pyproject.toml."""
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    return [d for d in project["dependencies"]
            if re.match(r"[A-Za-z0-9_.-]+", d).group(0) in _STUDENT_DEPENDENCIES]


def _ignore(directory, names):
    skipped = {"__pycache__", ".ipynb_checkpoints"}
    if Path(directory).resolve() == (REPO / "course_lib").resolve():
        skipped |= set(EXCLUDED_PACKAGES)
    return [n for n in names if n in skipped or n.endswith(".pyc")]


def build_student_kit(folder):
    """Write the student kit into `folder` (replaced if it exists) and zip it beside; return the zip."""
    folder = Path(folder)
    if folder.exists():
        shutil.rmtree(folder)
    for part in ("course_lib", "labs", "datasets"):
        shutil.copytree(REPO / part, folder / part, ignore=_ignore)
    shutil.copy(REPO / "environment.yml", folder / "environment.yml")
    deps = ",\n".join(f'    "{d}"' for d in student_dependencies())
    (folder / "pyproject.toml").write_text(PYPROJECT.format(dependencies=deps))
    (folder / "README.md").write_text(README)
    archive = folder.with_suffix(".zip")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                zf.write(file, Path(folder.name) / file.relative_to(folder))
    return archive
