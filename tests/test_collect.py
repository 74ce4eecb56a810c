"""Tests for autograder.collect: every LMS layout lands in submitted/, every bad input is named.

Fast: nothing is executed, nbgrader is not involved. Each test collects into its own empty working
directory (``COURSE_WORKDIR``), so neither the repository's ``work/`` nor another test is touched.
Each submission is a tiny notebook that records its owner in its metadata, so a test can tell
which student's file was copied where.
"""
import os
import zipfile

import nbformat
import pytest

from autograder import problems
from autograder.__main__ import main
from autograder.collect import collect, student_id
from autograder.course import LABS, notebook_name
from autograder.grade import submitted_students

LAB = LABS[0]
NOTEBOOK = notebook_name(LAB)
NOT_JSON = '{"cells": [ this is not JSON'

@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """An empty working directory for one test: submitted/ and the problems ledger go there."""
    path = tmp_path / "work"
    monkeypatch.setenv("COURSE_WORKDIR", str(path))
    return path


def notebook(owner):
    """A small valid notebook, as text, that says whose it is."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("answer = 42")])
    nb.metadata["owner"] = owner
    return nbformat.writes(nb)


def write_files(root, files):
    """Write {relative path: text or bytes} under `root` and return `root`."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    return root


def write_zip(path, files):
    """Write {name in the archive: text or bytes} into the zip `path` and return `path`."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return path


def collected(workdir):
    """student -> owner of the notebook collected for them; fails on a notebook anywhere else."""
    submitted = workdir / "submitted"
    result = {}
    for path in sorted(submitted.rglob("*.ipynb")):
        parts = path.relative_to(submitted).parts
        assert len(parts) == 3 and parts[1:] == (LAB, NOTEBOOK), f"a notebook out of place: {path}"
        result[parts[0]] = nbformat.read(path, as_version=4).metadata["owner"]
    return result


def only_problem(found, student):
    """The one problem `collect` returned, naming `student`; also checks it is in the ledger."""
    assert [p.student for p in found] == [student], found
    assert problems.load() == found, "the ledger does not hold what collect returned"
    problem = found[0]
    assert (problem.lab, problem.stage) == (LAB, "collect")
    return problem


# ------------------------------------------------------------------------------------- layouts


def test_moodle_layout_one_folder_per_student(tmp_path, workdir):
    source = write_files(tmp_path / "class", {f"alice/{NOTEBOOK}": notebook("alice"),
                                              f"bob/{NOTEBOOK}": notebook("bob")})
    assert collect(LAB, source) == []
    assert collected(workdir) == {"alice": "alice", "bob": "bob"}
    assert problems.load() == []


def test_canvas_layout_student_id_is_the_text_before_the_first_underscore(tmp_path, workdir):
    source = write_files(tmp_path / "class", {f"alice_123_{NOTEBOOK}": notebook("alice"),
                                              f"bob_456_{NOTEBOOK}": notebook("bob")})
    found = collect(LAB, source)
    assert collected(workdir) == {"alice": "alice", "bob": "bob"}
    assert not [p for p in found if not p.graded], "a Canvas student was left without a grade"


def test_canvas_prefix_is_not_a_wrong_notebook_name(tmp_path, workdir):
    source = write_files(tmp_path / "class", {f"alice_123_{NOTEBOOK}": notebook("alice")})
    assert collect(LAB, source) == []


def _class_files(layout, wrapper):
    """Two students' archive entries in `layout`, under the top-level folder `wrapper` ('' or 'x/')."""
    names = {"moodle": {"alice": f"alice/{NOTEBOOK}", "bob": f"bob/{NOTEBOOK}"},
             "canvas": {"alice": f"alice_123_{NOTEBOOK}", "bob": f"bob_456_{NOTEBOOK}"}}[layout]
    return {wrapper + name: notebook(student) for student, name in names.items()}


