"""Tests for course_lib.gradcheck: numerical gradients and check_gradients."""

import doctest

import numpy as np
import pytest

from course_lib import gradcheck
from course_lib.gradcheck import (
    check_gradients,
    numerical_gradient,
    numerical_gradient_array,
    relative_error,
)

N, D, M = 8, 5, 3


def linear(x, w, b):
    """y = x @ w + b, shapes (N, D) @ (D, M) + (M,) -> (N, M)."""
    return x @ w + b


def linear_grads(dout, x, w, b):
    return {"x": dout @ w.T, "w": x.T @ dout, "b": dout.sum(axis=0)}


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def sigmoid_grads(dout, x):
    s = sigmoid(x)
    return {"x": dout * s * (1 - s)}


def batch_mean(x):
    """Mean over the batch axis: (N, D) -> (D,)."""
    return x.mean(axis=0)


def batch_mean_grads(dout, x):
    return {"x": np.broadcast_to(dout / x.shape[0], x.shape).copy()}


@pytest.fixture
def linear_inputs():
    rng = np.random.default_rng(1)
    return {
        "x": rng.standard_normal((N, D)),
        "w": rng.standard_normal((D, M)),
        "b": rng.standard_normal(M),
    }


def test_numerical_gradient_of_sum_of_squares_is_2x():
    x = np.random.default_rng(0).standard_normal((3, 4))
    numeric = numerical_gradient(lambda x: np.sum(x**2), x)
    np.testing.assert_allclose(numeric, 2 * x, rtol=1e-8, atol=1e-8)


def test_numerical_gradient_of_sin_is_cos():
    x = np.linspace(-3, 3, 7)
    numeric = numerical_gradient(lambda x: np.sum(np.sin(x)), x)
    np.testing.assert_allclose(numeric, np.cos(x), rtol=1e-8, atol=1e-9)


def test_numerical_gradient_restores_x_bitwise():
    x = np.random.default_rng(0).standard_normal(10) * 1e3
    before = x.copy()
    numerical_gradient(lambda x: np.sum(np.exp(np.sin(x))), x)
    assert np.array_equal(x, before)


def test_numerical_gradient_restores_x_when_f_raises():
    x = np.ones(3)

    def failing(x):
        raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        numerical_gradient(failing, x)
    assert np.array_equal(x, np.ones(3))


def test_numerical_gradient_rejects_non_float64():
    with pytest.raises(AssertionError, match="float64"):
        numerical_gradient(lambda x: np.sum(x), np.ones(3, dtype=np.float32))


def test_numerical_gradient_array_of_matrix_product_with_upstream():
    rng = np.random.default_rng(0)
    W, x, dout = rng.standard_normal((3, 4)), rng.standard_normal(4), rng.standard_normal(3)
    dW = numerical_gradient_array(lambda W: W @ x, W, dout)
    dx = numerical_gradient_array(lambda x: W @ x, x, dout)
    np.testing.assert_allclose(dW, np.outer(dout, x), rtol=1e-8, atol=1e-9)
    np.testing.assert_allclose(dx, W.T @ dout, rtol=1e-8, atol=1e-9)


def test_numerical_gradient_array_rejects_dout_of_wrong_shape():
    with pytest.raises(AssertionError, match=r"shape \(3,\) but dout has shape \(2,\)"):
        numerical_gradient_array(lambda x: 2 * x, np.ones(3), np.ones(2))


def test_relative_error_formula_and_floor():
    a, n = np.array([1.0, -1.0, 0.0, 3.0]), np.array([1.0, 1.0, 1e-12, 1.0])
    # |a - n| / max(|a| + |n|, floor): 0 if equal, 1 for opposite signs or a zero.
    np.testing.assert_allclose(relative_error(a, n), [0.0, 1.0, 1.0, 0.5])
    # A floor above the tiny entry keeps its noise from counting as a 100% error.
    np.testing.assert_allclose(relative_error(a, n, floor=1e-2), [0.0, 1.0, 1e-10, 0.5])


def test_linear_layer_passes_with_tiny_errors(linear_inputs):
    errors = check_gradients(linear, linear_grads, linear_inputs, name="the linear layer")
    assert set(errors) == {"x", "w", "b"}
    assert max(errors.values()) < 1e-7


def test_sigmoid_passes():
    x = np.random.default_rng(2).standard_normal((4, 6)) * 3
    errors = check_gradients(sigmoid, sigmoid_grads, {"x": x}, name="sigmoid")
    assert errors["x"] < 1e-7


def test_saturated_entries_near_zero_do_not_flake():
    # sigmoid'(±30) ~ 1e-13 is below the rounding noise of central differences.
    x = np.array([[-30.0, -1.0, 0.0], [0.5, 2.0, 30.0]])
    check_gradients(sigmoid, sigmoid_grads, {"x": x})


