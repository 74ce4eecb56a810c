"""A two-layer perceptron: affine → ReLU → affine → softmax cross-entropy (Lab 3).

Forward: h = ReLU(x W1 + b1), scores = h W2 + b2, L = softmax cross-entropy. Backward: the
messages δ flow from the loss to the scores, through the second layer to h, through the ReLU and
the first layer; each layer's weight gradient is its input times the message it receives.
"""
import numpy as np

from .initialization import he_init
from .layers import affine_backward, affine_forward, relu_backward, relu_forward
from .softmax import softmax_loss


def init_two_layer_mlp(D, H, C, seed=0):
    """Parameters W1 (D, H), b1 (H,), W2 (H, C), b2 (C,): He-initialised weights, zero biases."""
    rng = np.random.default_rng(seed)
    return {"W1": he_init(D, H, rng), "b1": np.zeros(H), "W2": he_init(H, C, rng), "b2": np.zeros(C)}


def two_layer_mlp_scores(params, X):
    """The class scores (N, C) of X (N, D)."""
    h, _ = relu_forward(affine_forward(X, params["W1"], params["b1"])[0])
    return affine_forward(h, params["W2"], params["b2"])[0]


def two_layer_mlp_loss(params, X, y):
    """The mean cross-entropy of the MLP on (X (N, D), y (N,)) and the gradient of every parameter.

    Returns
    -------
    loss : float
    grads : dict with the keys and shapes of `params`
    """
    a1, cache1 = affine_forward(X, params["W1"], params["b1"])
    h, cache_relu = relu_forward(a1)
    scores, cache2 = affine_forward(h, params["W2"], params["b2"])
    loss, dscores = softmax_loss(scores, y)
    dh, dW2, db2 = affine_backward(dscores, cache2)
    _, dW1, db1 = affine_backward(relu_backward(dh, cache_relu), cache1)
    return loss, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
