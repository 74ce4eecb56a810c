"""Softmax regression: K classes, one linear score per class, trained by minibatch SGD.

Scores z = xW + b (one row per example); class probabilities p_k = e^{z_k} / Σ_m e^{z_m}; the loss
is the mean negative log-probability of the true class, L = −(1/N) Σ_i log p_{i, y_i}; its
gradient with respect to the scores is (ŷ − y)/N, with y one-hot.
"""
import numpy as np

from ..data import minibatch_indices
from .optim import momentum_update
from .softmax import softmax_loss


def softmax_cross_entropy(W, b, X, y):
    """Mean cross-entropy of softmax regression and its gradient.

        L = −(1/N) Σ_i log p_{i, y_i},   ∂L/∂z = (P − Y)/N,   ∂L/∂W = Xᵀ(P − Y)/N,   ∂L/∂b = Σ_i (P − Y)_i / N

    with P the softmax of the scores Z = XW + b and Y the one-hot labels.

    Parameters
    ----------
    W : ndarray, shape (D, K)
    b : ndarray, shape (K,)
    X : ndarray, shape (N, D)
    y : ndarray of int, shape (N,), values in 0..K−1

    Returns
    -------
    loss : float
    dW : ndarray, shape (D, K)
    db : ndarray, shape (K,)
    """
    loss, dZ = softmax_loss(X @ W + b, y)
    return loss, X.T @ dZ, dZ.sum(axis=0)


def predict(W, b, X):
    """The most probable class of each example: argmax over the K scores of its row.

    Parameters
    ----------
    W : ndarray, shape (D, K)
    b : ndarray, shape (K,)
    X : ndarray, shape (N, D)

    Returns
    -------
    ndarray of int, shape (N,)
    """
    return np.argmax(X @ W + b, axis=1)


def accuracy(y_pred, y_true):
    """The fraction of labels predicted right, a float in [0, 1].

    Parameters
    ----------
    y_pred, y_true : ndarray of int, shape (N,)
    """
    return float(np.mean(np.asarray(y_pred) == np.asarray(y_true)))


def minibatch_sgd(X, y, num_classes, lr=0.1, momentum=0.9, batch_size=64, epochs=10, seed=0):
    """Train softmax regression by minibatch SGD with momentum from W = 0, b = 0.

    Each epoch visits the batches of :func:`minibatch_indices` (a fresh permutation from the
    generator ``np.random.default_rng(seed)``) and makes one momentum step per batch.

    Parameters
    ----------
    X : ndarray, shape (N, D)
    y : ndarray of int, shape (N,)
    num_classes : int, K
    lr, momentum : float, α and β of :func:`momentum_update`
    batch_size, epochs, seed : int

    Returns
    -------
    W : ndarray, shape (D, K)
    b : ndarray, shape (K,)
    losses : list of float, length epochs; the loss on all of X after each epoch
    """
    W, b = np.zeros((X.shape[1], num_classes)), np.zeros(num_classes)
    vW, vb = np.zeros_like(W), np.zeros_like(b)
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(epochs):
        for idx in minibatch_indices(X.shape[0], batch_size, rng):
            _, dW, db = softmax_cross_entropy(W, b, X[idx], y[idx])
            W, vW = momentum_update(W, dW, vW, lr, momentum)
            b, vb = momentum_update(b, db, vb, lr, momentum)
        losses.append(softmax_cross_entropy(W, b, X, y)[0])
    return W, b, losses
