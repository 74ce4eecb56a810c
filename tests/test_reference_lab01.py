"""The Lab 1 reference against numerical gradients and against torch autograd (float64)."""
import numpy as np
import pytest
import torch

from course_lib.gradcheck import check_gradients
from course_lib.reference import logistic_regression as lr
from course_lib.reference import optim
from course_lib.reference import softmax_regression as sm
from course_lib.reference.softmax import softmax

GRAD_TOL = 1e-7   # max relative error against central differences, float64
TORCH_TOL = 1e-12  # relative tolerance against torch, same float64 arithmetic


def _problem(seed, N=12, D=5):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((N, D)), rng.integers(0, 2, N), rng.standard_normal(D), float(rng.standard_normal())


@pytest.mark.parametrize("seed", range(3))
def test_sigmoid_matches_torch_and_its_derivative(seed):
    a = 20 * np.random.default_rng(seed).standard_normal((4, 6))
    np.testing.assert_allclose(lr.sigmoid(a), torch.sigmoid(torch.from_numpy(a)).numpy(), rtol=TORCH_TOL)
    # σ'(a) = σ(a)(1 − σ(a)), checked with a random upstream gradient.
    check_gradients(lr.sigmoid, lambda dout, a: {"a": dout * lr.sigmoid(a) * (1 - lr.sigmoid(a))},
                    {"a": np.random.default_rng(seed).standard_normal((3, 4))}, seed=seed, tol=GRAD_TOL)


def test_sigmoid_does_not_overflow():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        np.testing.assert_array_equal(lr.sigmoid(np.array([-1e5, -1000.0, 0.0, 1000.0, 1e5])),
                                      [0.0, 0.0, 0.5, 1.0, 1.0])


@pytest.mark.parametrize("seed", range(3))
def test_bce_loss_and_gradient_match_torch(seed):
    X, y, w, b = _problem(seed)
    wt = torch.tensor(w, requires_grad=True)
    bt = torch.tensor(b, dtype=torch.float64, requires_grad=True)
    loss = torch.nn.functional.binary_cross_entropy_with_logits(
        torch.from_numpy(X) @ wt + bt, torch.from_numpy(y).double())
    loss.backward()
    assert lr.bce_loss(w, b, X, y) == pytest.approx(loss.item(), rel=TORCH_TOL)
    dw, db = lr.bce_gradient(w, b, X, y)
    np.testing.assert_allclose(dw, wt.grad.numpy(), rtol=1e-10)
    assert db == pytest.approx(bt.grad.item(), rel=1e-10)


@pytest.mark.parametrize("seed", range(3))
def test_bce_gradient_matches_numerical_gradient(seed):
    X, y, w, b = _problem(seed)
    check_gradients(lambda w, b: lr.bce_loss(w, b, X, y),
                    lambda dout, w, b: dict(zip("wb", (dout * g for g in lr.bce_gradient(w, b, X, y)))),
                    {"w": w, "b": b}, seed=seed, tol=GRAD_TOL)


