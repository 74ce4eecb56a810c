"""Tests for course_lib.checks: each helper passes on good input and fails helpfully."""

import doctest

import numpy as np
import pytest

from course_lib import checks
from course_lib.checks import (
    Hint,
    check_close,
    check_decreasing,
    check_dtype,
    check_finite,
    check_in_range,
    check_shape,
    check_type,
    negated,
    off_by_factor,
    transposed,
)


def failure(check, *args, **kwargs):
    """The message of the AssertionError that ``check(*args, **kwargs)`` must raise."""
    with pytest.raises(AssertionError) as info:
        check(*args, **kwargs)
    return str(info.value)


def test_check_type():
    check_type("W", np.zeros(3), np.ndarray)
    check_type("lr", 0.1, (int, float))
    assert failure(check_type, "W", [1, 2], np.ndarray) == "`W` should be a numpy.ndarray but is a list."
    assert "int or float but is a str" in failure(check_type, "lr", "0.1", (int, float))


def test_check_shape_passes_and_allows_any_length_for_none():
    check_shape("W", np.zeros((3, 4)), (3, 4))
    check_shape("scores", np.zeros((7, 10)), (None, 10))
    check_shape("loss", np.float64(1.0), ())


def test_check_shape_detects_transpose():
    message = failure(check_shape, "W", np.zeros((4, 3)), (3, 4))
    assert message.startswith("`W` should have shape (3, 4) but has shape (4, 3)")
    assert "transposed" in message


def test_check_shape_other_mismatches():
    message = failure(check_shape, "b", np.zeros((1, 3)), (3,))
    assert "should have shape (3,) but has shape (1, 3)" in message and "keepdims" in message
    message = failure(check_shape, "b", np.zeros(4), (3,))
    assert "transposed" not in message and "keepdims" not in message
    assert failure(check_shape, "W", [[1, 2]], (1, 2)) == "`W` should be a numpy array of shape (1, 2) but is a list."


def test_check_dtype_exact_and_kind():
    check_dtype("x", np.zeros(2), np.float64)
    check_dtype("x", np.zeros(2, dtype=np.float32), np.floating)
    check_dtype("y", np.array([1, 2]), np.integer)
    check_dtype("loss", 0.5, "float64")
    message = failure(check_dtype, "x", np.zeros(2, dtype=np.float32), np.float64)
    assert "`x` should have dtype float64 but has dtype float32" in message and ".astype(np.float64)" in message
    message = failure(check_dtype, "x", np.array([1, 2]), np.floating)
    assert "should have a floating dtype" in message and "int64" in message


def test_check_finite_reports_first_index_value_and_count():
    check_finite("x", np.arange(4.0))
    check_finite("mask", np.array([True, False]))
    x = np.ones((2, 3))
    x[0, 2], x[1, 0] = np.nan, np.inf
    message = failure(check_finite, "x", x)
    assert "2 non-finite value(s) out of 6" in message
    assert "the first is x[0, 2] = nan" in message and "0/0" in message
    message = failure(check_finite, "loss", np.float64(np.inf))
    assert "the first is loss = inf" in message and "overflow" in message
    assert "real numbers" in failure(check_finite, "x", np.array(["a"]))


def test_check_close_passes_for_arrays_and_scalars():
    check_close("x", np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-10]))
    check_close("loss", 2.3, 2.3)
    check_close("loss", np.array(2.3), 2.3)
    check_close("counts", np.array([1, 2]), np.array([1.0, 2.0]))


def test_check_close_reports_mismatch_details():
    expected = np.arange(12.0).reshape(3, 4)
    got = expected.copy()
    got[1, 2] += 0.5
    got[2, 3] -= 2.0
    message = failure(check_close, "h", got, expected)
    assert "2 of 12 element(s) differ" in message
    assert "first mismatch at h[1, 2]: expected 6, got 6.5" in message
    assert "max abs error 2" in message
    assert "max rel error 0.182" in message  # 2 / 11
    assert "got shape (3, 4) dtype float64, expected shape (3, 4) dtype float64" in message
    assert "Hint" not in message


def test_check_close_scalar_mismatch_and_zero_expected():
    message = failure(check_close, "loss", 0.5, 0.0)
    assert "first mismatch at loss: expected 0, got 0.5" in message
    assert "max rel error inf" in message


def test_check_close_checks_shape_and_finiteness_first():
    assert "transposed" in failure(check_close, "W", np.zeros((4, 3)), np.zeros((3, 4)))
    assert "nan" in failure(check_close, "x", np.array([1.0, np.nan]), np.ones(2))
    assert "is a float" in failure(check_close, "x", 1.0, np.ones(2))


