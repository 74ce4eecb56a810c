"""Numerical gradients, and the gradient check every lab uses.

A backward pass is easy to get subtly wrong and hard to debug by reading it.
Central differences give an independent estimate of the same gradient::

    df/dx_i  ≈  (f(x + h e_i) - f(x - h e_i)) / (2 h)

where ``e_i`` is the i-th unit vector. The truncation error is of order h² and
the rounding error of order eps / h, so in float64 with h = 1e-6 a correct
backward pass agrees with it to about 1e-8 relative error, while a mistake
shows up as an error of 1e-2 or more. In float32 the rounding error alone is
about 1e-1, which is why everything here is float64.

A layer with an array output ``y = f(x)`` does not return the full Jacobian
from its backward pass but the vector-Jacobian product
``dx = (dy/dx)^T dout`` for an upstream gradient ``dout`` shaped like ``y``.
That is the gradient of the scalar ``sum(f(x) * dout)``, which is what
`numerical_gradient_array` estimates and `check_gradients` compares against.

Example
-------
>>> import numpy as np
>>> def f(x, w, b):
...     return x @ w + b
>>> def grads(dout, x, w, b):
...     return {"x": dout @ w.T, "w": x.T @ dout, "b": dout.sum(axis=0)}
>>> rng = np.random.default_rng(0)
>>> inputs = {"x": rng.standard_normal((4, 5)), "w": rng.standard_normal((5, 3)), "b": rng.standard_normal(3)}
>>> errors = check_gradients(f, grads, inputs, name="the linear layer")
>>> sorted(errors)
['b', 'w', 'x']
"""

import copy

import numpy as np

from .checks import check_finite

# A central difference carries rounding noise of about eps * S / h, where
# S = sum(|f(x) * dout|) is the size of the differentiated sum. An absolute
# error within NOISE_MARGIN times that noise is no evidence of a bug: entries
# that are ~0 in both gradients (saturated units, say) carry nothing else.
NOISE_MARGIN = 100
# The smallest denominator of a relative error, so that 0 / 0 cannot occur.
ABS_FLOOR = 1e-12

# A hint matches the pattern of a known mistake, which reproduces the
# numerical gradient up to the same noise as a correct backward pass; a
# tolerance tighter than this would only make hints miss.
HINT_TOL = 1e-5


def _require_float64(what, value):
    """Raise unless ``value`` has dtype float64; central differences need it."""
    dtype = np.asarray(value).dtype
    if dtype != np.float64:
        raise AssertionError(
            f"float64 is required for gradient checks, but {what} has dtype {dtype}. "
            "With fewer digits, central differences are mostly rounding noise: keep the "
            "forward and backward pass in float64 (look for float32 in dtype= or .astype)."
        )


def _scalar(value):
    """The float value of a function that must return a scalar."""
    value = np.asarray(value)
    if value.size != 1:
        raise AssertionError(
            f"f must return a scalar but returned an array of shape {value.shape}; "
            "for an array-valued function use numerical_gradient_array."
        )
    return float(value.item())


def numerical_gradient(f, x, h=1e-6):
    """Gradient of a scalar function by central differences.

    For every index i::

        grad[i] = (f(x + h e_i) - f(x - h e_i)) / (2 h)

    ``x`` is perturbed in place, one entry at a time, and each entry is
    restored to its saved value, so ``x`` is bitwise unchanged afterwards.

    Parameters
    ----------
    f : callable
        ``f(x) -> float``, a scalar function of ``x``.
    x : numpy.ndarray of float64, any shape
        The point at which to differentiate.
    h : float
        The step.

    Returns
    -------
    grad : numpy.ndarray of float64, same shape as ``x``

    Examples
    --------
    >>> x = np.array([1.0, -2.0, 3.0])
    >>> np.allclose(numerical_gradient(lambda x: np.sum(x ** 2), x), 2 * x)
    True
    """
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        raise AssertionError(
            f"numerical_gradient needs a float64 numpy array to perturb, but got "
            f"{np.asarray(x).dtype} {type(x).__name__}; pass np.asarray(x, dtype=np.float64)."
        )
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        saved = x[index]
        # finally: an exception inside f must not leave x perturbed.
        try:
            x[index] = saved + h
            f_plus = _scalar(f(x))
            x[index] = saved - h
            f_minus = _scalar(f(x))
        finally:
            x[index] = saved
        grad[index] = (f_plus - f_minus) / (2 * h)
    return grad


