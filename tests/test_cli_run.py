"""`python -m autograder run LAB SUBMISSIONS`, the TA's one command, end to end on a class of two."""
import csv

import nbformat

from autograder.__main__ import main
from autograder.course import notebook_name
from autograder.simulate import reference_submission

LAB = "lab01_logistic_regression"  # 20 autograded points


def test_run_collects_grades_writes_feedback_and_exports(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COURSE_WORKDIR", str(tmp_path / "work"))
    (tmp_path / "class" / "alice").mkdir(parents=True)
    nbformat.write(reference_submission(LAB), tmp_path / "class" / "alice" / notebook_name(LAB))
    (tmp_path / "class" / "bob").mkdir()
    (tmp_path / "class" / "bob" / "notes.txt").write_text("no notebook")
    assert main(["run", LAB, str(tmp_path / "class")]) == 0
    printed = capsys.readouterr().out
    assert "bob: no notebook found" in printed and "1 feedback pages" in printed
    with open(tmp_path / "work" / f"{LAB}-grades.csv") as handle:
        rows = {r["student"]: r for r in csv.DictReader(handle)}
    assert float(rows["alice"]["auto_score"]) == 20.0 and rows["alice"]["problems"] == ""
    assert float(rows["bob"]["score"]) == 0.0 and "no notebook found" in rows["bob"]["problems"]
