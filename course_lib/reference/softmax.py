"""The softmax of a batch of scores, and its cross-entropy with integer labels.

p_k = e^{z_k} / Σ_m e^{z_m}; L = −(1/N) Σ_i log p_{i, y_i}; ∂L/∂z = (ŷ − y)/N with ŷ = p and y one-hot.
Softmax regression (Lab 1) puts it on top of one linear layer, the MLP (Lab 3) on top of two.
"""
import numpy as np

from ..data import one_hot


def softmax(Z):
    """Row-wise softmax p_k = e^{z_k} / Σ_m e^{z_m}, stable for large scores.

    The row maximum is subtracted first: softmax is unchanged by adding a constant to a row, and
    afterwards every exponent is ≤ 0, so e^z cannot overflow.

    Parameters
    ----------
    Z : ndarray, shape (N, K)

    Returns
    -------
    ndarray, shape (N, K); each row sums to 1
    """
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def softmax_loss(scores, y):
    """Mean softmax cross-entropy of a batch of scores, and its gradient ∂L/∂scores = (ŷ − y)/N.

    Parameters
    ----------
    scores : ndarray, shape (N, C)
    y : ndarray of int, shape (N,), values in 0..C−1

    Returns
    -------
    loss : float
    dscores : ndarray, shape (N, C)
    """
    N, C = scores.shape
    P = softmax(scores)
    loss = -np.mean(np.log(P[np.arange(N), y]))
    return float(loss), (P - one_hot(y, C)) / N
