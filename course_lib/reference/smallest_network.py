"""The "world's smallest network" of lecture 25, built from scalar :class:`Value` s (Lab 2).

It classifies 3×3 pixel images (:func:`course_lib.data.make_pixel_patterns`): 9 inputs, an output
layer of 3 neurons with scores f_c = Σ_i w_{c,i} x_i + b_c, and the softmax loss of the lecture

    L = −log( e^{f_y} / Σ_j e^{f_j} ),

averaged over the examples. Every weight is a Value, so one call of ``backward`` on the mean loss
gives the gradient of every weight, and gradient descent takes the step w ← w − α ∂L/∂w.
"""
import numpy as np

from .autodiff import Value


def init_network(seed=0, num_inputs=9, num_classes=3, scale=0.1):
    """Weights W (num_classes lists of num_inputs Values) drawn from N(0, scale²), biases b at 0."""
    rng = np.random.default_rng(seed)
    W = [[Value(scale * rng.standard_normal()) for _ in range(num_inputs)] for _ in range(num_classes)]
    return W, [Value(0.0) for _ in range(num_classes)]


def network_scores(W, b, x):
    """The scores f_c = Σ_i w_{c,i} x_i + b_c of one image.

    W: list of C lists of D Values; b: list of C Values; x: D pixel values (floats).
    Returns a list of C Values.
    """
    return [sum((w_ci * x_i for w_ci, x_i in zip(w_c, x)), b_c) for w_c, b_c in zip(W, b)]


def cross_entropy(scores, label):
    """L = −log(e^{f_label} / Σ_j e^{f_j}) = log Σ_j e^{f_j} − f_label, as a Value.

    scores: list of C Values; label: int in 0..C−1. The largest score is subtracted (as a
    constant, which changes neither L nor its gradient) so that no exponent is positive.
    """
    top = max(f.data for f in scores)
    return sum(((f - top).exp() for f in scores), Value(0.0)).log() - (scores[label] - top)


def dataset_loss(W, b, X, y):
    """The mean loss over the examples, one Value. X: (N, D) pixels; y: (N,) labels."""
    total = sum((cross_entropy(network_scores(W, b, x), label) for x, label in zip(X, y)), Value(0.0))
    return total / len(y)


def train_smallest_network(W, b, X, y, lr, steps):
    """Full-batch gradient descent on :func:`dataset_loss`, updating the Values of W and b in place.

    Returns the list of the `steps` losses, each taken before its step.
    """
    params = [w for row in W for w in row] + list(b)
    losses = []
    for _ in range(steps):
        loss = dataset_loss(W, b, X, y)
        losses.append(loss.data)
        loss.backward()
        for p in params:
            p.data -= lr * p.grad
    return losses


def predict(W, b, X):
    """The class with the largest score for each image. X: (N, D) -> ndarray of N ints."""
    return np.array([int(np.argmax([f.data for f in network_scores(W, b, x)])) for x in X])