def numerical_gradient_array(f, x, dout, h=1e-6):
    """Vector-Jacobian product of an array-valued function by central differences.

    The gradient a backward pass must return for the upstream gradient
    ``dout``::

        grad = d/dx sum(f(x) * dout) = (df/dx)^T dout

    Parameters
    ----------
    f : callable
        ``f(x) -> numpy.ndarray`` of the same shape as ``dout``.
    x : numpy.ndarray of float64, any shape
        The point at which to differentiate; perturbed in place and restored.
    dout : numpy.ndarray, shape of ``f(x)``
        The upstream gradient.
    h : float
        The step.

    Returns
    -------
    grad : numpy.ndarray of float64, same shape as ``x``

    Examples
    --------
    >>> W, x, dout = np.eye(2), np.array([1.0, 2.0]), np.array([3.0, -1.0])
    >>> np.allclose(numerical_gradient_array(lambda W: W @ x, W, dout), np.outer(dout, x))
    True
    """
    dout = np.asarray(dout, dtype=np.float64)
    out_shape = np.shape(f(x))
    # Without this, broadcasting would silently differentiate the wrong sum.
    if out_shape != dout.shape:
        raise AssertionError(f"f returns shape {out_shape} but dout has shape {dout.shape}; they must match.")
    return numerical_gradient(lambda point: np.sum(f(point) * dout), x, h)


def relative_error(analytic, numeric, floor=ABS_FLOOR):
    """Elementwise relative error between an analytic and a numerical gradient.

    ::

        error = |a - n| / max(|a| + |n|, floor)

    The error lies in [0, 1]: 0 for equal values, 1 when the signs are
    opposite or one of them is zero. Where both values are tiny, dividing by
    their own size would magnify rounding noise, so the denominator never
    drops below ``floor`` (`check_gradients` sets it from that noise).

    Parameters
    ----------
    analytic : numpy.ndarray, any shape
        The gradient from the backward pass.
    numeric : numpy.ndarray, same shape as ``analytic``
        The reference gradient from central differences.
    floor : float
        The smallest denominator, by default ``ABS_FLOOR = 1e-12``.

    Returns
    -------
    error : numpy.ndarray of float64, same shape as ``analytic``

    Examples
    --------
    >>> relative_error(np.array([1.0, -1.0, 0.0]), np.array([1.0, 1.0, 1e-12]), floor=1e-2)
    array([0.e+00, 1.e+00, 1.e-10])
    """
    analytic = np.asarray(analytic, dtype=np.float64)
    numeric = np.asarray(numeric, dtype=np.float64)
    if analytic.shape != numeric.shape:
        raise AssertionError(f"cannot compare gradients of shapes {analytic.shape} and {numeric.shape}.")
    return np.abs(analytic - numeric) / np.maximum(np.abs(analytic) + np.abs(numeric), floor)


def _as_function_of(f, inputs, key):
    """``f`` as a function of ``inputs[key]`` alone, the other inputs held fixed."""

    def f_of_key(value):
        return f(**{**inputs, key: value})

    return f_of_key


def _is_float(value):
    """Whether ``value`` is a float array or a python float, i.e. differentiable."""
    return np.asarray(value).dtype.kind == "f"


def _copy_inputs(inputs):
    """Copies of the inputs: float64 arrays for float ones, the rest as they are.

    Inputs that are not floats, such as integer class labels or a mode
    string, cannot be differentiated and would break if cast to float64.
    """
    return {
        key: np.array(value, dtype=np.float64) if _is_float(value) else copy.deepcopy(value)
        for key, value in inputs.items()
    }


def _require_unchanged(who, seen, originals):
    """Raise if a function modified one of the arrays it was given."""
    for key, value in seen.items():
        if not np.array_equal(value, originals[key]):
            raise AssertionError(
                f"{who} modified its input `{key}` in place. The gradient check (and any "
                "caller) needs inputs left as they were: work on a copy, e.g. x = x.copy(), "
                "or avoid in-place operations such as x -= ... on inputs."
            )


def _near_integer(value):
    """Whether ``value`` is within 0.1% of an integer k >= 2, such as a batch size."""
    k = round(value)
    return k >= 2 and abs(value - k) <= 1e-3 * k


