"""Autograding one submission: a kernel that never started is tried again, a student's failure is not."""
from autograder.grade import ATTEMPTS, KERNEL_NEVER_STARTED, autograde, explain_failure


class FakeAPI:
    """An NbGraderAPI whose autograde returns the given results in turn, and counts its calls."""

    def __init__(self, *results):
        self.results, self.calls = list(results), 0

    def autograde(self, lab, student, force, create):
        self.calls += 1
        return self.results.pop(0)


NEVER_STARTED = {"success": False, "log": "", "error": f"RuntimeError: {KERNEL_NEVER_STARTED}"}


def test_a_kernel_that_never_started_is_started_again():
    api = FakeAPI(NEVER_STARTED, {"success": True})
    assert autograde(api, "lab", "alice")["success"] and api.calls == 2


def test_it_is_tried_a_bounded_number_of_times_and_then_reported_as_the_machines_fault():
    api = FakeAPI(*[NEVER_STARTED] * ATTEMPTS)
    result = autograde(api, "lab", "alice")
    assert not result["success"] and api.calls == ATTEMPTS
    assert "not the student's fault" in explain_failure(result["error"])


def test_a_kernel_the_notebook_killed_is_not_graded_again():
    died = {"success": False, "log": "DeadKernelError: Kernel died", "error": ""}
    api = FakeAPI(died, {"success": True})
    assert not autograde(api, "lab", "alice")["success"] and api.calls == 1
    assert "the kernel died while running the notebook" in explain_failure(died["log"])
