"""A simulated class for a lab: the reference, an untouched notebook, every catalogued mistake, and
the bad inputs a TA meets (a loop that never ends, one that also swallows the interrupt, a kernel
that dies, a file that is not JSON, a notebook under another name, a folder with no notebook).

Every submission is built from the committed student release, so it carries the release's cell
metadata exactly as a real student's notebook does.
"""
import re
import zipfile
from pathlib import Path

import nbformat

from .course import REPO, check_lab, notebook_name
from .mistakes import adversarial, catalogue

_MARKER = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n?", re.MULTILINE)

# The students of the simulated class who hand in bad input; the edits of the lab's reference that
# the first three make are in the lab's module of autograder.mistakes.
LOOPS_FOREVER = "loops-forever"
IGNORES_INTERRUPTS = "ignores-interrupts"
KERNEL_DIES = "kernel-dies"
WARNS = "warns-but-correct"
NOT_JSON = "not-json"
WRONG_NAME = "wrong-name"
NO_NOTEBOOK = "no-notebook"
DELETED_TEST = "deleted-a-test-cell"


def release_notebook(lab):
    """The committed student notebook of `lab`, as students receive it."""
    return nbformat.read(REPO / "labs" / lab / notebook_name(lab), as_version=4)


def source_notebook(lab):
    """The instructor's notebook of `lab`, with solutions and hidden tests."""
    return nbformat.read(REPO / "solutions" / lab / notebook_name(lab), as_version=4)


def cell_grade_id(cell):
    """nbgrader's id of a cell, or None for a cell nbgrader does not track."""
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def reference_submission(lab):
    """The release with every answer cell filled in with the source's solution."""
    answers = {cell_grade_id(c): _MARKER.sub("", c.source) for c in source_notebook(lab).cells
               if c.metadata.get("nbgrader", {}).get("solution")}
    nb = release_notebook(lab)
    for cell in nb.cells:
        if cell_grade_id(cell) in answers:
            cell.source = answers[cell_grade_id(cell)]
    return nb


def edited(nb, grade_id, edit):
    """A copy of `nb` with edit(source) applied to the cell `grade_id`."""
    nb = nbformat.from_dict(nb)
    cells = [c for c in nb.cells if cell_grade_id(c) == grade_id]
    if len(cells) != 1:
        raise ValueError(f"no single cell {grade_id!r} in the notebook")
    cells[0].source = edit(cells[0].source)
    return nb


def edited_submission(lab, edit):
    """The reference submission with one :class:`~autograder.mistakes.Edit` made."""
    return edited(reference_submission(lab), edit.cell, edit.apply)


def _deleted_test_cell(lab):
    """A right answer whose first test cell was deleted: nbgrader puts it back at grading time."""
    nb = reference_submission(lab)
    first_test = next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade")
                      and c.cell_type == "code")
    del nb.cells[first_test]
    return nb


def write_class(lab, folder):
    """Write the simulated class of `lab` into `folder`, one subfolder per student.

    Returns {student: (expectation, mistake or None)} where expectation is one of "full",
    "zero", "mistake", "partial" (graded, some points lost) or "fails" (no grade).
    """
    check_lab(lab)
    folder = Path(folder)
    name = notebook_name(lab)
    expected = {}

    def put(student, nb_or_text, filename=name):
        (folder / student).mkdir(parents=True, exist_ok=True)
        text = nb_or_text if isinstance(nb_or_text, str) else nbformat.writes(nb_or_text)
        (folder / student / filename).write_text(text)

    put("reference", reference_submission(lab))
    expected["reference"] = ("full", None)
    put("untouched", release_notebook(lab))
    expected["untouched"] = ("zero", None)
    for mistake in catalogue(lab):
        put(f"mistake-{mistake.name}", edited_submission(lab, mistake))
        expected[f"mistake-{mistake.name}"] = ("mistake", mistake)
    loops_forever, ignores_interrupts, kernel_dies, warns = adversarial(lab)
    for student, edit, expectation in [(LOOPS_FOREVER, loops_forever, "partial"),
                                       (IGNORES_INTERRUPTS, ignores_interrupts, "fails"),
                                       (KERNEL_DIES, kernel_dies, "fails"), (WARNS, warns, "full")]:
        put(student, edited_submission(lab, edit))
        expected[student] = (expectation, None)
    put(DELETED_TEST, _deleted_test_cell(lab))
    expected[DELETED_TEST] = ("full", None)
    put(NOT_JSON, '{"cells": [ this is not JSON')
    expected[NOT_JSON] = ("fails", None)
    put(WRONG_NAME, reference_submission(lab), filename=f"{lab} (1).ipynb")
    expected[WRONG_NAME] = ("full", None)
    (folder / NO_NOTEBOOK).mkdir(parents=True, exist_ok=True)
    (folder / NO_NOTEBOOK / "answers.txt").write_text("I forgot to upload the notebook\n")
    expected[NO_NOTEBOOK] = ("fails", None)
    return expected


def zip_folder(folder, path):
    """Zip `folder` the way an LMS bulk download does: one top-level folder, then the students."""
    folder, path = Path(folder), Path(path)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                archive.write(file, Path("submissions") / file.relative_to(folder))
    return path
