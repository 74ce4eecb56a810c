"""Take a class's submissions, as a folder or as a zip an LMS exports, into nbgrader's submitted/.

Two layouts are understood, inside a folder or a zip alike:

- one folder per student, named by the student's id, holding the notebook
  (``alice/lab01_logistic_regression.ipynb``; Moodle exports this way);
- notebooks side by side, the student's id before the first underscore
  (``alice_123_lab01_logistic_regression.ipynb``; Canvas exports this way).

Every student is checked before grading: a notebook that is not JSON or not a notebook, a notebook
under another name, a folder with no notebook or with several. Each finding is a
:class:`~autograder.problems.Problem` naming the student; the rest of the class goes on.
"""
import json
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

import nbformat

from . import problems
from .course import check_lab, notebook_name, workdir

_STUDENT_ID = re.compile(r"[^A-Za-z0-9_.-]+")


def student_id(name):
    """A student id nbgrader accepts: letters, digits, '_', '.', '-'; anything else becomes '-'."""
    return _STUDENT_ID.sub("-", name).strip("-.") or "unnamed"


def _notebooks(folder):
    return sorted(p for p in folder.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def find_submissions(root):
    """student id -> list of notebook paths, from either layout (see the module docstring)."""
    found = {}
    for entry in sorted(Path(root).iterdir()):
        if entry.name.startswith((".", "__MACOSX")):
            continue
        if entry.is_dir():
            found.setdefault(student_id(entry.name), []).extend(_notebooks(entry))
        elif entry.suffix == ".ipynb":
            found.setdefault(student_id(entry.name.split("_", 1)[0]), []).append(entry)
    return found


def _read_problem(path):
    """Why `path` is not a notebook nbgrader can grade, or None when it is."""
    try:
        nbformat.validate(nbformat.read(path, as_version=4))
    except (json.JSONDecodeError, nbformat.reader.NotJSONError) as err:
        return f"{path.name} is not a notebook: it is not valid JSON ({err})"
    except UnicodeDecodeError:
        return f"{path.name} is not a notebook: it is not text"
    except (nbformat.ValidationError, nbformat.reader.NBFormatError, KeyError, AttributeError) as err:
        first_line = str(err).splitlines()[0] if str(err) else type(err).__name__
        return f"{path.name} is JSON but not a valid notebook ({first_line})"
    return None


def choose_notebook(lab, notebooks):
    """Pick the student's notebook for `lab`: (path or None, list of problem messages, graded?)."""
    expected = notebook_name(lab)
    if not notebooks:
        return None, [f"no notebook found (expected {expected})"]
    named = [p for p in notebooks if p.name == expected]
    if named:
        return named[0], []
    if len(notebooks) == 1:
        return notebooks[0], [f"notebook named {notebooks[0].name!r} instead of {expected!r}; "
                              "graded as that lab's notebook"]
    names = ", ".join(repr(p.name) for p in notebooks)
    return None, [f"{len(notebooks)} notebooks ({names}) and none named {expected!r}: not graded"]


def collect(lab, source):
    """Copy every valid submission of `lab` from `source` (a folder or a .zip) into submitted/.

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
            root = Path(tmp)
            # A zip that wraps everything in one top-level folder is unwrapped.
            entries = [p for p in root.iterdir() if not p.name.startswith((".", "__MACOSX"))]
            if len(entries) == 1 and entries[0].is_dir() and not _notebooks_at_top(entries[0], lab):
                root = entries[0]
        else:
            root = source
        found = []
        submissions = find_submissions(root)
        for student, notebooks in submissions.items():
            path, messages = choose_notebook(lab, notebooks)
            if path is not None and (error := _read_problem(path)):
                path, messages = None, messages + [error]
            graded = path is not None
            found += [problems.Problem(lab, student, "collect", m, graded) for m in messages]
            if graded:
                dest = workdir() / "submitted" / student / lab
                if dest.exists():
                    shutil.rmtree(dest)
                dest.mkdir(parents=True)
                shutil.copyfile(path, dest / notebook_name(lab))
    problems.replace(lab, "collect", found, submissions)
    return found


def _notebooks_at_top(folder, lab):
    """Whether `folder` is itself one student's folder (it holds the lab's notebook directly)."""
    return (folder / notebook_name(lab)).exists()
