"""Assertion helpers shared by the notebook test cells and the pytest suite.

Every check returns ``None`` and prints nothing when it passes, and raises an
``AssertionError`` with a message a student can act on when it fails: what was
expected, what came instead, where, and -- when a known mistake fits -- a hint.

Nothing here writes to stdout or stderr on success. This matters for grading:
nbgrader scores a test cell that writes to stderr as 0, so the computations a
check does itself run under ``np.errstate(all="ignore")``.

Example
-------
>>> import numpy as np
>>> check_close("probs", np.array([0.25, 0.75]), np.array([0.25, 0.75]))
>>> check_shape("W", np.zeros((4, 3)), (3, 4))
Traceback (most recent call last):
...
AssertionError: `W` should have shape (3, 4) but has shape (4, 3): it looks transposed (check the order of the matrix product, or use .T).
"""

import numbers
import warnings
import functools
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable

import numpy as np

# A hint recognises a known mistake, which reproduces the expected values
# exactly up to rounding; these tolerances allow for that rounding only.
HINT_RTOL = 1e-5
HINT_ATOL = 1e-8


def _type_name(expected_type):
    """Readable name of a type or a tuple of types, e.g. ``numpy.ndarray``."""
    if isinstance(expected_type, tuple):
        return " or ".join(_type_name(t) for t in expected_type)
    if expected_type.__module__ == "builtins":
        return expected_type.__qualname__
    return f"{expected_type.__module__}.{expected_type.__qualname__}"


def _at(name, index):
    """Spell an element of an array the way a student would index it: ``W[0, 2]``."""
    if index == ():
        return name
    return f"{name}[{', '.join(str(int(i)) for i in index)}]"


def _first(mask):
    """Index (a tuple) of the first True entry of a boolean array."""
    return tuple(int(i) for i in np.argwhere(mask)[0])


def _fmt(value):
    """Format a number with enough digits to see why two values differ."""
    return f"{value:.10g}"


@dataclass(frozen=True)
class Hint:
    """A message shown with a failed check when its condition holds.

    Parameters
    ----------
    condition : callable
        ``condition(got, expected) -> bool``, called with ``got`` and
        ``expected`` as numpy arrays of the same shape. It is evaluated only
        when the check has already failed.
    message : str
        What the student should look at, e.g. ``"did you forget to divide by N?"``.

    Examples
    --------
    >>> hint = Hint(lambda got, expected: np.all(got == 0), "did you return the np.zeros placeholder?")
    >>> hint.applies(np.zeros(3), np.ones(3))
    True
    """

    condition: Callable
    message: str

    def applies(self, got, expected):
        """Whether the hint fits, never failing or warning itself.

        Numpy warnings are silenced and a condition that raises one of the
        errors that array arithmetic can raise (say, shapes that do not
        broadcast) counts as not holding: a broken hint must not hide the
        real failure message.

        Parameters
        ----------
        got, expected : numpy.ndarray
            The student's values and the reference values, same shape.

        Returns
        -------
        bool
        """
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                return bool(self.condition(got, expected))
            except (ValueError, TypeError, FloatingPointError, ZeroDivisionError):
                return False


def _close(a, b):
    """Whether ``a`` reproduces ``b`` up to rounding (same shape required)."""
    return np.shape(a) == np.shape(b) and np.allclose(a, b, rtol=HINT_RTOL, atol=HINT_ATOL)


def off_by_factor(factor, message):
    """Hint for ``got ≈ factor * expected``, e.g. a missing ``1/N``.

    Parameters
    ----------
    factor : float
        The constant the mistake multiplies the right answer by.
    message : str
        Shown when the hint fits.

    Returns
    -------
    Hint

    Examples
    --------
    >>> N = 8
    >>> hint = off_by_factor(N, "did you forget to divide by N (average over the batch)?")
    >>> hint.applies(np.full(3, 16.0), np.full(3, 2.0))
    True
    """
    return Hint(lambda got, expected: _close(got, factor * expected), message)


def negated(message):
    """Hint for ``got ≈ -expected``, a sign error.

    Parameters
    ----------
    message : str
        Shown when the hint fits.

    Returns
    -------
    Hint
    """
    return Hint(lambda got, expected: _close(got, -expected), message)


