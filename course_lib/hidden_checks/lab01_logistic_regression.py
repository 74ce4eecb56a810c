"""Hidden checks of Lab 1 (logistic regression): the student's functions against the reference.

Each check draws its inputs from fixed seeds, compares with :mod:`course_lib.reference`, and checks
gradients against numerical gradients of the reference loss with a random upstream gradient. The
training loops run with the reference in place of the functions they call, so that each cell is
graded on its own function only.
"""
import numpy as np

from ..checks import (check_close, check_decreasing, check_finite, check_shape, negated, off_by_factor,
                      with_globals)
from ..data import load_digit_pair
from ..gradcheck import check_gradients
from ..reference import logistic_regression as ref_lr
from ..reference import optim as ref_optim
from ..reference import softmax as ref_softmax
from ..reference import softmax_regression as ref_sm
from ..visible_checks.lab01_logistic_regression import NOT_AVERAGED

_SEEDS = (10, 11, 12)


def _problem(seed, N=9, D=4, scale=1.0):
    """Random examples X (N, D), binary labels y (N,) and parameters w (D,), b."""
    rng = np.random.default_rng(seed)
    return (scale * rng.standard_normal((N, D)), rng.integers(0, 2, N),
            rng.standard_normal(D), float(rng.standard_normal()))


def check_sigmoid(sigmoid):
    """Random arrays of several shapes, and logits far into both tails."""
    for seed, shape in zip(_SEEDS, [(7,), (3, 5), (2, 3, 4)]):
        a = 30 * np.random.default_rng(seed).standard_normal(shape)
        with np.errstate(over="raise", invalid="raise"):
            check_close(f"sigmoid on a random array of shape {shape}", sigmoid(a), ref_lr.sigmoid(a))
    tails = np.array([-745.0, -710.0, -40.0, 40.0, 710.0, 1e5])
    with np.errstate(over="raise", invalid="raise"):
        check_close("sigmoid in the far tails", sigmoid(tails), ref_lr.sigmoid(tails))


@with_globals(sigmoid=ref_lr.sigmoid)
def check_bce_loss(bce_loss):
    """Random problems, and logits up to ±800 where a loss computed from σ overflows."""
    for seed in _SEEDS:
        X, y, w, b = _problem(seed)
        check_close(f"bce_loss on a random problem (seed {seed})", bce_loss(w, b, X, y),
                    ref_lr.bce_loss(w, b, X, y), hints=[off_by_factor(len(y), NOT_AVERAGED)])
    X, y, w, b = _problem(13, scale=200.0)
    with np.errstate(all="ignore"):
        got = bce_loss(w, b, X, y)
    check_finite("bce_loss with logits of several hundred", got)
    check_close("bce_loss with logits of several hundred", got, ref_lr.bce_loss(w, b, X, y))


@with_globals(sigmoid=ref_lr.sigmoid)
def check_bce_gradient(bce_gradient):
    """(dw, db) equal the reference and the numerical gradient of the reference loss."""
    for seed in _SEEDS:
        X, y, w, b = _problem(seed)
        dw, db = bce_gradient(w, b, X, y)
        ref_dw, ref_db = ref_lr.bce_gradient(w, b, X, y)
        hints = [off_by_factor(len(y), NOT_AVERAGED), negated("the gradient is (h − y)x, not (y − h)x.")]
        check_close(f"dw on a random problem (seed {seed})", dw, ref_dw, hints=hints)
        check_close(f"db on a random problem (seed {seed})", db, ref_db, hints=hints)
        check_gradients(lambda w, b: ref_lr.bce_loss(w, b, X, y),
                        lambda dout, w, b: dict(zip(("w", "b"), (dout * g for g in bce_gradient(w, b, X, y)))),
                        {"w": w, "b": b}, seed=seed, name="bce_gradient")


@with_globals(bce_loss=ref_lr.bce_loss, bce_gradient=ref_lr.bce_gradient)
def check_gradient_descent(gradient_descent):
    """The weights and the loss curve of the reference on a random problem and on MNIST 3 vs 8."""
    X, y, _, _ = _problem(14, N=30, D=5)
    w, b, losses = gradient_descent(X, y, 0.3, 25)
    ref_w, ref_b, ref_losses = ref_lr.gradient_descent(X, y, 0.3, 25)
    check_close("w after 25 steps", w, ref_w, rtol=1e-6)
    check_close("b after 25 steps", b, ref_b, rtol=1e-6)
    check_close("the 25 losses", np.asarray(losses), np.asarray(ref_losses), rtol=1e-6)
    train = load_digit_pair(3, 8).train
    X, y = train.X[:200], train.y[:200]
    w, b, losses = gradient_descent(X, y, 0.5, 20)
    check_decreasing("the loss on MNIST 3 vs 8", losses)
    check_close("w after 20 steps on MNIST 3 vs 8", w, ref_lr.gradient_descent(X, y, 0.5, 20)[0], rtol=1e-6)


