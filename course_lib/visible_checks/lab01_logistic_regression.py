"""Visible checks of Lab 1 (logistic regression), called by the notebook's test cells.

Every expected value here is a case small enough to work by hand (the comment beside it shows
how), or a property any right answer has, or the student's own loss differentiated numerically.
The training loops are checked on their own: the functions they call are replaced by small
stand-ins with a known result, so that a mistake in one exercise fails only that exercise.
"""
import math

import numpy as np

from ..checks import (Hint, check_close, check_finite, check_shape, negated, off_by_factor,
                      replaced_globals, with_globals)
from ..gradcheck import check_gradients

NOT_AVERAGED = "did you sum over the examples instead of taking the mean (divide by N)?"


# The lecture's formulas, standing in for the student's sigmoid and softmax while the functions that
# call them are checked, so that a mistake there fails only its own cell. These checks' inputs are
# small enough for the formulas as written; making them stable is the exercise.
def lecture_sigmoid(a):
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-np.asarray(a, dtype=np.float64)))


def lecture_softmax(Z):
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)


def call_without_overflow(what, fn, *args):
    """Call fn(*args) with numpy's overflow and invalid-value warnings turned into errors."""
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        try:
            return fn(*args)
        except FloatingPointError as err:
            raise AssertionError(
                f"{what} overflowed ({err}). np.exp(x) is inf for x > 709: rewrite the formula so "
                "that np.exp only ever sees arguments ≤ 0."
            ) from None


def check_sigmoid(sigmoid):
    """σ at hand-computed points, without overflow at ±1000, shape-preserving and symmetric."""
    a = np.array([-1000.0, -5.0, 0.0, 5.0, 1000.0])
    got = call_without_overflow("sigmoid([-1000, -5, 0, 5, 1000])", sigmoid, a)
    # σ(0) = 1/2; σ(5) = 1/(1 + e^-5); σ(−a) = 1 − σ(a); σ(±1000) rounds to 1 and 0 in float64.
    s5 = 1.0 / (1.0 + math.exp(-5.0))
    check_close("sigmoid([-1000, -5, 0, 5, 1000])", got, np.array([0.0, 1 - s5, 0.5, s5, 1.0]),
                hints=[negated("σ(a) should be 1/(1 + e^(−a)): is the sign of the exponent flipped?")])
    grid = np.linspace(-8, 8, 12).reshape(3, 4)
    got = sigmoid(grid)
    check_shape("sigmoid(a) for a of shape (3, 4)", got, (3, 4))
    check_close("sigmoid(-a), compared with 1 - sigmoid(a)", sigmoid(-grid), 1 - got)


@with_globals(sigmoid=lecture_sigmoid)
def check_bce_loss(bce_loss):
    """J at w = 0 (every h is 1/2, so J = ln 2), one hand-worked example, and extreme logits."""
    rng = np.random.default_rng(1)
    X, y = rng.standard_normal((6, 3)), np.array([0, 1, 1, 0, 1, 0])
    check_close("bce_loss(w=0, b=0) on 6 examples", bce_loss(np.zeros(3), 0.0, X, y), math.log(2),
                hints=[off_by_factor(6, NOT_AVERAGED),
                       negated("the loss is −[y log h + (1 − y) log(1 − h)]: mind the minus sign.")])
    # One positive example with logit a = ln 3: h = 3/4 and J = −ln(3/4).
    check_close("bce_loss for one positive example with h = 3/4",
                bce_loss(np.zeros(1), math.log(3), np.ones((1, 1)), np.array([1])),
                -math.log(0.75),
                hints=[Hint(lambda got, exp: np.isclose(got, -math.log(0.25)),
                            "you used log(1 − h) for a positive example: y = 1 takes the log h term.")])
    # Logits ±100: J = 0 when both are right, and log(1 + e^100) = 100 (to 1e-43) when both are wrong.
    X, w = np.array([[1.0], [-1.0]]), np.array([100.0])
    with np.errstate(all="ignore"):
        right, wrong = bce_loss(w, 0.0, X, np.array([1, 0])), bce_loss(w, 0.0, X, np.array([0, 1]))
    extreme = ("with logits ±100, σ rounds to exactly 0 or 1 and log(0) = −inf: compute J from the "
               "logits a = Xw + b, as log(1 + e^a) − y·a, with np.logaddexp(0, a).")
    check_finite("bce_loss with logits ±100", right, hint=extreme)
    check_finite("bce_loss with logits ±100 and the wrong labels", wrong, hint=extreme)
    check_close("bce_loss with logits ±100 and the right labels", right, 0.0, atol=1e-12)
    check_close("bce_loss with logits ±100 and the wrong labels", wrong, 100.0,
                hints=[off_by_factor(2, NOT_AVERAGED)])