def transposed(message):
    """Hint for ``got ≈ expected.T``, a square matrix with the values transposed.

    A transposed non-square matrix already fails `check_shape`, which says so;
    this hint catches the square case, where the shapes agree.

    Parameters
    ----------
    message : str
        Shown when the hint fits.

    Returns
    -------
    Hint
    """
    return Hint(lambda got, expected: got.ndim == 2 and _close(got, expected.T), message)


def check_type(name, got, expected_type):
    """Check that ``got`` is an instance of ``expected_type``.

    Parameters
    ----------
    name : str
        How the value is called in the lab, used in the message.
    got : object
        The value to check.
    expected_type : type or tuple of type
        As for ``isinstance``.

    Raises
    ------
    AssertionError
        If ``isinstance(got, expected_type)`` is false.
    """
    if not isinstance(got, expected_type):
        raise AssertionError(
            f"`{name}` should be a {_type_name(expected_type)} but is a {_type_name(type(got))}."
        )


def _shape_matches(shape, expected_shape):
    """Compare shapes, where ``None`` in ``expected_shape`` matches any length."""
    return len(shape) == len(expected_shape) and all(
        want is None or want == have for have, want in zip(shape, expected_shape)
    )


def check_shape(name, got, expected_shape):
    """Check that ``got`` is an array of shape ``expected_shape``.

    Parameters
    ----------
    name : str
        How the value is called in the lab, used in the message.
    got : numpy.ndarray
        The array to check; anything with a ``shape`` attribute is accepted.
    expected_shape : tuple of int or None
        The expected shape; ``None`` matches any length along that axis,
        e.g. ``(None, 10)`` for any batch size.

    Raises
    ------
    AssertionError
        If ``got`` has no shape (say, a list), or has another shape. The
        message says when the shape is the transpose of the expected one, or
        has the right number of elements arranged differently.
    """
    expected_shape = tuple(expected_shape)
    shape = getattr(got, "shape", None)
    if shape is None:
        raise AssertionError(
            f"`{name}` should be a numpy array of shape {expected_shape} "
            f"but is a {_type_name(type(got))}."
        )
    shape = tuple(shape)
    if _shape_matches(shape, expected_shape):
        return
    message = f"`{name}` should have shape {expected_shape} but has shape {shape}"
    if len(shape) >= 2 and _shape_matches(shape[::-1], expected_shape):
        message += ": it looks transposed (check the order of the matrix product, or use .T)"
    elif None not in expected_shape and np.prod(shape) == np.prod(expected_shape):
        message += (
            ": the number of elements is right, so a reshape "
            "or a missing keepdims=True may be all that is wrong"
        )
    raise AssertionError(message + ".")


def check_dtype(name, got, expected):
    """Check the dtype of an array, exactly or by kind.

    Parameters
    ----------
    name : str
        How the value is called in the lab, used in the message.
    got : numpy.ndarray or scalar
        The value to check; a non-array is judged by ``np.asarray(got).dtype``,
        so a python float counts as float64.
    expected : dtype-like or numpy abstract type
        A dtype (``np.float64``, ``"int64"``) must match exactly; a kind
        (``np.floating``, ``np.integer``) accepts any dtype of that kind.

    Raises
    ------
    AssertionError
        If ``np.issubdtype(dtype_of_got, expected)`` is false.
    """
    dtype = got.dtype if isinstance(getattr(got, "dtype", None), np.dtype) else np.asarray(got).dtype
    if np.issubdtype(dtype, expected):
        return
    try:
        wanted = np.dtype(expected)
    except TypeError:
        # An abstract kind such as np.floating, which has no single dtype.
        raise AssertionError(
            f"`{name}` should have a {expected.__name__} dtype (any np.{expected.__name__}) "
            f"but has dtype {dtype}."
        ) from None
    raise AssertionError(
        f"`{name}` should have dtype {wanted} but has dtype {dtype}: "
        f"create it with dtype=np.{wanted} or convert it with .astype(np.{wanted})."
    )


