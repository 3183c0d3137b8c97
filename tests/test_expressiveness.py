"""dlcore.expressiveness: one hidden layer of growing width fitted to a 1-D function."""

from __future__ import annotations

import numpy as np
import pytest

from dlcore import expressiveness as E

X = np.linspace(-2, 2, 60).reshape(-1, 1)
Y = np.sin(3 * X[:, 0])


def test_fit_widths_returns_one_trained_network_per_width():
    fits = E.fit_widths(X, Y, widths=[1, 16], epochs=400, lr=0.02)
    assert list(fits) == [1, 16]
    for m, (model, history) in fits.items():
        assert model.sizes == [1, m, 1] and len(history.loss) == 400
        assert history.loss[-1] < history.loss[0]
    assert fits[16][1].loss[-1] < 0.5 * fits[1][1].loss[-1]


def test_fit_widths_is_deterministic():
    a = E.fit_widths(X, Y, widths=[3], epochs=50)[3][1].loss
    b = E.fit_widths(X, Y, widths=[3], epochs=50)[3][1].loss
    assert a == b


def test_max_error():
    model, _ = E.fit_widths(X, Y, widths=[2], epochs=5)[2]
    expected = np.max(np.abs(model.predict(X)[:, 0] - Y))
    assert E.max_error(model, X, Y) == pytest.approx(expected)
    assert E.max_error(model, X, Y.reshape(-1, 1)) == pytest.approx(expected)
    with pytest.raises(ValueError, match="y"):
        E.max_error(model, X, Y[:-1])


@pytest.mark.parametrize("kwargs, exc, arg", [
    ({"X": np.zeros((5, 2))}, ValueError, "X"),
    ({"y": np.zeros(4)}, ValueError, "y"),
    ({"widths": 3}, TypeError, "widths"),
    ({"widths": []}, ValueError, "widths"),
    ({"widths": [2, 0]}, ValueError, r"widths\[1\]"),
    ({"epochs": 0}, ValueError, "epochs"),
    ({"lr": -1}, ValueError, "lr"),
])
def test_bad_arguments_name_themselves(kwargs, exc, arg):
    args = {"X": np.zeros((5, 1)), "y": np.zeros(5), "widths": [1], "epochs": 1}
    args.update(kwargs)
    with pytest.raises(exc, match=arg):
        E.fit_widths(**args)
