"""Reference implementations of every function the students write.

This package is for grading and for the kit's own tests. It is left out of the student kit
(``python -m autograder student-kit``), and a test proves that no body of a function here reaches
what students receive.
"""
