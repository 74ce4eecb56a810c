"""What the kit does to the gradebook beyond nbgrader's own commands: forget a stale grade.

When a student's new submission cannot be graded (not a notebook, or the kernel died), the grade of
their previous submission must not survive into the export as if it were for the new one.
"""
import shutil

from nbgrader.api import Gradebook, MissingEntry

from .course import gradebook_path, nbgrader_api, workdir


def forget_submission(lab, student):
    """Remove `student`'s grades of `lab` from the gradebook, and their autograded notebook and
    feedback page; nothing happens where there is nothing."""
    if gradebook_path().exists():  # opening a missing gradebook would create one
        with Gradebook(nbgrader_api().coursedir.db_url) as gb:
            try:
                gb.remove_submission(lab, student)
            except MissingEntry:
                pass  # never graded: nothing to forget
    for step in ("autograded", "feedback"):
        folder = workdir() / step / student / lab
        if folder.exists():
            shutil.rmtree(folder)
