"""The ledger of problems found while collecting and grading, kept beside the gradebook.

A problem names a student, a lab and what went wrong in words a TA can act on. The ledger is a JSON
file, ``problems.json`` in the working directory, so that the grades export can list every student,
including those nbgrader could not grade.
"""
import json
from dataclasses import asdict, dataclass

from .course import workdir


@dataclass(frozen=True)
class Problem:
    """Something a TA must know about one student's submission of one lab."""
    lab: str
    student: str
    stage: str       # "collect" or "grade"
    message: str
    graded: bool     # whether the student still has a grade (a note) or has none (a failure)

    def __str__(self):
        return f"{self.student}: {self.message}"


def _path():
    return workdir() / "problems.json"


def load():
    """Every recorded problem, in the order recorded."""
    if not _path().exists():
        return []
    return [Problem(**p) for p in json.loads(_path().read_text())]


def replace(lab, stage, problems, students):
    """Record `problems` for one lab and stage, dropping the earlier ones of those `students`."""
    students = set(students)
    kept = [p for p in load() if not (p.lab == lab and p.stage == stage and p.student in students)]
    _path().parent.mkdir(parents=True, exist_ok=True)
    _path().write_text(json.dumps([asdict(p) for p in kept + list(problems)], indent=1))


def for_lab(lab):
    """student -> list of problems, for one lab."""
    result = {}
    for p in load():
        if p.lab == lab:
            result.setdefault(p.student, []).append(p)
    return result
