"""Grade a simulated class of every lab through the real pipeline and say whether the tests hold.

For each lab: generate the release, write the simulated class (:mod:`autograder.simulate`), zip it
as an LMS would, collect, autograde with nbgrader into a fresh gradebook, write feedback, export the
grades CSV, and check every expectation: the reference earns every autograded point, the untouched
notebook none, each catalogued mistake loses the points of the test cell that targets it (the kill
rate), and every bad input is reported by name while the rest of the class is graded.
"""
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.api import Gradebook

from . import simulate
from .collect import collect
from .course import LABS, nbgrader_api, workdir
from .export import export_csv
from .feedback import generate_feedback
from .grade import grade
from .release import release


@dataclass
class Outcome:
    """One simulated student's result, and whether it is what the simulated class expects."""
    student: str
    expectation: str   # "full", "zero", "mistake", "partial" or "fails" (see simulate.write_class)
    auto_score: float
    auto_max: float
    problems: str      # the grades CSV's problems column
    holds: bool
    detail: str = ""   # why not, when it does not hold


@dataclass
class ClassReport:
    """The simulated class of one lab, graded: every outcome, the CSV and the feedback pages."""
    lab: str
    outcomes: list = field(default_factory=list)
    csv_path: Path = None
    feedback_pages: list = field(default_factory=list)

    @property
    def mistakes(self):
        return [o for o in self.outcomes if o.expectation == "mistake"]

    @property
    def kill_rate(self):
        caught = sum(o.holds for o in self.mistakes)
        return caught / len(self.mistakes) if self.mistakes else 0.0

    @property
    def all_hold(self):
        return all(o.holds for o in self.outcomes)


def _cell_score(gb, lab, student, grade_id):
    grade = gb.find_grade(grade_id, lab, lab, student)
    return grade.score, grade.max_score


def _judge(expectation, mistake, row, gb, lab, auto_max):
    """Whether a student's result is what the simulated class expects, and why not."""
    if expectation == "fails":
        return (row is not None and row.problems != "" and row.auto_score == 0,
                "expected a reported problem and no points")
    if row is None:
        return False, "no grade at all"
    if expectation == "full":
        return row.auto_score == auto_max, f"expected all {auto_max:g} autograded points"
    if expectation == "zero":
        return row.auto_score == 0, "expected 0 points"
    if expectation == "partial":
        return (0 < row.auto_score < auto_max and "interrupted" in row.problems,
                "expected the looping cells interrupted and the rest graded")
    score, max_score = _cell_score(gb, lab, row.student, mistake.target)
    return score < max_score, f"{mistake.target}: {score:g}/{max_score:g}"


def run_simulated_class(lab, folder, progress=print):
    """Run the whole pipeline on the simulated class of `lab` in the working directory `folder`."""
    os.environ["COURSE_WORKDIR"] = str(Path(folder).resolve())
    if workdir().exists():
        shutil.rmtree(workdir())
    workdir().mkdir(parents=True)
    class_dir = workdir() / "class" / lab
    expected = simulate.write_class(lab, class_dir)
    zipped = simulate.zip_folder(class_dir, workdir() / f"{lab}-submissions.zip")
    progress(f"{lab}: collecting {len(expected)} submissions from {zipped.name}")
    for problem in collect(lab, zipped):
        progress(f"  problem  {problem}")
    report = ClassReport(lab)
    grade(lab, progress=progress)
    report.feedback_pages = generate_feedback(lab)
    report.csv_path = workdir() / f"{lab}-grades.csv"
    rows = {r.student: r for r in export_csv(lab, report.csv_path)}
    with Gradebook(nbgrader_api().coursedir.db_url) as gb:
        auto_max = gb.find_assignment(lab).max_code_score
        for student, (expectation, mistake) in expected.items():
            row = rows.get(student)
            holds, detail = _judge(expectation, mistake, row, gb, lab, auto_max)
            report.outcomes.append(Outcome(
                student, expectation, row.auto_score if row else 0.0, auto_max,
                row.problems if row else "", holds, "" if holds else detail))
    return report


def print_report(report, out=print):
    out(f"\n{report.lab}: simulated class")
    out(f"{'student':42s} {'score':>6s} {'max':>5s}  {'expected':9s} {'ok':3s} problems")
    for o in report.outcomes:
        out(f"{o.student:42s} {o.auto_score:6.1f} {o.auto_max:5.1f}  {o.expectation:9s} "
            f"{'yes' if o.holds else 'NO':3s} {o.problems}{'  <- ' + o.detail if o.detail else ''}")
    caught = sum(o.holds for o in report.mistakes)
    out(f"kill rate: {caught}/{len(report.mistakes)} catalogued mistakes lost the points of their "
        f"target cell ({100 * report.kill_rate:.0f}%)")
    out(f"grades CSV: {report.csv_path}")
    out(f"feedback: {len(report.feedback_pages)} pages in {workdir() / 'feedback'}")
    out("(scores are the autograded points; written answers wait for formgrader)")


DEMO_CELL_TIMEOUT = "20"  # seconds, not real grading's 60: the looping student hits it three times


def main(labs=LABS, folder=None):
    """Release and grade every lab's simulated class; return 0 when every expectation holds."""
    folder = Path(folder or Path(workdir()) / "demo")
    os.environ.setdefault("COURSE_CELL_TIMEOUT", DEMO_CELL_TIMEOUT)
    print(f"cell timeout for this demo: {os.environ['COURSE_CELL_TIMEOUT']} s (COURSE_CELL_TIMEOUT)")
    ok = True
    for lab in labs:
        # The release registers the lab in a gradebook: the demo's own, not the TA's.
        os.environ["COURSE_WORKDIR"] = str((folder / lab).resolve())
        release(lab)
        report = run_simulated_class(lab, folder / lab)
        print_report(report)
        ok &= report.all_hold
    print("\nevery expectation holds" if ok else "\nSOME EXPECTATIONS FAILED (marked NO above)")
    return 0 if ok else 1