@with_globals(sigmoid=lecture_sigmoid)
def check_bce_gradient(bce_gradient, bce_loss):
    """(p − 1)x for a positive example, px for a negative one, the mean over N, then the numerical
    gradient of the student's own J (when that J passes its own check)."""
    x = np.array([[2.0, -1.0]])
    for label, expected, rule in [(1, -0.5, "(p − 1)x"), (0, 0.5, "px")]:
        dw, db = bce_gradient(np.zeros(2), 0.0, x, np.array([label]))
        # At w = 0, p = 1/2: (p − 1)x = −x/2 for y = 1 and px = x/2 for y = 0.
        check_close(f"dw for one example with y = {label} at w = 0 (the lecture's {rule})", dw,
                    expected * x[0], hints=[negated("the gradient is (h − y)x, not (y − h)x.")])
        check_close(f"db for one example with y = {label} at w = 0", db, expected,
                    hints=[negated("the gradient is (h − y), not (y − h).")])
    # The same example twice: the mean gradient is that of one example.
    dw, db = bce_gradient(np.zeros(2), 0.0, np.vstack([x, x]), np.array([1, 1]))
    check_close("dw for the same positive example twice", dw, -0.5 * x[0], hints=[off_by_factor(2, NOT_AVERAGED)])
    check_close("db for the same positive example twice", db, -0.5, hints=[off_by_factor(2, NOT_AVERAGED)])
    rng = np.random.default_rng(2)
    X, y = rng.standard_normal((8, 3)), rng.integers(0, 2, 8)
    dw, db = bce_gradient(np.zeros(3), 0.0, X, y)
    check_shape("dw", dw, (3,))
    check_shape("db", np.asarray(db), ())
    # Only a right J has the right gradient: with a wrong one (its own test cell says so), the
    # cases above stand alone and the hidden checks compare with the reference.
    try:
        check_bce_loss(bce_loss)
    except Exception:  # any failure of the student's bce_loss, whatever it raises
        return
    check_gradients(lambda w, b: bce_loss(w, b, X, y),
                    lambda dout, w, b: dict(zip(("w", "b"), (dout * g for g in bce_gradient(w, b, X, y)))),
                    {"w": rng.standard_normal(3), "b": 0.3}, name="bce_gradient")


def check_called(what, count, function, name):
    if count == 0:
        raise AssertionError(f"`{function}` never called `{name}`: use the {what} you wrote above, "
                             f"by its name `{name}`.")


def check_gradient_descent(gradient_descent):
    """The loop on its own: bce_loss and bce_gradient replaced by J(w, b) = ½‖w − t‖² + ½(b − c)².

    Its gradient is (w − t, b − c), so each step with α = 1/2 halves the distance to (t, c):
    from 0, after k steps w = (1 − 2^−k) t, and the loss before step k is J(0) / 4^k.
    """
    t, c = np.array([1.0, -2.0]), 0.5
    calls = {"bce_loss": 0, "bce_gradient": 0}

    def quadratic_loss(w, b, X, y):
        calls["bce_loss"] += 1
        return 0.5 * np.sum((w - t) ** 2) + 0.5 * (b - c) ** 2

    def quadratic_gradient(w, b, X, y):
        calls["bce_gradient"] += 1
        return w - t, b - c

    X, y = np.zeros((3, 2)), np.zeros(3)
    with replaced_globals(gradient_descent, bce_loss=quadratic_loss, bce_gradient=quadratic_gradient):
        w, b, losses = gradient_descent(X, y, 0.5, 4)
    check_called("gradient", calls["bce_gradient"], "gradient_descent", "bce_gradient")
    check_called("loss", calls["bce_loss"], "gradient_descent", "bce_loss")
    uphill = "the step is θ ← θ − α∇J: you moved up the gradient."
    check_close("w after 4 steps on ½‖w − t‖²", w, (1 - 0.5 ** 4) * t,
                hints=[Hint(lambda got, exp: np.allclose(got, (1 - 1.5 ** 4) * t), uphill)])
    check_close("b after 4 steps on ½(b − c)²", b, (1 - 0.5 ** 4) * c)
    J0 = 0.5 * np.sum(t ** 2) + 0.5 * c ** 2
    check_shape("losses (one per step)", np.asarray(losses), (4,))
    check_close("losses on ½‖w − t‖² + ½(b − c)²", np.asarray(losses), J0 / 4.0 ** np.arange(4),
                hints=[Hint(lambda got, exp: np.allclose(got, J0 / 4.0 ** np.arange(1, 5)),
                            "record the loss before each step, so that losses[0] is the loss at the start.")])


