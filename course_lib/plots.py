"""Plotting helpers for the labs (matplotlib).

Every function returns a :class:`matplotlib.figure.Figure` and never calls
``plt.show()``. In a notebook, display a figure by leaving it as the last
expression of the cell (or with ``display(fig)``)::

    fig = plot_loss_curves({"train": train_losses, "val": val_losses})
    fig

Figures these functions create are closed in pyplot as soon as they are
made: they are not shown a second time at the end of the cell, they do not
pile up in loops, and ``fig.savefig(...)`` works as usual. When you pass
your own ``ax``, the function draws into it and returns ``ax.figure``,
which stays yours (it is not closed). Everything works headless with the
Agg backend.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

__all__ = [
    "draw_graph",
    "plot_decision_boundary",
    "plot_loss_curves",
    "show_digits",
    "show_weights_as_images",
]

_CLASS_COLORS = plt.get_cmap("tab10").colors


def _new_figure(figsize: tuple[float, float]) -> Figure:
    # Created through pyplot so that the notebook's inline backend is set up
    # to render Figure objects, then closed at once so pyplot forgets it (no
    # second, automatic display at the end of the cell; no build-up in loops).
    fig = plt.figure(figsize=figsize, layout="constrained")
    plt.close(fig)
    return fig


def _figure_and_axes(ax: Axes | None, figsize: tuple[float, float]) -> tuple[Figure, Axes]:
    if ax is not None:
        return ax.figure, ax
    fig = _new_figure(figsize)
    return fig, fig.add_subplot()


def _to_numpy(a) -> np.ndarray:
    """np.asarray that also accepts torch tensors (with grad, on any device)."""
    if hasattr(a, "detach"):
        a = a.detach().cpu().numpy()
    return np.asarray(a)


# --------------------------------------------------------------------------- curves


def plot_loss_curves(
    curves: Mapping[str, Sequence[float]],
    ax: Axes | None = None,
    ylabel: str = "loss",
    logy: bool = False,
    *,
    xlabel: str = "iteration",
    title: str | None = None,
) -> Figure:
    """Plot one or more named curves (loss, accuracy, ...) against the step.

    Parameters
    ----------
    curves : mapping of str to sequence of float
        Name -> values, one value per iteration or epoch; value ``i`` is
        drawn at x = ``i``. Curves may have different lengths. Each name
        goes in the legend.
    ax : matplotlib Axes, optional
        Axes to draw into; by default a new figure is made.
    ylabel : str, default "loss"
        Label of the y axis.
    logy : bool, default False
        Use a logarithmic y axis (values <= 0 are then not drawn).
    xlabel : str, default "iteration"
        Label of the x axis, e.g. "epoch".
    title : str, optional
        Axes title.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; its axes hold one line per curve, in the order given.
    """
    if not curves:
        raise ValueError("curves is empty: pass e.g. {'train': losses}")
    fig, ax = _figure_and_axes(ax, (6.0, 4.0))
    for name, values in curves.items():
        v = _to_numpy(values).astype(np.float64).reshape(-1)
        ax.plot(np.arange(len(v)), v, label=str(name))
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title is not None:
        ax.set_title(title)
    ax.grid(True, alpha=0.3)
    ax.legend()
    return fig


# --------------------------------------------------------------------------- 2-D classifiers


def _predictions_to_labels(pred, m: int) -> np.ndarray:
    """Labels (M,) from predict_fn output: labels, probabilities or class scores."""
    p = _to_numpy(pred)
    if p.ndim == 2 and p.shape[1] == 1:
        p = p[:, 0]
    if p.ndim == 2:  # (M, K) probabilities or scores: most likely class
        if p.shape[0] != m:
            raise ValueError(f"predict_fn returned shape {p.shape} for {m} points")
        return p.argmax(axis=1)
    if p.shape != (m,):
        raise ValueError(f"predict_fn must return shape ({m},), got {p.shape}")
    if p.dtype == bool:
        return p.astype(np.int64)
    if np.issubdtype(p.dtype, np.integer):
        return p.astype(np.int64)
    if np.all((p >= 0) & (p <= 1)):  # probabilities of class 1 (0/1 labels give the same)
        return (p >= 0.5).astype(np.int64)
    if np.all(np.mod(p, 1) == 0):  # integer labels stored as floats
        return p.astype(np.int64)
    raise ValueError(
        "predict_fn returned floats outside [0, 1] that are not whole numbers; "
        "return class labels or probabilities (e.g. apply the sigmoid to scores)"
    )


def plot_decision_boundary(
    predict_fn: Callable[[np.ndarray], np.ndarray],
    X: np.ndarray,
    y: np.ndarray,
    ax: Axes | None = None,
    resolution: int = 200,
    title: str | None = None,
) -> Figure:
    """Show 2-D points coloured by class over the regions a classifier predicts.

    Parameters
    ----------
    predict_fn : callable
        Maps a float64 array of shape (M, 2) to one of
        - labels, shape (M,) (ints, or whole-number floats);
        - probabilities of class 1, shape (M,) or (M, 1), in [0, 1]; each
          point is given class 1 where the probability is >= 0.5;
        - per-class probabilities or scores, shape (M, K): the largest wins.
        A torch tensor is accepted as the output; for a torch model wrap it,
        e.g. ``lambda G: model(torch.from_numpy(G).float())``.
    X : np.ndarray, shape (N, 2)
        Points.
    y : np.ndarray, shape (N,)
        Their integer class labels.
    ax : matplotlib Axes, optional
        Axes to draw into; by default a new figure is made.
    resolution : int, default 200
        The regions are evaluated on a ``resolution x resolution`` grid
        covering the points plus a margin.
    title : str, optional
        Axes title.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; its axes hold one image (the shaded regions) and one
        scatter collection per class present in ``y``.
    """
    X = _to_numpy(X).astype(np.float64)
    y = _to_numpy(y).reshape(-1)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (N, 2), got {X.shape}")
    if len(y) != len(X):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)} labels")
    if resolution < 2:
        raise ValueError("resolution must be >= 2")

    lo, hi = X.min(axis=0), X.max(axis=0)
    pad = np.maximum(0.1 * (hi - lo), 0.5)
    lo, hi = lo - pad, hi + pad
    gx = np.linspace(lo[0], hi[0], resolution)
    gy = np.linspace(lo[1], hi[1], resolution)
    xx, yy = np.meshgrid(gx, gy)
    grid = np.column_stack([xx.ravel(), yy.ravel()])
    regions = _predictions_to_labels(predict_fn(grid), len(grid)).reshape(xx.shape)

    y_int = y.astype(np.int64)
    classes = np.union1d(np.unique(y_int), np.unique(regions))
    colors = [_CLASS_COLORS[int(c) % len(_CLASS_COLORS)] for c in classes]
    index = np.searchsorted(classes, regions)  # class -> position in `classes`

    fig, ax = _figure_and_axes(ax, (5.5, 5.0))
    ax.imshow(
        index,
        origin="lower",
        extent=(lo[0], hi[0], lo[1], hi[1]),
        cmap=ListedColormap(colors),
        vmin=-0.5,
        vmax=len(classes) - 0.5,
        alpha=0.25,
        interpolation="nearest",
        aspect="auto",
    )
    for c in np.unique(y_int):
        m = y_int == c
        ax.scatter(
            X[m, 0],
            X[m, 1],
            s=18,
            color=_CLASS_COLORS[int(c) % len(_CLASS_COLORS)],
            edgecolors="k",
            linewidths=0.4,
            label=f"class {c}",
        )
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title is not None:
        ax.set_title(title)
    ax.legend(loc="best", fontsize="small")
    return fig


# --------------------------------------------------------------------------- graphs


def draw_graph(
    nodes: Sequence,
    labels: Mapping | None = None,
    title: str | None = None,
) -> Figure:
    """Draw a scalar computational graph, left to right, with each node's value and gradient.

    A node is drawn in the column of its longest path from an input, with its
    gate (``op``), its forward value (``data``, green, above) and its gradient
    (``grad``, red, below), like the lecture's backpropagation slides. Arrows
    go from each parent to the node computed from it.

    Parameters
    ----------
    nodes : sequence of nodes, in topological order
        Every node of the graph, each after its parents (what a topological
        sort of the output gives). A node is anything with ``data``,
        ``grad``, ``parents`` (a tuple of nodes) and ``op`` (a str; empty for
        an input), such as Lab 2's ``Value``.
    labels : mapping of node to str, optional
        Names written in the nodes, e.g. ``{x: "x", f: "f"}``.
    title : str, optional
        Axes title.

    Returns
    -------
    matplotlib.figure.Figure
        One axes; one text box per node and one arrow per parent.

    Raises
    ------
    ValueError
        If a node comes before one of its parents, or a parent is missing.
    """
    nodes = list(nodes)
    if not nodes:
        raise ValueError("nodes is empty: pass the topological order of the graph's output")
    labels = {id(node): text for node, text in (labels or {}).items()}
    column, row_count, position = {}, {}, {}
    for index, node in enumerate(nodes):
        missing = [p for p in node.parents if id(p) not in column]
        if missing:
            raise ValueError(f"node {index} ({node.op or 'input'}) comes before one of its parents: "
                             "nodes must be in topological order, each after its parents")
        column[id(node)] = 1 + max((column[id(p)] for p in node.parents), default=-1)
        row = row_count.get(column[id(node)], 0)
        row_count[column[id(node)]] = row + 1
        position[id(node)] = (column[id(node)], -row)

    width, height = 1 + max(column.values()), max(row_count.values())
    fig, ax = _figure_and_axes(None, (2.2 * width + 0.5, 1.5 * height + 0.6))
    for node in nodes:
        x, y = position[id(node)]
        for parent in node.parents:
            px, py = position[id(parent)]
            ax.annotate("", xy=(x - 0.28, y), xytext=(px + 0.28, py),
                        arrowprops={"arrowstyle": "->", "color": "0.4", "shrinkA": 0, "shrinkB": 0})
        name = labels.get(id(node), "")
        gate = node.op or "input"
        ax.text(x, y, f"{name}\n{gate}" if name else gate, ha="center", va="center", fontsize="small",
                bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": "0.3"})
        ax.text(x, y + 0.3, f"{node.data:.4g}", ha="center", va="bottom", color="tab:green", fontsize="small")
        ax.text(x, y - 0.3, f"{node.grad:.4g}", ha="center", va="top", color="tab:red", fontsize="small")
    ax.set_xlim(-0.6, width - 0.4)
    ax.set_ylim(-(height - 1) - 0.7, 0.7)
    ax.axis("off")
    ax.set_title(title or "forward value (green) and gradient (red) of each node")
    return fig


# --------------------------------------------------------------------------- images


def _grid(n: int, ncols: int, cell: float) -> tuple[Figure, list[Axes]]:
    ncols = max(1, min(ncols, n))
    nrows = math.ceil(n / ncols)
    fig = _new_figure((cell * ncols, cell * nrows + 0.3))
    axes = [fig.add_subplot(nrows, ncols, i + 1) for i in range(n)]
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
    return fig, axes


def show_weights_as_images(
    W: np.ndarray,
    ax_titles: Sequence[str] | None = None,
    shape: tuple[int, int] = (28, 28),
    ncols: int = 5,
    *,
    share_scale: bool = True,
    cmap: str = "RdBu_r",
) -> Figure:
    """Show each column of a weight matrix as an image (e.g. one per class).

    Parameters
    ----------
    W : np.ndarray, shape (D, K)
        Weights with one **column** per output unit/class, D = ``shape[0] *
        shape[1]`` (784 for MNIST), as in ``scores = X @ W``. A
        ``torch.nn.Linear(784, K)`` stores its weight as (K, 784): pass
        ``layer.weight.T``. A 1-D W of length D is shown as one image.
    ax_titles : sequence of K str, optional
        Title of each image; default ``"0"``, ``"1"``, ... (the column index).
    shape : (int, int), default (28, 28)
        Image shape each column is reshaped to (row by row).
    ncols : int, default 5
        Images per row of the grid.
    share_scale : bool, default True
        If True all images share one colour scale, symmetric about 0 and set
        by the largest ``|W|``, and the figure has one colour bar. If False
        each image is scaled by its own largest ``|w|`` and there is no
        colour bar.
    cmap : str, default "RdBu_r"
        A diverging colormap; 0 is its middle (white), positive weights red,
        negative blue.

    Returns
    -------
    matplotlib.figure.Figure
        K axes with one image each, plus one colour-bar axes when
        ``share_scale``.
    """
    W = _to_numpy(W).astype(np.float64)
    if W.ndim == 1:
        W = W[:, None]
    d = int(np.prod(shape))
    if W.ndim != 2 or W.shape[0] != d:
        hint = " (one row per class? pass W.T)" if W.ndim == 2 and W.shape[1] == d else ""
        raise ValueError(f"W must have shape ({d}, K) for images of shape {shape}, got {W.shape}{hint}")
    k = W.shape[1]
    if ax_titles is None:
        ax_titles = [str(j) for j in range(k)]
    elif len(ax_titles) != k:
        raise ValueError(f"ax_titles has {len(ax_titles)} entries for {k} columns")

    def limit(a: np.ndarray) -> float:
        m = float(np.nanmax(np.abs(a))) if a.size else 0.0
        return m if m > 0 and np.isfinite(m) else 1.0

    shared = limit(W)
    fig, axes = _grid(k, ncols, 1.7)
    image = None
    for j, ax in enumerate(axes):
        lim = shared if share_scale else limit(W[:, j])
        image = ax.imshow(W[:, j].reshape(shape), cmap=cmap, vmin=-lim, vmax=lim, interpolation="nearest")
        ax.set_title(str(ax_titles[j]), fontsize="small")
    if share_scale and image is not None:
        fig.colorbar(image, ax=axes, shrink=0.8)
    return fig


def show_digits(
    X: np.ndarray,
    y: np.ndarray,
    n: int = 20,
    ncols: int = 10,
    *,
    y_pred: np.ndarray | None = None,
) -> Figure:
    """Show the first ``n`` digit images in a grid, titled with their labels.

    Parameters
    ----------
    X : np.ndarray, shape (N, 784) or (N, 28, 28)
        Images, in any scale (each is shown with its own grey range).
    y : np.ndarray, shape (N,)
        Their labels.
    n : int, default 20
        How many to show (at most N), taken from the start of ``X``; the
        splits of :func:`course_lib.data.load_mnist_5k` are already in random
        order.
    ncols : int, default 10
        Images per row of the grid.
    y_pred : np.ndarray, shape (N,), optional
        Predicted labels. If given, titles read ``"label/pred"`` and wrong
        predictions are titled in red.

    Returns
    -------
    matplotlib.figure.Figure
        ``min(n, N)`` axes, one image each.
    """
    X = _to_numpy(X)
    y = _to_numpy(y).reshape(-1)
    if X.ndim == 2 and X.shape[1] == 784:
        X = X.reshape(-1, 28, 28)
    if X.ndim != 3:
        raise ValueError(f"X must have shape (N, 784) or (N, H, W), got {X.shape}")
    if len(y) != len(X):
        raise ValueError(f"X has {len(X)} images but y has {len(y)} labels")
    if y_pred is not None:
        y_pred = _to_numpy(y_pred).reshape(-1)
        if len(y_pred) != len(X):
            raise ValueError(f"X has {len(X)} images but y_pred has {len(y_pred)} labels")
    if n < 1:
        raise ValueError("n must be >= 1")
    if len(X) == 0:
        raise ValueError("X holds no images")
    n = min(n, len(X))

    fig, axes = _grid(n, ncols, 1.1)
    for i, ax in enumerate(axes):
        ax.imshow(X[i], cmap="gray", interpolation="nearest")
        if y_pred is None:
            ax.set_title(str(y[i]), fontsize="small")
        else:
            wrong = y_pred[i] != y[i]
            ax.set_title(f"{y[i]}/{y_pred[i]}", fontsize="small", color="red" if wrong else "black")
    return fig
