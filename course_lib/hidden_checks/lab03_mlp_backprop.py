"""Hidden checks of Lab 3 (backpropagation through a multi-layer perceptron): the student's
functions against the reference.

Each check draws its inputs from fixed seeds, in shapes where N, D and M differ (so that a transpose
or a sum over the wrong axis shows), compares with :mod:`course_lib.reference`, and checks every
backward pass against central differences of the reference forward pass with a random upstream
gradient. The MLP and the training epoch run with the reference in place of the functions they
call, so that each cell is graded on its own function only.
"""
import numpy as np

from ..checks import check_close, check_decreasing, check_shape, negated, off_by_factor, transposed, with_globals
from ..data import load_mnist_5k
from ..gradcheck import check_gradients
from ..reference import initialization as ref_init
from ..reference import layers as ref_layers
from ..reference import mlp as ref_mlp
from ..reference import optim as ref_optim
from ..reference import parameter_counts as ref_counts
from ..reference import softmax as ref_softmax
from ..visible_checks import lab03_mlp_backprop as visible
from ..visible_checks.lab01_logistic_regression import NOT_AVERAGED, call_without_overflow
from . import lab01_logistic_regression as hidden01

_SEEDS = (20, 21, 22)
_HINTS = [negated(visible.SIGN),
          transposed("the values are transposed: check which matrix the product takes the transpose of.")]


def _check_layer(name, forward, backward, ref_forward, ref_backward, inputs, seed):
    """A layer's output and gradients against the reference for a random upstream gradient, then its
    backward pass against central differences of the reference forward pass."""
    shapes = ", ".join(f"{key} of shape {value.shape}" for key, value in inputs.items())
    given = [value.copy() for value in inputs.values()]
    out, cache = forward(*given)
    for key, value, original in zip(inputs, given, inputs.values()):
        if not np.array_equal(value, original):
            raise AssertionError(f"`{name}_forward` changed its input `{key}` in place; the caller still needs "
                                 f"it: compute a new array (np.maximum(x, 0), x * w, ...) instead.")
    ref_out, ref_cache = ref_forward(*inputs.values())
    check_close(f"the output of {name}_forward for {shapes}", out, ref_out)
    dout = np.random.default_rng(seed).standard_normal(ref_out.shape)
    got, expected = backward(dout.copy(), cache), ref_backward(dout, ref_cache)
    if len(inputs) == 1:
        got, expected = (got,), (expected,)
    for key, g, e in zip(inputs, got, expected):
        check_close(f"d{key} of {name}_backward for {shapes}", g, e, hints=_HINTS)
    visible.check_layer_gradients(f"{name}_backward", forward, backward, inputs, seed=seed,
                                  numeric_forward=ref_forward)


def check_affine(affine_forward, affine_backward):
    """Shapes with N ≠ D ≠ M, one with N = D (a transposed dx keeps its shape there) and N = 1."""
    for seed, (N, D, M) in zip(_SEEDS, [(4, 5, 3), (6, 6, 2), (1, 3, 7)]):
        rng = np.random.default_rng(seed)
        inputs = {"x": rng.standard_normal((N, D)), "w": rng.standard_normal((D, M)), "b": rng.standard_normal(M)}
        _check_layer("affine", affine_forward, affine_backward, ref_layers.affine_forward,
                     ref_layers.affine_backward, inputs, seed)


def check_relu(relu_forward, relu_backward):
    """Random inputs of several shapes, 2-D and 3-D, kept away from the kink."""
    for seed, shape in zip(_SEEDS, [(5, 3), (2, 7), (2, 3, 4)]):
        x = np.random.default_rng(seed).standard_normal(shape)
        _check_layer("relu", relu_forward, relu_backward, ref_layers.relu_forward, ref_layers.relu_backward,
                     {"x": x + visible.KINK * np.sign(x)}, seed)


def check_sigmoid_layer(sigmoid_forward, sigmoid_backward):
    """Lab 1's hidden checks of σ on the forward pass, then random inputs of several shapes."""
    hidden01.check_sigmoid(lambda a: sigmoid_forward(a)[0])
    for seed, shape in zip(_SEEDS, [(5, 3), (2, 7), (2, 3, 4)]):
        _check_layer("sigmoid", sigmoid_forward, sigmoid_backward, ref_layers.sigmoid_forward,
                     ref_layers.sigmoid_backward, {"x": 4 * np.random.default_rng(seed).standard_normal(shape)}, seed)


