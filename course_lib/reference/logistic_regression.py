"""Binary logistic regression: the sigmoid, the binary cross-entropy and gradient descent.

Notation (lecture 5 and week 8): an example x ∈ R^D with label y ∈ {0, 1}, the logit
a = wᵀx + b, the prediction h = σ(a), and the mean loss over N examples

    J(w, b) = −(1/N) Σ_i [y_i log h_i + (1 − y_i) log(1 − h_i)].
"""
import numpy as np


def sigmoid(a):
    """The logistic function σ(a) = 1 / (1 + e^(−a)), without overflow.

    For a < 0 the equal form e^a / (1 + e^a) is used, so that e^x is only ever evaluated for
    x ≤ 0 and never overflows (σ(−1000) is 0, σ(1000) is 1, and no warning is raised).

    Parameters
    ----------
    a : ndarray of any shape, or float

    Returns
    -------
    ndarray of the shape of `a`, values in [0, 1]
    """
    a = np.asarray(a, dtype=np.float64)
    e = np.exp(-np.abs(a))  # in (0, 1]: cannot overflow
    return np.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def bce_loss(w, b, X, y):
    """Mean binary cross-entropy J(w, b) of a logistic unit, stable for extreme logits.

    With a = Xw + b, −log σ(a) = log(1 + e^(−a)) and −log(1 − σ(a)) = log(1 + e^a), so

        J = (1/N) Σ_i [log(1 + e^(a_i)) − y_i a_i],

    computed with ``np.logaddexp(0, a)``. Taking the log of a rounded σ(a) instead breaks for
    confident predictions: σ(a) rounds to exactly 1 for a > 37, and log(1 − 1) = −∞.

    Parameters
    ----------
    w : ndarray, shape (D,)
    b : float
    X : ndarray, shape (N, D)
    y : ndarray, shape (N,), values in {0, 1}

    Returns
    -------
    float
    """
    a = X @ w + b
    return float(np.mean(np.logaddexp(0.0, a) - y * a))


def bce_gradient(w, b, X, y):
    """Gradient of the mean binary cross-entropy: ∂J/∂w = (1/N) Σ_i (h_i − y_i) x_i, ∂J/∂b = mean(h − y).

    For one positive example (y = 1) the gradient is (p − 1)x, for a negative one (y = 0) it is px.

    Parameters
    ----------
    w : ndarray, shape (D,)
    b : float
    X : ndarray, shape (N, D)
    y : ndarray, shape (N,), values in {0, 1}

    Returns
    -------
    dw : ndarray, shape (D,)
    db : float
    """
    N = X.shape[0]
    error = sigmoid(X @ w + b) - y
    return X.T @ error / N, float(np.mean(error))


def gradient_descent(X, y, lr, num_iters):
    """Full-batch gradient descent θ ← θ − α∇J(θ) from w = 0, b = 0.

    Parameters
    ----------
    X : ndarray, shape (N, D)
    y : ndarray, shape (N,), values in {0, 1}
    lr : float, the step size α
    num_iters : int

    Returns
    -------
    w : ndarray, shape (D,)
    b : float
    losses : list of float, length num_iters; losses[k] is J before the k-th step
    """
    w, b = np.zeros(X.shape[1]), 0.0
    losses = []
    for _ in range(num_iters):
        losses.append(bce_loss(w, b, X, y))
        dw, db = bce_gradient(w, b, X, y)
        w, b = w - lr * dw, b - lr * db
    return w, b, losses

