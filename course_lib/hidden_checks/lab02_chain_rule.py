"""Hidden checks of Lab 2 (the chain rule and a scalar autodiff): new questions of the same kind.

The hand-derived gradients are asked at new, seeded points and compared with the reference
autodiff. The student's Value is run through the reference backward pass and compared with torch
autograd; the student's graph algorithms and network run on graphs of reference Values. Whatever a
cell does not grade (the backward pass, when the Value class is graded) is the reference, injected
into the notebook's namespace, so that each cell is graded on its own code only.
"""
import functools

import numpy as np
import torch

from ..checks import check_close, off_by_factor, replaced_globals, with_globals
from ..data import make_pixel_patterns
from ..reference import autodiff as ref
from ..reference import smallest_network as ref_net
from ..visible_checks.lab02_chain_rule import _check_order

_RNG_SEED = 20


def _points(count, seed=_RNG_SEED):
    """`count` points (x, y, z) in ±3 whose x and y differ by at least 0.5 (no tie at the max gate)."""
    rng = np.random.default_rng(seed)
    points = []
    while len(points) < count:
        point = rng.uniform(-3, 3, 3).round(2)
        if abs(point[0] - point[1]) >= 0.5:
            points.append(tuple(float(v) for v in point))
    return points


def _flat(W, b, attribute):
    """The `attribute` ("data" or "grad") of every weight, row by row, then of every bias."""
    return np.array([getattr(v, attribute) for v in [w for row in W for w in row] + list(b)])


def _autodiff(build, point):
    """(output, gradients of the inputs) of `build` on reference Values at `point`."""
    inputs = [ref.Value(v) for v in point]
    out = build(*inputs)
    out.backward()
    return out.data, [v.grad for v in inputs]


def check_graph_by_hand(add_multiply_graph, max_multiply_graph):
    """Both graphs at new points, with the larger input of the max on either side."""
    for point in _points(4):
        f, grads = _autodiff(lambda x, y, z: (x + y) * z, point)
        check_close(f"add_multiply_graph{point}", np.array(add_multiply_graph(*point), dtype=np.float64),
                    np.array([point[0] + point[1], f, *grads]))
        f, grads = _autodiff(lambda x, y, z: x.maximum(y) * z, point)
        check_close(f"max_multiply_graph{point}", np.array(max_multiply_graph(*point), dtype=np.float64),
                    np.array([max(point[:2]), f, *grads]))


def check_chain_rule_by_hand(dz_dt, logistic_dL_dw):
    """dz/dt and (p − 1)x at new points, against the reference autodiff."""
    rng = np.random.default_rng(_RNG_SEED + 1)
    for t in rng.uniform(-2, 2, 4).round(3):
        _, (expected,) = _autodiff(lambda t: (t ** 2) ** 2 * (2 * t) - (2 * t) ** 2, (float(t),))
        check_close(f"dz_dt({t})", float(dz_dt(float(t))), expected)
    for w, x in rng.uniform(-2, 2, (4, 2)).round(3):
        _, (expected, _) = _autodiff(lambda w, x: -((w * x).sigmoid().log()), (float(w), float(x)))
        check_close(f"logistic_dL_dw({w}, {x})", float(logistic_dL_dw(float(w), float(x))), expected)


def _against_torch(name, Value, build, torch_build, point):
    """Build the expression from the student's Values, backpropagate, compare with torch autograd."""
    inputs = [Value(v) for v in point]
    out = build(*inputs)
    out.backward()
    t = torch.tensor(point, dtype=torch.float64, requires_grad=True)
    expected = torch_build(*t)
    expected.backward()
    check_close(f"{name} at {point}: its data", out.data, expected.item())
    check_close(f"{name} at {point}: the gradients of its inputs, against torch autograd",
                np.array([v.grad for v in inputs]), t.grad.numpy())


def _with_reference_backward(check):
    """Run `check(Value)` with the reference backward pass behind the student's Value.backward()."""
    @functools.wraps(check)
    def run(Value):
        with replaced_globals(Value.backward, backward=ref.backward, topological_order=ref.topological_order):
            return check(Value)
    return run


@_with_reference_backward
def check_value_arithmetic(Value):
    """+, −, ×, ÷, power and negation in one expression, with numbers on both sides, against torch."""
    def build(a, b, c):
        return ((a * b - c / a) ** 2 + 3 / b - a * 4 + (-c) - 1) * c + 2 - b ** -2
    for point in [(1.3, -0.7, 2.1), (-2.2, 1.6, -0.4), (0.9, 2.5, 1.7)]:
        _against_torch("((ab − c/a)² + 3/b − 4a − c − 1)c + 2 − b⁻²", Value, build, build, point)


