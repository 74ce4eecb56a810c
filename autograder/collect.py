"""Take a class's submissions, as a folder or as a zip an LMS exports, into nbgrader's submitted/.

Two layouts are understood, inside a folder or a zip alike, with or without one wrapping folder:

- one folder per student, named by the student's id, holding the notebook
  (``alice/lab01_logistic_regression.ipynb``; Moodle exports this way);
- files side by side, the student's id before the first underscore, then the LMS's numeric ids
  and the file's own name (``alice_123_456_lab01_logistic_regression.ipynb``; Canvas exports this way).

Every student is checked before grading: a notebook that is not JSON or not a notebook, a notebook
under another name, several notebooks, no notebook, two names that map to one id, code that imports
the reference answers (the grading environment has them). Each finding is a
:class:`~autograder.problems.Problem` naming the student; the rest of the class goes on.
"""
import json
import re
import shutil
import tempfile
import unicodedata
import zipfile
from pathlib import Path

import nbformat

from . import problems
from .course import check_lab, notebook_name, workdir
from .gradebook import forget_submission

_NOT_AN_ID = re.compile(r"[^A-Za-z0-9_.-]+")
# Canvas: "<name>_[LATE_]<user id>_<submission id>_<original file name>"
_CANVAS_FILE = re.compile(r"^[^_]+_(?:LATE_)?\d+_(?:\d+_)?(?P<original>.+)$")
_IGNORED = (".", "__MACOSX")
# The packages only grading has; a submission that names them is copying the answers.
_ANSWER_IMPORT = re.compile(r"course_lib\s*(\.|\s+import\s+[\w\s,()]*?\b)\s*(reference|hidden_checks)\b")


def student_id(name):
    """A student id nbgrader accepts: accents dropped, then anything but letters, digits, '_', '.',
    '-' becomes '-'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return _NOT_AN_ID.sub("-", ascii_name).strip("-.") or "unnamed"


def _is_notebook(path):
    return path.suffix.lower() == ".ipynb"


def _files(folder):
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(_IGNORED)
                  and ".ipynb_checkpoints" not in p.parts and "__MACOSX" not in p.parts)


def _entries(folder):
    return [p for p in sorted(folder.iterdir()) if not p.name.startswith(_IGNORED)]


def original_name(path):
    """The file's name as the student saved it: Canvas's prefix of ids removed."""
    match = _CANVAS_FILE.match(path.name)
    return match["original"] if match else path.name


def find_submissions(root):
    """student id -> (the name it came from, list of the student's files), from either layout.

    Two names that map to the same id get distinct ids ("-2", "-3", ...).
    """
    by_name = {}
    for entry in _entries(Path(root)):
        if entry.is_dir():
            by_name.setdefault(entry.name, []).extend(_files(entry))
        elif entry.name != ".ipynb_checkpoints":
            by_name.setdefault(entry.name.split("_", 1)[0] if "_" in entry.name else entry.stem, []).append(entry)
    found = {}
    for name, files in by_name.items():
        sid, n = student_id(name), 1
        while sid in found:
            n += 1
            sid = f"{student_id(name)}-{n}"
        found[sid] = (name, files)
    return found


def _read_problem(path):
    """Why `path` is not a notebook nbgrader can grade, or None when it is."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return f"{original_name(path)} is not a notebook: it is not text"
    try:
        json.loads(text)
    except json.JSONDecodeError as err:
        return f"{original_name(path)} is not a notebook: it is not valid JSON ({err})"
    try:
        nbformat.validate(nbformat.reads(text, as_version=4))
    # nbformat reports a malformed notebook with any of these, depending on where it breaks.
    except (nbformat.ValidationError, nbformat.NBFormatError, KeyError, TypeError, AttributeError) as err:
        first_line = str(err).splitlines()[0] if str(err) else type(err).__name__
        return f"{original_name(path)} is JSON but not a valid notebook ({first_line})"
    return None


def _answer_import_problem(path):
    """Why `path` must not be graded because it imports the answers, or None."""
    nb = nbformat.read(path, as_version=4)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and (match := _ANSWER_IMPORT.search(cell.source)):
            return (f"cell {index + 1} imports the reference answers ({match.group(0)!r}): not graded; "
                    "look at the notebook before giving a grade")
    return None


def choose_notebook(lab, files):
    """Pick the student's notebook for `lab` among their files: (path or None, problem messages)."""
    expected = notebook_name(lab)
    notebooks = [p for p in files if _is_notebook(p)]
    if not notebooks:
        others = f" (found {', '.join(original_name(p) for p in files)})" if files else ""
        return None, [f"no notebook found{others}; expected {expected}"]
    named = [p for p in notebooks if original_name(p) == expected]
    if len(named) == 1:
        return named[0], []
    if len(named) > 1:
        newest = max(named, key=lambda p: (p.stat().st_mtime, p.name))
        return newest, [f"{len(named)} notebooks named {expected}; graded the newest, {newest.name}"]
    if len(notebooks) == 1:
        return notebooks[0], [f"notebook named {original_name(notebooks[0])!r} instead of {expected!r}; "
                              "graded as that lab's notebook"]
    names = ", ".join(repr(original_name(p)) for p in notebooks)
    return None, [f"{len(notebooks)} notebooks ({names}) and none named {expected!r}: not graded"]


def _class_root(root):
    """The folder that holds the students: a lone wrapping folder (as LMS zips have) is unwrapped.

    A lone folder is a wrapper when it holds folders or Canvas-named files; otherwise it is the
    folder of a class of one.
    """
    entries = _entries(root)
    if len(entries) == 1 and entries[0].is_dir():
        inner = _entries(entries[0])
        if any(p.is_dir() and p.name != ".ipynb_checkpoints" for p in inner) or any(
                _CANVAS_FILE.match(p.name) for p in inner):
            return entries[0]
    return root


def collect(lab, source):
    """Copy every valid submission of `lab` from `source` (a folder or a .zip) into submitted/.

    A student's earlier submission is replaced, or removed when the new one cannot be graded.
    Returns the list of problems found; they are also recorded in the ledger.
    """
    check_lab(lab)
    source = Path(source)
    if not source.exists():
        raise FileNotFoundError(f"no such folder or zip: {source}")
    with tempfile.TemporaryDirectory() as tmp:
        if source.is_file():
            if not zipfile.is_zipfile(source):
                raise ValueError(f"{source} is neither a folder nor a zip file")
            with zipfile.ZipFile(source) as archive:
                archive.extractall(tmp)
            root = _class_root(Path(tmp))
        else:
            root = _class_root(source)
        found = []
        submissions = find_submissions(root)
        for student, (name, files) in submissions.items():
            path, messages = choose_notebook(lab, files)
            if path is not None and (error := _read_problem(path) or _answer_import_problem(path)):
                path, messages = None, messages + [error]
            if student != student_id(name):
                messages.append(f"another submission also maps to the id {student_id(name)!r}; "
                                f"{name!r} is graded as {student!r}")
            found += [problems.Problem(lab, student, "collect", m, path is not None) for m in messages]
            dest = workdir() / "submitted" / student / lab
            if dest.exists():
                shutil.rmtree(dest)
            if path is None:
                forget_submission(lab, student)
            else:
                dest.mkdir(parents=True)
                shutil.copyfile(path, dest / notebook_name(lab))
    problems.replace(lab, "collect", found, submissions)
    return found