def check_finite(name, got, *, hint=None):
    """Check that every value of ``got`` is a finite real number (no nan, no inf).

    Parameters
    ----------
    name : str
        How the value is called in the lab, used in the message.
    got : numpy.ndarray or scalar
        The values to check, of any shape.
    hint : str, optional
        What most likely went wrong where this check is used; replaces the generic cause.

    Raises
    ------
    AssertionError
        If ``got`` does not hold real numbers, or holds a nan or an inf. The
        message counts the non-finite values and names the first one.
    """
    values = np.asarray(got)
    if values.dtype.kind not in "biuf":
        raise AssertionError(f"`{name}` should hold real numbers but has dtype {values.dtype}.")
    bad = ~np.isfinite(values)
    if not bad.any():
        return
    index = _first(bad)
    value = values[index]
    if np.isnan(value):
        cause = "nan usually comes from 0/0, inf - inf, 0 * inf, or log / sqrt of a negative number"
    else:
        cause = "inf usually comes from overflow (np.exp of a large number) or a division by zero"
    raise AssertionError(
        f"`{name}` has {int(bad.sum())} non-finite value(s) out of {values.size}; "
        f"the first is {_at(name, index)} = {value}. Hint: {hint or cause}."
    )


def check_close(name, got, expected, *, rtol=1e-7, atol=1e-9, hints=()):
    """Check that ``got`` matches ``expected`` elementwise.

    The shape is checked first (`check_shape`), then that every value is
    finite (`check_finite`), then the values, as ``np.isclose`` does::

        |got - expected| <= atol + rtol * |expected|

    Parameters
    ----------
    name : str
        How the value is called in the lab, used in the message.
    got : numpy.ndarray or scalar
        The student's values. A python number is accepted when ``expected``
        is a scalar.
    expected : array_like
        The reference values, finite, of the shape ``got`` must have.
    rtol, atol : float
        Relative and absolute tolerance.
    hints : sequence of Hint
        Evaluated only when the values differ; the messages of those whose
        condition holds are added to the failure message.

    Raises
    ------
    AssertionError
        If the shape, finiteness or values are wrong. For values, the message
        gives the shapes and dtypes, the number of mismatching elements, the
        first mismatch with its expected and actual value, the maximum
        absolute and relative errors, and any hints that fit.
    """
    expected = np.asarray(expected)
    if expected.ndim == 0 and isinstance(got, numbers.Number):
        got = np.asarray(got)
    check_shape(name, got, expected.shape)
    check_finite(name, got)
    got = np.asarray(got)
    with np.errstate(all="ignore"):
        # float64 so that bool and unsigned arrays subtract without surprises.
        abs_err = np.abs(got.astype(np.float64) - expected.astype(np.float64))
        mismatch = ~(abs_err <= atol + rtol * np.abs(expected))
        if not mismatch.any():
            return
        # Relative to |expected|: inf where expected is 0 but got is not.
        rel_err = np.where(abs_err == 0, 0.0, abs_err / np.abs(expected))
    index = _first(mismatch)
    lines = [
        f"`{name}` does not match the expected values: {int(mismatch.sum())} of {got.size} "
        f"element(s) differ (rtol={rtol:g}, atol={atol:g}).",
        f"  first mismatch at {_at(name, index)}: expected {_fmt(expected[index])}, got {_fmt(got[index])}",
        f"  max abs error {np.max(abs_err):.3g}, max rel error {np.max(rel_err):.3g}",
        f"  got shape {got.shape} dtype {got.dtype}, expected shape {expected.shape} dtype {expected.dtype}",
    ]
    lines += [f"  Hint: {hint.message}" for hint in hints if hint.applies(got, expected)]
    raise AssertionError("\n".join(lines))


def check_in_range(name, got, low, high):
    """Check that every value of ``got`` lies in ``[low, high]``.

    For values with a natural range, such as probabilities or an accuracy.

    Parameters
    ----------
    name : str
        How the value is called in the lab, used in the message.
    got : numpy.ndarray or scalar
        The values to check, of any shape; they must be finite.
    low, high : float
        The inclusive bounds.

    Raises
    ------
    AssertionError
        If a value is non-finite or outside the range. The message names the
        first value outside, and for the range [0, 1] says when the values
        look like a percentage.
    """
    check_finite(name, got)
    values = np.asarray(got, dtype=np.float64)
    outside = (values < low) | (values > high)
    if not outside.any():
        return
    index = _first(outside)
    if values.ndim == 0:
        message = f"`{name}` should be between {low} and {high} but is {_fmt(values[index])}."
    else:
        message = (
            f"`{name}` should be between {low} and {high}, but {int(outside.sum())} of {values.size} "
            f"value(s) are outside (min {_fmt(values.min())}, max {_fmt(values.max())}); "
            f"the first is {_at(name, index)} = {_fmt(values[index])}."
        )
    if low == 0 and high == 1 and values.min() >= 0 and values.max() <= 100:
        message += " Hint: this looks like a percentage; give a fraction between 0 and 1."
    raise AssertionError(message)


