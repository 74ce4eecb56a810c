"""Visible checks of Lab 3 (backpropagation through a multi-layer perceptron), called by the
notebook's test cells.

Every expected value here is a case small enough to work by hand (the comment beside it shows
how), or a property any right answer has, or the student's own forward pass differentiated by
central differences with a random upstream gradient. The MLP and the training epoch are checked
on their own: the functions they call are replaced by stand-ins, so that a mistake in one exercise
fails only that exercise. The stand-in layers get their backward pass from central differences,
so that this module, which students receive, holds no backward pass they are asked to write.
"""
import math

import numpy as np

from ..checks import (Hint, check_close, check_dtype, check_shape, check_type, negated, off_by_factor,
                      replaced_globals)
from ..gradcheck import check_gradients, numerical_gradient, numerical_gradient_array
from . import lab01_logistic_regression as lab01
from .lab01_logistic_regression import NOT_AVERAGED, call_without_overflow, check_called, lecture_softmax

# The largest relative error of a backward pass against central differences (float64, step 1e-6).
# A right backward pass agrees to about 1e-8; the mistakes of this lab are off by 1e-2 or more.
GRAD_TOL = 1e-6
# Inputs of a ReLU stay at least this far from its kink at 0, where it has no derivative and a
# central difference that straddles the kink is off by up to half the upstream gradient.
KINK = 0.1

FORGOT_DOUT = "dx is off by the upstream gradient: did you multiply by dout?"
MASK_INVERTED = ("the gradient passes where the input was negative: the mask is [x > 0], "
                 "the inputs where ReLU let the signal through.")
DB_AXIS = "db sums dout over the examples (axis=0): one entry per output unit, not per example."
NOT_ONE_HOT = ("you subtracted the label itself from every class: ŷ − y takes y one-hot, "
               "1 at the true class and 0 elsewhere.")
SIGN = "a wrong sign: the message is ∂L/∂out, and a step goes against it, not with it."


def check_layer_gradients(name, forward, backward, inputs, *, seed=0, numeric_forward=None):
    """A layer's backward pass against central differences of a forward pass, random upstream gradient.

    Parameters
    ----------
    name : str
        What is checked, for the messages, e.g. ``"affine_backward"``.
    forward : callable
        ``forward(*inputs) -> (out, cache)``; its cache goes to `backward`.
    backward : callable
        ``backward(dout, cache)`` -> the gradient of each input, in the order of `inputs`
        (one array for a layer with a single input).
    inputs : dict of str to ndarray
        Where to check, by the names the messages use (``{"x": x}`` gives ``dx``).
    seed : int
        Seed of the upstream gradient.
    numeric_forward : callable, optional
        The forward pass that central differences differentiate (the hidden checks pass the
        reference); by default `forward` itself.
    """
    names = list(inputs)
    numeric_forward = numeric_forward or forward

    def grads(dout, **values):
        got = backward(dout, forward(*(values[key] for key in names))[1])
        return dict(zip(names, got if len(names) > 1 else (got,)))

    check_gradients(lambda **values: numeric_forward(*(values[key] for key in names))[0], grads, inputs,
                    seed=seed, tol=GRAD_TOL, name=name)


def _matches(value):
    """A hint condition: the student's values equal `value` (an array, or a function of nothing)."""
    return lambda got, expected: np.allclose(got, value() if callable(value) else value)


