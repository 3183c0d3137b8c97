"""Naive and stable forms (dlcore.numerics): the naive ones fail where the
chapter says, the stable ones agree with them where both work and stay finite."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import dlcore as dl
from dlcore import numerics as N


def test_overflow_limits():
    assert N.overflow_limit() == pytest.approx(709.782712893384)
    assert N.overflow_limit(np.float32) == pytest.approx(88.7228391)
    assert np.isfinite(np.exp(N.overflow_limit()))
    with np.errstate(over="ignore"):
        assert np.exp(N.overflow_limit() + 0.01) == np.inf


def test_forms_agree_where_the_naive_one_works():
    rng = np.random.default_rng(0)
    z = rng.normal(scale=5, size=(6, 4))
    labels = rng.integers(0, 4, size=6)
    assert np.allclose(N.naive_sigmoid(z), N.sigmoid(z), rtol=1e-12)
    assert np.allclose(N.naive_softmax(z, axis=1), N.softmax(z, axis=1))
    assert np.allclose(N.naive_logsumexp(z), N.logsumexp(z), rtol=1e-12)
    assert np.allclose(N.naive_logsumexp(z, axis=0), N.logsumexp(z, axis=0))
    ce = N.cross_entropy(z, labels)
    assert N.naive_cross_entropy(z, labels) == pytest.approx(ce, rel=1e-12)
    assert N.unfused_cross_entropy(z, labels) == pytest.approx(ce, rel=1e-12)


def test_stable_forms_reuse_dlcore():
    z = np.array([[-3.0, 0.0, 2.5]])
    assert np.array_equal(N.sigmoid(z), dl.activations.sigmoid.forward(z))
    assert np.array_equal(N.softmax(z), dl.activations.softmax(z))
    # log_softmax = z - logsumexp(z)
    assert np.allclose(dl.activations.log_softmax(z),
                       z - N.logsumexp(z)[:, None], rtol=1e-14)


_caught = N.caught_warnings
#: WebAssembly has no floating-point exception flags, so NumPy under Pyodide returns
#: inf and NaN without a RuntimeWarning: there, only the results are checked.
FP_WARNINGS = N.FP_WARNINGS


def test_caught_warnings_returns_the_result_and_the_messages():
    out, msgs = N.caught_warnings(np.exp, np.array([1000.0, 0.0]))
    assert out[0] == np.inf and out[1] == 1.0
    assert msgs == (["RuntimeWarning: overflow encountered in exp"] if FP_WARNINGS else [])
    with warnings.catch_warnings():
        warnings.simplefilter("error")       # nothing escapes the capture
        N.caught_warnings(np.exp, np.array([1000.0]))
    assert N.caught_warnings(np.add, 1, 2) == (3, [])
    with pytest.raises(TypeError, match="^fn:"):
        N.caught_warnings(3)


def test_naive_forms_fail_with_warnings_and_stable_ones_do_not():
    z = np.array([[1000.0, 999.0, -1000.0]])
    s, msgs = _caught(N.naive_sigmoid, -z)
    assert any("overflow" in m for m in msgs) or not FP_WARNINGS
    p, msgs = _caught(N.naive_softmax, z)
    assert np.isnan(p).any() and (msgs or not FP_WARNINGS)
    lse, msgs = _caught(N.naive_logsumexp, z)
    assert lse[0] == np.inf and (msgs or not FP_WARNINGS)
    ce, msgs = _caught(N.naive_cross_entropy, z, np.array([2]))
    assert not np.isfinite(ce) and (msgs or not FP_WARNINGS)
    for fn, args in [(N.sigmoid, (-z,)), (N.softmax, (z,)),
                     (N.logsumexp, (z,))]:
        out, msgs = _caught(fn, *args)
        assert np.all(np.isfinite(out)) and msgs == []
    assert N.logsumexp(z)[0] == pytest.approx(1000 + np.log1p(np.exp(-1)))
    assert np.allclose(N.softmax(z).sum(), 1)


def test_unfused_cross_entropy_is_infinite_where_the_fused_one_is_exact():
    z = np.array([[0.0, 800.0]])
    labels = np.array([0])
    ce, msgs = _caught(N.unfused_cross_entropy, z, labels)
    assert ce == np.inf and (any("divide" in m for m in msgs) or not FP_WARNINGS)
    fused, msgs = _caught(N.cross_entropy, z, labels)
    assert fused == pytest.approx(800.0) and msgs == []


def test_float32_keeps_its_dtype_and_its_limit():
    z = np.array([89.0, 88.0], dtype=np.float32)
    e, msgs = _caught(N.naive_sigmoid, -z)
    assert e.dtype == np.float32 and (msgs or not FP_WARNINGS)
    assert N.logsumexp(z).dtype == np.float32
    assert np.isfinite(N.logsumexp(z))


def test_bad_inputs_name_the_argument():
    with pytest.raises(ValueError, match="^z:"):
        N.logsumexp(3.0)
    with pytest.raises(ValueError, match="^axis:"):
        N.naive_softmax(np.ones((2, 3)), axis=2)
    with pytest.raises(TypeError, match="^z:"):
        N.naive_sigmoid(["a"])
    with pytest.raises(ValueError, match="^labels:"):
        N.naive_cross_entropy(np.ones((2, 3)), np.array([0, 3]))
    with pytest.raises(ValueError, match="z and labels"):
        N.cross_entropy(np.ones((2, 3)), np.array([0, 1, 2]))
    with pytest.raises(ValueError, match="^z:"):
        N.cross_entropy(np.ones(3), np.array([0]))
    with pytest.raises(ValueError, match="^dtype:"):
        N.overflow_limit(np.int32)