def check_softmax_loss(softmax_loss):
    """Random batches of several sizes and scales, scores about 1000, central differences of the reference."""
    for seed, (N, C), scale in zip(_SEEDS, [(6, 4), (10, 3), (1, 5)], [1.0, 5.0, 20.0]):
        rng = np.random.default_rng(seed)
        scores, y = scale * rng.standard_normal((N, C)), rng.integers(0, C, N)
        loss, dscores = softmax_loss(scores, y)
        ref_loss, ref_dscores = ref_softmax.softmax_loss(scores, y)
        hints = [off_by_factor(N, NOT_AVERAGED)] if N > 1 else []
        check_close(f"the loss, N={N} C={C}, scores about ±{scale:g}", loss, ref_loss, hints=hints)
        check_close(f"dscores, N={N} C={C}, scores about ±{scale:g}", dscores, ref_dscores,
                    hints=hints + [negated("∂L/∂b_k = ŷ_k − y_k, not y_k − ŷ_k.")])
        check_gradients(lambda scores: ref_softmax.softmax_loss(scores, y)[0],
                        lambda dout, scores: {"scores": dout * softmax_loss(scores, y)[1]},
                        {"scores": scores}, seed=seed, tol=visible.GRAD_TOL, name="softmax_loss")
    rng = np.random.default_rng(_SEEDS[-1] + 1)
    scores, y = 1000 + rng.standard_normal((4, 6)), rng.integers(0, 6, 4)
    loss, dscores = call_without_overflow("softmax_loss with scores about 1000", softmax_loss, scores, y)
    ref_loss, ref_dscores = ref_softmax.softmax_loss(scores, y)
    check_close("the loss with scores about 1000", loss, ref_loss)
    check_close("dscores with scores about 1000", dscores, ref_dscores)


@with_globals(affine_forward=ref_layers.affine_forward, affine_backward=ref_layers.affine_backward,
              relu_forward=ref_layers.relu_forward, relu_backward=ref_layers.relu_backward,
              softmax_loss=ref_softmax.softmax_loss)
def check_two_layer_mlp(two_layer_mlp_loss):
    """The loss and every gradient against the reference MLP for several sizes, and against central
    differences of the reference loss; your layers are replaced by the reference meanwhile."""
    for seed, (N, D, H, C) in zip(_SEEDS, [(7, 5, 6, 3), (4, 3, 8, 5), (10, 6, 4, 2)]):
        params, X, y = visible.mlp_problem(seed, N, D, H, C)
        loss, grads = two_layer_mlp_loss(params, X, y)
        ref_loss, ref_grads = ref_mlp.two_layer_mlp_loss(params, X, y)
        sizes = f"N={N} D={D} H={H} C={C}"
        check_close(f"the loss, {sizes}", loss, ref_loss)
        visible.check_grads_dict(grads, params)
        for name, ref_grad in ref_grads.items():
            check_close(f"d{name}, {sizes}", grads[name], ref_grad, hints=[off_by_factor(N, NOT_AVERAGED)] + _HINTS)
        visible.check_mlp_gradients(two_layer_mlp_loss, params, X, y, seed=seed, loss=ref_mlp.two_layer_mlp_loss)


