"""Handler errors grouped for `wrapper dev`: one group per function, error and place, with a count."""

from __future__ import annotations

from wrapper.offline.handler_errors import HandlerErrors, describe

TRACE_A = 'Traceback (most recent call last):\n  File "/p/functions/play.py", line 30, in handler\n    {}["x"]\nKeyError: \'x\''
TRACE_B = 'Traceback (most recent call last):\n  File "/p/functions/play.py", line 41, in handler\n    pose["x"]\nKeyError: \'x\''


def test_the_same_error_from_the_same_place_is_counted_not_repeated() -> None:
    errors = HandlerErrors()
    first, new = errors.record("play", "pose", describe("KeyError", "'x'"), TRACE_A)
    again, new_again = errors.record("play", "pose", describe("KeyError", "'x'"), TRACE_A)
    assert new and not new_again and again is first and first.count == 2
    [shown] = errors.recent()
    assert shown["function"] == "play" and shown["error"] == "KeyError: 'x'" and shown["count"] == 2
    assert 0 <= shown["secondsAgo"] < 1


def test_the_same_error_from_another_line_or_function_is_another_group() -> None:
    errors = HandlerErrors()
    assert errors.record("play", "pose", "KeyError: 'x'", TRACE_A)[1]
    assert errors.record("play", "pose", "KeyError: 'x'", TRACE_B)[1]
    assert errors.record("connect", "$connect", "KeyError: 'x'", TRACE_A)[1]
    assert len(errors.groups()) == 3


def test_only_the_latest_groups_are_kept() -> None:
    errors = HandlerErrors(keep=2)
    for n in range(5):
        errors.record("play", "pose", f"ValueError: {n}", None)
    assert [g["error"] for g in errors.recent()] == ["ValueError: 4", "ValueError: 3"]


def test_an_error_without_a_message_is_its_type() -> None:
    assert describe("TimeoutError", None) == "TimeoutError"
    assert describe(None, None) == "Error"
