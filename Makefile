# The kit's commands. `make demo` and `make test` set everything up on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LAB ?= lab01_logistic_regression
# Where pip takes torch from first, if set: PyTorch's CPU-only wheel index on a Linux machine
# without a GPU (see README, "Why torch is pinned").
TORCH_INDEX ?=
# nbgrader runs `alembic` from PATH, and formgrader reads autograder/nbgrader_config.py.
export PATH := $(abspath $(BIN)):$(PATH)
export JUPYTER_CONFIG_PATH := $(abspath autograder)

.PHONY: setup demo test lab release grade formgrader student-kit benchmark clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(if $(TORCH_INDEX),$(BIN)/python -m pip install --quiet torch==2.13.0 --index-url $(TORCH_INDEX))
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

demo: setup          ## grade a simulated class of every lab; prints scores and the kill rate
	$(BIN)/python -m autograder demo

test: setup          ## the whole test suite
	$(BIN)/python -m pytest

lab: setup           ## JupyterLab on the student notebooks
	$(BIN)/jupyter lab labs/

release: setup       ## regenerate labs/ from solutions/
	$(BIN)/python -m autograder release

grade: setup         ## make grade LAB=lab01_logistic_regression SUBMISSIONS=path/to/folder-or.zip
	$(BIN)/python -m autograder run $(LAB) $(SUBMISSIONS)

formgrader: setup    ## JupyterLab with nbgrader's formgrader, for the written answers
	$(BIN)/jupyter lab --notebook-dir=.

student-kit: setup   ## dist/student-kit.zip: what students receive
	$(BIN)/python -m autograder student-kit

benchmark: setup     ## timings of notebook execution and grading (medians of 3)
	$(BIN)/python benchmarks/grading.py

clean:
	rm -rf work dist .pytest_cache
