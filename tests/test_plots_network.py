"""dlcore.plots.network, network_explorer and blit: drawn on Agg, checked through the artists."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402
from PIL import Image  # noqa: E402

import dlcore as dl  # noqa: E402
from dlcore.plots import network as N  # noqa: E402
from dlcore.plots.network_explorer import NetworkExplorerFigure  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_layout_has_one_node_per_unit_and_one_segment_per_weight():
    positions, segments = N.network_layout([2, 3, 1])
    assert [p.shape for p in positions] == [(2, 2), (3, 2), (1, 2)]
    assert segments.shape == (2 * 3 + 3 * 1, 2, 2)
    # W_1.ravel() order: source unit 0 to targets 0, 1, 2, then source unit 1 ...
    np.testing.assert_allclose(segments[1], [positions[0][0], positions[1][1]])
    np.testing.assert_allclose(segments[3], [positions[0][1], positions[1][0]])
    assert all(np.allclose(p[:, 0], l / 2) for l, p in enumerate(positions))
    assert all(abs(p[:, 1].mean()) < 1e-12 for p in positions)       # centred


def test_edges_are_coloured_by_sign_and_shaded_by_size():
    W1 = np.array([[1.0, -0.5], [0.0, 0.25]])
    W2 = np.array([[-2.0], [1.0]])
    rgba, widths = N.edge_colors([2, 2, 1], [W1, np.zeros(2), W2, np.zeros(1)])  # params list
    assert rgba.shape == (6, 4) and widths.shape == (6,)
    np.testing.assert_allclose(rgba[0, :3], to_rgba(N.POSITIVE)[:3])
    np.testing.assert_allclose(rgba[1, :3], to_rgba(N.NEGATIVE)[:3])
    assert rgba[4, 3] == pytest.approx(1.0) and widths[4] == widths.max()   # |-2| is the largest
    assert rgba[2, 3] == pytest.approx(0.15) and widths[2] == widths.min()  # the zero weight
    grey, same = N.edge_colors([2, 2, 1])
    assert len(set(map(tuple, grey))) == 1 and len(set(same)) == 1


def test_wrong_weights_or_sizes_are_errors():
    with pytest.raises(ValueError, match="weights"):
        N.edge_colors([2, 3, 1], [np.zeros((3, 2)), np.zeros((3, 1))])
    with pytest.raises(ValueError, match="sizes"):
        N.draw_network([2])
    with pytest.raises(ValueError, match="sizes"):
        N.draw_network([2, 0, 1])
    with pytest.raises(TypeError, match="sizes"):
        N.draw_network("2-3-1")


def test_draw_network_on_given_axes_and_update_in_place():
    fig, ax = plt.subplots()
    model = dl.MLP([2, 4, 1], seed=0)
    d = N.draw_network(model.sizes, model.params, ax=ax)
    assert d.ax is ax and len(d.edges.get_segments()) == 12
    assert len(d.nodes.get_offsets()) == 7
    assert [t.get_text() for t in d.labels] == ["input\n2", "hidden 1\n4", "output\n1"]
    assert d._repr_png_() is None            # pyplot shows this figure itself
    edges, nodes = d.edges, d.nodes
    d.update([3, 5, 5, 5, 2])
    assert d.edges is edges and d.nodes is nodes
    assert len(edges.get_segments()) == 15 + 25 + 25 + 10 and len(nodes.get_offsets()) == 20
    assert [t.get_text().split("\n")[0] for t in d.labels] == ["in", "h1", "h2", "h3", "out"]
    assert len(ax.texts) == 5
    plt.close(fig)


def test_draw_network_without_axes_makes_its_own_figure():
    before = plt.get_fignums()
    d = N.draw_network([2, 3, 1])
    assert plt.get_fignums() == before
    png = d._repr_png_()
    assert png.startswith(PNG_SIGNATURE)
    assert "sizes [2, 3, 1]" in repr(d)


def test_explorer_figure_updates_and_blits_the_same_picture_as_a_full_draw():
    model, Z = dl.architecture.random_surface(2, 5, "tanh", seed=1, n_grid=20)
    f = NetworkExplorerFigure(model, Z)
    first = f.to_png()
    assert first.startswith(PNG_SIGNATURE)
    assert str(model.n_params) in f.caption
    assert np.abs(f.image.get_array()).max() == pytest.approx(1.0)
    assert f.scale == pytest.approx(np.abs(Z).max())
    model2, Z2 = dl.architecture.random_surface(4, 9, "relu", seed=2, n_grid=20)
    image = f.image
    f.update(model2, Z2)
    blitted = np.asarray(Image.open(io.BytesIO(f.to_png())).convert("RGB")).astype(int)
    assert f.image is image and "[2, 9, 9, 9, 9, 1]" in f.caption
    f.clear_cache()                          # force a full redraw of the same state
    full = np.asarray(Image.open(io.BytesIO(f.to_png())).convert("RGB")).astype(int)
    assert np.abs(blitted - full).max() <= 2
    first_px = np.asarray(Image.open(io.BytesIO(first)).convert("RGB")).astype(int)
    assert np.abs(first_px - full).mean() > 1            # the picture did change
    with pytest.raises(ValueError, match="Z"):
        f.update(model2, Z2.ravel())
