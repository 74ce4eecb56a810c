"""The whole grading pipeline on the simulated class of every lab, through the real nbgrader.

Collect (from an LMS-style zip) → autograde → feedback → grades CSV, into a fresh gradebook in a
temporary working directory. The cell timeout is lowered to 15 s for this run, because the student
whose gradient descent never ends hits it three times; the slowest legitimate Lab 1 cell takes
about 3 s.
"""
import csv

import pytest

from autograder import simulate
from autograder.collect import collect
from autograder.course import LABS, notebook_name
from autograder.demo import run_simulated_class
from autograder.export import GradeRow, export_csv
from autograder.grade import grade


@pytest.fixture(scope="module", params=LABS)  # one xdist worker per lab: see conftest.py
def graded_class(request, tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COURSE_CELL_TIMEOUT", "15")
        folder = tmp_path_factory.mktemp(request.param)
        mp.setenv("COURSE_WORKDIR", str(folder))
        report = run_simulated_class(request.param, folder, progress=lambda message: None)
        yield report, folder


def _outcome(report, student):
    return next(o for o in report.outcomes if o.student == student)


def test_every_expectation_of_the_simulated_class_holds(graded_class):
    report, _ = graded_class
    broken = [(o.student, o.expectation, o.auto_score, o.detail) for o in report.outcomes if not o.holds]
    assert not broken, broken


def test_the_reference_gets_every_autograded_point_and_the_untouched_notebook_none(graded_class):
    report, _ = graded_class
    reference = _outcome(report, "reference")
    assert reference.auto_max > 0 and reference.auto_score == reference.auto_max
    assert _outcome(report, "untouched").auto_score == 0


def test_every_catalogued_mistake_is_caught(graded_class):
    report, _ = graded_class
    assert len(report.mistakes) >= 8
    assert report.kill_rate == 1.0, [o.student for o in report.mistakes if not o.holds]


@pytest.mark.parametrize("student, words", [
    (simulate.KERNEL_DIES, "kernel died"),
    (simulate.NOT_JSON, "not valid JSON"),
    (simulate.NO_NOTEBOOK, "no notebook found"),
    (simulate.WRONG_NAME, "instead of"),
    (simulate.LOOPS_FOREVER, "did not finish within 15 s and was interrupted; scored 0"),
    (simulate.IGNORES_INTERRUPTS, "did not stop when interrupted"),
])
def test_bad_input_is_reported_by_student_and_the_rest_is_graded(graded_class, student, words):
    report, _ = graded_class
    assert words in _outcome(report, student).problems
    assert _outcome(report, "reference").auto_score == _outcome(report, "reference").auto_max


def test_the_grades_csv_lists_every_student_once(graded_class):
    report, _ = graded_class
    with open(report.csv_path) as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(GradeRow.__dataclass_fields__)
    assert sorted(r["student"] for r in rows) == sorted(o.student for o in report.outcomes)
    reference = next(r for r in rows if r["student"] == "reference")
    assert reference["needs_manual_grading"] == "True", "the written answers wait for formgrader"
    assert float(reference["max_score"]) > float(reference["auto_score"])


def test_feedback_is_written_for_every_graded_student(graded_class):
    report, folder = graded_class
    students = {page.parts[-3] for page in report.feedback_pages}
    assert {"reference", "untouched", simulate.LOOPS_FOREVER} <= students
    assert simulate.KERNEL_DIES not in students
    page = next(p for p in report.feedback_pages if p.parts[-3] == "reference").read_text()
    reference = _outcome(report, "reference")
    assert f"Score: {reference.auto_score:.1f}" in page


def test_grading_again_gives_the_same_grades_csv(graded_class):
    report, _ = graded_class
    students = ["reference", f"mistake-{report.mistakes[0].student.removeprefix('mistake-')}",
                simulate.KERNEL_DIES, simulate.WARNS]
    before = _csv_rows(report)
    grade(report.lab, students=students, progress=lambda message: None)
    assert _csv_rows(report) == before


def test_a_resubmission_that_cannot_be_graded_leaves_no_stale_grade(graded_class, tmp_path):
    """Runs last: it replaces the reference student's graded notebook by one that is not JSON."""
    report, folder = graded_class
    (tmp_path / "reference").mkdir()
    (tmp_path / "reference" / notebook_name(report.lab)).write_text("not a notebook")
    collect(report.lab, tmp_path)
    row = next(r for r in _csv_rows(report) if r["student"] == "reference")
    assert float(row["score"]) == 0 and "not valid JSON" in row["problems"]
    assert not (folder / "autograded" / "reference" / report.lab).exists()
    assert not (folder / "feedback" / "reference" / report.lab).exists()


def _csv_rows(report):
    export_csv(report.lab, report.csv_path)
    with open(report.csv_path) as handle:
        return list(csv.DictReader(handle))
