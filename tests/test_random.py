"""Seeding: same seed, same numbers; dl.seed resets the default generator."""

import numpy as np
import pytest

from dlcore import random as dlrandom
from dlcore.model import MLP


def test_integer_seed_is_independent_of_global_state():
    a = dlrandom.get_rng(7).normal(size=3)
    dlrandom.get_rng(None).normal(size=10)
    np.random.seed(123)
    np.testing.assert_array_equal(dlrandom.get_rng(7).normal(size=3), a)


def test_seed_resets_the_default_generator():
    dlrandom.seed(42)
    a = dlrandom.get_rng().normal(size=4)
    m1 = MLP([2, 3, 1], seed=None)
    dlrandom.seed(42)
    b = dlrandom.get_rng().normal(size=4)
    m2 = MLP([2, 3, 1], seed=None)
    np.testing.assert_array_equal(a, b)
    for p, q in zip(m1.params, m2.params):
        np.testing.assert_array_equal(p, q)
    c = dlrandom.get_rng().normal(size=4)
    assert not np.array_equal(b, c)  # the default generator moves on


def test_generator_passes_through_and_bad_seeds_are_rejected():
    g = np.random.default_rng(0)
    assert dlrandom.get_rng(g) is g
    with pytest.raises(ValueError, match="seed: expected an integer >= 0, got -1"):
        dlrandom.get_rng(-1)
    with pytest.raises(TypeError, match="seed: expected an integer"):
        dlrandom.get_rng(1.5)
    with pytest.raises(TypeError, match="n: expected a non-negative integer"):
        dlrandom.seed(None)
