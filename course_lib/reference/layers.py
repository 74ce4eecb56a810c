"""Layers with forward and backward passes, for a batch (Lab 3); the loss layer on top of them is
:func:`course_lib.reference.softmax.softmax_loss`.

Each ``*_forward`` returns its output and a cache of what the backward pass needs; each
``*_backward`` takes the upstream gradient ``dout`` = ∂L/∂out and the cache, and returns the
gradient of the loss with respect to every input: the chain rule, ∂L/∂x = (∂out/∂x)ᵀ dout.
"""
import numpy as np

from .logistic_regression import sigmoid


def affine_forward(x, w, b):
    """The linear (fully connected) layer out = xw + b.

    Parameters
    ----------
    x : ndarray, shape (N, D)
    w : ndarray, shape (D, M)
    b : ndarray, shape (M,)

    Returns
    -------
    out : ndarray, shape (N, M)
    cache : (x, w)
    """
    return x @ w + b, (x, w)


def affine_backward(dout, cache):
    """Backward pass of the linear layer.

    ∂L/∂x = dout wᵀ (each input z_h collects Σ_c ∂L/∂b_c w_{h,c}), ∂L/∂w = xᵀ dout
    (∂L/∂w_{h,m} = Σ_n z_{n,h} ∂L/∂b_{n,m}), ∂L/∂b = Σ_n dout_n.

    Parameters
    ----------
    dout : ndarray, shape (N, M)
    cache : (x, w) from :func:`affine_forward`

    Returns
    -------
    dx : ndarray, shape (N, D)
    dw : ndarray, shape (D, M)
    db : ndarray, shape (M,)
    """
    x, w = cache
    return dout @ w.T, x.T @ dout, dout.sum(axis=0)


def relu_forward(x):
    """out = max(x, 0) elementwise. x: ndarray of any shape; cache: x."""
    return np.maximum(x, 0), x


def relu_backward(dout, cache):
    """∂L/∂x = dout · [x > 0]: the gradient passes where the input was positive.

    dout: ndarray of the shape of x; cache: x from :func:`relu_forward`.
    """
    return dout * (cache > 0)


def sigmoid_forward(x):
    """out = g = σ(x) elementwise. x: ndarray of any shape; cache: g."""
    g = sigmoid(x)
    return g, g


def sigmoid_backward(dout, cache):
    """∂L/∂x = dout · g(1 − g), with g = σ(x) saved by the forward pass.

    dout: ndarray of the shape of x; cache: g from :func:`sigmoid_forward`.
    """
    return dout * cache * (1 - cache)