def test_scalar_output_passes():
    def f(x):
        return float(np.sum(x**2))

    def grads(dout, x):
        return {"x": 2 * x * dout}

    check_gradients(f, grads, {"x": np.arange(4.0)})


def softmax_loss(scores, y):
    """Mean cross-entropy of scores (N, C) for labels y (N,) -> scalar."""
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -np.mean(log_probs[np.arange(len(y)), y])


def softmax_loss_grads(dout, scores, y):
    probs = np.exp(scores - scores.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    probs[np.arange(len(y)), y] -= 1
    return {"scores": dout * probs / len(y)}


@pytest.mark.parametrize("seed", range(5))
def test_tiny_entries_of_a_softmax_loss_do_not_flake(seed):
    # Peaked softmax: many entries of dscores are ~1e-9, the size of the rounding noise.
    rng = np.random.default_rng(seed)
    inputs = {"scores": 5 * rng.standard_normal((32, 20)), "y": rng.integers(0, 20, size=32)}
    check_gradients(softmax_loss, softmax_loss_grads, inputs, seed=seed)


def test_wrong_gradient_in_a_single_small_entry_is_caught():
    rng = np.random.default_rng(0)
    inputs = {"scores": rng.standard_normal((4, 3)), "y": np.array([0, 2, 1, 2])}

    def grads(dout, scores, y):
        dscores = softmax_loss_grads(dout, scores, y)["scores"]
        dscores[3, 1] *= 1.01
        return {"scores": dscores}

    with pytest.raises(AssertionError, match=r"worst entry dscores\[3, 1\]"):
        check_gradients(softmax_loss, grads, inputs)


def test_a_backward_pass_that_leaves_out_a_gradient_fails(linear_inputs):
    with pytest.raises(AssertionError, match="no gradient for the float input\\(s\\) `x`, `b`"):
        check_gradients(linear, lambda dout, x, w, b: {"w": x.T @ dout}, linear_inputs)


def test_integer_labels_pass_through_unchanged():
    rng = np.random.default_rng(0)
    labels = np.array([0, 2, 1, 2])
    check_gradients(softmax_loss, softmax_loss_grads, {"scores": rng.standard_normal((4, 3)), "y": labels})
    assert labels.dtype == np.int64


def test_non_float_inputs_pass_through_unchanged():
    def f(x, mode):
        return 2 * x if mode == "train" else x

    check_gradients(f, lambda dout, x, mode: {"x": 2 * dout}, {"x": np.ones(3), "mode": "train"})
    with pytest.raises(AssertionError, match="`mode` is not a float input"):
        check_gradients(f, lambda dout, x, mode: {"mode": 0.0}, {"x": np.ones(3), "mode": "train"})


def test_float32_inputs_are_converted(linear_inputs):
    inputs = {key: value.astype(np.float32) for key, value in linear_inputs.items()}
    check_gradients(linear, linear_grads, inputs)


def test_callers_arrays_are_unchanged(linear_inputs):
    before = {key: value.copy() for key, value in linear_inputs.items()}
    check_gradients(linear, linear_grads, linear_inputs)
    x32 = linear_inputs["x"].astype(np.float32)
    check_gradients(sigmoid, sigmoid_grads, {"x": x32})
    for key, value in linear_inputs.items():
        assert np.array_equal(value, before[key])
    assert x32.dtype == np.float32 and np.array_equal(x32, before["x"].astype(np.float32))


def test_is_deterministic(linear_inputs):
    assert check_gradients(linear, linear_grads, linear_inputs) == check_gradients(
        linear, linear_grads, linear_inputs
    )


def test_wrong_sign_fails_with_hint(linear_inputs):
    def grads(dout, x, w, b):
        return {**linear_grads(dout, x, w, b), "w": -(x.T @ dout)}

    with pytest.raises(AssertionError) as info:
        check_gradients(linear, grads, linear_inputs, name="the linear layer")
    message = str(info.value)
    assert "Gradient check of the linear layer failed for `dw`" in message
    assert "worst entry dw[" in message and "analytic" in message and "numeric" in message
    assert "max relative error 1 > tolerance 1e-06" in message
    assert "wrong sign" in message
    assert "`dx`" not in message and "`db`" not in message


def test_missing_one_over_n_fails_with_hint():
    x = np.random.default_rng(3).standard_normal((N, D))
    with pytest.raises(AssertionError) as info:
        check_gradients(batch_mean, lambda dout, x: {"x": np.broadcast_to(dout, x.shape).copy()}, {"x": x})
    message = str(info.value)
    assert "`dx`" in message
    assert f"analytic ≈ {N} × numeric" in message
    assert "did you forget to divide by N" in message


def test_divided_by_n_twice_fails_with_hint():
    x = np.random.default_rng(3).standard_normal((N, D))

    def grads(dout, x):
        return {"x": batch_mean_grads(dout, x)["x"] / N}

    with pytest.raises(AssertionError, match=f"numeric / {N}: divided by N twice"):
        check_gradients(batch_mean, grads, {"x": x})


def test_correct_batch_mean_passes():
    x = np.random.default_rng(3).standard_normal((N, D))
    check_gradients(batch_mean, batch_mean_grads, {"x": x})


def test_missing_dout_fails_with_hint():
    x = np.random.default_rng(2).standard_normal((4, 6))

    def grads(dout, x):
        s = sigmoid(x)
        return {"x": s * (1 - s)}

    with pytest.raises(AssertionError) as info:
        check_gradients(sigmoid, grads, {"x": x}, name="sigmoid")
    message = str(info.value)
    assert "failed for `dx`" in message
    assert "did you multiply by dout (the upstream gradient)?" in message


def test_missing_dout_with_scalar_output_fails_with_hint():
    def grads(dout, x):
        return {"x": 2 * x}

    with pytest.raises(AssertionError, match=r"did you multiply by dout"):
        check_gradients(lambda x: np.sum(x**2), grads, {"x": np.arange(1.0, 5.0)})


def test_values_in_wrong_places_fail_with_hint():
    rng = np.random.default_rng(4)
    x, w = rng.standard_normal((3, 3)), rng.standard_normal((3, 3))

    def grads(dout, x, w):
        return {"w": (x.T @ dout).T}

    with pytest.raises(AssertionError, match="right values in the wrong places"):
        check_gradients(lambda x, w: x @ w, grads, {"x": x, "w": w})


def test_wrong_shape_fails_naming_both_shapes(linear_inputs):
    def grads(dout, x, w, b):
        return {"b": dout.sum(axis=0, keepdims=True)}

    with pytest.raises(AssertionError) as info:
        check_gradients(linear, grads, linear_inputs)
    message = str(info.value)
    assert "`db` has shape (1, 3)" in message and "`b` has shape (3,)" in message


def test_transposed_shape_is_detected(linear_inputs):
    with pytest.raises(AssertionError, match=r"shape \(3, 5\).*shape \(5, 3\) \(it looks transposed\)"):
        check_gradients(linear, lambda dout, x, w, b: {"w": dout.T @ x}, linear_inputs)


def test_float32_output_fails(linear_inputs):
    def f32(x, w, b):
        return linear(x, w, b).astype(np.float32)

    with pytest.raises(AssertionError, match="float64 is required for gradient checks.*float32"):
        check_gradients(f32, linear_grads, linear_inputs)


def test_float32_gradient_fails(linear_inputs):
    def grads(dout, x, w, b):
        return {"w": (x.T @ dout).astype(np.float32)}

    with pytest.raises(AssertionError, match=r"float64 is required.*gradient `dw` has dtype float32"):
        check_gradients(linear, grads, linear_inputs)


@pytest.mark.parametrize(
    ("returned", "expected_message"),
    [
        ({"dw": np.zeros((D, M))}, "no input `dw`"),
        ({"w": None}, "returned None for `dw`"),
        ({"w": np.full((D, M), np.nan)}, "`dw` has 15 non-finite"),
        ([np.zeros((D, M))], "should return a non-empty dict"),
    ],
)
def test_malformed_gradients_fail(linear_inputs, returned, expected_message):
    with pytest.raises(AssertionError, match=expected_message):
        check_gradients(linear, lambda dout, x, w, b: returned, linear_inputs)


def test_all_zero_gradient_fails_with_hint(linear_inputs):
    with pytest.raises(AssertionError, match="all zeros"):
        check_gradients(linear, lambda dout, x, w, b: {"w": np.zeros((D, M))}, linear_inputs)


def test_in_place_modification_of_an_input_fails():
    def f(x):
        x -= x.max()
        return x

    with pytest.raises(AssertionError, match="modified its input `x` in place"):
        check_gradients(f, lambda dout, x: {"x": dout}, {"x": np.arange(3.0)})


@pytest.mark.filterwarnings("error")
def test_nothing_printed_or_warned(capfd, linear_inputs):
    check_gradients(linear, linear_grads, linear_inputs)
    with pytest.raises(AssertionError):
        check_gradients(linear, lambda dout, x, w, b: {"w": np.zeros((D, M))}, linear_inputs)
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""


def test_docstring_examples():
    assert doctest.testmod(gradcheck).failed == 0
