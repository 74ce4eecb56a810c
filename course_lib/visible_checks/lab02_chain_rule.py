"""Visible checks of Lab 2 (the chain rule and a scalar autodiff), called by the notebook's test cells.

The expected numbers are the lecture's worked examples or cases small enough to work by hand (the
comment beside each shows how); every local gradient is also compared with a central difference of
the student's own forward pass. The graph algorithms are checked on :class:`_Node` records built
by hand, whose parents and local gradients are known, so that a mistake in the Value class fails
only its own cells.
"""
import math

import numpy as np

from ..checks import Hint, check_close, negated, off_by_factor, replaced_globals
from ..gradcheck import numerical_gradient

H = 1e-6  # step of the central differences of a Value's forward pass


class _Node:
    """A hand-made node of a computational graph: a record with what a Value records, no gates."""

    def __init__(self, data, parents=(), local_grads=(), op=""):
        self.data, self.grad = float(data), 0.0
        self.parents, self.local_grads, self.op = tuple(parents), tuple(local_grads), op

    def __repr__(self):
        return f"node {self.op or 'input'} (data={self.data:g})"


def _lecture_graph():
    """f = (x + y)z at (−2, 5, −4) as records: q = 3, f = −12; its nodes in topological order."""
    x, y, z = _Node(-2.0, op="x"), _Node(5.0, op="y"), _Node(-4.0, op="z")
    q = _Node(3.0, (x, y), (1.0, 1.0), "+")
    f = _Node(-12.0, (q, z), (z.data, q.data), "×")
    return x, y, z, q, f


# --------------------------------------------------------------------------- by hand

_GRADIENT_NAMES = ("df_dx", "df_dy", "df_dz")


def _check_graph(name, function, point, expected, what, hints):
    got = function(*point)
    if not isinstance(got, tuple) or len(got) != 5:
        raise AssertionError(f"`{name}{point}` should return a tuple of 5 numbers ({what}), got {got!r}.")
    for label, g, e in zip((what.split(", ")), got, expected):
        check_close(f"{label} of {name}{point}", float(g), e, hints=hints.get(label, ()))


def check_graph_by_hand(add_multiply_graph, max_multiply_graph):
    """The lecture's graph at its point and the max gate at two points, then central differences."""
    # The lecture: q = x + y = 3, f = qz = −12, ∂f/∂x = ∂f/∂y = z = −4, ∂f/∂z = q = 3.
    what = "q, f, df_dx, df_dy, df_dz"
    swapped = {"df_dz": [Hint(lambda got, exp: got == -4.0, "∂f/∂z = q: the multiply gate swaps its inputs.")],
               "df_dx": [Hint(lambda got, exp: got == 3.0, "∂f/∂x = ∂f/∂q · ∂q/∂x = z · 1.")]}
    _check_graph("add_multiply_graph", add_multiply_graph, (-2.0, 5.0, -4.0), (3.0, -12.0, -4.0, -4.0, 3.0),
                 what, swapped)
    # m = max(x, y); f = mz. At (−2, 5, −4): m = 5, f = −20; the max routes ∂f/∂m = z = −4 to y only.
    # At (3, 1, 2): m = 3, f = 6, ∂f/∂x = z = 2, ∂f/∂y = 0, ∂f/∂z = m = 3.
    routed = [Hint(lambda got, exp: exp == 0 and got != 0,
                   "the max gate passes the whole gradient to the larger input and 0 to the other.")]
    m_what = "m, f, df_dx, df_dy, df_dz"
    for point, expected in [((-2.0, 5.0, -4.0), (5.0, -20.0, 0.0, -4.0, 5.0)),
                            ((3.0, 1.0, 2.0), (3.0, 6.0, 2.0, 0.0, 3.0))]:
        _check_graph("max_multiply_graph", max_multiply_graph, point, expected, m_what,
                     {"df_dx": routed, "df_dy": routed})
    for name, function in (("add_multiply_graph", add_multiply_graph), ("max_multiply_graph", max_multiply_graph)):
        point = np.array([0.7, -1.3, 2.1])
        numeric = numerical_gradient(lambda p: float(function(*p)[1]), point.copy())
        check_close(f"(df_dx, df_dy, df_dz) of {name}{tuple(point)}, against central differences of its f",
                    np.array([float(g) for g in function(*point)[2:]]), numeric, rtol=1e-6, atol=1e-8)


def _z_of_t(t):
    x, y = t ** 2, 2 * t
    return x ** 2 * y - y ** 2


def _logistic_loss(w, x):
    """L = −ln σ(wx), the loss of one positive example."""
    return math.log1p(math.exp(-w * x))


