"""nbgrader_config.py sets what the kit relies on; test_pipeline.py shows each setting at work
(a looping cell interrupted, a warning not costing points, a deleted test cell restored)."""
from pathlib import Path

from autograder.course import REPO, nbgrader_api


def test_source_and_release_are_solutions_and_labs_and_the_rest_is_in_the_workdir(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_WORKDIR", str(tmp_path))
    coursedir = nbgrader_api().coursedir
    assert Path(coursedir.root) == REPO
    assert (coursedir.source_directory, coursedir.release_directory) == ("solutions", "labs")
    for directory in (coursedir.submitted_directory, coursedir.autograded_directory, coursedir.feedback_directory):
        assert Path(directory).parent == tmp_path
    assert coursedir.db_url == f"sqlite:///{tmp_path / 'gradebook.db'}"


def test_timeouts_warnings_and_missing_cells(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_WORKDIR", str(tmp_path))
    monkeypatch.setenv("COURSE_CELL_TIMEOUT", "42")
    config = nbgrader_api().config
    assert config.Execute.timeout == 42 and config.Execute.startup_timeout > 0
    assert config.Execute.interrupt_on_timeout
    assert config.IgnorePattern.enabled
    assert config.OverwriteCells.add_missing_cells
    monkeypatch.delenv("COURSE_CELL_TIMEOUT")
    assert nbgrader_api().config.Execute.timeout == 60
