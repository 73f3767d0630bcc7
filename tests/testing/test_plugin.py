"""The pytest plugin as a project's tests meet it: in-process-only helpers skip, not fail, under --wrapper-subprocess."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

# A project test that reaches for fake time; the raise stands in for `backend.advance(...)`
# on the subprocess backend (starting a real one here would add half a minute and test nothing more).
NEEDS_IN_PROCESS = """
from wrapper.testing.backend import InProcessOnly

def test_silent_holder_loses_the_object():
    raise InProcessOnly("fake time needs the in-process backend", "use Backend(...) without subprocess=True")
"""


def test_an_in_process_only_test_is_skipped_under_wrapper_subprocess(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(NEEDS_IN_PROCESS)
    result = pytester.runpytest("--wrapper-subprocess", "-rs", "-p", "no:xdist")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*fake time needs the in-process backend; skipped under --wrapper-subprocess*"])


def test_in_process_the_same_error_still_fails(pytester: pytest.Pytester) -> None:
    # Without the flag the backend is in-process, so this error would be a real bug in the test setup.
    pytester.makepyfile(NEEDS_IN_PROCESS)
    pytester.runpytest("-p", "no:xdist").assert_outcomes(failed=1)