def check_chain_rule_by_hand(dz_dt, logistic_dL_dw):
    """The lecture's dz/dt = 10t⁴ − 8t at t = 1 and 2, (p − 1)x at w = ln 3, then central differences."""
    # t = 1: 10 − 8 = 2; t = 2: 160 − 16 = 144.
    inner = [Hint(lambda got, exp: np.isclose(got, exp / 2) or np.isclose(got, 2 * exp),
                  "multiply each path by the inner derivative: dz/dt = ∂z/∂x·dx/dt + ∂z/∂y·dy/dt.")]
    for t, expected in [(1.0, 2.0), (2.0, 144.0)]:
        check_close(f"dz_dt({t:g})", float(dz_dt(t)), expected, hints=inner)
    for t in (-0.7, 1.3):
        check_close(f"dz_dt({t:g}), against a central difference of z(t)", float(dz_dt(t)),
                    numerical_gradient(lambda v: _z_of_t(float(v[0])), np.array([t]))[0], rtol=1e-6, atol=1e-8)
    # w = ln 3, x = 1: p = σ(ln 3) = 3/(3 + 1) = 3/4, so (p − 1)x = −1/4.
    check_close("logistic_dL_dw(ln 3, 1)", float(logistic_dL_dw(math.log(3), 1.0)), -0.25,
                hints=[negated("L = −ln p: ∂L/∂p = −1/p, so the gradient is (p − 1)x, not (1 − p)x."),
                       Hint(lambda got, exp: np.isclose(got, 0.75),
                            "px is the gradient of a negative example, −ln(1 − p); this one is positive.")])
    for w, x in [(0.8, -1.5), (-1.2, 0.6)]:
        check_close(f"logistic_dL_dw({w}, {x}), against a central difference of L = −ln σ(wx)",
                    float(logistic_dL_dw(w, x)),
                    numerical_gradient(lambda v: _logistic_loss(float(v[0]), x), np.array([w]))[0],
                    rtol=1e-6, atol=1e-8)


# --------------------------------------------------------------------------- the Value class


def _check_gate(Value, name, make, inputs, expected_data, expected_local, hints=()):
    """One gate: its output's data, parents (the inputs, in order) and local gradients, which are
    also compared with central differences of the gate's own forward pass."""
    values = [Value(v) for v in inputs]
    out = make(*values)
    if not isinstance(out, Value):
        raise AssertionError(f"`{name}` should return a Value, got {type(out).__name__}.")
    check_close(f"{name}: its data", out.data, expected_data)
    parents = tuple(getattr(out, "parents", ()))
    if len(parents) != len(values) or any(p is not v for p, v in zip(parents, values)):
        raise AssertionError(
            f"`{name}` should make one node whose parents are its {len(values)} input Value(s), in order; "
            f"got parents {parents!r}. Record the gate's own local gradients rather than building it "
            "from other gates.")
    local = np.array([float(g) for g in getattr(out, "local_grads", ())])
    check_close(f"{name}: its local_grads", local, np.asarray(expected_local, dtype=np.float64), hints=hints)
    for i in range(len(inputs)):
        def forward(v, i=i):
            moved = list(inputs)
            moved[i] = float(v[0])
            return make(*[Value(a) for a in moved]).data
        numeric = numerical_gradient(forward, np.array([inputs[i]]))[0]
        check_close(f"{name}: local_grads[{i}], against a central difference of its data", local[i], numeric,
                    rtol=1e-6, atol=1e-8)


