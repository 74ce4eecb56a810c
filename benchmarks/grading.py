"""How long grading takes, compared with simply running the notebook and with plain nbgrader.

For each lab, on the reference submission (every answer right, so every cell runs to the end):

- plain execution: the solution notebook run top to bottom by nbclient in a fresh kernel, the
  least any grader could spend on one submission;
- our pipeline: ``autograder.grade.grade`` on one submission, as ``make grade`` runs it (it also
  registers the lab in the gradebook and records problems in the ledger);
- plain nbgrader: ``nbgrader autograde`` run from the command line on the same submission with the
  same configuration, a new process each time as a TA running it by hand would have.

Each is timed --repeat times (default 3) and the medians are compared: the grading overhead is our
pipeline's time over plain execution's. Everything happens in a temporary working directory, so
the repository's work/ is untouched.

    make benchmark            # or: .venv/bin/python benchmarks/grading.py --repeat 5
"""
import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from autograder.course import CONFIG_FILE, LABS, REPO, notebook_name
from autograder.grade import grade
from autograder.simulate import reference_submission

STUDENT = "bench"
CELL_TIMEOUT = 600  # plain execution only; grading uses the configured Execute.timeout
BIN = Path(sys.executable).parent  # the venv's bin/, where nbgrader and alembic are


def timed(action):
    """(seconds, result) of calling `action()`."""
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def execute_plain(lab):
    """Run the lab's solution notebook in a fresh kernel, in its own folder, as a student would."""
    path = REPO / "solutions" / lab / notebook_name(lab)
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=CELL_TIMEOUT, resources={"metadata": {"path": str(path.parent)}}).execute()


def autograde_ours(lab):
    """Grade the benchmark submission with our pipeline; return the seconds nbgrader's autograde took."""
    [result] = grade(lab, students=[STUDENT], progress=lambda message: None)
    if not result.success:
        raise RuntimeError(f"our pipeline could not grade the reference submission of {lab}")
    return result.seconds


def autograde_cli(lab, workdir):
    """Grade the benchmark submission with the `nbgrader autograde` command and our configuration."""
    env = dict(os.environ, COURSE_WORKDIR=str(workdir), JUPYTER_CONFIG_PATH=str(CONFIG_FILE.parent),
               PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    command = [str(BIN / "nbgrader"), "autograde", lab, f"--student={STUDENT}", "--force", "--create"]
    # Run from the working directory: nbgrader also reads an nbgrader_config.py from the current
    # folder, and only the kit's configuration must apply.
    done = subprocess.run(command, env=env, cwd=workdir, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"`{' '.join(command)}` failed:\n{done.stderr[-2000:]}")


def benchmark_lab(lab, repeat):
    """{measure: [seconds, ...]} for one lab, plus the seconds of the first, setup-paying grade."""
    times = {"plain": [], "ours": [], "ours-autograde": [], "cli": []}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        # nbgrader_config.py reads COURSE_WORKDIR each time our pipeline loads it.
        os.environ["COURSE_WORKDIR"] = str(workdir)
        submission = workdir / "submitted" / STUDENT / lab / notebook_name(lab)
        submission.parent.mkdir(parents=True)
        nbformat.write(reference_submission(lab), submission)
        # The first grade of a class creates the gradebook and imports nbgrader: a cost paid once
        # per class, not per submission, so it is reported apart and kept out of the medians.
        first_grade, _ = timed(lambda: autograde_ours(lab))
        # The three measures take turns, so that a machine slowing down affects all of them alike.
        for _ in range(repeat):
            times["plain"].append(timed(lambda: execute_plain(lab))[0])
            seconds, inside = timed(lambda: autograde_ours(lab))
            times["ours"].append(seconds)
            times["ours-autograde"].append(inside)
            times["cli"].append(timed(lambda: autograde_cli(lab, workdir))[0])
    return times, first_grade


def report(lab, times, first_grade):
    """Print one lab's table of medians and individual times, then the ratios."""
    median = {measure: statistics.median(seconds) for measure, seconds in times.items()}
    rows = [("plain execution (nbclient, fresh kernel)", "plain"),
            ("autograde, our pipeline (grade())", "ours"),
            ("  of which nbgrader's autograde call", "ours-autograde"),
            ("autograde, plain nbgrader CLI", "cli")]
    print(f"\n{lab}  (seconds; median of {len(times['plain'])} runs)")
    print(f"  {'':42s} {'median':>7s}   runs")
    for label, measure in rows:
        runs = "  ".join(f"{s:6.2f}" for s in times[measure])
        print(f"  {label:42s} {median[measure]:7.2f}   {runs}")
    print(f"  {'first grade() of a fresh gradebook':42s} {first_grade:7.2f}   (setup, not in the medians)")
    print(f"  grading overhead, our pipeline / plain execution: {median['ours'] / median['plain']:5.2f}x")
    print(f"  our pipeline / plain nbgrader CLI:                {median['ours'] / median['cli']:5.2f}x")


def positive_int(text):
    """argparse type: a median needs at least one run."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=positive_int, default=3, help="runs of each measure (default 3)")
    args = parser.parse_args(argv)
    # nproc counts the CPUs this process may use, which is what the kernels get.
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"machine: {cpus} CPUs (nproc), Python {platform.python_version()}, {platform.platform()}")
    for lab in LABS:
        report(lab, *benchmark_lab(lab, args.repeat))


if __name__ == "__main__":
    main()