@pytest.mark.parametrize("wrapper", ["", "submissions/"], ids=["at-top", "in-one-folder"])
@pytest.mark.parametrize("layout", ["moodle", "canvas"])
def test_zip_of_either_layout_with_or_without_a_wrapping_folder(tmp_path, workdir, layout, wrapper):
    archive = write_zip(tmp_path / "class.zip", _class_files(layout, wrapper))
    found = collect(LAB, archive)
    assert collected(workdir) == {"alice": "alice", "bob": "bob"}
    assert not [p for p in found if not p.graded], "a student was left without a grade"


@pytest.mark.parametrize("wrapper", ["", "submissions/"], ids=["at-top", "in-one-folder"])
def test_zip_from_macos_ignores_macosx_and_ds_store(tmp_path, workdir, wrapper):
    # macOS's "Compress" adds resource forks under __MACOSX/ that mirror every file, .ipynb
    # names included, and Finder's .DS_Store files; a folder compressed whole is wrapped, several
    # selected folders are not.
    apple_double = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        \x00\x02"
    files = _class_files("moodle", wrapper) | {
        f"__MACOSX/{wrapper}alice/._{NOTEBOOK}": apple_double,
        f"__MACOSX/{wrapper}bob/._{NOTEBOOK}": apple_double,
        f"{wrapper}.DS_Store": b"\x00\x00\x00\x01Bud1",
        f"{wrapper}alice/.DS_Store": b"\x00\x00\x00\x01Bud1",
    }
    assert collect(LAB, write_zip(tmp_path / "class.zip", files)) == []
    assert collected(workdir) == {"alice": "alice", "bob": "bob"}


# ------------------------------------------------------------------------------ bad submissions


@pytest.mark.parametrize("content, reason", [(NOT_JSON, "not valid JSON"),
                                             (b"\x89PNG\r\n\x1a\n\xff\xfe\x00", "not text")],
                         ids=["broken-json", "binary"])
def test_a_file_that_is_not_json_is_not_graded(tmp_path, workdir, content, reason):
    source = write_files(tmp_path / "class", {f"alice/{NOTEBOOK}": notebook("alice"),
                                              f"carol/{NOTEBOOK}": content})
    problem = only_problem(collect(LAB, source), "carol")
    assert not problem.graded
    assert NOTEBOOK in problem.message and "not a notebook" in problem.message
    assert reason in problem.message
    assert collected(workdir) == {"alice": "alice"}


@pytest.mark.parametrize("content", [
    pytest.param('{"hello": "world"}', id="object-without-nbformat"),
    pytest.param("[1, 2, 3]", id="list"),
    pytest.param('{"nbformat": 4, "nbformat_minor": 5}', id="no-cells"),
    pytest.param('{"nbformat": 99, "nbformat_minor": 0}', id="unknown-version"),
    pytest.param('{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": 3}', id="cells-not-a-list"),
])
def test_json_that_is_not_a_notebook_is_not_graded(tmp_path, workdir, content):
    source = write_files(tmp_path / "class", {f"alice/{NOTEBOOK}": notebook("alice"),
                                              f"carol/{NOTEBOOK}": content})
    problem = only_problem(collect(LAB, source), "carol")
    assert not problem.graded
    assert NOTEBOOK in problem.message and "JSON but not a valid notebook" in problem.message
    assert collected(workdir) == {"alice": "alice"}


def test_a_notebook_under_another_name_is_graded_with_a_note(tmp_path, workdir):
    wrong = f"{LAB} (1).ipynb"
    source = write_files(tmp_path / "class", {f"alice/{NOTEBOOK}": notebook("alice"),
                                              f"bob/{wrong}": notebook("bob")})
    problem = only_problem(collect(LAB, source), "bob")
    assert problem.graded
    assert repr(wrong) in problem.message and repr(NOTEBOOK) in problem.message
    assert "graded" in problem.message
    # bob's notebook is graded under the lab's name, as nbgrader requires.
    assert collected(workdir) == {"alice": "alice", "bob": "bob"}