def test_bce_loss_is_finite_for_extreme_logits():
    X = np.array([[1.0], [-1.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        assert lr.bce_loss(np.array([800.0]), 0.0, X, np.array([0, 1])) == pytest.approx(800.0)
        assert lr.bce_loss(np.array([800.0]), 0.0, X, np.array([1, 0])) == 0.0


def test_lecture_gradients_for_one_example():
    """(p − 1)x for a positive example and px for a negative one."""
    x, w = np.array([[1.5, -2.0]]), np.array([0.3, 0.1])
    p = lr.sigmoid(x @ w)[0]
    np.testing.assert_allclose(lr.bce_gradient(w, 0.0, x, np.array([1]))[0], (p - 1) * x[0])
    np.testing.assert_allclose(lr.bce_gradient(w, 0.0, x, np.array([0]))[0], p * x[0])


def test_gradient_descent_equals_torch_sgd():
    X, y, _, _ = _problem(3, N=40, D=4)
    w, b, losses = lr.gradient_descent(X, y, 0.3, 30)
    wt = torch.zeros(4, dtype=torch.float64, requires_grad=True)
    bt = torch.zeros((), dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([wt, bt], lr=0.3)
    torch_losses = []
    for _ in range(30):
        opt.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(
            torch.from_numpy(X) @ wt + bt, torch.from_numpy(y).double())
        torch_losses.append(loss.item())
        loss.backward()
        opt.step()
    np.testing.assert_allclose(losses, torch_losses, rtol=1e-10)
    np.testing.assert_allclose(w, wt.detach().numpy(), rtol=1e-9)
    assert b == pytest.approx(bt.item(), rel=1e-9)
    assert losses[0] == pytest.approx(np.log(2))


@pytest.mark.parametrize("seed", range(3))
def test_softmax_matches_torch_and_is_stable(seed):
    Z = 300 * np.random.default_rng(seed).standard_normal((5, 7))
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        P = softmax(Z)
    np.testing.assert_allclose(P, torch.softmax(torch.from_numpy(Z), dim=1).numpy(), rtol=1e-10, atol=1e-300)
    np.testing.assert_allclose(P.sum(axis=1), 1.0)


@pytest.mark.parametrize("seed", range(3))
def test_softmax_cross_entropy_matches_torch_and_numerical_gradient(seed):
    rng = np.random.default_rng(seed)
    X, y = rng.standard_normal((9, 4)), rng.integers(0, 3, 9)
    W, b = rng.standard_normal((4, 3)), rng.standard_normal(3)
    Wt, bt = torch.tensor(W, requires_grad=True), torch.tensor(b, requires_grad=True)
    loss_t = torch.nn.functional.cross_entropy(torch.from_numpy(X) @ Wt + bt, torch.from_numpy(y))
    loss_t.backward()
    loss, dW, db = sm.softmax_cross_entropy(W, b, X, y)
    assert loss == pytest.approx(loss_t.item(), rel=1e-12)
    np.testing.assert_allclose(dW, Wt.grad.numpy(), rtol=1e-10)
    np.testing.assert_allclose(db, bt.grad.numpy(), rtol=1e-10)
    check_gradients(lambda W, b: sm.softmax_cross_entropy(W, b, X, y)[0],
                    lambda dout, W, b: dict(zip("Wb", (dout * g for g in sm.softmax_cross_entropy(W, b, X, y)[1:]))),
                    {"W": W, "b": b}, seed=seed, tol=GRAD_TOL)


def test_predict_and_accuracy():
    X, W, b = np.array([[1.0, 0.0], [0.0, 1.0], [2.0, 3.0]]), np.array([[1.0, 0, 0], [0, 1.0, 0]]), np.zeros(3)
    np.testing.assert_array_equal(sm.predict(W, b, X), [0, 1, 1])
    assert sm.accuracy(np.array([0, 1, 1]), np.array([0, 1, 2])) == pytest.approx(2 / 3)


def test_momentum_update_equals_torch_sgd_momentum():
    """v ← βv − αg, θ ← θ + v is torch's v ← βv + g, θ ← θ − αv with our v = −α·torch's v."""
    rng = np.random.default_rng(7)
    theta, v = rng.standard_normal(5), np.zeros(5)
    param = torch.tensor(theta.copy(), requires_grad=True)
    opt = torch.optim.SGD([param], lr=0.05, momentum=0.9)
    for _ in range(6):
        grad = rng.standard_normal(5)
        theta, v = optim.momentum_update(theta, grad, v, 0.05, 0.9)
        param.grad = torch.from_numpy(grad)
        opt.step()
    np.testing.assert_allclose(theta, param.detach().numpy(), rtol=1e-12)


def test_minibatch_sgd_equals_torch_on_the_same_batches():
    from course_lib.data import minibatch_indices

    rng = np.random.default_rng(8)
    X, y = rng.standard_normal((50, 3)), rng.integers(0, 4, 50)
    W, b, losses = sm.minibatch_sgd(X, y, 4, lr=0.2, momentum=0.8, batch_size=16, epochs=3, seed=5)
    Wt = torch.zeros((3, 4), dtype=torch.float64, requires_grad=True)
    bt = torch.zeros(4, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([Wt, bt], lr=0.2, momentum=0.8)
    batches = np.random.default_rng(5)
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    for _ in range(3):
        for idx in minibatch_indices(50, 16, batches):
            opt.zero_grad()
            torch.nn.functional.cross_entropy(Xt[idx] @ Wt + bt, yt[idx]).backward()
            opt.step()
    np.testing.assert_allclose(W, Wt.detach().numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(b, bt.detach().numpy(), rtol=1e-9, atol=1e-12)
    assert losses[-1] == pytest.approx(torch.nn.functional.cross_entropy(Xt @ Wt + bt, yt).item(), rel=1e-9)
