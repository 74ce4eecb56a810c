"""Run a lab's answer and test cells in-process, without a kernel: the fast way to test the tests.

The cells are the real ones: answers from the reference submission (or a catalogued mistake), test
cells from the source notebook with their hidden tests. Plots and magics are left out.
"""
import matplotlib

matplotlib.use("Agg")

from autograder.simulate import cell_grade_id, reference_submission, source_notebook  # noqa: E402


def nbgrader_metadata(cell):
    """The cell's nbgrader metadata ({} for a cell nbgrader does not track)."""
    return cell.metadata.get("nbgrader", {})


def setup_code(lab):
    """The notebook's first code cell (its imports) without IPython magics."""
    first = next(c for c in source_notebook(lab).cells if c.cell_type == "code")
    return "\n".join(line for line in first.source.splitlines() if not line.startswith("%"))


def answer_cells(nb):
    """grade_id -> source of every answer code cell of `nb`."""
    return {cell_grade_id(c): c.source for c in nb.cells
            if c.cell_type == "code" and nbgrader_metadata(c).get("solution")}


def test_cells(lab):
    """grade_id -> source of every test cell, hidden tests included, in notebook order."""
    return {cell_grade_id(c): c.source for c in source_notebook(lab).cells
            if c.cell_type == "code" and nbgrader_metadata(c).get("grade")}


def run_tests(lab, answers):
    """Exec the setup and `answers` in order, then every test cell; grade_id -> exception or None."""
    namespace = {}
    exec(setup_code(lab), namespace)
    for source in answers.values():
        exec(source, namespace)
    results = {}
    for grade_id, source in test_cells(lab).items():
        try:
            exec(source, namespace)
            results[grade_id] = None
        except Exception as err:  # a test cell fails on any exception, as under nbgrader
            results[grade_id] = err
    return results


def reference_answers(lab):
    return answer_cells(reference_submission(lab))
