"""Mistakes students make in Lab 3 (backpropagation through an MLP), and the adversarial submissions."""
from . import Mistake, ignores_interrupts, kernel_dies, loops_forever, warns

# The momentum step's update, inside its loop over the parameters: test_sgd_momentum and both training
# cells call it, and after a swallowed interrupt the next parameter starts the endless loop again.
_VELOCITY_UPDATE = "        velocity[name] = momentum * velocity[name] - lr * grads[name]"
LOOPS_FOREVER = loops_forever("sgd_momentum", _VELOCITY_UPDATE)
IGNORES_INTERRUPTS = ignores_interrupts("sgd_momentum", _VELOCITY_UPDATE)
KERNEL_DIES = kernel_dies("softmax_loss", "    return float(loss), dscores")
WARNS = warns("relu", "    return np.maximum(x, 0), x")

MISTAKES = [
    Mistake("affine-without-bias", "affine", "    return x @ w + b, (x, w)", "    return x @ w, (x, w)",
            "test_affine", "the bias b left out of out = xw + b"),
    Mistake("affine-dw-transposed", "affine", "dw = x.T @ dout", "dw = dout.T @ x", "test_affine",
            "the transpose taken of the wrong matrix: dw comes out (M, D) instead of (D, M)"),
    Mistake("affine-db-wrong-axis", "affine", "db = dout.sum(axis=0)", "db = dout.sum(axis=1)", "test_affine",
            "db summed over the outputs, one entry per example, instead of over the examples"),
    Mistake("relu-mask-inverted", "relu", "return dout * (x > 0)", "return dout * (x < 0)", "test_relu",
            "the gradient passed where the input was negative instead of positive"),
    Mistake("relu-backward-forgets-dout", "relu", "return dout * (x > 0)", "return (x > 0).astype(np.float64)",
            "test_relu", "the local derivative [x > 0] returned without multiplying by the upstream gradient"),
    Mistake("relu-overwrites-its-input", "relu", "    return np.maximum(x, 0), x",
            "    x[x < 0] = 0\n    return x, x", "test_relu",
            "negative inputs zeroed in place, which changes the caller's array"),
    Mistake("sigmoid-derivative-is-g", "sigmoid_layer", "return dout * g * (1 - g)", "return dout * g",
            "test_sigmoid_layer", "σ' taken as g instead of g(1 − g)"),
    Mistake("sigmoid-backward-forgets-dout", "sigmoid_layer", "return dout * g * (1 - g)", "return g * (1 - g)",
            "test_sigmoid_layer", "the local derivative g(1 − g) returned without the upstream gradient"),
    Mistake("softmax-loss-missing-1-over-N", "softmax_loss", "dscores = (P - np.eye(C)[y]) / N",
            "dscores = P - np.eye(C)[y]", "test_softmax_loss", "the gradient of the summed loss, not of the mean"),
    Mistake("softmax-loss-labels-not-one-hot", "softmax_loss", "(P - np.eye(C)[y]) / N", "(P - y[:, None]) / N",
            "test_softmax_loss", "the integer label subtracted from every class instead of the one-hot vector"),
    Mistake("softmax-loss-without-max-subtraction", "softmax_loss",
            "np.exp(scores - scores.max(axis=1, keepdims=True))", "np.exp(scores)", "test_softmax_loss",
            "e^scores overflows for scores above 709"),
    Mistake("mlp-skips-relu-backward", "two_layer_mlp", "    dA = relu_backward(dh, cache_relu)\n",
            "    dA = dh\n", "test_two_layer_mlp", "the message δ_h sent to the first layer without the ReLU's mask"),
    Mistake("mlp-second-layer-on-pre-activation", "two_layer_mlp", 'affine_forward(h, params["W2"], params["b2"])',
            'affine_forward(A, params["W2"], params["b2"])', "test_two_layer_mlp",
            "the second layer fed the pre-activation A instead of h = ReLU(A)"),
    Mistake("he-init-1-over-fan-in", "initialization", "np.sqrt(2.0 / fan_in)", "np.sqrt(1.0 / fan_in)",
            "test_initialization", "He's variance 2/fan_in taken as 1/fan_in, forgetting that ReLU halves it"),
    Mistake("xavier-scaled-by-the-variance", "initialization", "* np.sqrt(2.0 / (fan_in + fan_out))",
            "* (2.0 / (fan_in + fan_out))", "test_initialization",
            "the draws multiplied by the variance instead of the standard deviation"),
    Mistake("he-init-ignores-rng", "initialization", "rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in)",
            "np.random.randn(fan_in, fan_out) * np.sqrt(2.0 / fan_in)", "test_initialization",
            "numpy's global generator instead of the one given, so that a seed does not repeat the weights"),
    Mistake("momentum-wrong-sign", "sgd_momentum", "momentum * velocity[name] - lr * grads[name]",
            "momentum * velocity[name] + lr * grads[name]", "test_sgd_momentum",
            "the gradient added to the velocity, which θ + v then climbs"),
    Mistake("velocity-not-stored", "sgd_momentum",
            "        velocity[name] = momentum * velocity[name] - lr * grads[name]\n"
            "        params[name] = params[name] + velocity[name]",
            "        v = momentum * velocity[name] - lr * grads[name]\n        params[name] = params[name] + v",
            "test_sgd_momentum", "the new velocity kept in a local variable, so momentum never builds up"),
    Mistake("epoch-uses-every-example-each-step", "train_epoch", "two_layer_mlp_loss(params, X[idx], y[idx])",
            "two_layer_mlp_loss(params, X, y)", "test_train_epoch",
            "the minibatch not used: every step takes the gradient on the whole training set"),
    Mistake("epoch-resets-the-velocity", "train_epoch",
            "        sgd_momentum_step(params, grads, velocity, lr, momentum)",
            "        velocity = {name: np.zeros_like(value) for name, value in params.items()}\n"
            "        sgd_momentum_step(params, grads, velocity, lr, momentum)", "test_train_epoch",
            "a fresh zero velocity at every step, so momentum never carries over"),
    Mistake("fully-connected-adds", "parameter_counts", "return height * width * hidden_units",
            "return height * width + hidden_units", "test_parameter_counts",
            "pixels and hidden units added instead of one weight per (pixel, unit) pair"),
    Mistake("locally-connected-shares-one-field", "parameter_counts",
            "return hidden_units * field_height * field_width", "return field_height * field_width", "test_parameter_counts",
            "one field counted for all units, a convolution's count, instead of one field per unit"),
]
