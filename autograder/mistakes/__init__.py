"""The catalogue of known-wrong submissions: the mistakes students really make, one module per lab.

Each :class:`Mistake` is a small edit of the reference solution in one answer cell, and names the
test cell that must catch it. Grading every mistake and checking that its target cell lost its
points measures the kill rate of a lab's tests.
"""
from dataclasses import dataclass
from importlib import import_module


@dataclass(frozen=True)
class Mistake:
    name: str        # short id, also the simulated student's name
    cell: str        # grade_id of the answer cell that is edited
    old: str         # text of the reference answer, found exactly once in that cell
    new: str         # what the student wrote instead
    target: str      # grade_id of the test cell that must lose its points
    why: str         # the misconception, in a sentence
    visible: bool = True  # caught by the visible checks too, not only by the hidden ones

    def apply(self, source):
        """The answer cell's `source` with the mistake made; ValueError if `old` is not there once."""
        count = source.count(self.old)
        if count != 1:
            raise ValueError(f"mistake {self.name!r}: expected its text once in cell {self.cell!r}, "
                             f"found it {count} times; update the catalogue to the current solution")
        return source.replace(self.old, self.new)


def catalogue(lab):
    """The list of mistakes of `lab`."""
    return import_module(f"{__name__}.{lab}").MISTAKES
