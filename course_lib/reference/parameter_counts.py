"""How many weights a layer on an image has (Lab 3), counted as the lecture does: weights only.

A fully connected layer links every pixel of an H × W image to every one of n hidden units: H·W·n
weights (a 200 × 200 image and 40 000 units: 1.6·10⁹, the lecture's "~2 billion"). A locally
connected layer links each hidden unit to its own field of F_h × F_w pixels only: n·F_h·F_w weights
(10 × 10 fields: 4·10⁶), whatever the size of the image.
"""


def fully_connected_weights(image_shape, hidden_units):
    """H·W·n: one weight from every pixel of an (H, W) image to each of n hidden units.

    Parameters
    ----------
    image_shape : (int, int), the image's height H and width W in pixels
    hidden_units : int, n

    Returns
    -------
    int
    """
    height, width = image_shape
    return height * width * hidden_units


def locally_connected_weights(hidden_units, field_shape):
    """n·F_h·F_w: each of n hidden units has its own weights on a field of (F_h, F_w) pixels.

    Parameters
    ----------
    hidden_units : int, n
    field_shape : (int, int), the field's height F_h and width F_w in pixels

    Returns
    -------
    int
    """
    field_height, field_width = field_shape
    return hidden_units * field_height * field_width
