"""Tests for course_lib.plots, headless (Agg), on tiny inputs."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from course_lib import plots  # noqa: E402


def draw(fig: Figure) -> None:
    """Render once, so errors raised only at draw time show up."""
    fig.canvas.draw()


@pytest.fixture
def xy():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(-1, 0.3, (6, 2)), rng.normal(1, 0.3, (6, 2))])
    y = np.repeat([0, 1], 6)
    return X, y


# --------------------------------------------------------------------------- loss curves


def test_plot_loss_curves_lines_and_legend():
    fig = plots.plot_loss_curves({"train": [3.0, 2.0, 1.5, 1.2], "val": [3.1, 2.5, 2.0]})
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 1
    ax = fig.axes[0]
    assert [line.get_label() for line in ax.get_lines()] == ["train", "val"]
    np.testing.assert_array_equal(ax.get_lines()[0].get_xdata(), [0, 1, 2, 3])
    np.testing.assert_array_equal(ax.get_lines()[1].get_ydata(), [3.1, 2.5, 2.0])
    assert ax.get_ylabel() == "loss" and ax.get_yscale() == "linear"
    assert ax.get_legend() is not None
    draw(fig)


def test_plot_loss_curves_logy_and_given_ax():
    fig0, (a, b) = plt.subplots(1, 2)
    try:
        fig = plots.plot_loss_curves({"acc": np.array([0.5, 0.7, 0.9])}, ax=b, ylabel="accuracy", logy=True)
        assert fig is fig0
        assert b.get_yscale() == "log" and b.get_ylabel() == "accuracy"
        assert len(b.get_lines()) == 1 and len(a.get_lines()) == 0
        draw(fig)
    finally:
        plt.close(fig0)


def test_plot_loss_curves_empty():
    with pytest.raises(ValueError):
        plots.plot_loss_curves({})


def test_created_figures_are_not_left_open_in_pyplot(xy):
    before = set(plt.get_fignums())
    plots.plot_loss_curves({"a": [1, 2]})
    plots.plot_decision_boundary(lambda G: G[:, 0] > 0, *xy, resolution=5)
    plots.show_digits(np.zeros((2, 784)), [0, 1])
    assert set(plt.get_fignums()) == before


# --------------------------------------------------------------------------- decision boundary


@pytest.mark.parametrize(
    "predict_fn",
    [
        lambda G: (G[:, 0] + G[:, 1] > 0).astype(int),  # labels
        lambda G: 1 / (1 + np.exp(-(G[:, 0] + G[:, 1]))),  # probabilities
        lambda G: (1 / (1 + np.exp(-(G[:, 0] + G[:, 1]))))[:, None],  # (M, 1)
        lambda G: np.column_stack([-(G[:, 0] + G[:, 1]), G[:, 0] + G[:, 1]]),  # (M, K) scores
    ],
)
def test_plot_decision_boundary(xy, predict_fn):
    X, y = xy
    fig = plots.plot_decision_boundary(predict_fn, X, y, resolution=20, title="t")
    assert isinstance(fig, Figure) and len(fig.axes) == 1
    ax = fig.axes[0]
    assert len(ax.images) == 1
    regions = ax.images[0].get_array()
    assert regions.shape == (20, 20)
    # both classes predicted somewhere; lower-left is class 0, upper-right class 1
    assert regions[0, 0] == 0 and regions[-1, -1] == 1
    assert len(ax.collections) == 2  # one scatter per class
    assert sum(len(c.get_offsets()) for c in ax.collections) == len(X)
    assert ax.get_title() == "t"
    x0, x1 = ax.get_xlim()
    assert x0 < X[:, 0].min() and x1 > X[:, 0].max()
    draw(fig)


def test_plot_decision_boundary_bad_inputs(xy):
    X, y = xy
    with pytest.raises(ValueError):
        plots.plot_decision_boundary(lambda G: G[:, 0], X[:, :1], y)
    with pytest.raises(ValueError):
        plots.plot_decision_boundary(lambda G: 5 * G[:, 0] + 0.5, X, y, resolution=4)  # scores
    with pytest.raises(ValueError):
        plots.plot_decision_boundary(lambda G: G[:3, 0] > 0, X, y, resolution=4)


# --------------------------------------------------------------------------- images


def test_show_weights_as_images_columns():
    W = np.random.default_rng(0).normal(size=(16, 3))
    fig = plots.show_weights_as_images(W, ax_titles=["a", "b", "c"], shape=(4, 4), ncols=2)
    image_axes = [ax for ax in fig.axes if ax.images]
    assert len(image_axes) == 3
    assert len(fig.axes) == 4  # plus the colour bar
    assert [ax.get_title() for ax in image_axes] == ["a", "b", "c"]
    for j, ax in enumerate(image_axes):
        img = ax.images[0]
        np.testing.assert_array_equal(img.get_array(), W[:, j].reshape(4, 4))
        vmin, vmax = img.get_clim()
        assert vmin == -vmax  # centred at 0
        assert vmax == pytest.approx(np.abs(W).max())
    draw(fig)


def test_show_weights_own_scale_and_errors():
    W = np.zeros((4, 2))
    W[0, 1] = 3.0
    fig = plots.show_weights_as_images(W, shape=(2, 2), share_scale=False)
    assert len(fig.axes) == 2
    assert fig.axes[0].images[0].get_clim() == (-1.0, 1.0)  # all-zero column
    assert fig.axes[1].images[0].get_clim() == (-3.0, 3.0)
    assert [ax.get_title() for ax in fig.axes] == ["0", "1"]
    with pytest.raises(ValueError, match="W.T"):
        plots.show_weights_as_images(np.zeros((2, 4)), shape=(2, 2))
    with pytest.raises(ValueError):
        plots.show_weights_as_images(W, ax_titles=["only one"], shape=(2, 2))


def test_show_digits():
    rng = np.random.default_rng(0)
    X = rng.uniform(size=(7, 784))
    y = np.arange(7)
    fig = plots.show_digits(X, y, n=5, ncols=3)
    assert len(fig.axes) == 5
    assert all(len(ax.images) == 1 for ax in fig.axes)
    assert fig.axes[0].images[0].get_array().shape == (28, 28)
    assert [ax.get_title() for ax in fig.axes] == ["0", "1", "2", "3", "4"]
    draw(fig)

    fig = plots.show_digits(X.reshape(7, 28, 28), y, n=50, y_pred=np.array([0, 1, 9, 3, 4, 5, 6]))
    assert len(fig.axes) == 7  # n capped at N
    assert fig.axes[2].get_title() == "2/9"
    assert fig.axes[2].title.get_color() == "red"
    assert fig.axes[1].title.get_color() == "black"


def test_draw_graph_draws_every_node_with_its_value_and_gradient():
    from course_lib.reference.autodiff import Value, topological_order
    x, y, z = Value(-2.0), Value(5.0), Value(-4.0)
    q = x + y
    f = q * z
    f.backward()
    fig = plots.draw_graph(topological_order(f), labels={x: "x", y: "y", z: "z", q: "q", f: "f"})
    assert isinstance(fig, Figure) and not plt.fignum_exists(fig.number)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "f\n×" in texts and "q\n+" in texts and "x\ninput" in texts
    assert "-12" in texts and "3" in texts and "-4" in texts  # f, q and the gradients of x, y
    arrows = [t for t in fig.axes[0].texts if type(t).__name__ == "Annotation"]
    assert len(arrows) == 4 and len(texts) - len(arrows) == 3 * 5  # one arrow per parent


def test_draw_graph_refuses_a_node_before_its_parents():
    from course_lib.reference.autodiff import Value, topological_order
    x = Value(1.0)
    f = x * x
    with pytest.raises(ValueError, match="topological order"):
        plots.draw_graph(list(reversed(topological_order(f))))