def _error_floor(output, dout, h, tol):
    """The floor of the relative error in `check_gradients`.

    ::

        floor = max(ABS_FLOOR, NOISE_MARGIN * eps * S / (h * tol)),   S = sum(|output * dout|)

    With it, ``|a - n| / max(|a| + |n|, floor) <= tol`` holds when the
    relative error is within ``tol`` or the absolute error within
    ``NOISE_MARGIN`` times the rounding noise ``eps * S / h``.
    """
    noise = np.finfo(np.float64).eps * float(np.sum(np.abs(output * dout))) / h
    return max(ABS_FLOOR, NOISE_MARGIN * noise / tol)


def _hint(analytic, numeric, numeric_ones, floor, tol):
    """The hint for the first known mistake whose pattern fits, or None.

    ``numeric_ones`` is a callable computing the numerical gradient for an
    all-ones upstream gradient, called only when that pattern is tried.
    """
    tol = max(tol, HINT_TOL)

    def fits(candidate, reference=numeric):
        return np.max(relative_error(candidate, reference, floor), initial=0.0) <= tol

    if not np.any(analytic):
        return "the analytic gradient is all zeros: did you fill it in, or return the np.zeros placeholder?"
    if fits(-analytic):
        return "analytic ≈ -numeric: wrong sign somewhere in the backward pass?"
    if fits(analytic, numeric_ones()):
        return "analytic matches an all-ones upstream gradient: did you multiply by dout (the upstream gradient)?"
    if np.any(numeric):
        # The least-squares c in analytic ≈ c * numeric.
        c = float(np.sum(analytic * numeric) / np.sum(numeric * numeric))
        if fits(analytic / c):
            if _near_integer(c):
                n = round(c)
                return f"analytic ≈ {n} × numeric: did you forget to divide by N / average (is N = {n} here)?"
            if _near_integer(1 / c):
                n = round(1 / c)
                return (
                    f"analytic ≈ numeric / {n}: divided by N twice (is N = {n} here), "
                    "or dropped a constant factor like the 2 in d(x²)/dx = 2x?"
                )
            return f"analytic ≈ {c:.4g} × numeric: right up to a constant factor; look for a missing or extra one."
    # Same sorted values: every number is right but sits at the wrong index.
    sorted_analytic = np.sort(analytic, axis=None)
    if analytic.size > 1 and fits(sorted_analytic, np.sort(numeric, axis=None)):
        return "analytic has the right values in the wrong places: a transpose or reshape mix-up?"
    return None


def _run_passes(f, grads, inputs, seed):
    """Run the forward and backward pass once, checking what they return.

    Returns the output of ``f`` as an array, the random upstream gradient
    ``dout`` of its shape, and the dict of analytic gradients as arrays.
    """
    seen = _copy_inputs(inputs)
    output = f(**seen)
    _require_unchanged("the forward f", seen, inputs)
    _require_float64("the output of f", output)

    dout = np.random.default_rng(seed).standard_normal(np.shape(output))
    seen = _copy_inputs(inputs)
    # A copy, so that a backward pass that modifies dout cannot change the reference.
    analytic = grads(dout.copy(), **seen)
    _require_unchanged("the backward grads", seen, inputs)
    if not isinstance(analytic, dict) or not analytic:
        raise AssertionError(
            f"grads should return a non-empty dict of gradients such as {{'x': dx}}, "
            f"but returned {analytic!r:.80}."
        )
    for key, grad in analytic.items():
        if key not in inputs:
            raise AssertionError(
                f"grads returned a gradient for `{key}`, but there is no input `{key}`; "
                f"the keys must be input names: {sorted(inputs)}."
            )
        if grad is None:
            raise AssertionError(f"grads returned None for `d{key}`: did the backward pass forget to return it?")
        if not _is_float(inputs[key]):
            raise AssertionError(
                f"`{key}` is not a float input; gradients are checked only for float inputs "
                "(pass a number as 1.0, not 1)."
            )
        if np.shape(grad) != inputs[key].shape:
            transposed = " (it looks transposed)" if np.shape(grad)[::-1] == inputs[key].shape else ""
            raise AssertionError(
                f"gradient `d{key}` has shape {np.shape(grad)} but input `{key}` has shape "
                f"{inputs[key].shape}{transposed}; a gradient has the shape of its input."
            )
        _require_float64(f"gradient `d{key}`", grad)
        check_finite(f"d{key}", grad)
    return np.asarray(output), dout, {key: np.asarray(grad) for key, grad in analytic.items()}


