"""Generate a lab's student release in labs/ from its source in solutions/, with nbgrader.

nbgrader replaces the solution regions by stubs, removes the hidden tests, locks the test cells
and records the source cells in the gradebook. labs/ is committed, and a test regenerates it
into a temporary folder and compares.
"""
from .course import check_lab, nbgrader_api, succeeded


def release(lab, release_directory=None):
    """Write the student version of `lab` into `release_directory` (default: labs/)."""
    check_lab(lab)
    overrides = {"release_directory": str(release_directory)} if release_directory else {}
    succeeded(nbgrader_api(**overrides).generate_assignment(lab, force=True, create=True),
              f"generate the release of {lab}")