def check_affine(affine_forward, affine_backward):
    """out = xw + b and its backward pass on a 2 × 3 batch worked by hand, then central differences."""
    x = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])      # N = 2 examples of D = 3 inputs
    w = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, -1.0]])   # D = 3 inputs to M = 2 outputs
    b = np.array([0.5, -1.0])
    out, cache = affine_forward(x, w, b)
    # xw: row 1 is (1 + 3, 2 − 3) = (4, −1), row 2 is (4 + 6, 5 − 6) = (10, −1); then + b.
    check_close("out = affine_forward(x, w, b)", out, np.array([[4.5, -2.0], [10.5, -2.0]]),
                hints=[Hint(_matches(x @ w), "out = xw + b: did you add the bias b?")])
    dout = np.array([[1.0, 2.0], [-1.0, 0.0]])
    dx, dw, db = affine_backward(dout, cache)
    # dx = dout wᵀ, one row per example: 1·(1, 0, 1) + 2·(0, 1, −1) = (1, 2, −1) and −1·(1, 0, 1).
    check_close("dx", dx, np.array([[1.0, 2.0, -1.0], [-1.0, 0.0, -1.0]]),
                hints=[Hint(_matches(np.ones_like(dout) @ w.T), FORGOT_DOUT), negated(SIGN)])
    # dw = xᵀ dout, dw[h] = x[0, h]·(1, 2) + x[1, h]·(−1, 0) = (x[0, h] − x[1, h], 2·x[0, h]).
    check_close("dw", dw, np.array([[-3.0, 2.0], [-3.0, 4.0], [-3.0, 6.0]]),
                hints=[Hint(_matches(x.T @ np.ones_like(dout)), "dw is off by the upstream gradient: "
                            "did you multiply by dout?"), negated(SIGN)])
    # db = Σ_n dout[n] = (1 − 1, 2 + 0).
    check_close("db", db, np.array([0.0, 2.0]), hints=[Hint(_matches(dout.sum(axis=1)), DB_AXIS)])
    rng = np.random.default_rng(0)
    check_layer_gradients("affine_backward", affine_forward, affine_backward,
                          {"x": rng.standard_normal((4, 5)), "w": rng.standard_normal((5, 3)),
                           "b": rng.standard_normal(3)})


def check_relu(relu_forward, relu_backward):
    """max(x, 0) and dout · [x > 0] worked by hand, then central differences away from the kink."""
    x = np.array([[-2.0, -0.5, 0.5], [3.0, -1.0, 0.25]])
    out, cache = relu_forward(x)
    check_close("out = relu_forward(x)", out, np.array([[0.0, 0.0, 0.5], [3.0, 0.0, 0.25]]))
    dout = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    # [x > 0] is 1 at (0, 2), (1, 0) and (1, 2): dx is dout there and 0 elsewhere.
    check_close("dx = relu_backward(dout, cache)", relu_backward(dout, cache),
                np.array([[0.0, 0.0, 3.0], [4.0, 0.0, 6.0]]),
                hints=[Hint(_matches(dout * (x < 0)), MASK_INVERTED), Hint(_matches(x > 0), FORGOT_DOUT)])
    x = np.random.default_rng(1).standard_normal((3, 6))
    check_layer_gradients("relu_backward", relu_forward, relu_backward, {"x": x + KINK * np.sign(x)})


def check_sigmoid_layer(sigmoid_forward, sigmoid_backward):
    """Lab 1's checks of σ on the forward pass, dout · g(1 − g) worked by hand, central differences."""
    lab01.check_sigmoid(lambda a: sigmoid_forward(a)[0])
    x = np.array([[0.0, math.log(3), -math.log(3)]])
    g = np.array([[0.5, 0.75, 0.25]])  # σ(0) = 1/2, σ(ln 3) = 3/(3 + 1), σ(−ln 3) = 1/(1 + 3)
    dout = np.array([[2.0, 4.0, -4.0]])
    # g(1 − g) = (1/4, 3/16, 3/16), times dout: (1/2, 3/4, −3/4).
    check_close("dx = sigmoid_backward(dout, cache)", sigmoid_backward(dout, sigmoid_forward(x)[1]),
                np.array([[0.5, 0.75, -0.75]]),
                hints=[Hint(_matches(dout * g), "σ'(x) = g(1 − g), not g: the lecture's ∂z/∂a = g(a)(1 − g(a))."),
                       Hint(_matches(g * (1 - g)), FORGOT_DOUT)])
    check_layer_gradients("sigmoid_backward", sigmoid_forward, sigmoid_backward,
                          {"x": 3 * np.random.default_rng(2).standard_normal((3, 4))})


