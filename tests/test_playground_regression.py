"""The playground's per-layer widths, L1, and regression: config checks, the
network and its targets, R², the verdicts (each rule both ways), comparisons
and code_for (chapter 4.2)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

import dlcore as dl
from dlcore import playground as pg

DEFAULT = pg.PlaygroundConfig()
PLANE = pg.PlaygroundConfig(dataset="plane", loss="mse", hidden_layers=0, epochs=100)
BUMPS = pg.PlaygroundConfig(dataset="gaussians", loss="mse", epochs=200)


# --------------------------------------------------------------------------- widths

def test_width_per_layer():
    c = DEFAULT.replace(hidden_layers=3, width=(8, 16, 4))
    assert c.widths == (8, 16, 4) and c.sizes(3) == [2, 8, 16, 4, 3]
    assert DEFAULT.widths == (16, 16) and DEFAULT.sizes(3) == [2, 16, 16, 3]
    assert DEFAULT.replace(hidden_layers=0).widths == ()
    assert DEFAULT.replace(width=[4, np.int64(5)]).width == (4, 5)     # a list becomes a tuple
    hash(c)
    model = pg.build_model(c, 3)
    assert model.sizes == [2, 8, 16, 4, 3]


@pytest.mark.parametrize("changes, exc", [
    ({"width": (8, 16, 4)}, ValueError),                # 3 widths, 2 layers
    ({"width": (8,)}, ValueError),
    ({"width": (8, 65)}, ValueError),
    ({"width": (8, 0)}, ValueError),
    ({"width": (8, 2.5)}, TypeError),
    ({"width": "16"}, TypeError),
])
def test_bad_widths_name_width(changes, exc):
    with pytest.raises(exc, match="^width"):
        DEFAULT.replace(**changes)


def test_code_for_writes_the_layer_widths():
    c = DEFAULT.replace(hidden_layers=3, width=(8, 16, 4), epochs=5)
    code = pg.code_for(c)
    assert "dl.MLP([2, 8, 16, 4, 3]" in code
    ns = {}
    exec(code, ns)
    r = pg.run(c)
    assert ns["history"].loss == r.history.loss


# --------------------------------------------------------------------------- L1

def test_l1_field_and_optimizer_kwargs():
    assert DEFAULT.l1 == 0.0 and "l1" not in DEFAULT.optimizer_kwargs()
    assert DEFAULT.replace(l1=1e-3).optimizer_kwargs()["l1"] == 1e-3
    for bad, exc in ((-1e-3, ValueError), (1.5, ValueError), ("x", TypeError)):
        with pytest.raises(exc, match="^l1:"):
            DEFAULT.replace(l1=bad)


def test_code_for_reproduces_l1():
    c = DEFAULT.replace(l1=3e-3, epochs=8)
    code = pg.code_for(c)
    assert "l1=0.003" in code
    ns = {}
    exec(code, ns)
    assert ns["history"].loss == pg.run(c).history.loss
    assert pg.run(c).history.loss != pg.run(c.replace(l1=0.0)).history.loss


# --------------------------------------------------------------------------- regression config

def test_task_and_regression_needs_mse():
    assert DEFAULT.task == "classification" and PLANE.task == "regression"
    assert PLANE.n_classes is None
    with pytest.raises(ValueError, match="^loss:"):
        pg.PlaygroundConfig(dataset="plane")                 # loss defaults to cross_entropy
    with pytest.raises(ValueError, match="^loss:"):
        PLANE.replace(loss="cross_entropy")


def test_regression_data_model_and_targets():
    data = pg.make_data(PLANE)
    assert data.task == "regression" and data.n_classes is None and data.n_outputs == 1
    assert data.y_train.dtype == np.float64 and data.y_train.ndim == 1
    model = pg.build_model(BUMPS, data.n_outputs)
    assert model.sizes == [2, 16, 16, 1] and model.output_activation == "identity"
    assert pg.targets(BUMPS, data.y_train, None) is data.y_train


def test_a_plane_is_fitted_by_a_linear_model_and_scored_by_r2():
    r = pg.run(PLANE.replace(lr=0.05))
    assert r.history.accuracy == [] and r.r2 > 0.95 and r.val_r2 > 0.95
    # the validation R² is the exact R² of the trained model
    d = r.data
    assert r.val_r2 == pytest.approx(dl.metrics.r2_score(r.model.predict(d.X_val), d.y_val),
                                     rel=1e-9)
    assert r.kind == "converged" and "training R² " in r.message
    assert "val R² " in r.summary and "acc" not in r.summary
    assert r.grid.probs.shape == (60, 60, 1) and r.grid.values.shape == (60, 60)
    assert np.allclose(r.grid.values, r.model.predict(pg.grid_points(d.bounds, 60)[2])
                       .reshape(60, 60))


def test_no_plane_fits_the_gaussians():
    r = pg.run(BUMPS.replace(hidden_layers=0))
    assert r.r2 < 0.2 and r.kind == "linear" and "no plane fits gaussians" in r.message


def test_a_hidden_layer_fits_the_gaussians():
    r = pg.run(BUMPS.replace(epochs=300))
    assert r.r2 > 0.9, r.summary


def test_code_for_reproduces_a_regression_run_exactly():
    c = BUMPS.replace(epochs=6, hidden_layers=2, width=(8, 4), l1=1e-3)
    code = pg.code_for(c)
    assert "make_gaussians" in code and "output_activation='identity'" in code
    ns = {}
    exec(code, ns)
    r = pg.run(c)
    assert ns["history"].loss == r.history.loss
    assert ns["history"].val_loss == r.history.val_loss


def test_comparisons_work_on_regression():
    res = pg.compare_optimizers(PLANE.replace(epochs=20), optimizers=("sgd", "adam"))
    assert set(res) == {"sgd", "adam"} and all(r.history.accuracy == [] for r in res.values())
    assert res["sgd"].initial_params[0].shape == (2, 1)
    np.testing.assert_array_equal(res["sgd"].initial_params[0], res["adam"].initial_params[0])
    acts = pg.compare_activations(BUMPS.replace(epochs=10), activations=("relu", "tanh"))
    assert all(np.isfinite(r.r2) for r in acts.values())


def test_session_trains_regression_like_run():
    c = BUMPS.replace(epochs=12)
    s = pg.TrainingSession(c)
    s.train(5)
    s.train(20)
    assert s.history.loss == pg.run(c).history.loss
    assert s.frame().kind in pg.VERDICT_RULES


# --------------------------------------------------------------------------- verdicts

def _fake_regression(loss, r2, *, config=BUMPS, model=None):
    """A regression PlaygroundResult whose training R² is ``r2`` at the end."""
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, size=(40, 2))
    y = rng.normal(size=40)
    y = (y - y.mean()) / y.std()           # Var(y) = 1
    loss = list(loss)
    loss[-1] = 1 - r2                      # R² = 1 - MSE / Var(y)
    history = SimpleNamespace(loss=loss, accuracy=[], diverged_at=None, val_loss=[],
                              val_accuracy=[])
    data = pg.PlaygroundData(X, y, None, None, None, (-1.0, 1.0, -1.0, 1.0))
    model = pg.build_model(config, 1) if model is None else model
    return pg.PlaygroundResult(config, data, model, history, grid=None, initial_params=[])


def _settled(n=60, start=1.0, end=0.05):
    t = np.arange(n)
    return list(end + (start - end) * np.exp(-t / (n / 12)))


def _kind(result):
    return pg.diagnose(result).kind


def test_regression_converged_needs_r2_well_above_zero():
    assert _kind(_fake_regression(_settled(start=3.0), 0.95)) == "converged"
    v = pg.diagnose(_fake_regression(_settled(start=3.0), 0.5))
    assert v.kind == "underfitting" and "R² is only 0.50" in v.message
    assert "below 0.9" in v.message and "cross-entropy" not in v.message
    assert pg.GOOD_R2 == 0.9


def test_regression_linear_rule():
    linear = BUMPS.replace(hidden_layers=0)
    assert _kind(_fake_regression(_settled(start=3.0), 0.1, config=linear)) == "linear"
    assert _kind(_fake_regression(_settled(start=3.0), 0.95, config=linear)) == "converged"
    plane = PLANE       # a plane can fit the plane: a poor fit is not the model's shape
    assert _kind(_fake_regression(_settled(start=3.0), 0.1, config=plane)) == "underfitting"


def test_regression_still_learning_and_stalled_work_on_the_loss():
    falling = list(np.linspace(3.0, 0.1, 60))
    assert _kind(_fake_regression(falling, 0.95)) == "still_learning"
    assert _kind(_fake_regression(list(np.linspace(1.0, 0.98, 60)), 0.02)) == "stalled"


def test_too_much_regularisation_names_l1():
    strong = DEFAULT.replace(l1=0.01)
    fake = TestFakes.classification(_settled(end=0.5), 0.5, strong)
    v = pg.diagnose(fake)
    assert v.kind == "too_much_regularisation" and "L1 penalty 0.01" in v.message
    assert "L2" not in v.message and "(L1 0.001)" in v.message
    both = pg.diagnose(TestFakes.classification(_settled(end=0.5), 0.5,
                                                strong.replace(weight_decay=0.1)))
    assert "L2 penalty 0.1 and the L1 penalty 0.01" in both.message
    # below the threshold, or accurate anyway: not blamed
    assert _kind(TestFakes.classification(_settled(end=0.5), 0.5,
                                          DEFAULT.replace(l1=1e-3))) == "underfitting"
    assert _kind(TestFakes.classification(_settled(), 0.99, strong)) == "converged"
    assert pg.TOO_MUCH_L1 == 0.003
    reg = pg.diagnose(_fake_regression(_settled(start=3.0), 0.3, config=BUMPS.replace(l1=0.01)))
    assert reg.kind == "too_much_regularisation" and "too flat" in reg.message


def test_too_much_l1_in_a_real_run():
    r = pg.run(DEFAULT.replace(l1=0.01))
    assert r.kind == "too_much_regularisation" and "L1" in r.message
    assert pg.run(DEFAULT.replace(l1=1e-4)).kind == "converged"


class TestFakes:
    @staticmethod
    def classification(loss, acc, config):
        y = np.repeat(np.arange(config.n_classes), 20)
        X = np.random.default_rng(0).normal(size=(len(y), 2))
        history = SimpleNamespace(loss=list(loss), accuracy=[acc] * len(loss), diverged_at=None,
                                  val_loss=[], val_accuracy=[])
        data = pg.PlaygroundData(X, y, None, None, config.n_classes, (-1.0, 1.0, -1.0, 1.0))
        return pg.PlaygroundResult(config, data, pg.build_model(config, config.n_classes),
                                   history, grid=None, initial_params=[])


def test_regression_races_at_rates_that_train():
    assert pg.tuned_lr(DEFAULT) is pg.TUNED_LR and pg.tuned_lr(BUMPS)["gd"] == 0.3
    res = pg.compare_optimizers(BUMPS.replace(epochs=30), optimizers=("gd",))
    assert res["gd"].config.lr == 0.3 and res["gd"].kind != "diverged"