def test_several_notebooks_none_named_right_are_not_graded(tmp_path, workdir):
    source = write_files(tmp_path / "class", {f"alice/{NOTEBOOK}": notebook("alice"),
                                              "bob/draft.ipynb": notebook("bob draft"),
                                              "bob/final.ipynb": notebook("bob final")})
    problem = only_problem(collect(LAB, source), "bob")
    assert not problem.graded
    assert "2 notebooks" in problem.message and "not graded" in problem.message
    assert "'draft.ipynb'" in problem.message and "'final.ipynb'" in problem.message
    assert collected(workdir) == {"alice": "alice"}


def test_the_rightly_named_notebook_wins_over_the_others(tmp_path, workdir):
    source = write_files(tmp_path / "class", {f"bob/{NOTEBOOK}": notebook("bob"),
                                              "bob/scratch.ipynb": notebook("bob scratch")})
    assert collect(LAB, source) == []
    assert collected(workdir) == {"bob": "bob"}


def test_a_folder_without_a_notebook_is_not_graded(tmp_path, workdir):
    source = write_files(tmp_path / "class", {f"alice/{NOTEBOOK}": notebook("alice"),
                                              "dave/answers.txt": "I forgot to upload the notebook\n"})
    problem = only_problem(collect(LAB, source), "dave")
    assert not problem.graded
    assert "no notebook found" in problem.message and NOTEBOOK in problem.message
    assert collected(workdir) == {"alice": "alice"}


def test_ipynb_checkpoints_are_ignored(tmp_path, workdir):
    wrong = f"{LAB} (1).ipynb"
    source = write_files(tmp_path / "class", {
        # Jupyter's autosave copy would otherwise make a second notebook, and bob would not be graded.
        f"bob/{wrong}": notebook("bob"),
        f"bob/.ipynb_checkpoints/{LAB} (1)-checkpoint.ipynb": notebook("bob checkpoint"),
        # A checkpoint alone is not a submission.
        f"erin/.ipynb_checkpoints/{LAB}-checkpoint.ipynb": notebook("erin checkpoint"),
        # A TA who opens the class folder in Jupyter leaves one at the top: it is not a student.
        f".ipynb_checkpoints/{LAB}-checkpoint.ipynb": notebook("TA checkpoint"),
    })
    found = collect(LAB, source)
    assert [p.student for p in found] == ["bob", "erin"]
    bob, erin = found
    assert bob.graded and repr(wrong) in bob.message
    assert not erin.graded and "no notebook found" in erin.message
    assert collected(workdir) == {"bob": "bob"}


# --------------------------------------------------------------------------------- student ids


@pytest.mark.parametrize("name, expected", [
    ("alice", "alice"),
    ("a.b_c-d", "a.b_c-d"),
    ("Anna Smith", "Anna-Smith"),
    ("José García", "Jose-Garcia"),
    ("a/b", "a-b"),
    ("a\\b", "a-b"),
    ("  spaced  out  ", "spaced-out"),
    ("///", "unnamed"),
])
def test_student_id_keeps_only_what_nbgrader_accepts(name, expected):
    assert student_id(name) == expected


def test_collect_sanitises_folder_names(tmp_path, workdir):
    source = write_files(tmp_path / "class", {f"Anna Smith/{NOTEBOOK}": notebook("Anna"),
                                              f"José García/{NOTEBOOK}": notebook("José"),
                                              f"O\\Brien/{NOTEBOOK}": notebook("O'Brien")})
    assert collect(LAB, source) == []
    assert collected(workdir) == {"Anna-Smith": "Anna", "Jose-Garcia": "José", "O-Brien": "O'Brien"}


# --------------------------------------------------------------------------------- re-collecting


