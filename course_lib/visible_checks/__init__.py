"""The checks a student's test cells run while they work: one module per lab.

They test properties and small cases worked by hand, never against a reference implementation,
so that they can ship to students. The hidden checks in :mod:`course_lib.hidden_checks` compare
against the reference at grading time.
"""