def check_gradients(f, grads, inputs, *, seed=0, h=1e-6, tol=1e-6, name="the function"):
    """Check an analytic backward pass against numerical gradients.

    With a random upstream gradient ``dout`` shaped like ``f(**inputs)``, for
    every input ``k`` that ``grads`` returns a gradient for, compares
    ``grads(dout, **inputs)[k]`` with the numerical gradient of
    ``sum(f(**inputs) * dout)`` with respect to ``inputs[k]`` and requires,
    for every entry ``a`` of the analytic and ``n`` of the numerical gradient::

        |a - n| / max(|a| + |n|, floor) <= tol
        floor = max(1e-12, 100 * eps * S / (h * tol)),   S = sum(|f(**inputs) * dout|)

    That is, the relative error is within ``tol`` or the absolute error is
    within 100 times ``eps * S / h``, the rounding noise of a central
    difference; entries that are ~0 in both gradients carry only that noise.

    ``dout`` is drawn from ``np.random.default_rng(seed).standard_normal``,
    not set to ones: with an all-ones upstream gradient a backward pass that
    forgets to multiply by ``dout`` would pass.

    Parameters
    ----------
    f : callable
        ``f(**inputs)``, the forward pass; returns a scalar or an array.
    grads : callable
        ``grads(dout, **inputs) -> dict``, the backward pass, mapping input
        names to gradients; the inputs checked are the keys it returns. Each
        gradient must have the shape of its input and dtype float64.
    inputs : dict of str to numpy.ndarray or float
        Where to check. Float inputs are copied to float64; other inputs
        (integer class labels, say) are copied as they are and cannot be
        checked. The caller's arrays are never modified.
    seed : int
        Seed of the random upstream gradient.
    h : float
        Step of the central differences.
    tol : float
        Largest acceptable relative error, per input.
    name : str
        What is being checked, used in messages, e.g. ``"affine_backward"``.

    Returns
    -------
    errors : dict of str to float
        The max relative error of each checked input.

    Raises
    ------
    AssertionError
        If the output or a gradient is not float64, a gradient is missing,
        has the wrong shape or is not finite, ``f`` or ``grads`` modify their
        inputs, or a relative error exceeds ``tol``. The message names the
        gradient (``dw`` for input ``w``), the worst entry with its analytic
        and numerical value, the max relative error and ``tol``, and a hint
        when the error fits a known mistake: a wrong sign, a missing ``dout``,
        a constant factor such as a missing ``1/N``, or misplaced values.
    """
    inputs = _copy_inputs(inputs)
    try:
        output, dout, analytic = _run_passes(f, grads, inputs, seed)
    except AssertionError as error:
        raise AssertionError(f"Gradient check of {name}: {error}") from None
    floor = _error_floor(output, dout, h, tol)

    errors, failures = {}, []
    for key, grad in analytic.items():
        f_of_key = _as_function_of(f, _copy_inputs(inputs), key)
        numeric = numerical_gradient_array(f_of_key, inputs[key].copy(), dout, h)
        if not np.all(np.isfinite(numeric)):
            raise AssertionError(
                f"Gradient check of {name}: the numerical gradient for `{key}` is not finite, "
                "so the forward pass overflows or divides by zero near these inputs; "
                "check with smaller inputs."
            )
        with np.errstate(all="ignore"):
            error = relative_error(grad, numeric, floor)
            errors[key] = float(np.max(error, initial=0.0))
            if errors[key] <= tol:
                continue
            worst = np.unravel_index(np.argmax(error), error.shape)
            hint = _hint(
                grad,
                numeric,
                lambda: numerical_gradient_array(f_of_key, inputs[key].copy(), np.ones_like(dout), h),
                floor,
                tol,
            )
        entry = f"d{key}[{', '.join(str(int(i)) for i in worst)}]" if worst else f"d{key}"
        message = (
            f"Gradient check of {name} failed for `d{key}` (the gradient for input `{key}`):\n"
            f"  worst entry {entry}: analytic {grad[worst]:.8g}, numeric {numeric[worst]:.8g}\n"
            f"  max relative error {errors[key]:.3g} > tolerance {tol:g}"
        )
        if hint is not None:
            message += f"\n  Hint: {hint}"
        failures.append(message)
    if failures:
        raise AssertionError("\n\n".join(failures))
    missing = [key for key in inputs if _is_float(inputs[key]) and key not in analytic]
    if missing:
        raise AssertionError(
            f"Gradient check of {name}: no gradient for the float input(s) "
            f"{', '.join(f'`{k}`' for k in missing)}. A backward pass returns the gradient of every "
            "input and parameter; hold a value constant by closing over it, not by passing it in."
        )
    return errors