@_with_reference_backward
def check_value_functions(Value):
    """exp, log, ReLU, sigmoid and max, chained, on both sides of the kinks, against torch."""
    cases = [("σ(eᵃ)·ln", lambda a, b, c: a.exp().sigmoid().log(),
              lambda a, b, c: torch.log(torch.sigmoid(torch.exp(a)))),
             ("exp(max(ReLU(b), σ(c)))", lambda a, b, c: b.relu().maximum(c.sigmoid()).exp(),
              lambda a, b, c: torch.exp(torch.maximum(torch.relu(b), torch.sigmoid(c)))),
             ("max(ln(eᵃ), ReLU(c))", lambda a, b, c: a.exp().log().maximum(c.relu()),
              lambda a, b, c: torch.maximum(torch.log(torch.exp(a)), torch.relu(c)))]
    for point in [(0.4, 1.7, -1.1), (-0.8, -0.6, 2.3), (1.9, 0.3, 0.8)]:
        for name, build, torch_build in cases:
            _against_torch(name, Value, build, torch_build, point)


def every_gate_expression(a, b, c):
    """An expression that uses every gate, and a twice and more, on reference Values."""
    return ((a * b - c / a) ** 2 + (a - 2.5).exp() + (b * b + 1).log() + (c - 0.3).relu()
            + (a * c).sigmoid() + (b - 1).maximum(c) - 3 / b + 4 - a)


def check_topological_order(topological_order):
    """Graphs of reference Values: an expression of every gate and the smallest network's loss."""
    a, b, c = ref.Value(1.2), ref.Value(-0.7), ref.Value(0.9)
    out = every_gate_expression(a, b, c)
    _check_order("topological_order of an expression of every gate", topological_order(out), out,
                 ref.topological_order(out))
    W, bias = ref_net.init_network(seed=3)
    X, y = make_pixel_patterns(n_per_class=2, seed=3)
    loss = ref_net.dataset_loss(W, bias, X, y)
    _check_order("topological_order of the smallest network's loss on 6 images", topological_order(loss), loss,
                 ref.topological_order(loss))


@with_globals(topological_order=ref.topological_order)
def check_backward(backward):
    """Graphs of reference Values against the reference backward pass and torch, each twice."""
    for point in [(1.2, -0.7, 0.9), (-1.5, 2.2, 1.4)]:
        inputs = [ref.Value(v) for v in point]
        out = every_gate_expression(*inputs)
        for call in ("first", "second"):
            backward(out)
            check_close(f"the gradients of an expression of every gate at {point}, {call} call of backward",
                        np.array([v.grad for v in inputs]), np.array(_autodiff(every_gate_expression, point)[1]),
                        hints=[off_by_factor(2, "reset every grad to 0 before passing the gradients back.")])
    W, bias = ref_net.init_network(seed=4)
    X, y = make_pixel_patterns(n_per_class=2, seed=4)
    loss = ref_net.dataset_loss(W, bias, X, y)
    backward(loss)
    got = _flat(W, bias, "grad")
    ref.backward(loss)
    expected = _flat(W, bias, "grad")
    check_close("the gradients of the smallest network's weights", got, expected)


@with_globals(Value=ref.Value)
def check_smallest_network(network_scores, cross_entropy, dataset_loss):
    """Scores, losses and gradients on pixel patterns, against the reference network."""
    for seed in (5, 6):
        W, b = ref_net.init_network(seed=seed, scale=1.0)
        X, y = make_pixel_patterns(n_per_class=3, seed=seed)
        scores = network_scores(W, b, X[0])
        check_close(f"network_scores on a pixel image (seed {seed})", np.array([s.data for s in scores]),
                    np.array([s.data for s in ref_net.network_scores(W, b, X[0])]))
        for label in range(3):
            check_close(f"cross_entropy of those scores with label {label}", cross_entropy(scores, label).data,
                        ref_net.cross_entropy(ref_net.network_scores(W, b, X[0]), label).data)
        loss = dataset_loss(W, b, X, y)
        loss.backward()
        got = _flat(W, b, "grad")
        expected_loss = ref_net.dataset_loss(W, b, X, y)
        expected_loss.backward()
        check_close(f"dataset_loss on 9 images (seed {seed})", loss.data, expected_loss.data,
                    hints=[off_by_factor(len(y), "take the mean of the losses, not their sum.")])
        check_close(f"the gradients of dataset_loss on 9 images (seed {seed})", got,
                    _flat(W, b, "grad"))


@with_globals(dataset_loss=ref_net.dataset_loss, backward=ref.backward, Value=ref.Value)
def check_train_smallest_network(train_smallest_network):
    """Three steps on pixel patterns: the losses and the weights of the reference."""
    X, y = make_pixel_patterns(n_per_class=3, seed=7)
    W, b = ref_net.init_network(seed=7)
    losses = train_smallest_network(W, b, X, y, 0.8, 3)
    W_ref, b_ref = ref_net.init_network(seed=7)
    expected = ref_net.train_smallest_network(W_ref, b_ref, X, y, 0.8, 3)
    check_close("the 3 losses", np.asarray(losses, dtype=np.float64), np.asarray(expected))
    check_close("the weights and biases after 3 steps", _flat(W, b, "data"), _flat(W_ref, b_ref, "data"))