def check_softmax_loss(softmax_loss):
    """The loss and ŷ − y for one example by hand, the mean over N, large scores, central differences."""
    scores, y = np.array([[0.0, math.log(3)]]), np.array([1])
    loss, dscores = softmax_loss(scores, y)
    # ŷ = (1, 3)/4 and the true class is 1: L = −ln(3/4) and ∂L/∂scores = ŷ − y = (1/4, −1/4).
    check_close("the loss for one example with ŷ = (1/4, 3/4) and y = 1", loss, -math.log(0.75))
    check_close("dscores for that example", dscores, np.array([[0.25, -0.25]]),
                hints=[Hint(_matches([[-0.75, -0.25]]), NOT_ONE_HOT), negated("∂L/∂b_k = ŷ_k − y_k, not y_k − ŷ_k.")])
    twice = softmax_loss(np.vstack([scores, scores]), np.array([1, 1]))
    check_close("the loss for the same example twice", twice[0], loss, hints=[off_by_factor(2, NOT_AVERAGED)])
    check_close("dscores for the same example twice (each row is (ŷ − y)/N with N = 2)", twice[1],
                np.array([[0.125, -0.125], [0.125, -0.125]]), hints=[off_by_factor(2, NOT_AVERAGED)])
    rng = np.random.default_rng(3)
    scores, y = rng.standard_normal((5, 4)), rng.integers(0, 4, 5)
    check_close("the loss with every score 0 and C = 4 classes (ŷ = 1/4 each)",
                softmax_loss(np.zeros((5, 4)), y)[0], math.log(4))
    # Adding 1000 to every score changes no probability, but e^1000 overflows.
    big = call_without_overflow("softmax_loss with scores near 1000", softmax_loss, scores + 1000.0, y)
    check_close("the loss with 1000 added to every score", big[0], softmax_loss(scores, y)[0])
    check_gradients(lambda scores: softmax_loss(scores, y)[0],
                    lambda dout, scores: {"scores": dout * softmax_loss(scores, y)[1]},
                    {"scores": scores}, tol=GRAD_TOL, name="softmax_loss")


# Stand-ins for the layers while two_layer_mlp_loss is checked: the forward passes are the lecture's
# definitions; the backward passes are central differences of them, which give no answer away.
def _by_central_differences(forward):
    """(layer_forward, layer_backward) in the lab's conventions, around ``forward(*inputs) -> out``."""
    def layer_forward(*inputs):
        return forward(*inputs), inputs

    def layer_backward(dout, cache):
        grads = [numerical_gradient_array(lambda value, i=i: forward(*cache[:i], value, *cache[i + 1:]),
                                          np.array(cache[i], dtype=np.float64), dout)
                 for i in range(len(cache))]
        return tuple(grads) if len(grads) > 1 else grads[0]

    return layer_forward, layer_backward


_affine_forward, _affine_backward = _by_central_differences(lambda x, w, b: x @ w + b)
_relu_forward, _relu_backward = _by_central_differences(lambda x: np.maximum(x, 0.0))


def _cross_entropy(scores, y):
    """L = −(1/N) Σ_n log ŷ_{n, y_n} with ŷ = softmax(scores)."""
    return float(-np.mean(np.log(lecture_softmax(scores)[np.arange(len(y)), y])))


def _softmax_loss(scores, y):
    return _cross_entropy(scores, y), numerical_gradient(lambda s: _cross_entropy(s, y), np.array(scores))


def mlp_problem(seed, N=5, D=4, H=6, C=3):
    """Random parameters of a two-layer MLP, X (N, D) and labels y (N,) in 0..C−1.

    W1 and b1 are drawn again until every pre-activation XW1 + b1 is at least KINK from ReLU's kink,
    so that central differences see each ReLU as a straight line around its input.
    """
    rng = np.random.default_rng(seed)
    X, y = rng.standard_normal((N, D)), rng.integers(0, C, N)
    for _ in range(1000):
        W1, b1 = rng.standard_normal((D, H)), rng.standard_normal(H)
        if np.abs(X @ W1 + b1).min() >= KINK:
            return {"W1": W1, "b1": b1, "W2": rng.standard_normal((H, C)), "b2": rng.standard_normal(C)}, X, y
    raise RuntimeError(f"seed {seed} draws no W1, b1 away from the kink for N={N}, H={H}: choose another")


def check_grads_dict(grads, params):
    """That `grads` is a dict with the keys of `params`, so that the messages that follow make sense."""
    if not isinstance(grads, dict) or set(grads) != set(params):
        got = sorted(grads) if isinstance(grads, dict) else type(grads).__name__
        raise AssertionError(f"`grads` should be a dict with the keys of params, {sorted(params)}, "
                             f"one gradient per parameter, but is {got}.")