def check_value_arithmetic(Value):
    """+, −, ×, ÷, power and negation, with Values and numbers on either side."""
    # x = 3, y = −2: ∂(x−y) = (1, −1); ∂(xy) = (y, x) = (−2, 3); ∂(x/y) = (1/y, −x/y²) = (−1/2, −3/4).
    swap = [Hint(lambda got, exp: np.allclose(got, exp[::-1]), "∂(xy)/∂x = y: the multiply gate swaps its inputs.")]
    _check_gate(Value, "Value(3) + Value(-2)", lambda x, y: x + y, (3.0, -2.0), 1.0, (1.0, 1.0))
    _check_gate(Value, "Value(3) - Value(-2)", lambda x, y: x - y, (3.0, -2.0), 5.0, (1.0, -1.0),
                [negated("∂(x − y)/∂y = −1.")])
    _check_gate(Value, "Value(3) * Value(-2)", lambda x, y: x * y, (3.0, -2.0), -6.0, (-2.0, 3.0), swap)
    _check_gate(Value, "Value(3) / Value(-2)", lambda x, y: x / y, (3.0, -2.0), -1.5, (-0.5, -0.75),
                [Hint(lambda got, exp: np.isclose(got[1], -exp[1]), "∂(x/y)/∂y = −x/y²: mind the sign.")])
    # ∂(x³)/∂x = 3x² = 27 at x = 3; ∂(x^−1)/∂x = −x^−2 = −1/4 at x = 2.
    power = [Hint(lambda got, exp: np.isclose(got[0] / exp[0], 3.0) or np.isclose(got[0] / exp[0], 2.0),
                  "∂(xⁿ)/∂x = n·xⁿ⁻¹: the exponent drops by one.")]
    _check_gate(Value, "Value(3) ** 3", lambda x: x ** 3, (3.0,), 27.0, (27.0,), power)
    _check_gate(Value, "Value(2) ** -1", lambda x: x ** -1, (2.0,), 0.5, (-0.25,), power)
    _check_gate(Value, "-Value(3)", lambda x: -x, (3.0,), -3.0, (-1.0,))
    for expression, make, expected in [("Value(3) + 2", lambda x: x + 2, 5.0), ("2 + Value(3)", lambda x: 2 + x, 5.0),
                                       ("Value(3) * 2", lambda x: x * 2, 6.0), ("2 * Value(3)", lambda x: 2 * x, 6.0),
                                       ("1 - Value(3)", lambda x: 1 - x, -2.0), ("6 / Value(3)", lambda x: 6 / x, 2.0)]:
        out = make(Value(3.0))
        check_close(f"({expression}).data", out.data, expected)
        if not all(isinstance(p, Value) for p in out.parents):
            raise AssertionError(f"the parents of {expression} should all be Values: wrap a number in a Value.")


def check_value_functions(Value):
    """exp, log, ReLU, sigmoid and max, on both sides of ReLU's and max's kinks."""
    e2, g = math.exp(2.0), 1 / (1 + math.exp(-2.0))
    _check_gate(Value, "Value(2).exp()", lambda x: x.exp(), (2.0,), e2, (e2,))
    _check_gate(Value, "Value(4).log()", lambda x: x.log(), (4.0,), math.log(4.0), (0.25,),
                [Hint(lambda got, exp: np.isclose(got[0], math.log(4.0)), "∂(ln x)/∂x = 1/x, not ln x.")])
    inverted = [Hint(lambda got, exp: np.allclose(got, 1 - np.asarray(exp)),
                     "ReLU passes the gradient where its input is positive: the mask is [x > 0].")]
    _check_gate(Value, "Value(1.5).relu()", lambda x: x.relu(), (1.5,), 1.5, (1.0,), inverted)
    _check_gate(Value, "Value(-0.5).relu()", lambda x: x.relu(), (-0.5,), 0.0, (0.0,), inverted)
    # σ(2) = g, ∂σ/∂x = g(1 − g); σ(−1) = 1 − σ(1).
    _check_gate(Value, "Value(2).sigmoid()", lambda x: x.sigmoid(), (2.0,), g, (g * (1 - g),),
                [Hint(lambda got, exp: np.isclose(got[0], g), "the derivative of g = σ(x) is g(1 − g), not g.")])
    g1 = 1 / (1 + math.exp(1.0))
    _check_gate(Value, "Value(-1).sigmoid()", lambda x: x.sigmoid(), (-1.0,), g1, (g1 * (1 - g1),))
    routed = [Hint(lambda got, exp: not np.allclose(got, exp),
                   "the max gate routes the gradient to the larger input: local gradients (1, 0) or (0, 1).")]
    _check_gate(Value, "Value(3).maximum(Value(-1))", lambda x, y: x.maximum(y), (3.0, -1.0), 3.0, (1.0, 0.0), routed)
    _check_gate(Value, "Value(-1).maximum(Value(3))", lambda x, y: x.maximum(y), (-1.0, 3.0), 3.0, (0.0, 1.0), routed)


# --------------------------------------------------------------------------- graph algorithms


def _diamond():
    """x used twice by a = x·x (local gradients (x, x)), b = x + 1 and f = a·b, plus an unrelated node."""
    x = _Node(2.0, op="x")
    one = _Node(1.0, op="1")
    a = _Node(4.0, (x, x), (2.0, 2.0), "×")
    b = _Node(3.0, (x, one), (1.0, 1.0), "+")
    f = _Node(12.0, (a, b), (3.0, 4.0), "×")
    return x, one, a, b, f


