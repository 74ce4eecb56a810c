"""Write each graded student's feedback: an HTML page of their notebook with scores and test output.

The pages land in ``<workdir>/feedback/<student>/<lab>/``; the TA sends each student theirs (through
the LMS, or by ``nbgrader release_feedback`` on a shared JupyterHub).
"""
from .course import check_lab, nbgrader_api, succeeded, workdir


def generate_feedback(lab):
    """Generate feedback for every autograded submission of `lab`; return the written pages."""
    check_lab(lab)
    succeeded(nbgrader_api().generate_feedback(lab, force=True), f"generate feedback for {lab}")
    return sorted((workdir() / "feedback").glob(f"*/{lab}/*.html"))
