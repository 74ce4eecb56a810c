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


def sgd_momentum_step(params, grads, velocity, lr, momentum):
    """One step of SGD with momentum on every parameter of a model, in place.

    For every name k, the :func:`momentum_update` of θ_k with its own velocity v_k:
    v_k ← βv_k − α ∂L/∂θ_k, θ_k ← θ_k + v_k. The dicts `params` and `velocity` then hold the new
    values (their entries are replaced, the arrays themselves are not modified).

    Parameters
    ----------
    params : dict of str to ndarray; the parameters θ_k, e.g. {"W1": (D, H), "b1": (H,), ...}
    grads : dict with the keys and shapes of `params`; ∂L/∂θ_k on the current minibatch
    velocity : dict with the keys and shapes of `params`; v_k from the previous step (zeros at the start)
    lr : float, the step size α
    momentum : float, β in [0, 1); β = 0 is plain SGD
    """
    for name in params:
        params[name], velocity[name] = momentum_update(params[name], grads[name], velocity[name], lr, momentum)