def _check_order(name, order, root, ancestors):
    order = list(order)
    ids = [id(n) for n in order]
    if len(ids) != len(set(ids)):
        twice = next(n for n in order if ids.count(id(n)) > 1)
        raise AssertionError(f"`{name}` lists {twice!r} {ids.count(id(twice))} times: each node goes in once "
                             "(keep a set of the nodes already visited).")
    if set(ids) != {id(n) for n in ancestors}:
        raise AssertionError(f"`{name}` should list the {len(ancestors)} nodes the root depends on (the root "
                             f"included), got {len(order)}: {order}.")
    position = {id(n): i for i, n in enumerate(order)}
    for node in order:
        for parent in node.parents:
            if position[id(parent)] > position[id(node)]:
                raise AssertionError(f"`{name}` puts {node!r} before its parent {parent!r}: a node goes in "
                                     "after all of its parents (append it after visiting them).")
    if order[-1] is not root:
        raise AssertionError(f"`{name}` should end with the root, but ends with {order[-1]!r}.")


def check_topological_order(topological_order):
    """An input alone; a chain; a node used twice, with an unrelated node left out."""
    x = _Node(1.0, op="x")
    _check_order("topological_order(x) for an input x", topological_order(x), x, [x])
    chain = [x]
    for k in range(5):
        chain.append(_Node(-chain[-1].data, (chain[-1],), (-1.0,), "neg"))
    _check_order("topological_order of a chain of 6 nodes", topological_order(chain[-1]), chain[-1], chain)
    x, one, a, b, f = _diamond()
    _Node(0.0, (x,), (1.0,), "unused")  # depends on x, but f does not depend on it
    _check_order("topological_order(f) with f = (x·x)·(x + 1)", topological_order(f), f, [x, one, a, b, f])


def _run_backward(backward, root, order):
    """backward(root) with the student's topological_order replaced by the known `order`."""
    with replaced_globals(backward, topological_order=lambda node: list(order)):
        backward(root)


def check_backward(backward):
    """The lecture's graph, a node used twice, a chain that needs the reverse order, and a second call."""
    x, y, z, q, f = _lecture_graph()
    _run_backward(backward, f, [x, y, z, q, f])
    # ∂f/∂f = 1, ∂f/∂q = z = −4, ∂f/∂x = ∂f/∂y = −4 · 1, ∂f/∂z = q = 3.
    for name, node, expected in [("f", f, 1.0), ("q", q, -4.0), ("x", x, -4.0), ("y", y, -4.0), ("z", z, 3.0)]:
        check_close(f"{name}.grad after backward(f) on the lecture's graph f = (x + y)z", node.grad, expected,
                    hints=[Hint(lambda got, exp: got == 0 and exp != 0,
                                "nothing reached this node: start from root.grad = 1 and visit the nodes in "
                                "reverse topological order, so each node has its gradient before passing it on.")])
    # f = (x·x)·(x + 1) at x = 2: df/dx = 2x(x + 1) + x² = 12 + 4 = 16.
    x, one, a, b, f = _diamond()
    order = [x, one, a, b, f]
    _run_backward(backward, f, order)
    used_twice = [Hint(lambda got, exp: got < exp, "a node used several times gets one contribution per use: "
                                                    "parent.grad += ..., never =.")]
    check_close("x.grad after backward(f) for f = (x·x)·(x + 1) at x = 2", x.grad, 16.0, hints=used_twice)
    _run_backward(backward, f, order)
    check_close("x.grad after calling backward(f) a second time", x.grad, 16.0,
                hints=[Hint(lambda got, exp: got > exp, "backward added to the gradients of the first call: set "
                            "every node's grad to 0 before passing the gradients back.")])
    chain = [_Node(0.5, op="x")]
    for k in range(4):  # each node doubles: ∂out/∂x = 2⁴ = 16
        chain.append(_Node(chain[-1].data * 2, (chain[-1],), (2.0,), "×2"))
    _run_backward(backward, chain[-1], chain)
    check_close("x.grad after backward on a chain of four ×2 gates", chain[0].grad, 16.0)


# --------------------------------------------------------------------------- the smallest network


