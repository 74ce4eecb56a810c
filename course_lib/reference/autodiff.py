"""A scalar reverse-mode automatic differentiation: the computational graph of lecture 25.

Every :class:`Value` remembers the values it was computed from (its parents) and how to pass a
gradient back to them: the chain rule, one gate at a time. For z = f(x, y) with upstream gradient
∂L/∂z, each parent receives ∂L/∂x += ∂L/∂z · ∂z/∂x (the local gradient). A value used twice
receives both contributions, hence the +=.

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
    op : str
        The gate that computed it, for drawing the graph.
    """

    def __init__(self, data, parents=(), op=""):
        self.data = float(data)
        self.grad = 0.0
        self.parents = tuple(parents)
        self.op = op
        # Passes self.grad on to the parents' .grad; set by the gate that made this value.
        self._backward = lambda: None

    def __repr__(self):
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"

    @staticmethod
    def _lift(other):
        return other if isinstance(other, Value) else Value(other)

    def __add__(self, other):
        """Add gate: z = x + y, local gradients ∂z/∂x = ∂z/∂y = 1 (it copies the gradient)."""
        other = self._lift(other)
        out = Value(self.data + other.data, (self, other), "+")

        def backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = backward
        return out

    def __mul__(self, other):
        """Multiply gate: z = xy, local gradients ∂z/∂x = y, ∂z/∂y = x (it swaps the inputs)."""
        other = self._lift(other)
        out = Value(self.data * other.data, (self, other), "×")

        def backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = backward
        return out

    def __pow__(self, exponent):
        """Power gate for a constant exponent: z = x^n, ∂z/∂x = n x^(n−1)."""
        if isinstance(exponent, Value):
            raise TypeError("the exponent must be a number, not a Value")
        out = Value(self.data ** exponent, (self,), f"^{exponent:g}")

        def backward():
            self.grad += exponent * self.data ** (exponent - 1) * out.grad
        out._backward = backward
        return out

    def exp(self):
        """z = e^x, ∂z/∂x = e^x."""
        out = Value(math.exp(self.data), (self,), "exp")

        def backward():
            self.grad += out.data * out.grad
        out._backward = backward
        return out

    def log(self):
        """z = ln x for x > 0, ∂z/∂x = 1/x."""
        out = Value(math.log(self.data), (self,), "log")

        def backward():
            self.grad += out.grad / self.data
        out._backward = backward
        return out

    def relu(self):
        """z = max(x, 0), ∂z/∂x = [x > 0]."""
        out = Value(max(self.data, 0.0), (self,), "ReLU")

        def backward():
            self.grad += (self.data > 0) * out.grad
        out._backward = backward
        return out

    def sigmoid(self):
        """z = σ(x) = 1/(1 + e^(−x)), ∂z/∂x = σ(x)(1 − σ(x))."""
        e = math.exp(-abs(self.data))  # σ without overflow, as in Lab 1
        out = Value(1 / (1 + e) if self.data >= 0 else e / (1 + e), (self,), "σ")

        def backward():
            self.grad += out.data * (1 - out.data) * out.grad
        out._backward = backward
        return out

    def maximum(self, other):
        """Max gate: z = max(x, y); the gradient goes to the larger input only (to x on a tie)."""
        other = self._lift(other)
        out = Value(max(self.data, other.data), (self, other), "max")

        def backward():
            if self.data >= other.data:
                self.grad += out.grad
            else:
                other.grad += out.grad
        out._backward = backward
        return out

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-self._lift(other))

    def __truediv__(self, other):
        return self * self._lift(other) ** -1

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return self._lift(other) - self

    def __rtruediv__(self, other):
        return self._lift(other) / self

    def topological_order(self):
        """Every value this one depends on, each after all of its parents, ending with this one."""
        # Depth-first, with an explicit stack: a sum of a thousand terms is a thousand levels deep,
        # past Python's recursion limit.
        order, visited, stack = [], {id(self)}, [(self, iter(self.parents))]
        while stack:
            value, parents = stack[-1]
            parent = next((p for p in parents if id(p) not in visited), None)
            if parent is None:
                order.append(value)
                stack.pop()
            else:
                visited.add(id(parent))
                stack.append((parent, iter(parent.parents)))
        return order

    def backward(self):
        """Fill in .grad of every value in the graph with ∂self/∂value.

        Gradients are reset first, so that calling backward again gives the same answer; then
        ∂self/∂self = 1 is passed back in reverse topological order, so that each value has
        received every contribution before it passes its gradient on.
        """
        order = self.topological_order()
        for value in order:
            value.grad = 0.0
        self.grad = 1.0
        for value in reversed(order):
            value._backward()
