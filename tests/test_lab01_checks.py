"""Lab 1's test cells, run in-process: the reference passes all, stubs and every mistake fail.

The same test cells run under nbgrader in test_pipeline.py; here they take a second, so a broken
check shows at once.
"""
import numpy as np
import pytest

from autograder.mistakes import catalogue
from autograder.simulate import release_notebook
from notebook_cells import answer_cells, reference_answers, run_tests, setup_code

LAB = "lab01_logistic_regression"


def test_the_reference_passes_every_test_cell():
    failures = {k: v for k, v in run_tests(LAB, reference_answers(LAB)).items() if v is not None}
    assert not failures, failures


def test_the_untouched_notebook_fails_every_test_cell_with_its_stub():
    results = run_tests(LAB, answer_cells(release_notebook(LAB)))
    assert all(isinstance(err, NotImplementedError) for err in results.values()), results


@pytest.mark.parametrize("mistake", catalogue(LAB), ids=lambda m: m.name)
def test_every_mistake_fails_the_cell_that_targets_it(mistake):
    answers = reference_answers(LAB)
    answers[mistake.cell] = mistake.apply(answers[mistake.cell])
    with np.errstate(all="ignore"):
        results = run_tests(LAB, answers)
    assert results[mistake.target] is not None, f"{mistake.name} ({mistake.why}) was not caught"


def test_the_catalogue_covers_every_test_cell_and_has_at_least_8_mistakes():
    mistakes = catalogue(LAB)
    assert len(mistakes) >= 8
    assert {m.target for m in mistakes} == set(run_tests(LAB, reference_answers(LAB)))


def _visible_test_cells():
    return {c.metadata["nbgrader"]["grade_id"]: c.source for c in release_notebook(LAB).cells
            if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")}


@pytest.mark.parametrize("mistake", catalogue(LAB), ids=lambda m: m.name)
def test_the_student_sees_the_mistakes_the_catalogue_calls_visible(mistake):
    """A visible mistake fails the release's test cell with a readable AssertionError; the others
    pass it (the catalogue says which), and only the hidden tests catch them."""
    answers = reference_answers(LAB)
    answers[mistake.cell] = mistake.apply(answers[mistake.cell])
    namespace = {}
    exec(setup_code(LAB), namespace)
    for source in answers.values():
        exec(source, namespace)
    with np.errstate(all="ignore"):
        if not mistake.visible:
            exec(_visible_test_cells()[mistake.target], namespace)
            return
        with pytest.raises(AssertionError) as err:
            exec(_visible_test_cells()[mistake.target], namespace)
    # The message names the quantity checked, in backquotes, or says what overflowed.
    assert "`" in str(err.value) or "overflowed" in str(err.value), str(err.value)
