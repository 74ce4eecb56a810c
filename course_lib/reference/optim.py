"""Stochastic gradient descent with momentum.

The velocity v accumulates past gradients, so that steps along a consistent direction grow and
steps that flip sign cancel:

    v ← βv − α∇J(θ),    θ ← θ + v.
"""


def momentum_update(theta, grad, velocity, lr, momentum):
    """One step of SGD with momentum.

    Parameters
    ----------
    theta : ndarray of any shape, or float; the parameter θ
    grad : same shape as theta; ∇J(θ) on the current minibatch
    velocity : same shape as theta; v from the previous step (zeros at the start)
    lr : float, the step size α
    momentum : float, β in [0, 1); β = 0 is plain SGD

    Returns
    -------
    theta : the updated parameter θ + v
    velocity : the updated velocity v = βv − α∇J
    """
    velocity = momentum * velocity - lr * grad
    return theta + velocity, velocity

