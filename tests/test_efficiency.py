"""dl.efficiency: repeated timings, paired ratios, scaling fits, loop forms.

No test here asserts a speed: only that the measurements are well formed.
"""

from __future__ import annotations

import numpy as np
import pytest

import dlcore as dl
from dlcore import efficiency as E


def test_compare_interleaves_and_counts_calls():
    calls = []
    t = E.compare({"a": lambda: calls.append("a"),
                   "b": lambda: calls.append("b")},
                  repeats=3, number=2, warmup=1)
    assert calls == ["a", "b"] + ["a", "a", "b", "b"] * 3
    assert set(t) == {"a", "b"}
    assert len(t["a"].times) == 3
    assert t["a"].low <= t["a"].median <= t["a"].high


def test_timing_and_ratio_summaries():
    a, b = E.Timing([3.0, 1.0, 2.0]), E.Timing([1.0, 1.0, 0.5])
    assert (a.median, a.low, a.high) == (2.0, 1.0, 3.0)
    r = E.ratio(a, b)     # sorted: [1, 2, 3] / [0.5, 1, 1]
    assert np.allclose(r.values, [2.0, 2.0, 3.0])
    assert (r.best, r.low, r.high) == (2.0, 2.0, 2.0)
    r = E.ratio(E.Timing([1.0, 5.0, 2.0, 40.0]), E.Timing([1.0] * 4))
    assert (r.best, r.low, r.high) == (1.0, 1.0, 2.0)   # faster half
    with pytest.raises(ValueError, match="a and b"):
        E.ratio(a, E.Timing([1.0]))
    with pytest.raises(TypeError, match="b:"):
        E.ratio(a, 1.0)
    with pytest.raises(ValueError):  # read-only
        a.times[0] = 0


def test_time_call_and_bad_arguments():
    assert len(E.time_call(lambda: None, repeats=4).times) == 4
    with pytest.raises(TypeError, match="fns"):
        E.compare([])
    with pytest.raises(TypeError, match=r"fns\['x'\]"):
        E.compare({"x": 3})
    with pytest.raises(ValueError, match="repeats"):
        E.time_call(lambda: None, repeats=0)
    with pytest.raises(ValueError, match="warmup"):
        E.time_call(lambda: None, warmup=-1)


def test_scaling_builds_each_size_outside_the_timing():
    built = []

    def make(size):
        built.append(size)
        return lambda: None

    out = E.scaling(make, [2, 4, 8], repeats=2)
    assert built == [2, 4, 8] and len(out) == 3
    with pytest.raises(ValueError, match=r"sizes\[1\]"):
        E.scaling(make, [2, 0])
    with pytest.raises(TypeError, match=r"make_fn\(2\)"):
        E.scaling(lambda s: 5, [2])


@pytest.mark.parametrize("p", [1.0, 2.0, 0.5])
def test_power_law_exponent_recovers_the_exponent(p):
    sizes = np.array([10, 20, 40, 80])
    assert E.power_law_exponent(sizes, 3e-4 * sizes ** p) == \
        pytest.approx(p)
    timings = [E.Timing([s ** p]) for s in sizes]
    assert E.power_law_exponent(sizes, timings) == pytest.approx(p)


def test_power_law_exponent_rejects_bad_input():
    with pytest.raises(ValueError, match="sizes and times"):
        E.power_law_exponent([1], [1])
    with pytest.raises(ValueError, match="sizes and times"):
        E.power_law_exponent([1, 2], [1, 2, 3])
    with pytest.raises(ValueError, match="sizes and times"):
        E.power_law_exponent([1, 2], [0, 1])


def test_loop_forward_passes_match_the_matrix_product():
    rng = np.random.default_rng(0)
    X, W, b = rng.random((7, 5)), rng.normal(size=(5, 3)), rng.normal(size=3)
    want = X @ W + b
    assert np.allclose(E.dense_forward_python(X, W, b), want, atol=1e-12)
    assert np.allclose(E.dense_forward_loop(X, W, b), want, atol=1e-12)
    assert E.dense_forward_loop(X.astype(np.float32), W.astype(np.float32),
                                b.astype(np.float32)).dtype == np.float32


def test_loop_forward_rejects_mismatched_shapes():
    X, W, b = np.ones((4, 3)), np.ones((2, 5)), np.ones(5)
    with pytest.raises(ValueError, match="X and W"):
        E.dense_forward_loop(X, W, b)
    with pytest.raises(ValueError, match="b:"):
        E.dense_forward_python(np.ones((4, 2)), W, np.ones(4))


def test_epochs_to_target_stops_when_reached():
    X, y = dl.datasets.load_digits()
    Xtr, Xv, ytr, yv = dl.datasets.train_val_split(X, y, 0.25, seed=0)
    model = dl.MLP([64, 32, 10], seed=0)
    epochs, history = E.epochs_to_target(model, Xtr, ytr, Xv, yv, 0.9,
                                         batch_size=32, max_epochs=50)
    assert epochs is not None and epochs == history.epochs
    assert history.val_accuracy[-1] >= 0.9
    assert all(a < 0.9 for a in history.val_accuracy[:-1])
    never, h = E.epochs_to_target(dl.MLP([64, 2, 10], seed=0), Xtr, ytr,
                                  Xv, yv, 1.0, batch_size=None,
                                  max_epochs=3)
    assert never is None and h.epochs == 3
    with pytest.raises(ValueError, match="target"):
        E.epochs_to_target(model, Xtr, ytr, Xv, yv, 0.0, 32)


def test_blas_threads_sets_and_restores_the_count():
    blas = E._openblas()
    if blas is None:
        with E.blas_threads(1) as ok:
            assert ok is False
        assert E.set_blas_threads(1) is None
        return
    get, _ = blas
    before = get()
    with E.blas_threads(1) as ok:
        assert ok is True and get() == 1
        a = np.random.default_rng(0).random((300, 300))
        assert np.allclose(a @ np.eye(300), a)
    assert get() == before
    assert E.set_blas_threads(1) == before and get() == 1
    E.set_blas_threads(before)
    with pytest.raises(ValueError, match="n:"):
        E.set_blas_threads(0)
