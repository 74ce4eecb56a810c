"""Mistakes students make in Lab 1 (logistic regression), and the adversarial submissions."""
from . import Mistake, ignores_interrupts, kernel_dies, loops_forever, warns

LOOPS_FOREVER = loops_forever("gradient_descent", "        losses.append(bce_loss(w, b, X, y))")
IGNORES_INTERRUPTS = ignores_interrupts("gradient_descent", "        losses.append(bce_loss(w, b, X, y))")
KERNEL_DIES = kernel_dies("softmax", "    return E / E.sum(axis=1, keepdims=True)")
WARNS = warns("sigmoid", "    a = np.asarray(a, dtype=np.float64)")

MISTAKES = [
    Mistake("sigmoid-overflows", "sigmoid",
            "    a = np.asarray(a, dtype=np.float64)\n    e = np.exp(-np.abs(a))\n"
            "    return np.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))",
            "    return 1.0 / (1.0 + np.exp(-a))", "test_sigmoid",
            "the textbook formula, whose np.exp(-a) overflows for a < -709"),
    Mistake("bce-summed", "bce_loss", "np.mean(np.logaddexp", "np.sum(np.logaddexp", "test_bce_loss",
            "the loss summed over the examples instead of averaged"),
    Mistake("bce-from-probabilities", "bce_loss",
            "    a = X @ w + b\n    return float(np.mean(np.logaddexp(0.0, a) - y * a))",
            "    h = sigmoid(X @ w + b)\n    return float(-np.mean(y * np.log(h) + (1 - y) * np.log(1 - h)))",
            "test_bce_loss", "log of a rounded probability: log(0) = -inf for confident predictions"),
    Mistake("gradient-missing-1-over-N", "bce_gradient", "X.T @ error / X.shape[0]", "X.T @ error",
            "test_bce_gradient", "dw summed over the examples, db averaged: the 1/N forgotten in dw"),
    Mistake("gradient-wrong-sign", "bce_gradient", "error = sigmoid(X @ w + b) - y",
            "error = y - sigmoid(X @ w + b)", "test_bce_gradient", "(y - h)x instead of (h - y)x"),
    Mistake("descent-goes-uphill", "gradient_descent", "w, b = w - lr * dw, b - lr * db",
            "w, b = w + lr * dw, b + lr * db", "test_gradient_descent", "θ + α∇J instead of θ − α∇J"),
    Mistake("loss-recorded-after-step", "gradient_descent",
            "        losses.append(bce_loss(w, b, X, y))\n        dw, db = bce_gradient(w, b, X, y)\n"
            "        w, b = w - lr * dw, b - lr * db",
            "        dw, db = bce_gradient(w, b, X, y)\n        w, b = w - lr * dw, b - lr * db\n"
            "        losses.append(bce_loss(w, b, X, y))", "test_gradient_descent",
            "the loss recorded after each step, so the curve misses the starting loss ln 2"),
    Mistake("softmax-without-max-subtraction", "softmax", "np.exp(Z - Z.max(axis=1, keepdims=True))",
            "np.exp(Z)", "test_softmax", "e^z overflows for scores above 709"),
    Mistake("softmax-wrong-axis", "softmax", "E.sum(axis=1, keepdims=True)", "E.sum(axis=0, keepdims=True)",
            "test_softmax", "normalised over the examples (columns) instead of the classes (rows)"),
    Mistake("labels-not-one-hot", "softmax_cross_entropy", "(P - np.eye(K)[y]) / N", "(P - y[:, None]) / N",
            "test_softmax_cross_entropy", "the integer label subtracted from every class instead of one-hot"),
    Mistake("cross-entropy-missing-1-over-N", "softmax_cross_entropy", "(P - np.eye(K)[y]) / N",
            "(P - np.eye(K)[y])", "test_softmax_cross_entropy", "the gradient of the summed loss"),
    Mistake("db-summed-over-classes", "softmax_cross_entropy", "dZ.sum(axis=0)", "dZ.sum(axis=1)",
            "test_softmax_cross_entropy", "db summed over the wrong axis"),
    Mistake("argmax-wrong-axis", "predict_accuracy", "np.argmax(X @ W + b, axis=1)",
            "np.argmax(X @ W + b, axis=0)", "test_predict_accuracy", "argmax over the examples"),
    Mistake("momentum-wrong-sign", "momentum_update", "momentum * velocity - lr * grad",
            "momentum * velocity + lr * grad", "test_momentum_update",
            "the gradient added to the velocity, which θ + v then climbs"),
    Mistake("full-batch-instead-of-minibatch", "minibatch_sgd",
            "softmax_cross_entropy(W, b, X[idx], y[idx])", "softmax_cross_entropy(W, b, X, y)",
            "test_minibatch_sgd", "every step uses the whole training set, not the minibatch"),
    Mistake("velocity-not-kept", "minibatch_sgd", "W, vW = momentum_update(W, dW, vW, lr, momentum)",
            "W, _ = momentum_update(W, dW, vW, lr, momentum)", "test_minibatch_sgd",
            "the new velocity thrown away, so momentum never builds up"),
]
