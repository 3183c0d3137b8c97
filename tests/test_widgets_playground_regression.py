"""The playground widget's per-layer widths, L1 slider and regression data sets."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from dlcore import playground as pg  # noqa: E402
from dlcore.widgets import playground as widgets  # noqa: E402
from tests.test_widgets import _count_updates  # noqa: E402

FAST = pg.PlaygroundConfig(epochs=10)


@pytest.fixture
def w():
    return widgets.training_playground(config=FAST)


def test_one_width_slider_per_layer_the_unused_ones_disabled(w):
    widths = w.controls["width"]
    labels = [s.description for s in widths.sliders]
    assert labels == [f"layer {i} width" for i in (1, 2, 3, 4)]
    assert all(s.tooltip == f"units in hidden layer {i}" for i, s in enumerate(widths.sliders, 1))
    assert not widths.tooltip       # a tooltip on a box breaks its view in JupyterLab
    assert [s.disabled for s in widths.sliders] == [False, False, True, True]
    with w.hold():
        w.controls["hidden_layers"].value = 3
        widths.sliders[0].value = 8
        widths.sliders[2].value = 4
    assert [s.disabled for s in widths.sliders] == [False, False, False, True]
    assert w.config.width == (8, 16, 4) and w.result.model.sizes == [2, 8, 16, 4, 3]
    assert "8-16-4 ReLU" in w.figure.title.get_text()
    assert "dl.MLP([2, 8, 16, 4, 3]" in pg.code_for(w.config)
    widths.value = 12                          # an int sets every layer
    assert w.config.width == 12 and all(s.value == 12 for s in widths.sliders)


def test_a_config_with_layer_widths_sets_the_sliders():
    w = widgets.training_playground(config=FAST.replace(hidden_layers=3, width=(4, 8, 2)))
    assert [s.value for s in w.controls["width"].sliders] == [4, 8, 2, 2]
    assert w.config == FAST.replace(hidden_layers=3, width=(4, 8, 2))


def test_l1_slider(w):
    l1 = w.controls["l1"]
    assert l1.description == "L1" and l1.value == 0.0 and "L1 penalty" in l1.tooltip
    l1.value = 1e-3
    assert w.result.config.l1 == 1e-3 and "L1 0.001" in w.figure.title.get_text()


def test_a_regression_data_set_switches_the_loss_to_mse_and_back(w):
    w.controls["loss"].value = "cross_entropy"
    w.controls["dataset"].value = "plane"
    assert w.controls["loss"].value == "mse" and w.controls["loss"].disabled
    assert w.result.config.task == "regression" and w.result.history.accuracy == []
    assert w.figure.acc_text.get_text().startswith("R²") and "R²" in w.status.value
    w.controls["dataset"].value = "gaussians"
    assert w.controls["loss"].disabled and w.result.config.dataset == "gaussians"
    w.controls["dataset"].value = "moons"
    assert w.controls["loss"].value == "cross_entropy" and not w.controls["loss"].disabled
    assert w.result.config.dataset == "moons"


def test_changing_to_a_regression_data_set_trains_once(w):
    count = _count_updates(w)
    w.controls["dataset"].value = "gaussians"
    assert len(count) == 1


def test_a_regression_config_starts_with_the_loss_locked():
    w = widgets.training_playground(config=pg.PlaygroundConfig(dataset="plane", loss="mse",
                                                               epochs=10))
    assert w.controls["loss"].disabled and w.config.task == "regression"
    w.controls["dataset"].value = "spirals"
    assert w.controls["loss"].value == "cross_entropy"