def check_mlp_gradients(two_layer_mlp_loss, params, X, y, *, seed=0, loss=None):
    """The gradients of two_layer_mlp_loss against central differences of `loss` (default: its own)."""
    loss = loss or two_layer_mlp_loss
    check_gradients(lambda **p: loss(p, X, y)[0],
                    lambda dout, **p: {k: dout * g for k, g in two_layer_mlp_loss(p, X, y)[1].items()},
                    params, seed=seed, tol=GRAD_TOL, name="two_layer_mlp_loss")


def check_two_layer_mlp(two_layer_mlp_loss):
    """The loss of the forward pass, the δ that W2 = 0 stops, and every gradient against central
    differences; your layers are replaced by stand-ins meanwhile, so only this function is checked."""
    relu_backward_calls = []

    def relu_backward(dout, cache):
        relu_backward_calls.append(cache)
        return _relu_backward(dout, cache)

    with replaced_globals(two_layer_mlp_loss, affine_forward=_affine_forward, affine_backward=_affine_backward,
                          relu_forward=_relu_forward, relu_backward=relu_backward, softmax_loss=_softmax_loss):
        params, X, y = mlp_problem(0)
        loss, grads = two_layer_mlp_loss(params, X, y)
        a1 = X @ params["W1"] + params["b1"]
        check_close("the loss of two_layer_mlp_loss", loss,
                    _cross_entropy(np.maximum(a1, 0) @ params["W2"] + params["b2"], y),
                    hints=[Hint(_matches(lambda: _cross_entropy(a1 @ params["W2"] + params["b2"], y)),
                                "that is the loss without the ReLU: the second layer's input is h = ReLU(xW1 + b1).")])
        check_grads_dict(grads, params)
        N, C = len(y), params["b2"].size
        # With W2 = 0 and b2 = 0 every score is 0, so ŷ = 1/C for every class and L = ln C; the message
        # δ_h = δ W2ᵀ is 0, so the first layer gets no gradient; db2 = Σ_n (ŷ_n − y_n)/N = 1/C − share of each class.
        silent = dict(params, W2=np.zeros_like(params["W2"]), b2=np.zeros(C))
        loss, grads = two_layer_mlp_loss(silent, X, y)
        check_close("the loss with W2 = 0 and b2 = 0", loss, math.log(C))
        check_close("dW1 with W2 = 0 (δ reaching h is δW2ᵀ = 0)", grads["W1"], np.zeros_like(params["W1"]))
        check_close("db2 with W2 = 0", grads["b2"], 1 / C - np.bincount(y, minlength=C) / N,
                    hints=[off_by_factor(N, NOT_AVERAGED)])
        try:
            check_mlp_gradients(two_layer_mlp_loss, params, X, y)
        except AssertionError as error:
            if relu_backward_calls:
                raise
            raise AssertionError(f"{error}\n  Hint: `two_layer_mlp_loss` never called `relu_backward`: the message "
                                 "δ_h = δ W2ᵀ passes the ReLU's mask [A > 0] before the first layer.") from None


def variance_hints(fan_in, fan_out, variance):
    """Hints for initialisations whose variance is another lecture's, or the right one squared."""
    def near(wrong):
        return lambda got, expected: abs(float(got) / wrong - 1) < 0.05

    return [Hint(near(1 / fan_in), "that is Var(w) = 1/fan_in; He doubles it, 2/fan_in, because ReLU "
                 "zeroes half of its inputs, and Xavier uses 2/(fan_in + fan_out)."),
            Hint(near(2 / fan_in), "that is He's 2/fan_in; Xavier averages both fans: 2/(fan_in + fan_out)."),
            Hint(near(2 / (fan_in + fan_out)), "that is Xavier's 2/(fan_in + fan_out); He is 2/fan_in."),
            Hint(near(variance ** 2), "you scaled by the variance: multiply standard normal draws by the "
                 "standard deviation, the square root of the variance.")]


