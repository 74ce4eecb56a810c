"""Weight initialisation: random weights scaled so that signals keep their size through layers.

With fan_in inputs of variance 1, a unit's weighted sum has variance fan_in · Var(w). Xavier (Glorot)
initialisation keeps it at about 1 for tanh/sigmoid units, Var(w) = 2 / (fan_in + fan_out); He
initialisation makes up for ReLU zeroing half of its inputs, Var(w) = 2 / fan_in. Biases start at 0.
"""
import numpy as np


def xavier_init(fan_in, fan_out, rng):
    """Weights of shape (fan_in, fan_out) drawn from N(0, 2 / (fan_in + fan_out)).

    rng: numpy.random.Generator.
    """
    return rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / (fan_in + fan_out))


def he_init(fan_in, fan_out, rng):
    """Weights of shape (fan_in, fan_out) drawn from N(0, 2 / fan_in), for ReLU layers.

    rng: numpy.random.Generator.
    """
    return rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in)
