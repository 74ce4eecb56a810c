"""What students receive holds no answer: no reference package, no hidden checks, and no body of a
function they are asked to write, in any Python file or notebook of the kit."""
import ast
import subprocess
import sys
import sysconfig
import zipfile

import nbformat
import pytest

from autograder.course import LABS, REPO
from autograder.student_kit import EXCLUDED_PACKAGES, build_student_kit


def _function_bodies(source, keep=lambda segment: True):
    """ast dumps of the body of every function defined in `source` whose source text passes
    `keep`, docstrings left out."""
    bodies = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and keep(ast.get_source_segment(source, node)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                body = body[1:]
            if body:
                bodies.add(ast.dump(ast.Module(body=body, type_ignores=[])))
    return bodies


def _notebook_code(path):
    nb = nbformat.read(path, as_version=4)
    return "\n\n".join("\n".join(line for line in c.source.splitlines() if not line.lstrip().startswith(("%", "!")))
                       for c in nb.cells if c.cell_type == "code")


def _answers():
    """Bodies of the reference functions and of the functions students write in the solution cells,
    less the code every student is given in the notebooks (Lab 2's Value.__radd__, say)."""
    answers, given = set(), set()
    for path in (REPO / "course_lib" / "reference").rglob("*.py"):
        answers |= _function_bodies(path.read_text())
    for path in REPO.glob("solutions/*/*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            source = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith("%"))
            answers |= _function_bodies(source, keep=lambda segment: "### BEGIN SOLUTION" in segment)
            given |= _function_bodies(source, keep=lambda segment: "### BEGIN SOLUTION" not in segment)
    return answers - given


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dist") / "student-kit"
    archive = build_student_kit(folder)
    return folder, archive


def test_the_kit_has_the_labs_the_toolkit_and_the_data(kit):
    folder, archive = kit
    for lab in (REPO / "labs").iterdir():
        assert (folder / "labs" / lab.name).is_dir()
    for part in ("course_lib/checks.py", "course_lib/gradcheck.py", "course_lib/data.py",
                 "datasets/mnist_5k.npz", "datasets/SHA256SUMS", "pyproject.toml", "environment.yml"):
        assert (folder / part).exists(), part
    with zipfile.ZipFile(archive) as zf:
        assert "student-kit/labs/lab01_logistic_regression/lab01_logistic_regression.ipynb" in zf.namelist()


def test_the_kit_has_no_reference_and_no_hidden_checks(kit):
    folder, archive = kit
    for package in EXCLUDED_PACKAGES:
        assert not (folder / "course_lib" / package).exists()
    with zipfile.ZipFile(archive) as zf:
        assert not [n for n in zf.namelist() if any(f"course_lib/{p}/" in n for p in EXCLUDED_PACKAGES)]


def test_no_answer_body_is_anywhere_in_the_kit(kit):
    folder, _ = kit
    answers = _answers()
    assert len(answers) >= 10, "the reference should have been found"
    leaks = []
    for path in folder.rglob("*"):
        if path.suffix == ".py":
            found = _function_bodies(path.read_text()) & answers
        elif path.suffix == ".ipynb":
            found = _function_bodies(_notebook_code(path)) & answers
        else:
            continue
        leaks += [str(path.relative_to(folder))] * len(found)
    assert not leaks, f"answer bodies found in {leaks}"


def test_the_toolkit_works_without_the_reference(kit):
    """The visible checks, data and plots import from the kit alone; the reference does not.

    Python starts without `site` (-S), so that the repository's editable install, which a .pth file
    hooks in, cannot supply what the kit lacks; site-packages is added back as a plain path.
    """
    folder, _ = kit
    visible = ", ".join(f"course_lib.visible_checks.{lab}" for lab in LABS)
    code = (f"import sys; sys.path[:0] = [{str(folder)!r}]; sys.path.append({sysconfig.get_paths()['purelib']!r})\n"
            f"import {visible}, course_lib.data, course_lib.plots\n"
            f"assert course_lib.__file__.startswith({str(folder)!r}), course_lib.__file__\n"
            "course_lib.data.load_mnist_5k()\n"
            "try:\n    import course_lib.reference\nexcept ModuleNotFoundError:\n    print('no reference')\n")
    result = subprocess.run([sys.executable, "-S", "-c", code], cwd=folder, capture_output=True, text=True,
                            env={"PYTHONPATH": str(folder), "MPLBACKEND": "Agg"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "no reference"
