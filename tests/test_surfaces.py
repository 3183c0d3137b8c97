"""dlcore.surfaces: test functions, their gradients, and descend()."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from dlcore import optim
from dlcore import surfaces as S

ALL = S.names()


def central_difference(surface, x, y, h=1e-6):
    gx = (surface.f(x + h, y) - surface.f(x - h, y)) / (2 * h)
    gy = (surface.f(x, y + h) - surface.f(x, y - h)) / (2 * h)
    return np.array([gx, gy])


def test_the_four_surfaces_are_there():
    assert ALL == ["bowl", "rosenbrock", "beale", "saddle"]
    for name in ALL:
        s = S.get(name)
        assert s.name == name
        assert isinstance(s, S.Surface)
        (x0, x1), (y0, y1) = s.bounds
        assert x0 < x1 and y0 < y1
        assert x0 <= s.start[0] <= x1 and y0 <= s.start[1] <= y1
        if s.minimum is not None:
            assert x0 <= s.minimum[0] <= x1 and y0 <= s.minimum[1] <= y1
        assert name in repr(s).lower() or type(s).__name__ in repr(s)


@pytest.mark.parametrize("name", ALL)
def test_gradient_matches_central_differences(name):
    s = S.get(name)
    rng = np.random.default_rng(0)
    (x0, x1), (y0, y1) = s.bounds
    for x, y in zip(rng.uniform(x0, x1, 25), rng.uniform(y0, y1, 25)):
        g = s.grad(x, y)
        assert g.shape == (2,)
        num = central_difference(s, x, y)
        scale = max(1.0, float(np.max(np.abs(g))))
        np.testing.assert_allclose(g, num, rtol=1e-6, atol=1e-6 * scale)


@pytest.mark.parametrize("name", ALL)
def test_a_wrong_gradient_would_be_caught(name):
    """The check above can fail: a gradient off by 1% is far outside its tolerance."""
    s = S.get(name)
    x, y = s.start
    g, num = 1.01 * s.grad(x, y), central_difference(s, x, y)
    assert not np.allclose(g, num, rtol=1e-6, atol=1e-6 * max(1.0, np.max(np.abs(g))))


@pytest.mark.parametrize("name", [n for n in ALL if S.get(n).minimum is not None])
def test_minimum_has_zero_gradient_and_is_lowest(name):
    s = S.get(name)
    mx, my = s.minimum
    np.testing.assert_allclose(s.grad(mx, my), 0.0, atol=1e-12)
    assert s.f(mx, my) == pytest.approx(0.0, abs=1e-12)
    (x0, x1), (y0, y1) = s.bounds
    X, Y = np.meshgrid(np.linspace(x0, x1, 201), np.linspace(y0, y1, 201))
    assert np.min(s.f(X, Y)) >= s.f(mx, my) - 1e-12


def test_saddle_point_has_zero_gradient_but_is_no_minimum():
    s = S.get("saddle")
    assert s.minimum is None
    np.testing.assert_array_equal(s.grad(0.0, 0.0), [0.0, 0.0])
    assert s.f(0.0, 0.1) < s.f(0.0, 0.0) < s.f(0.1, 0.0)


@pytest.mark.parametrize("name", ALL)
def test_f_and_grad_are_vectorised_over_grids(name):
    s = S.get(name)
    X, Y = np.meshgrid(np.linspace(-1, 1, 7), np.linspace(-1, 1, 5))
    Z = s.f(X, Y)
    G = s.grad(X, Y)
    assert Z.shape == (5, 7) and G.shape == (2, 5, 7)
    assert Z[2, 3] == pytest.approx(s.f(X[2, 3], Y[2, 3]))
    np.testing.assert_allclose(G[:, 2, 3], s.grad(X[2, 3], Y[2, 3]))
    assert isinstance(s.f(0.5, 0.5), float)


def test_bowl_parameters_and_known_values():
    s = S.get("bowl", a=2.0, b=8.0)
    assert s.f(1.0, 1.0) == pytest.approx(5.0)
    np.testing.assert_allclose(s.grad(1.0, -1.0), [2.0, -8.0])
    assert S.get("rosenbrock").f(0.0, 0.0) == pytest.approx(1.0)
    assert S.get("beale").f(0.0, 0.0) == pytest.approx(1.5**2 + 2.25**2 + 2.625**2)


def test_bad_arguments():
    with pytest.raises(ValueError, match=r"surface.*'banana'.*bowl, rosenbrock, beale, saddle"):
        S.get("banana")
    with pytest.raises(TypeError, match="surface"):
        S.get(3)
    with pytest.raises(ValueError, match=r"^b: "):
        S.get("bowl", b=-1)
    with pytest.raises(ValueError, match=r"x and y: expected the same shape, got \(3,\) and \(2,\)"):
        S.get("bowl").f(np.zeros(3), np.zeros(2))


# -- descend ---------------------------------------------------------------------------

def test_descend_path_shape_start_and_progress():
    s = S.get("bowl")
    path = S.descend(s, optim.GD(lr=0.05), steps=200)
    assert path.shape == (201, 2)
    np.testing.assert_array_equal(path[0], s.start)
    assert S.diverged_at(path) is None
    f = s.f(path[:, 0], path[:, 1])
    assert f[-1] < 1e-3 * f[0]
    assert np.all(np.diff(f) <= 1e-15)  # lr below 1/b: every GD step goes down


def test_descend_matches_the_gd_rule_by_hand():
    s = S.get("bowl")
    lr = 0.01
    path = S.descend(s, optim.GD(lr=lr), start=(1.0, 1.0), steps=3)
    p = np.array([1.0, 1.0])
    expected = [p.copy()]
    for _ in range(3):
        p = p - lr * np.array([p[0], 20.0 * p[1]])
        expected.append(p.copy())
    np.testing.assert_allclose(path, expected)


def test_descend_resets_the_optimizer_so_runs_repeat():
    opt = optim.Momentum(lr=0.01)
    a = S.descend("rosenbrock", opt, start=(-1.0, 1.0), steps=50)
    b = S.descend("rosenbrock", opt, start=(-1.0, 1.0), steps=50)
    np.testing.assert_array_equal(a, b)


def test_momentum_beats_gd_on_the_bowl():
    s = S.get("bowl")
    gd = S.descend(s, optim.GD(lr=0.02), steps=100)
    mom = S.descend(s, optim.Momentum(lr=0.02, momentum=0.9), steps=100)
    assert s.f(*mom[-1]) < 0.01 * s.f(*gd[-1])


def test_adam_finds_beales_minimum():
    s = S.get("beale")
    path = S.descend(s, optim.Adam(lr=0.05), steps=1000)
    np.testing.assert_allclose(path[-1], s.minimum, atol=0.05)


def test_saddle_escape_along_y():
    path = S.descend("saddle", optim.GD(lr=0.1), steps=40)
    assert abs(path[-1, 0]) < 1e-3 and abs(path[-1, 1]) > 1.0


def test_divergence_stops_cleanly_and_is_recorded():
    s = S.get("bowl")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = S.descend(s, optim.GD(lr=0.2), steps=100)  # lr > 2 / b = 0.1: y oscillates and grows
    k = S.diverged_at(path)
    assert k is not None and 1 < k < 100
    assert np.all(np.isfinite(path[:k])) and np.all(np.isnan(path[k:]))
    assert np.max(np.abs(path[:k])) <= 1e6
    # the growth factor along y is |1 - lr * b| = 3 per step
    np.testing.assert_allclose(np.abs(path[1:4, 1] / path[0:3, 1]), 3.0)


def test_divergence_to_overflow_is_caught_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = S.descend("rosenbrock", optim.GD(lr=0.5), steps=50, limit=1e300)
    assert S.diverged_at(path) is not None


def test_descend_bad_arguments():
    s = S.get("bowl")
    with pytest.raises(TypeError, match="optimizer"):
        S.descend(s, "adam")
    with pytest.raises(TypeError, match="surface"):
        S.descend(42, optim.GD(lr=0.1))
    with pytest.raises(ValueError, match=r"start: expected a point \(x, y\) of shape \(2,\), got shape \(3,\)"):
        S.descend(s, optim.GD(lr=0.1), start=(1, 2, 3))
    with pytest.raises(ValueError, match="start"):
        S.descend(s, optim.GD(lr=0.1), start=(np.nan, 0.0))
    with pytest.raises(ValueError, match=r"steps: expected an integer >= 1, got 0"):
        S.descend(s, optim.GD(lr=0.1), steps=0)
    with pytest.raises(TypeError, match="steps"):
        S.descend(s, optim.GD(lr=0.1), steps=2.5)
    with pytest.raises(ValueError, match="limit"):
        S.descend(s, optim.GD(lr=0.1), limit=0)
    with pytest.raises(ValueError, match="path"):
        S.diverged_at(np.zeros((3, 3)))
