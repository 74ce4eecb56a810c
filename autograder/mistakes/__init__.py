"""The catalogue of known-wrong and adversarial submissions, one module per lab.

Each :class:`Mistake` is a small edit of the reference solution in one answer cell, a mistake
students really make, and names the test cell that must catch it. Grading every mistake and
checking that its target cell lost its points measures the kill rate of a lab's tests.

Each lab module also defines four adversarial :class:`Edit` s of its reference: ``LOOPS_FOREVER``
(a function that never returns), ``IGNORES_INTERRUPTS`` (one that never returns and swallows the
interrupt), ``KERNEL_DIES`` (a cell that kills the kernel) and ``WARNS`` (a right answer that
writes a warning to stderr).
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


def catalogue(lab):
    """The list of mistakes of `lab`."""
    return import_module(f"{__name__}.{lab}").MISTAKES


def adversarial(lab):
    """The adversarial edits of `lab`: (LOOPS_FOREVER, IGNORES_INTERRUPTS, KERNEL_DIES, WARNS)."""
    module = import_module(f"{__name__}.{lab}")
    return module.LOOPS_FOREVER, module.IGNORES_INTERRUPTS, module.KERNEL_DIES, module.WARNS