def check_softmax(softmax):
    """A hand-worked row, rows summing to 1 along the right axis, and no overflow at 1000."""
    # e^0 : e^{ln 3} = 1 : 3, so p = (1/4, 3/4).
    check_close("softmax([[0, ln 3]])", softmax(np.array([[0.0, math.log(3)]])), np.array([[0.25, 0.75]]),
                hints=[Hint(lambda got, exp: np.allclose(got, 1),
                            "every entry is 1: you normalised each column (axis=0); normalise each "
                            "row (axis=1), one row per example.")])
    Z = np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]])
    P = softmax(Z)
    check_shape("softmax(Z) for Z of shape (2, 3)", P, (2, 3))
    check_close("the row sums of softmax(Z)", P.sum(axis=1), np.ones(2),
                hints=[Hint(lambda got, exp: np.allclose(P.sum(axis=0), 1),
                            "your columns sum to 1: normalise each row (axis=1), one row per example.")])
    check_close("softmax(Z + 5), compared with softmax(Z)", softmax(Z + 5.0), P)
    big = call_without_overflow("softmax([[1000, 1000, 999]])", softmax, np.array([[1000.0, 1000.0, 999.0]]))
    # Subtracting the row maximum gives exponents (0, 0, −1).
    e = math.exp(-1)
    check_close("softmax([[1000, 1000, 999]])", big, np.array([[1, 1, e]]) / (2 + e))


@with_globals(softmax=lecture_softmax)
def check_softmax_cross_entropy(softmax_cross_entropy):
    """L = ln K at W = 0, one hand-worked example, the mean over N, and numerical gradients."""
    x, W, b = np.array([[1.0]]), np.array([[0.0, math.log(3)]]), np.zeros(2)
    loss, dW, db = softmax_cross_entropy(W, b, x, np.array([1]))
    # p = (1/4, 3/4) and the true class is 1: L = −ln(3/4), ∂L/∂z = p − y = (1/4, −1/4).
    check_close("the loss for one example with p = (1/4, 3/4) and y = 1", loss, -math.log(0.75))
    not_one_hot = Hint(lambda got, exp: np.allclose(got, [[0.25 - 1, 0.75 - 1]]),
                       "you subtracted the label y = 1 itself from every class: subtract the one-hot "
                       "vector (0, 1).")
    check_close("dW for that example", dW, np.array([[0.25, -0.25]]), hints=[not_one_hot])
    check_close("db for that example", db, np.array([0.25, -0.25]), hints=[not_one_hot])
    twice = softmax_cross_entropy(W, b, np.vstack([x, x]), np.array([1, 1]))
    check_close("the loss for the same example twice", twice[0], loss, hints=[off_by_factor(2, NOT_AVERAGED)])
    check_close("dW for the same example twice", twice[1], dW, hints=[off_by_factor(2, NOT_AVERAGED)])
    rng = np.random.default_rng(4)
    X, y = rng.standard_normal((7, 4)), rng.integers(0, 3, 7)
    loss, dW, db = softmax_cross_entropy(np.zeros((4, 3)), np.zeros(3), X, y)
    check_close("the loss at W = 0, b = 0 with K = 3 classes", loss, math.log(3))
    check_shape("dW", dW, (4, 3))
    check_shape("db", db, (3,))
    check_gradients(lambda W, b: softmax_cross_entropy(W, b, X, y)[0],
                    lambda dout, W, b: dict(zip(("W", "b"), (dout * g for g in softmax_cross_entropy(W, b, X, y)[1:]))),
                    {"W": rng.standard_normal((4, 3)), "b": rng.standard_normal(3)},
                    name="softmax_cross_entropy")


@with_globals(softmax=lecture_softmax)
def check_predict_accuracy(predict, accuracy):
    """argmax over the classes of each row; accuracy as a fraction in [0, 1]."""
    # Scores XW are the rows of X: the largest entry of each row is the class.
    X, W, b = np.array([[3.0, 1.0, 2.0], [0.0, 5.0, 1.0], [1.0, 2.0, 4.0], [2.0, 0.0, 1.0]]), np.eye(3), np.zeros(3)
    got = np.asarray(predict(W, b, X))
    check_shape("predict(W, b, X) for 4 examples and 3 classes", got, (4,))
    check_close("predict(W, b, X)", got, np.array([0, 1, 2, 0]))
    check_close("predict with a bias that favours class 1", predict(W, np.array([0.0, 10.0, 0.0]), X),
                np.ones(4))
    acc = accuracy(np.array([0, 1, 2, 2]), np.array([0, 1, 1, 2]))
    check_close("accuracy([0, 1, 2, 2], [0, 1, 1, 2])", acc, 0.75,
                hints=[off_by_factor(100, "accuracy is a fraction in [0, 1], not a percentage.")])


