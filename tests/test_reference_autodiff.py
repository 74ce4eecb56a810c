"""The scalar autodiff reference (Lab 2) and the smallest network built from it, against the lecture's worked examples, central
differences and torch autograd."""
import math

import numpy as np
import pytest
import torch

from course_lib.gradcheck import numerical_gradient
from course_lib.hidden_checks.lab02_chain_rule import every_gate_expression
from course_lib.data import make_pixel_patterns
from course_lib.reference.autodiff import Value, topological_order
from course_lib.reference.smallest_network import (cross_entropy, dataset_loss, init_network, predict,
                                                   train_smallest_network)

TOL = 1e-7  # relative error against central differences and torch, float64


def test_the_lecture_graph_f_equals_x_plus_y_times_z():
    x, y, z = Value(-2.0), Value(5.0), Value(-4.0)
    q = x + y
    f = q * z
    f.backward()
    assert (q.data, f.data) == (3.0, -12.0)
    assert (q.grad, x.grad, y.grad, z.grad) == (-4.0, -4.0, -4.0, 3.0)


@pytest.mark.parametrize("t", [-1.5, 0.5, 2.0])
def test_the_chain_rule_with_several_variables(t):
    """z = x²y − y² with x = t², y = 2t: dz/dt = 10t⁴ − 8t."""
    t_ = Value(t)
    x, y = t_ ** 2, 2 * t_
    (x ** 2 * y - y ** 2).backward()
    assert t_.grad == pytest.approx(10 * t ** 4 - 8 * t)


@pytest.mark.parametrize("w, x, label", [(0.7, 1.5, 1), (-0.3, 2.0, 0)])
def test_one_logistic_unit_gives_the_lectures_gradients(w, x, label):
    """L = −ln p for a positive example gives (p − 1)x, L = −ln(1 − p) for a negative one px."""
    w_ = Value(w)
    p = (w_ * x).sigmoid()
    (-(p.log()) if label == 1 else -((1 - p).log())).backward()
    assert w_.grad == pytest.approx((p.data - 1) * x if label == 1 else p.data * x)


def test_the_max_gate_routes_the_gradient_to_the_larger_input():
    x, y = Value(3.0), Value(-1.0)
    (x.maximum(y) * 2).backward()
    assert (x.grad, y.grad) == (2.0, 0.0)
    (y.maximum(x) * 2).backward()
    assert (x.grad, y.grad) == (2.0, 0.0)


def test_a_value_used_twice_gets_both_contributions_and_backward_twice_is_the_same():
    x = Value(3.0)
    f = x * x + x  # df/dx = 2x + 1
    f.backward()
    assert x.grad == 7.0
    f.backward()
    assert x.grad == 7.0


def _torch_expression(v):
    a, b, c = v
    return ((a * b - c / a) ** 2 + torch.exp(a - 2.5) + torch.log(b * b + 1) + torch.relu(c - 0.3)
            + torch.sigmoid(a * c) + torch.maximum(b - 1, c) - 3 / b + 4 - a)


@pytest.mark.parametrize("seed", range(4))
def test_every_gate_against_central_differences_and_torch(seed):
    point = np.random.default_rng(seed).uniform(0.6, 2.0, 3) * np.array([1, 1, -1]) ** seed
    inputs = [Value(v) for v in point]
    out = every_gate_expression(*inputs)
    out.backward()
    grads = np.array([v.grad for v in inputs])
    numeric = numerical_gradient(lambda p: every_gate_expression(*[Value(v) for v in p]).data, point.copy())
    np.testing.assert_allclose(grads, numeric, rtol=TOL, atol=1e-9)
    t = torch.tensor(point, requires_grad=True)
    _torch_expression(t).backward()
    assert out.data == pytest.approx(_torch_expression(torch.tensor(point)).item(), rel=1e-12)
    np.testing.assert_allclose(grads, t.grad.numpy(), rtol=1e-12)


def test_a_deep_graph_does_not_hit_the_recursion_limit():
    xs = [Value(float(i)) for i in range(5000)]
    total = Value(0.0)
    for x in xs:
        total = total + x * x
    total.backward()
    assert [x.grad for x in xs[:3]] == [0.0, 2.0, 4.0] and xs[-1].grad == 2 * 4999


def test_sigmoid_does_not_overflow():
    assert Value(-1000.0).sigmoid().data == 0.0 and Value(1000.0).sigmoid().data == 1.0
    assert math.isfinite(Value(-1000.0).sigmoid().data)


def test_each_gate_records_its_parents_and_local_gradients():
    x, y = Value(3.0), Value(-2.0)
    cases = [(x + y, (1, 1)), (x - y, (1, -1)), (x * y, (-2, 3)), (x / y, (-0.5, -0.75)),
             (x.maximum(y), (1, 0)), (y.maximum(x), (0, 1))]
    for node, local_grads in cases:
        assert node.parents in ((x, y), (y, x)) and node.local_grads == local_grads
    assert (x ** 3).local_grads == (27.0,) and (-x).local_grads == (-1.0,)
    assert x.exp().local_grads == (math.exp(3.0),) and x.log().local_grads == (1 / 3,)
    assert x.relu().local_grads == (1.0,) and y.relu().local_grads == (0.0,)
    g = 1 / (1 + math.exp(-3.0))
    assert x.sigmoid().local_grads == pytest.approx((g * (1 - g),))


def test_the_topological_order_lists_each_node_once_after_its_parents():
    x = Value(2.0)
    a, b = x * x, x + 1
    f = a * b + a
    order = topological_order(f)
    assert len(order) == len({id(n) for n in order}) == 6 and order[-1] is f  # x, 1, a, b, ab, f
    position = {id(n): i for i, n in enumerate(order)}
    assert all(position[id(p)] < position[id(n)] for n in order for p in n.parents)


def test_the_smallest_network_learns_the_pixel_patterns_and_its_gradient_is_right():
    X, y = make_pixel_patterns(n_per_class=4, seed=0)
    W, b = init_network(seed=0)
    loss = dataset_loss(W, b, X, y)
    loss.backward()
    params = [w for row in W for w in row] + b
    point = np.array([p.data for p in params])

    def loss_at(values):
        W2 = [[Value(v) for v in values[9 * c: 9 * c + 9]] for c in range(3)]
        return dataset_loss(W2, [Value(v) for v in values[27:]], X, y).data

    np.testing.assert_allclose([p.grad for p in params], numerical_gradient(loss_at, point), rtol=TOL, atol=1e-9)
    losses = train_smallest_network(W, b, X, y, lr=1.0, steps=50)
    assert losses[0] == pytest.approx(loss.data) and losses[-1] < 0.1 * losses[0]
    X_test, y_test = make_pixel_patterns(n_per_class=20, seed=1)
    assert (predict(W, b, X_test) == y_test).mean() == 1.0


def test_cross_entropy_is_stable_and_matches_torch():
    scores = [Value(800.0), Value(-3.0), Value(799.0)]
    loss = cross_entropy(scores, 2)
    loss.backward()
    t = torch.tensor([800.0, -3.0, 799.0], dtype=torch.float64, requires_grad=True)
    expected = torch.nn.functional.cross_entropy(t[None], torch.tensor([2]))
    expected.backward()
    assert loss.data == pytest.approx(expected.item(), rel=1e-12)
    np.testing.assert_allclose([s.grad for s in scores], t.grad.numpy(), rtol=1e-12, atol=1e-300)
