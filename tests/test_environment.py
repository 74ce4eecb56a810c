"""The two ways to install the kit agree, and the commands a developer and CI run set it up first.

pyproject.toml (pip, ``make setup``) and environment.yml (conda) must declare the same packages with
the same version bounds: a bound changed in one file only means students on the other one grade
their labs on untested versions. Names and bounds are compared after normalising them with
``packaging``, so ``PyYAML>=6`` and ``pyyaml >= 6.0`` are the same requirement.
"""
import os
import re
import tomllib

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from autograder.course import REPO

# environment.yml entries that are conda's business, not a package pyproject.toml declares.
CONDA_ONLY = {"python", "pip"}
EDITABLE_INSTALL = "-e ."
TORCH = "==2.13.0"


def pyproject():
    return tomllib.loads((REPO / "pyproject.toml").read_text())


def environment():
    return yaml.safe_load((REPO / "environment.yml").read_text())


def conda_entries():
    """environment.yml's conda dependencies (strings) and its pip list."""
    conda, pip = [], []
    for entry in environment()["dependencies"]:
        if isinstance(entry, dict):
            pip += entry["pip"]
        else:
            conda.append(entry)
    return conda, pip


def requirement(text):
    """(normalised name, specifier set) of a PEP 508 requirement; SpecifierSet compares '<3' == '<3.0'."""
    parsed = Requirement(text)
    return canonicalize_name(parsed.name), parsed.specifier


def pyproject_requirements():
    return {requirement(text) for text in pyproject()["project"]["dependencies"]}


def environment_requirements():
    """The packages environment.yml declares, through conda or pip, without conda's own entries."""
    conda, pip = conda_entries()
    found = set()
    for text in conda:
        # conda's one-'=' pin (python=3.11) is not PEP 508; only conda's own entries use it.
        name = re.split(r"[<>=!~ ]", text, maxsplit=1)[0]
        if canonicalize_name(name) not in CONDA_ONLY:
            found.add(requirement(text))
    found |= {requirement(text) for text in pip if text != EDITABLE_INSTALL}
    return found


def describe_differences(pip_side, conda_side):
    """One line per package whose bounds differ or that only one file declares."""
    pip_bounds, conda_bounds = dict(pip_side), dict(conda_side)

    def bounds(declared, name):
        return repr(str(declared[name])) if name in declared else "not declared"

    return "\n".join(
        f"  {name}: pyproject.toml {bounds(pip_bounds, name)}, environment.yml {bounds(conda_bounds, name)}"
        for name in sorted(pip_bounds.keys() | conda_bounds.keys())
        if pip_bounds.get(name) != conda_bounds.get(name))


def test_pyproject_and_environment_yml_declare_the_same_packages_and_bounds():
    pip_side, conda_side = pyproject_requirements(), environment_requirements()
    assert len(dict(pip_side)) == len(pip_side), "a package is listed twice in pyproject.toml"
    assert len(dict(conda_side)) == len(conda_side), "a package is listed twice in environment.yml"
    assert pip_side == conda_side, "the two files differ:\n" + describe_differences(pip_side, conda_side)


def test_environment_yml_pins_python_3_11_like_pyproject():
    conda, _ = conda_entries()
    assert "python=3.11" in conda, f"environment.yml should pin python=3.11; its entries: {conda}"
    requires_python = SpecifierSet(pyproject()["project"]["requires-python"])
    assert "3.11.9" in requires_python and "3.10.14" not in requires_python \
        and "3.12.0" not in requires_python, f"pyproject.toml requires-python is {requires_python}"


def test_environment_yml_installs_the_kit_itself():
    _, pip = conda_entries()
    assert EDITABLE_INSTALL in pip, "environment.yml's pip list should install the kit with '-e .'"


def test_torch_is_pinned_exactly_in_both_files():
    _, pip = conda_entries()
    for source, declared in [("pyproject.toml", pyproject_requirements()),
                             ("environment.yml", {requirement(text) for text in pip
                                                  if text != EDITABLE_INSTALL})]:
        torch = [str(spec) for name, spec in declared if name == "torch"]
        assert torch == [TORCH], f"{source} should pin torch{TORCH}, and pins {torch}"


# --------------------------------------------------------------------------- CI and the Makefile


def makefile_rules():
    """target -> (prerequisites, recipe lines) of every rule in the Makefile.

    Enough of make's syntax for this Makefile: `target: prerequisites  ## comment` followed by
    tab-indented recipe lines; variable assignments (`:=`, `?=`) are not rules.
    """
    rules, current = {}, None
    for line in (REPO / "Makefile").read_text().splitlines():
        if line.startswith("\t") and current is not None:
            rules[current][1].append(line.strip())
            continue
        match = re.match(r"^([^\s:#=][^:#=]*?)\s*:(?![:=])([^#]*)", line)
        current = match.group(1) if match else None
        if current is not None:
            rules[current] = (match.group(2).split(), [])
    return rules


def prerequisites_of(rules, target):
    """Every target `target` depends on, directly or not."""
    seen, todo = set(), list(rules[target][0])
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += rules.get(name, ((), ()))[0]
    return seen


def test_ci_runs_make_test():
    script = REPO / ".ci" / "run"
    assert os.access(script, os.X_OK), ".ci/run is not executable"
    commands = [line.strip() for line in script.read_text().splitlines()
                if line.strip() and not line.lstrip().startswith("#")]
    assert "make test" in commands, f".ci/run should run `make test`; it runs {commands}"


def test_the_venv_setup_creates_the_venv_and_installs_the_kit():
    rules = makefile_rules()
    assert "$(STAMP)" in prerequisites_of(rules, "setup")
    recipe = " ".join(rules["$(STAMP)"][1])
    assert "-m venv" in recipe and "pip install" in recipe and "-e '.[test]'" in recipe


@pytest.mark.parametrize("target, command", [
    ("demo", "$(BIN)/python -m autograder demo"),
    ("test", "$(BIN)/python -m pytest"),
    ("lab", "$(BIN)/jupyter lab"),
    ("benchmark", "$(BIN)/python benchmarks/grading.py"),
])
def test_make_targets_set_up_the_venv_first_and_use_it(target, command):
    rules = makefile_rules()
    assert target in rules, f"the Makefile has no `{target}` target"
    assert target in rules[".PHONY"][0], f"`{target}` is not .PHONY, so a file named {target} would stop it"
    assert {"setup", "$(STAMP)"} <= prerequisites_of(rules, target), \
        f"`make {target}` does not set up the venv first"
    assert any(line.startswith(command) for line in rules[target][1]), \
        f"`make {target}` should run `{command}`; it runs {rules[target][1]}"