def check_momentum_update(momentum_update):
    """v ← βv − α∇J, θ ← θ + v on a hand-worked step; β = 0 is plain gradient descent."""
    # v = 0.9 · 0.5 − 0.1 · 2 = 0.25 and θ = 1 + 0.25.
    theta, v = momentum_update(np.array([1.0]), np.array([2.0]), np.array([0.5]), 0.1, 0.9)
    wrong_sign = Hint(lambda got, exp: np.allclose(got, [0.65]),
                      "v ← βv − α∇J: the gradient is subtracted, the velocity added.")
    check_close("the velocity after one step", v, np.array([0.25]), hints=[wrong_sign])
    check_close("θ after one step", theta, np.array([1.25]),
                hints=[Hint(lambda got, exp: np.allclose(got, [1.65]), wrong_sign.message)])
    rng = np.random.default_rng(5)
    theta0, grad = rng.standard_normal((2, 3)), rng.standard_normal((2, 3))
    expected = theta0 - 0.01 * grad  # before the call, which may update θ in place
    theta, v = momentum_update(theta0, grad, np.zeros((2, 3)), 0.01, 0.0)
    check_close("θ after one step with β = 0 (plain SGD)", theta, expected)


def check_minibatch_sgd(minibatch_sgd):
    """The loop on its own, with stand-ins for softmax_cross_entropy and momentum_update.

    The loss stand-in is L(W, b) = ½‖W − T‖² + ½‖b − c‖², whatever the batch, and records the rows
    it is given; the update stand-in is a plain step θ − α∇L that returns the velocity plus one,
    so that a velocity which is not carried over shows. With α = 1/2, every step halves the
    distance to (T, c): after k steps from 0, W = (1 − 2^−k) T.
    """
    N, batch_size, epochs = 10, 4, 2
    T, c = np.array([[1.0, -1.0, 2.0]]), np.array([0.5, 0.0, -0.5])
    X, y = np.arange(N, dtype=np.float64)[:, None], np.arange(N)  # row i holds i, labelled i
    batches, velocities = [], {"W": [], "b": []}

    def quadratic_loss(W, b, X_batch, y_batch):
        if not np.array_equal(X_batch[:, 0], y_batch):
            raise AssertionError("softmax_cross_entropy got rows of X and labels y that do not match: "
                                 "index both with the same idx.")
        batches.append(y_batch.tolist())
        return 0.5 * np.sum((W - T) ** 2) + 0.5 * np.sum((b - c) ** 2), W - T, b - c

    def plain_step(theta, grad, velocity, lr, momentum):
        velocities["W" if np.ndim(theta) == 2 else "b"].append(float(np.max(velocity)))
        return theta - lr * grad, velocity + 1.0

    with replaced_globals(minibatch_sgd, softmax_cross_entropy=quadratic_loss, momentum_update=plain_step):
        W, b, losses = minibatch_sgd(X, y, 3, lr=0.5, momentum=0.9, batch_size=batch_size,
                                     epochs=epochs, seed=0)
    check_called("update", len(velocities["W"]) + len(velocities["b"]), "minibatch_sgd", "momentum_update")
    steps = [batch for batch in batches if len(batch) < N]  # the others are the loss of each epoch
    if not steps:
        raise AssertionError("every call of `softmax_cross_entropy` got all of X: each step must use only "
                             "its minibatch, X[idx] and y[idx].")
    per_epoch = -(-N // batch_size)
    check_close("the batch sizes of one epoch", np.array([len(s) for s in steps[:per_epoch]]),
                np.array([4, 4, 2]))
    for epoch in range(epochs):
        seen = sorted(sum(steps[epoch * per_epoch:(epoch + 1) * per_epoch], []))
        check_close(f"the examples used in epoch {epoch + 1}", np.array(seen), np.arange(N))
    n_steps = epochs * per_epoch
    for name in ("W", "b"):
        check_close(f"the velocity passed for {name} at each step (the stand-in adds 1 per step)",
                    np.array(velocities[name]), np.arange(n_steps, dtype=np.float64),
                    hints=[Hint(lambda got, exp: np.allclose(got, 0),
                                f"keep the velocity momentum_update returns: v{name} must carry over "
                                "to the next step.")])
    check_close("W after 6 steps", W, (1 - 0.5 ** n_steps) * T)
    check_close("b after 6 steps", b, (1 - 0.5 ** n_steps) * c)
    J = [0.5 * (0.5 ** (2 * k)) * (np.sum(T ** 2) + np.sum(c ** 2)) for k in (per_epoch, n_steps)]
    check_close("the loss after each epoch", np.asarray(losses), np.array(J))
