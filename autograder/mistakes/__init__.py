"""The catalogue of known-wrong and adversarial submissions, one module per lab.

Each :class:`Mistake` is a small edit of the reference solution in one answer cell, a mistake
students really make, and names the test cell that must catch it. Grading every mistake and
checking that its target cell lost its points measures the kill rate of a lab's tests.

Each lab module also defines four adversarial :class:`Edit` s of its reference, made with the
functions below: ``LOOPS_FOREVER`` (a function that never returns), ``IGNORES_INTERRUPTS`` (one that
never returns and swallows the interrupt), ``KERNEL_DIES`` (a cell that kills the kernel) and
``WARNS`` (a right answer that writes a warning to stderr).
"""
from dataclasses import dataclass
from importlib import import_module


@dataclass(frozen=True)
class Edit:
    """An edit of one answer cell of the reference solution."""
    name: str        # short id, also the simulated student's name
    cell: str        # grade_id of the answer cell that is edited
    old: str         # text of the reference answer, found exactly once in that cell
    new: str         # what the student wrote instead

    def apply(self, source):
        """The answer cell's `source` with the mistake made; ValueError if `old` is not there once."""
        count = source.count(self.old)
        if count != 1:
            raise ValueError(f"mistake {self.name!r}: expected its text once in cell {self.cell!r}, "
                             f"found it {count} times; update the catalogue to the current solution")
        return source.replace(self.old, self.new)


@dataclass(frozen=True)
class Mistake(Edit):
    """A mistake students make, and the test cell that must catch it."""
    target: str      # grade_id of the test cell that must lose its points
    why: str         # the misconception, in a sentence


def _indented(line, code):
    """`code` with every line indented like `line`."""
    indent = line[: len(line) - len(line.lstrip())]
    return "".join(f"{indent}{statement}\n" for statement in code.splitlines())


def loops_forever(cell, line):
    """`line` of `cell` (inside a function a test cell calls) after a loop whose counter never grows."""
    return Edit("loops-forever", cell, line, _indented(line, "k = 0\nwhile k < 3:\n    pass") + line)


def ignores_interrupts(cell, line):
    """`line` of `cell` (inside a loop) after a never-ending loop in a bare ``except``.

    The except also catches the KeyboardInterrupt sent at the cell timeout, and the next turn of the
    enclosing loop starts the endless loop again, so the kernel never becomes idle.
    """
    return Edit("ignores-interrupts", cell, line,
                _indented(line, "try:\n    while True:\n        pass\nexcept:\n    pass") + line)


def kernel_dies(cell, line):
    """`line` of `cell` followed by a stray os._exit, as an exit() left in from a script would."""
    return Edit("kernel-dies", cell, line, f"{line}\n\n\nimport os\nos._exit(1)")


def warns(cell, line):
    """`line` of `cell` after a warning on stderr: a right answer nbgrader must not take points for."""
    return Edit("warns-but-correct", cell, line,
                _indented(line, 'import warnings\nwarnings.warn("about to run")') + line)


def catalogue(lab):
    """The list of mistakes of `lab`."""
    return import_module(f"{__name__}.{lab}").MISTAKES


def adversarial(lab):
    """The adversarial edits of `lab`: (LOOPS_FOREVER, IGNORES_INTERRUPTS, KERNEL_DIES, WARNS)."""
    module = import_module(f"{__name__}.{lab}")
    return module.LOOPS_FOREVER, module.IGNORES_INTERRUPTS, module.KERNEL_DIES, module.WARNS
