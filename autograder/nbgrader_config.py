"""nbgrader configuration for the lab kit.

nbgrader's source and release directories are the repository's ``solutions/`` and ``labs/``;
everything a grading run produces (submitted/, autograded/, feedback/, gradebook.db) lives in a
git-ignored working directory, ``work/`` by default or ``$COURSE_WORKDIR``.
"""
import os

from autograder.course import REPO, gradebook_path, workdir

c = get_config()  # noqa: F821  (injected by traitlets when it loads this file)

WORKDIR = workdir()
WORKDIR.mkdir(parents=True, exist_ok=True)  # the gradebook cannot be created in a missing folder

c.CourseDirectory.root = str(REPO)
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "labs"
# Absolute paths: nbgrader joins them onto the root, and an absolute path wins the join.
c.CourseDirectory.submitted_directory = str(WORKDIR / "submitted")
c.CourseDirectory.autograded_directory = str(WORKDIR / "autograded")
c.CourseDirectory.feedback_directory = str(WORKDIR / "feedback")
c.CourseDirectory.db_url = f"sqlite:///{gradebook_path()}"
c.CourseDirectory.course_id = "dl-lab-kit"

# A cell may run this long before it is interrupted and scored 0; the slowest legitimate cell of
# any lab must stay well below it. The kernel gets the same time to start.
c.Execute.timeout = int(os.environ.get("COURSE_CELL_TIMEOUT", "60"))
c.Execute.startup_timeout = 60
c.Execute.interrupt_on_timeout = True
# nbgrader's default history setting, plus a kernel that keeps its start-up chatter (a warning
# about unencrypted local TCP, printed for every student) off the TA's terminal.
c.Execute.extra_arguments = ["--HistoryManager.hist_file=:memory:", "--IPKernelApp.log_level=ERROR"]

# numpy and matplotlib warnings go to stderr, and nbgrader scores a test cell with stderr output
# as failed: drop stderr output that is only a warning.
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = r"\w*Warning: "

# A student who deletes a test cell gets it back at grading time.
c.OverwriteCells.add_missing_cells = True

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
