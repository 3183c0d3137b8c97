"""dl.torch_bridge: the same MLP in dlcore and PyTorch."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

import dlcore as dl
from dlcore import torch_bridge as T


def _reference_data():
    X, y = dl.datasets.load_digits()
    n = T.REFERENCE_RUN["n"]
    return X[:n], y[:n]


def test_dlcore_reproduces_the_stored_pytorch_losses():
    r = T.REFERENCE_RUN
    X, y = _reference_data()
    _, ours = T.dlcore_losses(X, y, r["sizes"], r["optimizer"], r["lr"],
                              r["epochs"], r["seed"])
    assert ours.shape == (r["epochs"],)
    assert np.allclose(ours, T.TORCH_REFERENCE, rtol=0, atol=1e-10)
    assert ours[-1] < 0.5 * ours[0]


def test_dlcore_losses_returns_the_untrained_model():
    X, y = _reference_data()
    start, _ = T.dlcore_losses(X, y, [64, 8, 10], "sgd", 0.1, 3)
    fresh = dl.MLP([64, 8, 10], seed=0)
    assert all(np.array_equal(a, b) for a, b in zip(start.params,
                                                    fresh.params))


def test_importing_the_bridge_does_not_import_torch():
    code = ("import sys, dlcore, dlcore.torch_bridge; "
            "sys.exit(1 if 'torch' in sys.modules else 0)")
    result = subprocess.run([sys.executable, "-c", code],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_without_torch_it_returns_none(monkeypatch):
    monkeypatch.setattr(T, "torch_available", lambda: False)
    X, y = _reference_data()
    assert T.run_in_both(X, y, [64, 8, 10]) is None
    assert "not installed" in T.TORCH_NOTE


def test_bad_arguments_name_themselves():
    X, y = _reference_data()
    with pytest.raises(ValueError, match="optimizer"):
        T.run_in_both(X, y, [64, 8, 10], optimizer="lbfgs")
    with pytest.raises(ValueError, match="lr"):
        T.run_in_both(X, y, [64, 8, 10], lr=-1)
    with pytest.raises(ValueError, match="sizes"):
        T.run_in_both(X, y, [64])
    with pytest.raises(ValueError, match="X and y"):
        T.run_in_both(X, y[:10], [64, 8, 10])
    with pytest.raises(TypeError, match="y"):
        T.run_in_both(X, y.astype(float), [64, 8, 10])


@pytest.mark.parametrize("optimizer,lr", [("sgd", 0.5), ("adam", 0.01)])
def test_live_pytorch_gives_the_same_losses(optimizer, lr):
    pytest.importorskip("torch")
    X, y = _reference_data()
    out = T.run_in_both(X, y, [64, 16, 10], optimizer, lr, epochs=8)
    assert out is not None
    assert out["max_abs_diff"] < 1e-10
    assert out["dlcore"][-1] < out["dlcore"][0]


def test_live_pytorch_reproduces_the_stored_reference():
    pytest.importorskip("torch")
    r = T.REFERENCE_RUN
    X, y = _reference_data()
    out = T.run_in_both(X, y, r["sizes"], r["optimizer"], r["lr"],
                        r["epochs"], r["seed"])
    assert np.allclose(out["torch"], T.TORCH_REFERENCE, rtol=0, atol=1e-10)
