"""Every lab's test cells, run in-process: the reference passes all, stubs and every mistake fail.

The same test cells run under nbgrader in test_pipeline.py; here they take a second, so a broken
check shows at once.
"""
import numpy as np
import pytest

from autograder.course import LABS
from autograder.mistakes import catalogue
from autograder.simulate import release_notebook
from notebook_cells import answer_cells, reference_answers, run_tests, setup_code

MISTAKES = [pytest.param(lab, m, id=f"{lab[:5]}-{m.name}") for lab in LABS for m in catalogue(lab)]


def _with_mistake(lab, mistake):
    answers = reference_answers(lab)
    answers[mistake.cell] = mistake.apply(answers[mistake.cell])
    return answers


@pytest.mark.parametrize("lab", LABS)
def test_the_reference_passes_every_test_cell(lab):
    failures = {k: v for k, v in run_tests(lab, reference_answers(lab)).items() if v is not None}
    assert not failures, failures


@pytest.mark.parametrize("lab", LABS)
def test_the_untouched_notebook_fails_every_test_cell_with_its_stub(lab):
    results = run_tests(lab, answer_cells(release_notebook(lab)))
    assert all(isinstance(err, NotImplementedError) for err in results.values()), results


@pytest.mark.parametrize("lab, mistake", MISTAKES)
def test_every_mistake_fails_the_cell_that_targets_it(lab, mistake):
    with np.errstate(all="ignore"):
        results = run_tests(lab, _with_mistake(lab, mistake))
    assert results[mistake.target] is not None, f"{mistake.name} ({mistake.why}) was not caught"


@pytest.mark.parametrize("lab", LABS)
def test_the_catalogue_covers_every_test_cell_and_has_at_least_8_mistakes(lab):
    mistakes = catalogue(lab)
    assert len(mistakes) >= 8
    assert {m.target for m in mistakes} == set(run_tests(lab, reference_answers(lab)))


def _visible_test_cells(lab):
    return {c.metadata["nbgrader"]["grade_id"]: c.source for c in release_notebook(lab).cells
            if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")}


@pytest.mark.parametrize("lab, mistake", MISTAKES)
def test_the_student_sees_every_mistake_before_submitting(lab, mistake):
    """The visible part of the target test cell alone fails, with an AssertionError that names
    the quantity checked (in backquotes) or says what overflowed."""
    namespace = {}
    exec(setup_code(lab), namespace)
    for source in _with_mistake(lab, mistake).values():
        exec(source, namespace)
    with np.errstate(all="ignore"), pytest.raises(AssertionError) as err:
        exec(_visible_test_cells(lab)[mistake.target], namespace)
    assert "`" in str(err.value) or "overflowed" in str(err.value), str(err.value)


@pytest.mark.parametrize("lab, mistake", MISTAKES)
def test_a_mistake_costs_only_the_cells_that_use_the_wrong_function_directly(lab, mistake):
    """The functions a graded function calls are replaced by stand-ins or the reference while it is
    checked, so a mistake fails its own test cell and no other."""
    with np.errstate(all="ignore"):
        failed = {cell for cell, err in run_tests(lab, _with_mistake(lab, mistake)).items() if err is not None}
    assert failed == {mistake.target}, failed
