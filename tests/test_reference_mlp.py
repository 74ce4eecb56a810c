"""The Lab 3 reference layers and MLP against numerical gradients (random upstream gradient,
float64) and torch autograd; its training reaches the lab's accuracies."""
import ast

import nbformat
import numpy as np
import pytest
import torch

from autograder.course import REPO
from course_lib.data import load_mnist_5k, make_xor, minibatch_indices
from course_lib.gradcheck import check_gradients
from course_lib.reference import initialization, layers, mlp, optim, parameter_counts
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


def test_init_two_layer_mlp_takes_a_generator_and_draws_from_it():
    rng = np.random.default_rng(4)
    first, second = mlp.init_two_layer_mlp(6, 5, 3, rng), mlp.init_two_layer_mlp(6, 5, 3, rng)
    np.testing.assert_array_equal(first["W1"], mlp.init_two_layer_mlp(6, 5, 3, seed=4)["W1"])
    assert not np.array_equal(first["W1"], second["W1"])


def test_sgd_momentum_step_on_a_dict_equals_torch_sgd_momentum():
    """Every parameter of the dict follows torch.optim.SGD with momentum on the same gradients."""
    rng = np.random.default_rng(9)
    params = {"W1": rng.standard_normal((4, 3)), "b1": rng.standard_normal(3), "W2": rng.standard_normal((3, 2))}
    velocity = {k: np.zeros_like(p) for k, p in params.items()}
    tparams = {k: torch.tensor(p.copy(), requires_grad=True) for k, p in params.items()}
    opt = torch.optim.SGD(list(tparams.values()), lr=0.05, momentum=0.9)
    for _ in range(5):
        grads = {k: rng.standard_normal(p.shape) for k, p in params.items()}
        optim.sgd_momentum_step(params, grads, velocity, 0.05, 0.9)
        for k, p in tparams.items():
            p.grad = torch.from_numpy(grads[k])
        opt.step()
    for k, p in tparams.items():
        np.testing.assert_allclose(params[k], p.detach().numpy(), rtol=1e-12)


def test_train_epoch_equals_torch_on_the_same_batches():
    params, X, y = _problem(3, N=30)
    velocity = {k: np.zeros_like(p) for k, p in params.items()}
    tp = {k: torch.tensor(v.copy(), requires_grad=True) for k, v in params.items()}
    opt = torch.optim.SGD(list(tp.values()), lr=0.1, momentum=0.8)
    losses = mlp.train_epoch(params, velocity, X, y, 0.1, 0.8, 8, np.random.default_rng(6))
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    torch_losses = []
    for idx in minibatch_indices(30, 8, np.random.default_rng(6)):
        opt.zero_grad()
        h = torch.relu(Xt[idx] @ tp["W1"] + tp["b1"])
        loss = torch.nn.functional.cross_entropy(h @ tp["W2"] + tp["b2"], yt[idx])
        loss.backward()
        opt.step()
        torch_losses.append(loss.item())
    np.testing.assert_allclose(losses, torch_losses, rtol=1e-10)
    for name, p in tp.items():
        np.testing.assert_allclose(params[name], p.detach().numpy(), rtol=1e-9, atol=1e-12)


def _notebook_constants(names):
    """The values the Lab 3 solution notebook assigns to the tuple `names` in one statement."""
    nb = nbformat.read(REPO / "solutions" / "lab03_mlp_backprop" / "lab03_mlp_backprop.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        code = "\n".join(line for line in cell.source.splitlines() if not line.startswith("%"))
        for node in ast.walk(ast.parse(code)):
            if (isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Tuple)
                    and [t.id for t in node.targets[0].elts] == list(names)):
                return ast.literal_eval(node.value)
    raise AssertionError(f"the notebook assigns no {', '.join(names)}")


def test_the_notebooks_training_reaches_92_percent_on_mnist_and_separates_xor():
    """The reference trained as the notebook's try-it cells train (same hyper-parameters, read from
    the notebook, and one generator seeded 0 for the weights and the batches)."""
    hidden, lr, momentum, batch_size, epochs = _notebook_constants(["HIDDEN", "LR", "MOMENTUM", "BATCH_SIZE", "EPOCHS"])
    mnist = load_mnist_5k()
    params, losses = mlp.train_two_layer_mlp(mnist.train.X, mnist.train.y, hidden, 10, lr, momentum, batch_size,
                                             epochs, seed=0)
    assert np.mean(mlp.predict(params, mnist.test.X) == mnist.test.y) >= 0.92
    assert losses[-1] < losses[0] / 5
    hidden, lr, momentum, batch_size, epochs = _notebook_constants(
        ["XOR_HIDDEN", "XOR_LR", "XOR_MOMENTUM", "XOR_BATCH_SIZE", "XOR_EPOCHS"])
    X, y = make_xor(seed=0)
    params, _ = mlp.train_two_layer_mlp(X, y, hidden, 2, lr, momentum, batch_size, epochs, seed=0)
    assert np.mean(mlp.predict(params, X) == y) >= 0.95


def test_parameter_counts_are_the_lectures():
    assert parameter_counts.fully_connected_weights((200, 200), 40_000) == 1_600_000_000  # "~2 billion"
    assert parameter_counts.locally_connected_weights(40_000, (10, 10)) == 4_000_000
    assert parameter_counts.fully_connected_weights((3, 5), 2) == 30
    assert parameter_counts.locally_connected_weights(2, (3, 4)) == 24