def test_hints_fire_only_when_their_condition_holds():
    expected = np.array([1.0, -2.0, 3.0])
    hints = [
        off_by_factor(4, "did you forget to divide by N?"),
        negated("wrong sign?"),
        Hint(lambda got, expected: np.all(got == 0), "still the np.zeros placeholder?"),
    ]
    message = failure(check_close, "g", 4 * expected, expected, hints=hints)
    assert "Hint: did you forget to divide by N?" in message
    assert "wrong sign" not in message and "placeholder" not in message
    message = failure(check_close, "g", -expected, expected, hints=hints)
    assert "wrong sign?" in message and "divide by N" not in message
    message = failure(check_close, "g", expected + 1, expected, hints=hints)
    assert "Hint" not in message


def test_transposed_hint_for_square_matrix():
    expected = np.arange(9.0).reshape(3, 3)
    hint = transposed("did you swap the axes?")
    assert "did you swap the axes?" in failure(check_close, "W", expected.T, expected, hints=[hint])
    assert "did you swap" not in failure(check_close, "W", expected + 1, expected, hints=[hint])
    assert not hint.applies(np.arange(3.0), np.arange(3.0)[::-1])


def test_hint_errors_count_as_not_holding():
    def divides_by_zero(got, expected):
        return 1 / 0

    def bad_broadcast(got, expected):
        return np.allclose(got, np.ones(7))

    assert not Hint(divides_by_zero, "never").applies(np.ones(2), np.ones(2))
    assert not Hint(bad_broadcast, "never").applies(np.ones(2), np.ones(2))
    message = failure(check_close, "x", np.zeros(2), np.ones(2), hints=[Hint(divides_by_zero, "never")])
    assert "never" not in message


def test_hint_does_not_swallow_unrelated_errors():
    def buggy(got, expected):
        raise KeyError("a bug in the hint itself")

    with pytest.raises(KeyError):
        Hint(buggy, "never").applies(np.ones(2), np.ones(2))


def test_check_in_range():
    check_in_range("probs", np.array([0.0, 0.3, 1.0]), 0, 1)
    check_in_range("accuracy", 0.9, 0, 1)
    message = failure(check_in_range, "probs", np.array([0.2, -0.1, 1.5]), 0, 1)
    assert "2 of 3 value(s) are outside (min -0.1, max 1.5)" in message
    assert "the first is probs[1] = -0.1" in message and "percentage" not in message
    message = failure(check_in_range, "accuracy", 87.5, 0, 1)
    assert "`accuracy` should be between 0 and 1 but is 87.5" in message and "percentage" in message
    assert "nan" in failure(check_in_range, "probs", np.array([np.nan]), 0, 1)


def test_check_decreasing_passes_on_a_falling_noisy_curve():
    steps = np.arange(50)
    noise = 0.05 * np.random.default_rng(0).standard_normal(50)
    check_decreasing("losses", list(2.3 * np.exp(-steps / 20) + 0.1 + noise))
    check_decreasing("losses", [1.0, 0.5])


def test_check_decreasing_hints_uphill_when_loss_increases():
    message = failure(check_decreasing, "losses", [2.0, 2.1, 2.3, 2.6, 3.0, 3.5])
    assert "went from 2 to 3.5 over 6 steps" in message
    assert "did the update go uphill (+ instead of -)?" in message


def test_check_decreasing_hints_learning_rate_when_diverging():
    message = failure(check_decreasing, "losses", [2.0, 40.0, 1e30, np.inf, np.nan])
    assert "diverged" in message and "step 3" in message
    assert "is the learning rate too large?" in message


def test_check_decreasing_flat_curve_and_bad_input():
    message = failure(check_decreasing, "losses", [2.0, 1.99, 1.98, 1.97])
    assert "at least 10%" in message and "learning rate too small" in message and "uphill" not in message
    assert "at least 2 losses" in failure(check_decreasing, "losses", [1.0])
    assert "loss.item()" in failure(check_decreasing, "losses", ["a", "b"])


@pytest.mark.filterwarnings("error")
def test_nothing_printed_or_warned(capfd):
    check_type("W", np.zeros(2), np.ndarray)
    check_shape("W", np.zeros(2), (2,))
    check_dtype("W", np.zeros(2), np.float64)
    check_finite("W", np.zeros(2))
    check_close("W", np.zeros(2), np.zeros(2), hints=[negated("never shown")])
    check_in_range("p", np.zeros(2), 0, 1)
    check_decreasing("losses", [3.0, 2.0, 1.0])
    # Failing with zeros in expected would warn about 0/0 without np.errstate.
    failure(check_close, "W", np.array([0.0, 1.0]), np.zeros(2), hints=[off_by_factor(0.0, "x"), negated("y")])
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""


def test_docstring_examples():
    assert doctest.testmod(checks).failed == 0
