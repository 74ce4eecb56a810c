"""Where the kit's files are, and an nbgrader API configured by ``nbgrader_config.py``.

Every grading command goes through :func:`nbgrader_api`, so the CLI, the demo and the tests all
use the one configuration file a TA's formgrader also reads.
"""
import functools
import os
import sys
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CONFIG_FILE = Path(__file__).with_name("nbgrader_config.py")
LABS = ("lab01_logistic_regression", "lab02_chain_rule", "lab03_mlp_backprop")


def gradebook_path():
    """The gradebook's SQLite file, in the working directory."""
    return workdir() / "gradebook.db"


def workdir():
    """The git-ignored folder of submissions, autograded notebooks, feedback and the gradebook."""
    return Path(os.environ.get("COURSE_WORKDIR", REPO / "work")).resolve()


def check_lab(lab):
    """Raise ValueError with the list of labs unless `lab` is one of them."""
    if lab not in LABS:
        raise ValueError(f"unknown lab {lab!r}; the labs are: {', '.join(LABS)}")
    return lab


@functools.cache
def _prepare_process():
    """Once per process: what nbgrader needs from the environment, and quiet logs."""
    # nbgrader runs `alembic` as a subprocess to create a gradebook: it must find ours.
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    # SQLAlchemy warns about nbgrader's own session handling on every autograde; not ours to fix.
    warnings.filterwarnings("ignore", module="nbgrader")
    # nbgrader re-adds a deleted test cell without a cell id; nbformat warns, and fills one in.
    warnings.filterwarnings("ignore", message="Cell is missing an id field")


def nbgrader_api(**overrides):
    """An ``NbGraderAPI`` on the kit's configuration; `overrides` set CourseDirectory traits."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    _prepare_process()
    config = PyFileConfigLoader(CONFIG_FILE.name, path=str(CONFIG_FILE.parent)).load_config()
    for name, value in overrides.items():
        setattr(config.CourseDirectory, name, value)
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)


def succeeded(result, what):
    """Raise RuntimeError with nbgrader's log unless an ``NbGraderAPI`` call succeeded."""
    if not result["success"]:
        raise RuntimeError(f"nbgrader could not {what}:\n{result.get('log', '')}\n{result.get('error', '')}")
    return result


def notebook_name(lab):
    """Each lab is one notebook named after it."""
    return f"{lab}.ipynb"
