"""A two-layer perceptron: affine → ReLU → affine → softmax cross-entropy (Lab 3), and its training.

Forward: h = ReLU(x W1 + b1), scores = h W2 + b2, L = softmax cross-entropy. Backward: the
messages δ flow from the loss to the scores, through the second layer to h, through the ReLU and
the first layer; each layer's weight gradient is its input times the message it receives.
Training: one step of SGD with momentum per minibatch, every parameter with its own velocity.
"""
import numpy as np

from ..data import minibatch_indices
from .initialization import he_init
from .layers import affine_backward, affine_forward, relu_backward, relu_forward
from .optim import sgd_momentum_step
from .softmax import softmax_loss


def init_two_layer_mlp(D, H, C, seed=0):
    """Parameters W1 (D, H), b1 (H,), W2 (H, C), b2 (C,): He-initialised weights, zero biases.

    seed: int, or a numpy.random.Generator, which is then used (and advanced) as it is: W1 is drawn
    first, then W2.
    """
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


def predict(params, X):
    """The most probable class of each row of X (N, D): the argmax of its scores, (N,) ints."""
    return np.argmax(two_layer_mlp_scores(params, X), axis=1)


def train_epoch(params, velocity, X, y, lr, momentum, batch_size, rng):
    """One epoch of minibatch SGD with momentum on the MLP; `params` and `velocity` change in place.

    The batches are those of :func:`minibatch_indices` (one permutation drawn from `rng`); each
    makes one :func:`sgd_momentum_step` with the gradient of the loss on that batch only.

    Parameters
    ----------
    params, velocity : dicts of W1 (D, H), b1 (H,), W2 (H, C), b2 (C,)
    X : ndarray, shape (N, D)
    y : ndarray of int, shape (N,)
    lr, momentum : float, α and β of the step
    batch_size : int
    rng : numpy.random.Generator

    Returns
    -------
    list of float, the loss of each batch before its step
    """
    losses = []
    for idx in minibatch_indices(X.shape[0], batch_size, rng):
        loss, grads = two_layer_mlp_loss(params, X[idx], y[idx])
        sgd_momentum_step(params, grads, velocity, lr, momentum)
        losses.append(loss)
    return losses


def train_two_layer_mlp(X, y, hidden, num_classes, lr, momentum, batch_size, epochs, seed=0):
    """Train the MLP from :func:`init_two_layer_mlp` by minibatch SGD with momentum.

    One generator, ``np.random.default_rng(seed)``, draws the initial weights and then every
    epoch's permutation, as the lab's training cells do.

    Parameters
    ----------
    X : ndarray, shape (N, D)
    y : ndarray of int, shape (N,)
    hidden : int, H
    num_classes : int, C
    lr, momentum : float, α and β
    batch_size, epochs, seed : int

    Returns
    -------
    params : dict of W1 (D, H), b1 (H,), W2 (H, C), b2 (C,)
    losses : list of float, the mean minibatch loss of each epoch
    """
    rng = np.random.default_rng(seed)
    params = init_two_layer_mlp(X.shape[1], hidden, num_classes, rng)
    velocity = {name: np.zeros_like(value) for name, value in params.items()}
    losses = [float(np.mean(train_epoch(params, velocity, X, y, lr, momentum, batch_size, rng)))
              for _ in range(epochs)]
    return params, losses
