"""Mistakes students make in Lab 2 (the chain rule and a scalar autodiff), and the adversarial submissions."""
from . import Edit, Mistake

# A while loop whose counter is never increased.
LOOPS_FOREVER = Edit("loops-forever", "train_smallest_network", "    for _ in range(steps):",
                     "    k = 0\n    while k < steps:")
# A bare except around the loop body also catches the interrupt sent at the cell timeout.
IGNORES_INTERRUPTS = Edit("ignores-interrupts", "train_smallest_network",
                          "        loss = dataset_loss(W, b, X, y)\n        losses.append(loss.data)\n",
                          "        try:\n            while True:\n                loss = dataset_loss(W, b, X, y)\n"
                          "        except:\n            pass\n        losses.append(loss.data)\n")
# A stray os._exit kills the kernel, as a call to exit() left in from a script would.
KERNEL_DIES = Edit("kernel-dies", "topological_order", "    visit(root)\n    return order",
                   "    visit(root)\n    return order\n\n\nimport os\nos._exit(1)")
# A right answer that warns on stderr inside a test cell; nbgrader must not take points for it.
WARNS = Edit("warns-but-correct", "graph_by_hand", "    q = x + y\n",
             '    import warnings\n    warnings.warn("working the graph by hand")\n    q = x + y\n')

MISTAKES = [
    Mistake("multiply-gate-not-swapped", "graph_by_hand", "return q, q * z, z, z, q", "return q, q * z, z, z, z",
            "test_graph_by_hand", "∂(qz)/∂z taken as z instead of the other input q"),
    Mistake("max-routes-to-the-smaller-input", "graph_by_hand",
            "df_dm if x >= y else 0.0, 0.0 if x >= y else df_dm", "0.0 if x >= y else df_dm, df_dm if x >= y else 0.0",
            "test_graph_by_hand", "the max gate's gradient sent to the input that lost"),
    Mistake("max-gradient-to-both-inputs", "graph_by_hand",
            "df_dm if x >= y else 0.0, 0.0 if x >= y else df_dm", "df_dm, df_dm", "test_graph_by_hand",
            "the max gate treated like an add gate, copying the gradient to both inputs"),
    Mistake("chain-rule-without-inner-derivatives", "chain_rule_by_hand",
            "(2 * x * y) * (2 * t) + (x ** 2 - 2 * y) * 2", "(2 * x * y) + (x ** 2 - 2 * y)",
            "test_chain_rule_by_hand", "∂z/∂x + ∂z/∂y, forgetting to multiply each path by dx/dt and dy/dt"),
    Mistake("logistic-gradient-of-a-negative-example", "chain_rule_by_hand", "return (p - 1) * x", "return p * x",
            "test_chain_rule_by_hand", "px, the gradient of −ln(1 − p), for a positive example"),
    Mistake("multiply-local-gradients-not-swapped", "value", "(other.data, self.data), \"×\"",
            "(self.data, other.data), \"×\"", "test_value_arithmetic", "∂(xy)/∂x taken as x instead of y"),
    Mistake("power-rule-keeps-the-exponent", "value", "(n * self.data ** (n - 1),)", "(n * self.data ** n,)",
            "test_value_arithmetic", "∂(xⁿ)/∂x = n·xⁿ instead of n·xⁿ⁻¹"),
    Mistake("divide-denominator-sign", "value", "-self.data / other.data ** 2", "self.data / other.data ** 2",
            "test_value_arithmetic", "∂(x/y)/∂y = x/y² instead of −x/y²"),
    Mistake("subtract-as-add", "value", "(self, other), (1.0, -1.0)", "(self, other), (1.0, 1.0)",
            "test_value_arithmetic", "the subtract gate's local gradients copied from the add gate"),
    Mistake("sigmoid-derivative-is-g", "value", "(g * (1 - g),)", "(g,)", "test_value_functions",
            "σ'(x) taken as g instead of g(1 − g)"),
    Mistake("relu-mask-inverted", "value", "(1.0 if self.data > 0 else 0.0,)", "(1.0 if self.data < 0 else 0.0,)",
            "test_value_functions", "ReLU passing the gradient where its input is negative"),
    Mistake("log-derivative-is-log", "value", "(1 / self.data,), \"log\"", "(math.log(self.data),), \"log\"",
            "test_value_functions", "∂(ln x)/∂x taken as ln x instead of 1/x"),
    Mistake("max-gate-to-both", "value", "(1.0 if x_wins else 0.0, 0.0 if x_wins else 1.0)", "(1.0, 1.0)",
            "test_value_functions", "the max gate copying the gradient to both inputs"),
    Mistake("topological-order-without-visited-set", "topological_order",
            "        if node in visited:\n            return\n", "", "test_topological_order",
            "no record of visited nodes, so a node used twice is listed twice"),
    Mistake("topological-order-node-before-parents", "topological_order",
            "        for parent in node.parents:\n            visit(parent)\n        order.append(node)",
            "        order.append(node)\n        for parent in node.parents:\n            visit(parent)",
            "test_topological_order", "the node appended before its parents (pre-order instead of post-order)"),
    Mistake("backward-in-topological-order", "backward", "for node in reversed(order):", "for node in order:",
            "test_backward", "gradients passed on from the inputs first, before they have been received"),
    Mistake("backward-overwrites-instead-of-accumulating", "backward", "parent.grad += node.grad * local_grad",
            "parent.grad = node.grad * local_grad", "test_backward",
            "a node used twice keeps only its last contribution"),
    Mistake("backward-without-reset", "backward", "    for node in order:\n        node.grad = 0.0\n", "",
            "test_backward", "grads not reset, so a second backward adds to the first"),
    Mistake("score-without-bias", "smallest_network", "zip(w_c, x)), b_c)", "zip(w_c, x)), Value(0.0))",
            "test_smallest_network", "the bias b_c left out of the score"),
    Mistake("cross-entropy-without-minus", "smallest_network", "return -(scores[label].exp() / total).log()",
            "return (scores[label].exp() / total).log()", "test_smallest_network",
            "log p instead of −log p, a loss that training would push up"),
    Mistake("dataset-loss-summed", "smallest_network", "    return total / len(y)", "    return total",
            "test_smallest_network", "the loss summed over the images instead of averaged"),
    Mistake("training-goes-uphill", "train_smallest_network", "p.data -= lr * p.grad", "p.data += lr * p.grad",
            "test_train_smallest_network", "w + α∂L/∂w instead of w − α∂L/∂w"),
    Mistake("training-without-backward", "train_smallest_network", "        loss.backward()\n", "",
            "test_train_smallest_network", "the step taken with gradients that were never computed"),
]