def check_initialization(xavier_init, he_init):
    """Over 100 000 draws each, for other shapes: the variance of the reference's draws, a mean of 0,
    and a generator that moves on, so that two layers drawn from it differ."""
    for seed, (fan_in, fan_out) in zip(_SEEDS, [(784, 128), (200, 1000), (1000, 150)]):
        for name, init, ref_init_fn, variance in [
                ("xavier_init", xavier_init, ref_init.xavier_init, 2 / (fan_in + fan_out)),
                ("he_init", he_init, ref_init.he_init, 2 / fan_in)]:
            call = f"{name}({fan_in}, {fan_out}, rng)"
            rng = np.random.default_rng(seed)
            W = init(fan_in, fan_out, rng)
            expected = ref_init_fn(fan_in, fan_out, np.random.default_rng(seed))
            check_shape(call, W, expected.shape)
            # Two samples of over 100 000 draws: their variances differ by under 1% (one standard
            # deviation) when both are right, so 5% never rejects a right answer.
            check_close(f"the variance of {call}", W.var(), expected.var(), rtol=0.05,
                        hints=visible.variance_hints(fan_in, fan_out, variance))
            check_close(f"the mean of {call}", W.mean(), 0.0, atol=5 * np.sqrt(variance / W.size))
            if np.array_equal(init(fan_in, fan_out, rng), W):
                raise AssertionError(f"`{call}` called twice with one generator gave the same weights twice: "
                                     "draw from rng itself, without seeding a new generator inside.")


def check_sgd_momentum(sgd_momentum_step):
    """Lab 1's hidden check of one parameter over 4 steps, then 3 steps of an MLP's four parameters
    against the reference, the velocities carried over."""
    hidden01.check_momentum_update(visible.as_momentum_update(sgd_momentum_step))
    rng = np.random.default_rng(23)
    params = {k: rng.standard_normal(s) for k, s in {"W1": (5, 3), "b1": (3,), "W2": (3, 4), "b2": (4,)}.items()}
    velocity = {k: np.zeros_like(p) for k, p in params.items()}
    # Copies: a step that updates the arrays in place (params[name] += v) must not move the reference's.
    ref_params, ref_velocity = ({k: a.copy() for k, a in d.items()} for d in (params, velocity))
    for step in range(1, 4):
        grads = {k: rng.standard_normal(p.shape) for k, p in params.items()}
        sgd_momentum_step(params, grads, velocity, 0.05, 0.8)
        ref_optim.sgd_momentum_step(ref_params, grads, ref_velocity, 0.05, 0.8)
        for k in ref_params:
            check_close(f"velocity['{k}'] after step {step}", velocity[k], ref_velocity[k])
            check_close(f"params['{k}'] after step {step}", params[k], ref_params[k])


@with_globals(two_layer_mlp_loss=ref_mlp.two_layer_mlp_loss, sgd_momentum_step=ref_optim.sgd_momentum_step)
def check_train_epoch(train_epoch):
    """Two epochs on 600 MNIST-5k digits in batches of 50 against the reference: a falling loss, and
    the same batch losses, weights and velocities."""
    train = load_mnist_5k().train
    X, y = train.X[:600], train.y[:600]
    params, ref_params = (ref_mlp.init_two_layer_mlp(784, 32, 10, seed=24) for _ in range(2))
    velocity, ref_velocity = ({k: np.zeros_like(p) for k, p in params.items()} for _ in range(2))
    rng, ref_rng = np.random.default_rng(25), np.random.default_rng(25)
    losses, ref_losses = [], []
    for _ in range(2):
        losses += list(train_epoch(params, velocity, X, y, 0.05, 0.9, 50, rng))
        ref_losses += ref_mlp.train_epoch(ref_params, ref_velocity, X, y, 0.05, 0.9, 50, ref_rng)
    check_decreasing("the batch losses of 2 epochs on 600 MNIST digits", losses)
    check_close("the batch losses of 2 epochs on 600 MNIST digits", np.asarray(losses, dtype=np.float64),
                np.asarray(ref_losses), rtol=1e-6)
    for k in ref_params:
        check_close(f"params['{k}'] after 2 epochs", params[k], ref_params[k], rtol=1e-6)
        check_close(f"velocity['{k}'] after 2 epochs", velocity[k], ref_velocity[k], rtol=1e-6)


def check_parameter_counts(fully_connected_weights, locally_connected_weights):
    """New image, hidden layer and field sizes, where pixels, units and field sizes all differ."""
    for image, hidden, field in [((32, 48), 1000, (5, 3)), ((28, 28), 100, (7, 7)), ((480, 640), 2000, (12, 9))]:
        expected = (ref_counts.fully_connected_weights(image, hidden),
                    ref_counts.locally_connected_weights(hidden, field))
        visible.check_counts(fully_connected_weights, locally_connected_weights, image, hidden, field, expected)
