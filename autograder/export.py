"""The grades of a lab as rows and as a CSV: every student, graded or not, with their problems."""
import csv
from dataclasses import asdict, dataclass

from nbgrader.api import Gradebook, MissingEntry

from . import problems
from .course import check_lab, nbgrader_api


@dataclass
class GradeRow:
    """One line of the grades CSV."""
    student: str
    lab: str
    auto_score: float      # points from the autograded test cells
    manual_score: float    # points given so far in formgrader to written answers
    score: float           # total so far
    max_score: float
    needs_manual_grading: bool
    problems: str          # what went wrong while collecting or grading, "" if nothing


def grade_rows(lab):
    """One row per student who submitted `lab` or had a problem, sorted by student."""
    check_lab(lab)
    db_url = nbgrader_api().coursedir.db_url
    ledger = problems.for_lab(lab)
    rows = {}
    with Gradebook(db_url) as gb:
        try:
            assignment = gb.find_assignment(lab)
        except MissingEntry:
            assignment = None
        max_score = assignment.max_score if assignment else 0.0
        for submission in assignment.submissions if assignment else []:
            student = submission.student.id
            rows[student] = GradeRow(
                student, lab, submission.code_score, submission.written_score, submission.score,
                submission.max_score, submission.needs_manual_grade,
                "; ".join(p.message for p in ledger.get(student, [])))
    for student, found in ledger.items():
        if student not in rows:
            rows[student] = GradeRow(student, lab, 0.0, 0.0, 0.0, max_score, False,
                                     "; ".join(p.message for p in found))
    return [rows[s] for s in sorted(rows)]


def export_csv(lab, path):
    """Write :func:`grade_rows` to `path` as CSV with a header; return the rows."""
    rows = grade_rows(lab)
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(GradeRow.__dataclass_fields__))
        writer.writeheader()
        writer.writerows(asdict(r) for r in rows)
    return rows