def check_initialization(xavier_init, he_init):
    """Shape (fan_in, fan_out), the variance of 120 000 draws, a mean of 0, and the rng given."""
    for name, init, fan_in, fan_out, variance in [("xavier_init", xavier_init, 600, 200, 2 / 800),
                                                  ("he_init", he_init, 400, 300, 2 / 400)]:
        call = f"{name}({fan_in}, {fan_out}, rng)"
        W = init(fan_in, fan_out, np.random.default_rng(0))
        check_shape(call, W, (fan_in, fan_out))
        check_dtype(call, W, np.float64)
        # The sample variance of 120 000 normal draws is within 0.4% (one standard deviation) of
        # the true one: 5% lets any right answer through and catches a wrong formula.
        check_close(f"the variance of {call}", W.var(), variance, rtol=0.05,
                    hints=variance_hints(fan_in, fan_out, variance))
        check_close(f"the mean of {call}", W.mean(), 0.0, atol=5 * math.sqrt(variance / W.size))
        own_generator = Hint(lambda got, expected: True, "draw from the generator you are given, "
                             "rng.standard_normal(...), not np.random: then a seed repeats the weights.")
        check_close(f"{call} again, with a new generator of the same seed",
                    init(fan_in, fan_out, np.random.default_rng(0)), W, hints=[own_generator])


def as_momentum_update(sgd_momentum_step):
    """sgd_momentum_step on one parameter, as Lab 1's momentum_update(θ, ∇J, v, α, β) -> (θ, v)."""
    def momentum_update(theta, grad, velocity, lr, momentum):
        params, state = {"θ": theta}, {"θ": velocity}
        sgd_momentum_step(params, {"θ": grad}, state, lr, momentum)
        return params["θ"], state["θ"]

    return momentum_update


def check_sgd_momentum(sgd_momentum_step):
    """Every parameter of an MLP takes its own step with its own velocity, and the dicts keep the
    new values; then Lab 1's hand-worked step, with β = 0 as plain SGD."""
    rng = np.random.default_rng(6)
    shapes = {"W1": (3, 4), "b1": (4,), "W2": (4, 2), "b2": (2,)}
    params, grads, velocity = ({k: rng.standard_normal(s) for k, s in shapes.items()} for _ in range(3))
    before_p, before_v = {k: p.copy() for k, p in params.items()}, {k: v.copy() for k, v in velocity.items()}
    sgd_momentum_step(params, grads, velocity, 0.1, 0.5)
    for k in shapes:
        v = 0.5 * before_v[k] - 0.1 * grads[k]  # v ← βv − α∇L
        check_close(f"velocity['{k}'] after one step", velocity[k], v,
                    hints=[Hint(_matches(before_v[k]), "store the new velocity in the dict, velocity[name] = ..., "
                                "so that the next step builds on it."),
                           Hint(_matches(0.5 * before_v[k] + 0.1 * grads[k]),
                                "v ← βv − α∇L: the gradient is subtracted, the velocity added.")])
        check_close(f"params['{k}'] after one step", params[k], before_p[k] + v,
                    hints=[Hint(_matches(before_p[k]), "put the new value in the dict, params[name] = ..., "
                                "where the caller sees it.")])
    lab01.check_momentum_update(as_momentum_update(sgd_momentum_step))


