"""The Lab 3 reference layers and MLP against numerical gradients (random upstream gradient,
float64) and torch autograd."""
import numpy as np
import pytest
import torch

from course_lib.gradcheck import check_gradients
from course_lib.reference import initialization, layers, mlp
from course_lib.reference.softmax import softmax_loss

GRAD_TOL = 1e-7


@pytest.mark.parametrize("seed", range(3))
def test_affine_backward(seed):
    rng = np.random.default_rng(seed)
    inputs = {"x": rng.standard_normal((4, 5)), "w": rng.standard_normal((5, 3)), "b": rng.standard_normal(3)}
    check_gradients(lambda x, w, b: layers.affine_forward(x, w, b)[0],
                    lambda dout, x, w, b: dict(zip("xwb", layers.affine_backward(dout, (x, w)))),
                    inputs, seed=seed, tol=GRAD_TOL)


@pytest.mark.parametrize("seed", range(3))
def test_relu_and_sigmoid_backward_away_from_the_kink(seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((3, 6))
    x = np.where(np.abs(x) < 0.05, 0.5, x)  # off the kink of ReLU at 0
    check_gradients(lambda x: layers.relu_forward(x)[0],
                    lambda dout, x: {"x": layers.relu_backward(dout, layers.relu_forward(x)[1])},
                    {"x": x}, seed=seed, tol=GRAD_TOL)
    check_gradients(lambda x: layers.sigmoid_forward(x)[0],
                    lambda dout, x: {"x": layers.sigmoid_backward(dout, layers.sigmoid_forward(x)[1])},
                    {"x": x}, seed=seed, tol=GRAD_TOL)


@pytest.mark.parametrize("seed", range(3))
def test_softmax_loss_matches_torch(seed):
    rng = np.random.default_rng(seed)
    scores, y = 5 * rng.standard_normal((6, 4)), rng.integers(0, 4, 6)
    s = torch.tensor(scores, requires_grad=True)
    loss_t = torch.nn.functional.cross_entropy(s, torch.from_numpy(y))
    loss_t.backward()
    loss, dscores = softmax_loss(scores, y)
    assert loss == pytest.approx(loss_t.item(), rel=1e-12)
    np.testing.assert_allclose(dscores, s.grad.numpy(), rtol=1e-10, atol=1e-15)


def _problem(seed, N=7, D=5, H=6, C=3):
    rng = np.random.default_rng(seed)
    return mlp.init_two_layer_mlp(D, H, C, seed=seed), rng.standard_normal((N, D)), rng.integers(0, C, N)


@pytest.mark.parametrize("seed", range(3))
def test_two_layer_mlp_gradients_against_numerical_gradients(seed):
    params, X, y = _problem(seed)
    params["b1"] = np.random.default_rng(seed).uniform(0.1, 0.3, params["b1"].shape)
    # Central differences step 1e-6: every pre-activation must be farther than that from ReLU's kink.
    assert np.abs(X @ params["W1"] + params["b1"]).min() > 1e-3
    check_gradients(lambda W1, b1, W2, b2: mlp.two_layer_mlp_loss(dict(W1=W1, b1=b1, W2=W2, b2=b2), X, y)[0],
                    lambda dout, **p: {k: dout * g for k, g in mlp.two_layer_mlp_loss(p, X, y)[1].items()},
                    params, seed=seed, tol=GRAD_TOL)


@pytest.mark.parametrize("seed", range(3))
def test_two_layer_mlp_matches_torch(seed):
    params, X, y = _problem(seed)
    tp = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
    h = torch.relu(torch.from_numpy(X) @ tp["W1"] + tp["b1"])
    loss_t = torch.nn.functional.cross_entropy(h @ tp["W2"] + tp["b2"], torch.from_numpy(y))
    loss_t.backward()
    loss, grads = mlp.two_layer_mlp_loss(params, X, y)
    assert loss == pytest.approx(loss_t.item(), rel=1e-12)
    for name, grad in grads.items():
        np.testing.assert_allclose(grad, tp[name].grad.numpy(), rtol=1e-9, atol=1e-14)
    np.testing.assert_allclose(mlp.two_layer_mlp_scores(params, X), (h @ tp["W2"] + tp["b2"]).detach().numpy())


def test_initialisations_have_the_variances_they_promise():
    rng = np.random.default_rng(0)
    assert initialization.he_init(400, 300, rng).var() == pytest.approx(2 / 400, rel=0.02)
    assert initialization.xavier_init(400, 300, rng).var() == pytest.approx(2 / 700, rel=0.02)
    assert initialization.he_init(3, 2, rng).shape == (3, 2)
