"""The checks nbgrader's hidden test cells run at grading time: one module per lab.

They compare a student's functions with :mod:`course_lib.reference` on random inputs and check
every gradient against numerical gradients of the reference loss. Like the reference, this
package is left out of the student kit.
"""