def check_train_epoch(train_epoch):
    """The epoch on its own, with stand-ins for two_layer_mlp_loss and sgd_momentum_step.

    The loss stand-in is L(θ) = ½ Σ_k ‖θ_k − T_k‖² whatever the batch, with gradient θ_k − T_k, and
    records the rows it is given. The step stand-in is plain θ_k ← θ_k − α ∇L and adds 1 to each
    velocity it is passed. With α = 1/2 each step halves θ − T, so the loss before step k is L₀/4^k.
    """
    N, batch_size = 10, 4
    X, y = np.arange(N, dtype=np.float64)[:, None], np.arange(N)  # row i holds i and is labelled i
    target = {"W": np.array([[1.0, -2.0]]), "b": np.array([0.5, 0.0])}
    batches, steps = [], []

    def quadratic_loss(params, X_batch, y_batch):
        if not np.array_equal(X_batch[:, 0], y_batch):
            raise AssertionError("`two_layer_mlp_loss` got rows of X and labels y that do not match: "
                                 "index both with the same idx.")
        batches.append(y_batch.tolist())
        gaps = {k: params[k] - target[k] for k in target}
        return 0.5 * sum(float(np.sum(g ** 2)) for g in gaps.values()), gaps

    def plain_step(params, grads, velocity, lr, momentum):
        steps.append(velocity)
        for k in params:
            params[k], velocity[k] = params[k] - lr * grads[k], velocity[k] + 1.0

    params = {"W": np.zeros((1, 2)), "b": np.zeros(2)}
    velocity = {"W": np.zeros((1, 2)), "b": np.zeros(2)}
    with replaced_globals(train_epoch, two_layer_mlp_loss=quadratic_loss, sgd_momentum_step=plain_step):
        losses = train_epoch(params, velocity, X, y, 0.5, 0.9, batch_size, np.random.default_rng(0))
    check_called("loss", len(batches), "train_epoch", "two_layer_mlp_loss")
    check_called("update", len(steps), "train_epoch", "sgd_momentum_step")
    if all(len(batch) == N for batch in batches):
        raise AssertionError("every call of `two_layer_mlp_loss` got all of X: each step uses its "
                             "minibatch only, X[idx] and y[idx].")
    # A batch passed twice in a row (once for the loss, once for the gradients) is one batch.
    visited = [batch for i, batch in enumerate(batches) if i == 0 or batch != batches[i - 1]]
    check_close("the sizes of the batches of one epoch of 10 examples", np.array([len(b) for b in visited]),
                np.array([4, 4, 2]))
    check_close("the examples the epoch used, sorted", np.sort(np.concatenate(visited)), np.arange(N))
    if any(v is not velocity for v in steps):
        raise AssertionError("`sgd_momentum_step` got another velocity dict than the one train_epoch was "
                             "given: pass `velocity` itself, so that momentum carries over between steps.")
    L0 = 0.5 * sum(float(np.sum(t ** 2)) for t in target.values())
    check_close("the losses returned (one per batch, before its step)", np.asarray(losses, dtype=np.float64),
                L0 / 4.0 ** np.arange(3),
                hints=[Hint(_matches(L0 / 4.0 ** np.arange(1, 4)), "record the loss of each batch before its step.")])
    for k, t in target.items():
        check_close(f"params['{k}'] after 3 steps of α = 1/2 towards {t.tolist()}", params[k], (1 - 0.5 ** 3) * t)


def check_counts(fully_connected_weights, locally_connected_weights, image_shape, hidden_units, field_shape,
                 expected):
    """Both counts for one layer, from an image of `image_shape` to `hidden_units` units with fields
    of `field_shape`, against `expected` = (fully connected, locally connected)."""
    (height, width), (field_height, field_width) = image_shape, field_shape
    hints = [Hint(lambda got, want: got == height * width + hidden_units,
                  "every pixel is linked to every hidden unit: multiply the counts, do not add them."),
             Hint(lambda got, want: got == field_height * field_width,
                  "that is one shared field, a convolution's count; in a locally connected layer each hidden "
                  "unit has a field of weights of its own.")]
    for call, got, want in [
            (f"fully_connected_weights({image_shape}, {hidden_units})",
             fully_connected_weights(image_shape, hidden_units), expected[0]),
            (f"locally_connected_weights({hidden_units}, {field_shape})",
             locally_connected_weights(hidden_units, field_shape), expected[1])]:
        check_type(call, got, (int, np.integer))
        check_close(call, got, want, rtol=0, atol=0, hints=hints)


def check_parameter_counts(fully_connected_weights, locally_connected_weights):
    """The lecture's 200 × 200 image with 40 000 hidden units and 10 × 10 fields, and a small case in
    which the numbers of pixels and of hidden units differ."""
    # 200·200 = 40 000 pixels, each linked to each of 40 000 units: 1.6·10⁹, the lecture's "~2 billion";
    # each of the 40 000 units with its own 10·10 = 100 weights: the lecture's 4 million.
    check_counts(fully_connected_weights, locally_connected_weights, (200, 200), 40_000, (10, 10),
                 (1_600_000_000, 4_000_000))
    # A 4 × 5 image and 3 units: 20·3 = 60 weights fully connected, 3·(2·2) = 12 with 2 × 2 fields.
    check_counts(fully_connected_weights, locally_connected_weights, (4, 5), 3, (2, 2), (60, 12))
