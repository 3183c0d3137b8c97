"""dlcore.activation_properties: the numbers in chapter 2.2's table."""

from __future__ import annotations

import numpy as np
import pytest

from dlcore import activation_properties as P


@pytest.fixture(scope="module")
def props():
    return {r["name"]: r for r in P.table()}


def test_ranges(props):
    assert (props["sigmoid"]["f_low"], props["sigmoid"]["f_high"]) == (0.0, 1.0)
    assert (props["tanh"]["f_low"], props["tanh"]["f_high"]) == (-1.0, 1.0)
    assert props["sigmoid"]["bounded"] and props["tanh"]["bounded"]
    assert props["relu"]["f_low"] == 0 and not props["relu"]["low_unbounded"]
    assert props["relu"]["high_unbounded"] and not props["relu"]["bounded"]
    assert props["leaky_relu"]["low_unbounded"] and props["identity"]["low_unbounded"]


def test_mean_output_under_a_standard_normal_input(props):
    assert props["sigmoid"]["mean_output"] == pytest.approx(0.5, abs=1e-9)
    assert props["tanh"]["mean_output"] == pytest.approx(0.0, abs=1e-12)
    assert props["identity"]["mean_output"] == pytest.approx(0.0, abs=1e-12)
    # E[max(0, z)] = 1 / sqrt(2 pi)
    assert props["relu"]["mean_output"] == pytest.approx(1 / np.sqrt(2 * np.pi), rel=1e-6)
    assert props["leaky_relu"]["mean_output"] == pytest.approx(0.99 / np.sqrt(2 * np.pi), rel=1e-6)


def test_slopes(props):
    assert props["sigmoid"]["max_slope"] == pytest.approx(0.25, abs=1e-12)
    assert all(props[n]["max_slope"] == pytest.approx(1.0) for n in ("tanh", "relu", "leaky_relu",
                                                                     "identity"))
    s = 1 / (1 + np.exp(-5.0))
    assert props["sigmoid"]["slope_plus5"] == pytest.approx(s * (1 - s))
    assert props["tanh"]["slope_minus5"] == pytest.approx(1 - np.tanh(5.0) ** 2)
    assert props["relu"]["slope_minus5"] == 0 and props["leaky_relu"]["slope_minus5"] == 0.01


def test_dead_share(props):
    assert props["relu"]["dead_share"] == 1.0
    assert all(props[n]["dead_share"] == 0.0 for n in ("sigmoid", "tanh", "leaky_relu", "identity"))


def test_curves_and_timing_shapes():
    z = np.linspace(-2, 2, 5)
    c = P.curves(["relu", "sigmoid"], z)
    np.testing.assert_array_equal(c["relu"][0], [0, 0, 0, 1, 2])
    np.testing.assert_array_equal(c["relu"][1], [0, 0, 0, 1, 1])
    assert list(P.curves("tanh")) == ["tanh"] and P.curves("tanh")["tanh"][0].shape == (801,)
    assert P.time_per_element("relu", n=1000, repeats=2) > 0


def test_bad_names_and_arguments():
    with pytest.raises(ValueError, match="activation"):
        P.properties("swish")
    with pytest.raises(ValueError, match="n_grid"):
        P.properties("relu", n_grid=3)
    with pytest.raises(ValueError, match="z"):
        P.curves(["relu"], np.zeros((2, 2)))