def test_recollecting_replaces_submissions_and_the_same_students_problems(tmp_path, workdir):
    first = write_files(tmp_path / "first", {f"alice/{NOTEBOOK}": notebook("alice v1"),
                                             f"bob/{LAB} (1).ipynb": notebook("bob v1"),
                                             f"carol/{NOTEBOOK}": NOT_JSON,
                                             "dave/answers.txt": "no notebook\n"})
    found = collect(LAB, first)
    assert [p.student for p in found] == ["bob", "carol", "dave"]
    bob_problem, carol_problem, dave_problem = found
    assert "instead of" in bob_problem.message and "not valid JSON" in carol_problem.message
    assert "no notebook found" in dave_problem.message
    grading_problem = problems.Problem(LAB, "alice", "grade", "the kernel died", graded=False)
    problems.replace(LAB, "grade", [grading_problem], ["alice"])
    stray = workdir / "submitted" / "alice" / LAB / "left-over.txt"
    stray.write_text("from the first collection")

    # Late and corrected submissions for three of the four students; dave sends nothing new.
    second = write_files(tmp_path / "second", {f"alice/{NOTEBOOK}": notebook("alice v2"),
                                               f"bob/{NOTEBOOK}": notebook("bob v2"),
                                               f"carol/{NOTEBOOK}": notebook("carol v2")})
    assert collect(LAB, second) == []
    assert collected(workdir) == {"alice": "alice v2", "bob": "bob v2", "carol": "carol v2"}
    assert not stray.exists(), "the earlier submission's folder was not replaced"
    # bob's and carol's collect problems are gone; dave's stays (he was not re-collected), and so
    # does alice's grading problem (another stage, replaced only by grading again).
    assert set(problems.load()) == {dave_problem, grading_problem}


def test_an_unreadable_resubmission_removes_the_earlier_one(tmp_path, workdir):
    collect(LAB, write_files(tmp_path / "first", {f"alice/{NOTEBOOK}": notebook("alice v1")}))
    found = collect(LAB, write_files(tmp_path / "second", {f"alice/{NOTEBOOK}": NOT_JSON}))
    assert not only_problem(found, "alice").graded
    # The ledger says alice has no grade: grading must not find her earlier notebook.
    assert submitted_students(LAB) == []


# ---------------------------------------------------------------------------------- bad calls


def test_an_unknown_lab_is_refused_with_the_list_of_labs(tmp_path, workdir):
    with pytest.raises(ValueError, match="unknown lab 'lab99'") as info:
        collect("lab99", tmp_path)
    assert LAB in str(info.value)


def test_a_missing_path_is_refused(tmp_path, workdir):
    with pytest.raises(FileNotFoundError, match="no such folder or zip") as info:
        collect(LAB, tmp_path / "nowhere.zip")
    assert "nowhere.zip" in str(info.value)


def test_a_file_that_is_not_a_zip_is_refused(tmp_path, workdir):
    path = write_files(tmp_path, {NOTEBOOK: notebook("alice")}) / NOTEBOOK
    with pytest.raises(ValueError, match="neither a folder nor a zip"):
        collect(LAB, path)


# ------------------------------------------------------------------------------------------ CLI