def check_decreasing(name, losses, *, min_drop=0.1, window=5):
    """Check that a training loss curve is finite and goes down.

    Two conditions, so that neither one noisy step nor a lucky last value
    decides::

        losses[-1] <= losses[0] - min_drop * |losses[0]|
        mean(losses[-window:]) < mean(losses[:window])

    Parameters
    ----------
    name : str
        How the curve is called in the lab, used in the message.
    losses : sequence of float, length T >= 2
        The loss after each step (python floats; append ``loss.item()``,
        not the tensor).
    min_drop : float
        The smallest acceptable drop from the first to the last value, as a
        fraction of the first value (0.1 means 10%).
    window : int
        How many values the first and last means average; shortened to
        ``T // 2`` for a short curve.

    Raises
    ------
    AssertionError
        If the curve is not a 1-D sequence of at least two numbers, has a
        nan or inf (the message asks whether the learning rate is too
        large), went up (it asks whether the update went uphill), or did
        not go down enough.
    """
    try:
        curve = np.asarray(losses, dtype=np.float64)
    except (TypeError, ValueError, RuntimeError):
        raise AssertionError(
            f"`{name}` should be a list of floats; if it holds tensors, append loss.item() instead of loss."
        ) from None
    if curve.ndim != 1 or curve.size < 2:
        raise AssertionError(
            f"`{name}` should be a 1-D sequence of at least 2 losses but has shape {curve.shape}."
        )
    bad = ~np.isfinite(curve)
    if bad.any():
        step = _first(bad)[0]
        raise AssertionError(
            f"`{name}` diverged: it went from {_fmt(curve[0])} to {curve[step]} at step {step}. "
            "Hint: is the learning rate too large?"
        )
    first, last = curve[0], curve[-1]
    window = max(1, min(window, curve.size // 2))
    early, late = curve[:window].mean(), curve[-window:].mean()
    if last <= first - min_drop * abs(first) and late < early:
        return
    message = (
        f"`{name}` should go down by at least {min_drop:.0%}, but went from {_fmt(first)} to "
        f"{_fmt(last)} over {curve.size} steps (mean of the first {window}: {_fmt(early)}, "
        f"of the last {window}: {_fmt(late)})."
    )
    if last > first or late > early:
        message += " Hint: did the update go uphill (+ instead of -)?"
    else:
        message += (
            " Hint: the loss barely moves: is the learning rate too small, "
            "or are the parameters not updated?"
        )
    raise AssertionError(message)


@contextmanager
def replaced_globals(function, **replacements):
    """Run a block with some global names that ``function`` looks up replaced, then restore them.

    A notebook function such as a training loop calls the student's other functions by their
    global names. Replacing those (by the reference at grading time, or by a small stand-in whose
    result is known by hand) checks the loop on its own, so that a mistake elsewhere costs only
    the points of its own cell.

    Parameters
    ----------
    function : function
        Defined with ``def`` in the namespace whose names are replaced.
    **replacements
        name=value pairs to put in that namespace for the duration of the block.
    """
    namespace = getattr(function, "__globals__", None)
    if namespace is None:
        raise AssertionError(f"`{getattr(function, '__name__', function)}` should be a function defined with def.")
    absent = object()
    saved = {name: namespace.get(name, absent) for name in replacements}
    namespace.update(replacements)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is absent:
                namespace.pop(name, None)
            else:
                namespace[name] = value


def with_globals(**replacements):
    """Decorate a check ``check(function, ...)`` to run with :func:`replaced_globals` on `function`.

    >>> @with_globals(sigmoid=lambda a: 1 / (1 + np.exp(-a)))
    ... def check_gradient(bce_gradient):
    ...     ...
    """
    def decorate(check):
        @functools.wraps(check)
        def run(function, *args, **kwargs):
            with replaced_globals(function, **replacements):
                return check(function, *args, **kwargs)
        return run
    return decorate