def check_softmax(softmax):
    """Random score matrices of several shapes, some with scores in the thousands."""
    for seed, (N, K), scale in zip(_SEEDS, [(5, 3), (2, 7), (6, 10)], [1.0, 50.0, 2000.0]):
        Z = scale * np.random.default_rng(seed).standard_normal((N, K))
        with np.errstate(over="raise", invalid="raise"):
            got = softmax(Z)
        check_close(f"softmax of a ({N}, {K}) score matrix with scores about ±{scale:g}", got, ref_softmax.softmax(Z))


@with_globals(softmax=ref_softmax.softmax)
def check_softmax_cross_entropy(softmax_cross_entropy):
    """Loss and gradients equal the reference; gradients equal numerical ones of the reference loss."""
    for seed, (N, D, K) in zip(_SEEDS, [(6, 4, 3), (10, 3, 5), (1, 2, 4)]):
        rng = np.random.default_rng(seed)
        X, y = rng.standard_normal((N, D)), rng.integers(0, K, N)
        W, b = rng.standard_normal((D, K)), rng.standard_normal(K)
        loss, dW, db = softmax_cross_entropy(W, b, X, y)
        ref_loss, ref_dW, ref_db = ref_sm.softmax_cross_entropy(W, b, X, y)
        hints = [off_by_factor(N, NOT_AVERAGED)] if N > 1 else []
        check_close(f"the loss, N={N} D={D} K={K}", loss, ref_loss, hints=hints)
        check_close(f"dW, N={N} D={D} K={K}", dW, ref_dW, hints=hints)
        check_close(f"db, N={N} D={D} K={K}", db, ref_db, hints=hints)
        check_gradients(lambda W, b: ref_sm.softmax_cross_entropy(W, b, X, y)[0],
                        lambda dout, W, b: dict(zip(("W", "b"), (dout * g for g in softmax_cross_entropy(W, b, X, y)[1:]))),
                        {"W": W, "b": b}, seed=seed, name="softmax_cross_entropy")


@with_globals(softmax=ref_softmax.softmax)
def check_predict_accuracy(predict, accuracy):
    """Random problems with N ≠ K, so that an argmax over the wrong axis shows."""
    for seed, (N, D, K) in zip(_SEEDS, [(8, 4, 3), (5, 6, 10), (12, 2, 4)]):
        rng = np.random.default_rng(seed)
        X, W, b = rng.standard_normal((N, D)), rng.standard_normal((D, K)), rng.standard_normal(K)
        got = np.asarray(predict(W, b, X))
        check_shape(f"predict for N={N}, K={K}", got, (N,))
        check_close(f"predict for N={N}, K={K}", got, ref_sm.predict(W, b, X))
        y_pred, y_true = rng.integers(0, K, N), rng.integers(0, K, N)
        check_close(f"accuracy of {N} random labels", accuracy(y_pred, y_true), ref_sm.accuracy(y_pred, y_true))


def check_momentum_update(momentum_update):
    """Several steps in a row with the velocity carried over, against the reference."""
    rng = np.random.default_rng(15)
    theta, v = rng.standard_normal((3, 4)), np.zeros((3, 4))
    ref_theta, ref_v = theta.copy(), v.copy()
    for step in range(4):
        grad = rng.standard_normal((3, 4))
        theta, v = momentum_update(theta, grad, v, 0.05, 0.8)
        ref_theta, ref_v = ref_optim.momentum_update(ref_theta, grad, ref_v, 0.05, 0.8)
        check_close(f"the velocity after step {step + 1}", v, ref_v)
        check_close(f"θ after step {step + 1}", theta, ref_theta)


@with_globals(softmax_cross_entropy=ref_sm.softmax_cross_entropy, momentum_update=ref_optim.momentum_update)
def check_minibatch_sgd(minibatch_sgd):
    """W, b and the loss curve of the reference on a random 4-class problem (batches of 7 of 50)."""
    rng = np.random.default_rng(16)
    X, y = rng.standard_normal((50, 5)), rng.integers(0, 4, 50)
    got = minibatch_sgd(X, y, 4, lr=0.2, momentum=0.7, batch_size=7, epochs=3, seed=2)
    expected = ref_sm.minibatch_sgd(X, y, 4, lr=0.2, momentum=0.7, batch_size=7, epochs=3, seed=2)
    for name, g, e in zip(("W", "b", "losses"), got, expected):
        check_close(f"{name} after 3 epochs", np.asarray(g), np.asarray(e), rtol=1e-6)
