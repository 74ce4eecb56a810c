"""A scalar reverse-mode automatic differentiation: the computational graph of lecture 25 (Lab 2).

Every :class:`Value` records the values it was computed from (its parents) and the local gradient
of the gate with respect to each, ∂out/∂parent, computed in the forward pass. The backward pass
applies the chain rule one gate at a time: each parent receives
∂L/∂parent += ∂L/∂out · ∂out/∂parent. A value used twice receives both contributions, hence the +=.

    >>> x, y, z = Value(-2.0), Value(5.0), Value(-4.0)
    >>> f = (x + y) * z          # q = x + y = 3, f = qz = -12
    >>> f.backward()
    >>> x.grad, y.grad, z.grad   # ∂f/∂x = ∂f/∂y = z = -4, ∂f/∂z = q = 3
    (-4.0, -4.0, 3.0)
"""
import math


class Value:
    """A scalar in a computational graph, with the gradient of the output with respect to it.

    Parameters
    ----------
    data : float
        The value computed in the forward pass.
    parents : tuple of Value
        The values it was computed from (empty for an input).
    local_grads : tuple of float
        ∂self/∂parent for each parent, in the same order.
    op : str
        The gate that computed it, for drawing the graph.
    """

    def __init__(self, data, parents=(), local_grads=(), op=""):
        self.data = float(data)
        self.grad = 0.0
        self.parents = tuple(parents)
        self.local_grads = tuple(float(g) for g in local_grads)
        self.op = op

    def __repr__(self):
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"

    @staticmethod
    def _lift(other):
        return other if isinstance(other, Value) else Value(other)

    def __add__(self, other):
        """Add gate z = x + y: ∂z/∂x = ∂z/∂y = 1 (it copies the gradient to both inputs)."""
        other = self._lift(other)
        return Value(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def __sub__(self, other):
        """Subtract gate z = x − y: ∂z/∂x = 1, ∂z/∂y = −1."""
        other = self._lift(other)
        return Value(self.data - other.data, (self, other), (1.0, -1.0), "−")

    def __mul__(self, other):
        """Multiply gate z = xy: ∂z/∂x = y, ∂z/∂y = x (it swaps the inputs)."""
        other = self._lift(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data), "×")

    def __truediv__(self, other):
        """Divide gate z = x / y: ∂z/∂x = 1/y, ∂z/∂y = −x/y²."""
        other = self._lift(other)
        return Value(self.data / other.data, (self, other),
                     (1 / other.data, -self.data / other.data ** 2), "÷")

    def __pow__(self, n):
        """Power gate for a constant exponent, z = xⁿ: ∂z/∂x = n xⁿ⁻¹."""
        if isinstance(n, Value):
            raise TypeError("the exponent must be a number, not a Value")
        return Value(self.data ** n, (self,), (n * self.data ** (n - 1),), f"^{n:g}")

    def __neg__(self):
        """z = −x: ∂z/∂x = −1."""
        return Value(-self.data, (self,), (-1.0,), "neg")

    def __radd__(self, other):
        return self + other

    def __rsub__(self, other):
        return self._lift(other) - self

    def __rmul__(self, other):
        return self * other

    def __rtruediv__(self, other):
        return self._lift(other) / self

    def exp(self):
        """z = eˣ: ∂z/∂x = eˣ = z."""
        z = math.exp(self.data)
        return Value(z, (self,), (z,), "exp")

    def log(self):
        """z = ln x for x > 0: ∂z/∂x = 1/x."""
        return Value(math.log(self.data), (self,), (1 / self.data,), "log")

    def relu(self):
        """z = max(x, 0): ∂z/∂x = [x > 0]."""
        return Value(max(self.data, 0.0), (self,), (float(self.data > 0),), "ReLU")

    def sigmoid(self):
        """z = g = σ(x) = 1/(1 + e⁻ˣ): ∂z/∂x = g(1 − g)."""
        e = math.exp(-abs(self.data))  # σ without overflow, as in Lab 1
        g = 1 / (1 + e) if self.data >= 0 else e / (1 + e)
        return Value(g, (self,), (g * (1 - g),), "σ")

    def maximum(self, other):
        """Max gate z = max(x, y): the gradient goes to the larger input only (to x on a tie)."""
        other = self._lift(other)
        x_wins = self.data >= other.data
        return Value(max(self.data, other.data), (self, other), (float(x_wins), float(not x_wins)), "max")

    def backward(self):
        """Fill in .grad of every value this one depends on with ∂self/∂value."""
        backward(self)


def topological_order(root):
    """Every value `root` depends on, once each, each after all of its parents, ending with `root`.

    root: any node with a ``parents`` tuple (a :class:`Value`).
    """
    # Depth-first, with an explicit stack: a sum of a thousand terms is a thousand levels deep,
    # past Python's recursion limit.
    order, visited, stack = [], {id(root)}, [(root, iter(root.parents))]
    while stack:
        node, parents = stack[-1]
        parent = next((p for p in parents if id(p) not in visited), None)
        if parent is None:
            order.append(node)
            stack.pop()
        else:
            visited.add(id(parent))
            stack.append((parent, iter(parent.parents)))
    return order


def backward(root):
    """Reverse-mode differentiation: set node.grad = ∂root/∂node for every node of root's graph.

    Gradients are reset first, so that a second call gives the same answer; then ∂root/∂root = 1
    is passed back in reverse topological order, so that a node has received every contribution
    (one per use) before it passes its gradient on to its parents:
    parent.grad += node.grad · ∂node/∂parent.

    root: a node with ``parents``, ``local_grads`` and ``grad`` (a :class:`Value`).
    """
    order = topological_order(root)
    for node in order:
        node.grad = 0.0
    root.grad = 1.0
    for node in reversed(order):
        for parent, local_grad in zip(node.parents, node.local_grads):
            parent.grad += node.grad * local_grad
