"""The notebooks themselves: committed without outputs, release in sync with the source, the
solution passing every test cell and the student version failing only on its stubs."""
import json

import nbformat
import pytest
from nbclient import NotebookClient

from autograder.course import LABS, REPO, notebook_name
from autograder.release import release
from notebook_cells import nbgrader_metadata

NOTEBOOKS = sorted(REPO.glob("solutions/*/*.ipynb")) + sorted(REPO.glob("labs/*/*.ipynb"))
EXECUTION_TIMEOUT = 600  # per cell; generous so that a slow CI machine does not flake


def _execute(path, allow_errors):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=EXECUTION_TIMEOUT, kernel_name="python3", allow_errors=allow_errors,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


def test_every_lab_has_a_source_and_a_release():
    for lab in LABS:
        assert (REPO / "solutions" / lab / notebook_name(lab)).exists()
        assert (REPO / "labs" / lab / notebook_name(lab)).exists()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(REPO)))
def test_notebooks_are_committed_without_outputs(path):
    for index, cell in enumerate(nbformat.read(path, as_version=4).cells):
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"cell {index + 1} has outputs"


@pytest.mark.parametrize("lab", LABS)
def test_the_release_is_what_nbgrader_generates_from_the_source(lab, tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_WORKDIR", str(tmp_path / "work"))
    release(lab, release_directory=tmp_path / "release")
    generated = json.loads((tmp_path / "release" / lab / notebook_name(lab)).read_text())
    committed = json.loads((REPO / "labs" / lab / notebook_name(lab)).read_text())
    assert generated == committed, f"labs/{lab} differs from its source: run `make release` and commit"


@pytest.mark.parametrize("lab", LABS)
def test_the_source_is_a_complete_nbgrader_assignment(lab):
    source = nbformat.read(REPO / "solutions" / lab / notebook_name(lab), as_version=4)
    graded = [c for c in source.cells if nbgrader_metadata(c).get("grade")]
    assert graded and all(nbgrader_metadata(c).get("points", 0) > 0 for c in graded), "a graded cell without points"
    tests = [c for c in graded if c.cell_type == "code"]
    assert all("### BEGIN HIDDEN TESTS" in c.source for c in tests), "a test cell without hidden tests"
    assert any(c.cell_type == "markdown" for c in graded), "no written answer graded by hand"
    answers = [c for c in source.cells if nbgrader_metadata(c).get("solution")]
    assert all("### BEGIN SOLUTION" in c.source for c in answers)
    ids = [nbgrader_metadata(c)["grade_id"] for c in source.cells if nbgrader_metadata(c)]
    assert len(ids) == len(set(ids)), "grade_ids must be unique"


@pytest.mark.parametrize("lab", LABS)
def test_the_release_has_no_solutions_and_no_hidden_tests(lab):
    text = (REPO / "labs" / lab / notebook_name(lab)).read_text()
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "hidden_checks"):
        assert marker not in text


@pytest.mark.parametrize("lab", LABS)
def test_the_solution_notebook_runs_and_passes_every_test_cell(lab):
    nb = _execute(REPO / "solutions" / lab / notebook_name(lab), allow_errors=False)
    for cell in nb.cells:
        if cell.cell_type == "code" and nbgrader_metadata(cell).get("grade"):
            # nbgrader scores a test cell with any stderr output as failed.
            streams = [o for o in cell.outputs if o.output_type == "stream" and o.name == "stderr"]
            assert not streams, f"{nbgrader_metadata(cell)['grade_id']} writes to stderr: {streams}"


@pytest.mark.parametrize("lab", LABS)
def test_the_student_notebook_fails_only_on_its_stubs(lab):
    nb = _execute(REPO / "labs" / lab / notebook_name(lab), allow_errors=True)
    errors = [(i + 1, o.ename) for i, c in enumerate(nb.cells) if c.cell_type == "code"
              for o in c.outputs if o.output_type == "error"]
    assert errors, "the student notebook should stop at its stubs"
    assert all(ename == "NotImplementedError" for _, ename in errors), errors