def check_smallest_network(network_scores, cross_entropy, dataset_loss):
    """Scores worked by hand, the loss of uniform and of peaked scores, and the mean over examples."""
    Value = network_scores.__globals__.get("Value")
    if Value is None:
        raise AssertionError("define the Value class (exercise 3) before the smallest network.")
    # Two classes, two pixels: f_0 = 1·0.5 + 2·(−1) + 0.25 = −1.25, f_1 = −1·0.5 + 0 + 1 = 0.5.
    W = [[Value(1.0), Value(2.0)], [Value(-1.0), Value(0.0)]]
    b = [Value(0.25), Value(1.0)]
    scores = network_scores(W, b, [0.5, -1.0])
    check_close("[f.data for f in network_scores(...)] worked by hand", np.array([s.data for s in scores]),
                np.array([-1.25, 0.5]),
                hints=[Hint(lambda got, exp: np.allclose(got, [-1.5, -0.5]), "the bias b_c is missing."),
                       Hint(lambda got, exp: np.allclose(got, [-1.0, 1.5]),
                            "a score is Σ_i w_{c,i} x_i + b_c: add the bias once, not once per pixel.")])
    # Equal scores: every class has p = 1/3 and L = ln 3. Scores (ln 2, 0, 0): p_0 = 2/4, L = ln 2 for label 0.
    uniform = cross_entropy([Value(0.0), Value(0.0), Value(0.0)], 1)
    wrong_sign = negated("L = −log p_y: mind the minus sign.")
    check_close("cross_entropy of three equal scores (p = 1/3 for every class)", uniform.data, math.log(3),
                hints=[wrong_sign])
    peaked = cross_entropy([Value(math.log(2)), Value(0.0), Value(0.0)], 0)
    check_close("cross_entropy([ln 2, 0, 0], label 0), where p_0 = 2/(2 + 1 + 1)", peaked.data, math.log(2),
                hints=[wrong_sign])
    other = cross_entropy([Value(math.log(2)), Value(0.0), Value(0.0)], 2)
    check_close("cross_entropy([ln 2, 0, 0], label 2), where p_2 = 1/4", other.data, math.log(4))
    # W = 0, b = 0: every score is 0, every loss ln 3, so the mean is ln 3 for any number of examples.
    X = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [1.0, 1.0]])
    W0 = [[Value(0.0), Value(0.0)] for _ in range(3)]
    mean = dataset_loss(W0, [Value(0.0) for _ in range(3)], X, np.array([0, 1, 2, 0]))
    check_close("dataset_loss at W = 0, b = 0 on 4 examples (every loss is ln 3)", mean.data, math.log(3),
                hints=[off_by_factor(4, "did you sum the losses instead of taking their mean?")])


class _QuadraticLoss:
    """A stand-in for the mean loss: J = ½ Σ (p − t)² over the parameters, with ∂J/∂p = p − t."""

    def __init__(self, params, targets):
        self.params, self.targets = params, targets
        self.data = 0.5 * sum((p.data - t) ** 2 for p, t in zip(params, targets))

    def backward(self):
        for p, t in zip(self.params, self.targets):
            p.grad = p.data - t


def check_train_smallest_network(train_smallest_network):
    """The loop on its own: dataset_loss replaced by J = ½ Σ (p − t)², whose gradient is p − t.

    Each step with α = 1/2 halves the distance to t: from 0, after k steps p = (1 − 2⁻ᵏ) t, and the
    loss before step k is J(0)/4ᵏ.
    """
    W = [[_Node(0.0), _Node(0.0)], [_Node(0.0), _Node(0.0)]]
    b = [_Node(0.0), _Node(0.0)]
    params = [w for row in W for w in row] + b
    targets = [1.0, -2.0, 0.5, 3.0, -1.0, 2.0]
    calls = []

    def stand_in(W_, b_, X, y):
        calls.append(1)
        return _QuadraticLoss(params, targets)

    with replaced_globals(train_smallest_network, dataset_loss=stand_in, backward=lambda root: root.backward()):
        losses = train_smallest_network(W, b, np.zeros((3, 2)), np.zeros(3, dtype=int), 0.5, 4)
    if not calls:
        raise AssertionError("`train_smallest_network` never called `dataset_loss`: use the function you wrote "
                             "above, by its name.")
    uphill = "the step is w ← w − α ∂L/∂w: you moved up the gradient."
    check_close("the parameters after 4 steps", np.array([p.data for p in params]),
                (1 - 0.5 ** 4) * np.asarray(targets),
                hints=[Hint(lambda got, exp: np.allclose(got, (1 - 1.5 ** 4) * np.asarray(targets)), uphill),
                       Hint(lambda got, exp: np.allclose(got, 0), "the parameters never moved: call backward on "
                            "the loss, then update every weight and bias with its gradient.")])
    J0 = 0.5 * sum(t ** 2 for t in targets)
    check_close("the losses of 4 steps on J = ½ Σ (p − t)² with lr = 0.5", np.asarray(losses, dtype=np.float64),
                J0 / 4.0 ** np.arange(4),
                hints=[Hint(lambda got, exp: np.allclose(got, exp / 4),
                            "append the loss before the step, so that losses[0] is the loss at the start.")])
