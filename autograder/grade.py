"""Autograde a lab's submissions with nbgrader, one student at a time, into the gradebook.

nbgrader executes each notebook in a fresh kernel with the source's test cells (hidden tests
included) put back. One student's failure never stops the class: a kernel that dies or cannot be
interrupted is reported with the student's name, and a cell that never returns is interrupted
after the configured timeout, scored 0, and the rest of the notebook graded.
"""
import json
import tempfile
import time
from dataclasses import dataclass

from . import problems
from .course import check_lab, nbgrader_api, notebook_name, workdir
from .gradebook import forget_submission
from .release import release

# A kernel that dies before answering its first request has run none of the student's code: a fault
# of the machine (two kernels starting at once and taking the same port, say), worth trying again.
KERNEL_NEVER_STARTED = "Kernel died before replying to kernel_info"
ATTEMPTS = 3
_FAILURES = [
    ("DeadKernelError", "the kernel died while running the notebook (os._exit, a crash in compiled "
                        "code, or running out of memory): no cell could be graded; score 0"),
    ("UnresponsiveKernelError", "a cell never returned and the kernel could not be interrupted: "
                                "no cell could be graded; score 0"),
    ("CellTimeoutError", "a cell never returned and did not stop when interrupted (does the code catch "
                         "KeyboardInterrupt, with a bare except: for example?): no cell could be graded; score 0"),
    ("NotJSONError", "the notebook is not valid JSON: score 0"),
    (KERNEL_NEVER_STARTED,
     "the grading machine could not start a kernel (three tries), before any of the notebook ran: "
     "not the student's fault; grade this student again"),
]


@dataclass
class GradeResult:
    """How autograding one student's submission went."""
    student: str
    seconds: float   # wall-clock time of nbgrader's autograde
    success: bool    # False when nbgrader could not grade it (see the problems ledger)


def submitted_students(lab):
    """The students with a submission of `lab` in submitted/, sorted."""
    folder = workdir() / "submitted"
    if not folder.exists():
        return []
    return sorted(p.name for p in folder.iterdir() if (p / lab / notebook_name(lab)).exists())


def explain_failure(text):
    """A TA-readable reason for a failed autograde, from nbgrader's log and traceback."""
    for marker, message in _FAILURES:
        if marker in text:
            return message
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return f"nbgrader could not grade the notebook ({lines[-1] if lines else 'no log'}): score 0"


def interrupted_cells(lab, student):
    """(description, graded?) of each cell that hit the timeout in the autograded notebook."""
    path = workdir() / "autograded" / student / lab / notebook_name(lab)
    if not path.exists():
        return []
    hits = []
    for index, cell in enumerate(json.loads(path.read_text())["cells"]):
        if any(o.get("ename") in ("CellTimeoutError", "KeyboardInterrupt") for o in cell.get("outputs", [])):
            nbgrader = cell.get("metadata", {}).get("nbgrader", {})
            if nbgrader.get("grade"):
                hits.append((f"test cell {nbgrader['grade_id']!r}", True))
            else:
                hits.append((f"cell {index + 1} ({nbgrader.get('grade_id', 'not graded')})", False))
    return hits


def failure_text(result):
    """nbgrader's log and error of an API call, where the reason of a failure is."""
    return f"{result.get('log', '')}\n{result.get('error', '')}"


def autograde(api, lab, student):
    """nbgrader's autograde of one submission, tried again when the kernel never started."""
    for _ in range(ATTEMPTS):
        result = api.autograde(lab, student, force=True, create=True)
        if result["success"] or KERNEL_NEVER_STARTED not in failure_text(result):
            break
    return result


def ensure_assignment(lab):
    """Put the lab's source cells into the gradebook (nbgrader grades against them).

    The release is generated into a throw-away folder so that the committed labs/ is untouched.
    """
    with tempfile.TemporaryDirectory() as tmp:
        release(lab, release_directory=tmp)


def grade(lab, students=None, progress=print):
    """Autograde `students` (default: everyone submitted) for `lab`; return a GradeResult each."""
    check_lab(lab)
    ensure_assignment(lab)
    api = nbgrader_api()
    timeout = api.config.Execute.timeout
    students = students or submitted_students(lab)
    found, results = [], []
    for student in students:
        start = time.perf_counter()
        result = autograde(api, lab, student)
        seconds = time.perf_counter() - start
        results.append(GradeResult(student, seconds, result["success"]))
        if not result["success"]:
            message = explain_failure(failure_text(result))
            found.append(problems.Problem(lab, student, "grade", message, graded=False))
            forget_submission(lab, student)
        for cell, graded in interrupted_cells(lab, student):
            found.append(problems.Problem(
                lab, student, "grade", f"{cell} did not finish within {timeout} s and was interrupted"
                + ("; scored 0" if graded else ""), graded=True))
        progress(f"  graded {student:28s} {seconds:5.1f} s{'' if result['success'] else '  FAILED'}")
    problems.replace(lab, "grade", found, students)
    return results