def test_cli_collect_prints_each_problem_and_succeeds(tmp_path, workdir, capsys):
    source = write_files(tmp_path / "class", {f"alice/{NOTEBOOK}": notebook("alice"),
                                              f"carol/{NOTEBOOK}": NOT_JSON,
                                              "dave/answers.txt": "no notebook\n"})
    assert main(["collect", LAB, str(source)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines if line.startswith("problem")] == \
        ["problem  carol", "problem  dave"]
    assert any("not valid JSON" in line for line in lines)
    assert any("no notebook found" in line for line in lines)
    assert f"collected into {workdir / 'submitted'}" in lines
    assert collected(workdir) == {"alice": "alice"}


def test_cli_collect_missing_path_returns_2_with_a_message(tmp_path, workdir, capsys):
    assert main(["collect", LAB, str(tmp_path / "nowhere")]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("error: no such folder or zip") and "nowhere" in captured.err
    assert not (workdir / "submitted").exists()


def test_cli_collect_unknown_lab_is_a_usage_error(tmp_path, workdir, capsys):
    with pytest.raises(SystemExit) as info:
        main(["collect", "lab99", str(tmp_path)])
    assert info.value.code == 2
    assert "invalid choice: 'lab99'" in capsys.readouterr().err


# ------------------------------------------------------------------- fixed after a second reading


def test_two_names_that_map_to_one_id_are_both_collected_and_reported(tmp_path, workdir):
    source = write_files(tmp_path / "class", {f"Zoë M/{NOTEBOOK}": notebook("Zoë"),
                                              f"Zoé M/{NOTEBOOK}": notebook("Zoé")})
    found = collect(LAB, source)
    assert sorted(collected(workdir).values()) == ["Zoé", "Zoë"]
    assert sorted(collected(workdir)) == ["Zoe-M", "Zoe-M-2"]
    problem = only_problem(found, "Zoe-M-2")
    assert "also maps to the id 'Zoe-M'" in problem.message and problem.graded


def test_a_canvas_upload_that_is_not_a_notebook_is_reported(tmp_path, workdir):
    source = write_files(tmp_path / "class", {f"alice_123_{NOTEBOOK}": notebook("alice"),
                                              "bob_456_answers.txt": "my answers"})
    problem = only_problem(collect(LAB, source), "bob")
    assert "no notebook found (found answers.txt)" in problem.message and not problem.graded


def test_a_zip_of_one_student_folder_is_not_unwrapped(tmp_path, workdir):
    archive = write_zip(tmp_path / "one.zip", {f"alice/{LAB} (1).ipynb": notebook("alice")})
    problem = only_problem(collect(LAB, archive), "alice")
    assert collected(workdir) == {"alice": "alice"}
    assert "instead of" in problem.message


def test_an_upper_case_extension_is_a_notebook(tmp_path, workdir):
    source = write_files(tmp_path / "class", {f"alice/{LAB}.IPYNB": notebook("alice")})
    collect(LAB, source)
    assert collected(workdir) == {"alice": "alice"}


def test_of_two_canvas_resubmissions_the_newest_is_graded(tmp_path, workdir):
    source = write_files(tmp_path / "class", {f"alice_123_1_{NOTEBOOK}": notebook("first"),
                                              f"alice_123_2_{NOTEBOOK}": notebook("second")})
    os.utime(source / f"alice_123_1_{NOTEBOOK}", (1_000_000, 1_000_000))
    problem = only_problem(collect(LAB, source), "alice")
    assert collected(workdir) == {"alice": "second"}
    assert "graded the newest" in problem.message and problem.graded


@pytest.mark.parametrize("code", [
    "from course_lib.reference.softmax_regression import softmax",
    "import course_lib.hidden_checks.lab01_logistic_regression as h",
    "from course_lib import reference",
    "importlib.import_module('course_lib.reference.optim')",
])
def test_a_notebook_that_imports_the_answers_is_not_graded(tmp_path, workdir, code):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import numpy as np"),
                                         nbformat.v4.new_code_cell(code)])
    nb.metadata["owner"] = "mallory"
    source = write_files(tmp_path / "class", {f"alice/{NOTEBOOK}": notebook("alice"),
                                              f"mallory/{NOTEBOOK}": nbformat.writes(nb)})
    problem = only_problem(collect(LAB, source), "mallory")
    assert "cell 2 imports the reference answers" in problem.message and not problem.graded
    assert collected(workdir) == {"alice": "alice"}


def test_the_toolkit_imports_of_a_real_notebook_are_not_flagged(tmp_path, workdir):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "from course_lib.data import load_mnist_5k\n"
        "from course_lib.visible_checks import lab01_logistic_regression as checks\n"
        "reference_point = 1.0")])
    nb.metadata["owner"] = "alice"
    assert collect(LAB, write_files(tmp_path / "class", {f"alice/{NOTEBOOK}": nbformat.writes(nb)})) == []
