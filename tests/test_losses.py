"""Losses: values, exact gradients, PyTorch reductions, no silent broadcasting, bad input."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlcore import losses

RNG = np.random.default_rng(0)


def numeric_grad(loss, y_hat, y, h=1e-6):
    g = np.zeros_like(y_hat)
    for i in np.ndindex(y_hat.shape):
        p, m = y_hat.copy(), y_hat.copy()
        p[i] += h
        m[i] -= h
        g[i] = (loss.forward(p, y) - loss.forward(m, y)) / (2 * h)
    return g


def test_names():
    assert losses.names() == ["mse", "bce", "cross_entropy"]
    with pytest.raises(ValueError, match="unknown loss 'hinge'; expected one of mse, bce, cross_entropy"):
        losses.get("hinge")
    with pytest.raises(TypeError, match="loss name"):
        losses.get(None)


def test_mse_by_hand():
    y_hat = np.array([[1.0, 2.0], [3.0, 4.0]])
    y = np.array([[0.0, 2.0], [5.0, 4.0]])
    mse = losses.get("mse")
    assert mse.forward(y_hat, y) == pytest.approx((1 + 0 + 4 + 0) / 4)
    np.testing.assert_allclose(mse.backward(y_hat, y), 2 * (y_hat - y) / 4)
    assert isinstance(mse.forward(y_hat, y), float)


def test_bce_by_hand():
    y_hat = np.array([[0.9], [0.2], [0.6]])
    y = np.array([[1.0], [0.0], [1.0]])
    expected = -(np.log(0.9) + np.log(0.8) + np.log(0.6)) / 3
    bce = losses.get("bce")
    assert bce.forward(y_hat, y) == pytest.approx(expected, rel=1e-14)
    np.testing.assert_allclose(bce.backward(y_hat, y), (y_hat - y) / (y_hat * (1 - y_hat)) / 3)


def test_cross_entropy_by_hand():
    z = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.0]])
    c = np.array([0, 2])
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    expected = -(np.log(p[0, 0]) + np.log(p[1, 2])) / 2
    ce = losses.get("cross_entropy")
    assert ce.forward(z, c) == pytest.approx(expected, rel=1e-14)
    one_hot = np.eye(3)[c]
    np.testing.assert_allclose(ce.backward(z, c), (p - one_hot) / 2, rtol=1e-14)
    # one-hot targets give the same loss and gradient as labels
    assert ce.forward(z, one_hot) == pytest.approx(expected, rel=1e-14)
    np.testing.assert_allclose(ce.backward(z, one_hot), ce.backward(z, c), rtol=1e-14, atol=1e-17)


@pytest.mark.parametrize("case", ["mse", "bce", "ce_labels", "ce_soft"])
def test_backward_is_the_exact_gradient_of_forward(case):
    if case == "mse":
        loss, y_hat, y = losses.MSE(), RNG.normal(size=(4, 3)), RNG.normal(size=(4, 3))
    elif case == "bce":
        loss, y_hat, y = losses.BCE(), RNG.uniform(0.05, 0.95, size=(5, 2)), RNG.uniform(0, 1, size=(5, 2))
    elif case == "ce_labels":
        loss, y_hat, y = losses.CrossEntropy(), RNG.normal(size=(4, 3)), np.array([0, 2, 1, 2])
    else:
        loss, y_hat = losses.CrossEntropy(), RNG.normal(size=(4, 3))
        y = RNG.uniform(0, 1, size=(4, 3))  # rows need not sum to 1
    g = loss.backward(y_hat, y)
    assert g.shape == y_hat.shape
    np.testing.assert_allclose(g, numeric_grad(loss, y_hat, y), rtol=1e-6, atol=1e-9)
    value, g2 = loss.value_and_grad(y_hat, y)
    assert value == loss.forward(y_hat, y)
    np.testing.assert_array_equal(g, g2)


@pytest.mark.parametrize("name", ["mse", "bce", "cross_entropy"])
def test_inputs_are_not_modified(name):
    y_hat = RNG.uniform(0.1, 0.9, size=(4, 3))
    y = np.array([0, 1, 2, 1]) if name == "cross_entropy" else RNG.uniform(0, 1, size=(4, 3))
    y_hat0, y0 = y_hat.copy(), y.copy()
    loss = losses.get(name)
    loss.value_and_grad(y_hat, y)
    loss.backward(y_hat, y)
    np.testing.assert_array_equal(y_hat, y_hat0)
    np.testing.assert_array_equal(y, y0)


def test_bce_is_finite_at_zero_and_one():
    y_hat = np.array([[0.0], [1.0], [0.0], [1.0]])
    y = np.array([[0.0], [1.0], [1.0], [0.0]])
    bce = losses.BCE()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = bce.forward(y_hat, y)
        grad = bce.backward(y_hat, y)
    assert value == pytest.approx(2 * 100 / 4)  # two wrong certain answers, each log clamped at -100
    assert np.all(np.isfinite(grad))


def test_cross_entropy_is_finite_for_huge_logits():
    z = np.array([[1000.0, -1000.0], [-1000.0, 1000.0]])
    ce = losses.CrossEntropy()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert ce.forward(z, np.array([0, 1])) == 0.0
        assert ce.forward(z, np.array([1, 0])) == pytest.approx(2000.0)
        assert np.all(np.isfinite(ce.backward(z, np.array([1, 0]))))


@pytest.mark.parametrize("y_hat_shape, y_shape", [((100, 1), (100,)), ((100, 1), (100, 5)), ((4, 2), (2, 4)),
                                                  ((3,), (3, 1)), ((5, 1), (1, 1))])
@pytest.mark.parametrize("name", ["mse", "bce"])
def test_shapes_that_would_broadcast_are_rejected(name, y_hat_shape, y_shape):
    loss = losses.get(name)
    with pytest.raises(ValueError, match=r"^y: expected shape .*never broadcasts"):
        loss.forward(np.full(y_hat_shape, 0.5), np.zeros(y_shape))
    with pytest.raises(ValueError, match="^y: "):
        loss.backward(np.full(y_hat_shape, 0.5), np.zeros(y_shape))


def test_shape_error_suggests_the_fix():
    with pytest.raises(ValueError, match=r"y.reshape\(-1, 1\)"):
        losses.MSE().forward(np.zeros((3, 1)), np.zeros(3))


@pytest.mark.parametrize("name", ["mse", "bce", "cross_entropy"])
@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_nan_and_inf_are_rejected(name, bad):
    loss = losses.get(name)
    y_hat = np.full((3, 2), 0.5)
    y = np.array([0, 1, 1]) if name == "cross_entropy" else np.full((3, 2), 0.5)
    y_hat[1, 1] = bad
    with pytest.raises(ValueError, match="y_hat: expected finite numbers"):
        loss.forward(y_hat, y)
    if name != "cross_entropy":
        y_hat[1, 1] = 0.5
        y = y.copy()
        y[0, 0] = bad
        with pytest.raises(ValueError, match="y: expected finite numbers"):
            loss.forward(y_hat, y)


@pytest.mark.parametrize("name", ["mse", "bce", "cross_entropy"])
def test_empty_input_is_rejected(name):
    with pytest.raises(ValueError, match="y_hat: expected a non-empty array"):
        losses.get(name).forward(np.zeros((0, 2)), np.zeros((0, 2)))


def test_bce_ranges():
    bce = losses.BCE()
    with pytest.raises(ValueError, match=r"^y_hat: "):
        bce.forward(np.array([[-0.5], [0.5]]), np.array([[0.0], [1.0]]))
    with pytest.raises(ValueError, match=r"^y: "):
        bce.forward(np.array([[0.5], [0.5]]), np.array([[0.0], [2.0]]))


def test_cross_entropy_label_checks():
    ce = losses.CrossEntropy()
    z = np.zeros((3, 4))
    with pytest.raises(ValueError, match=r"y: expected class labels in 0..3, got values from 0 to 4"):
        ce.forward(z, np.array([0, 4, 1]))
    with pytest.raises(ValueError, match=r"in 0..3, got values from -1"):
        ce.forward(z, np.array([0, -1, 1]))
    with pytest.raises(TypeError, match="y: expected integer class labels.*float"):
        ce.forward(z, np.array([0.0, 1.0, 2.0]))
    with pytest.raises(ValueError, match="^y: "):
        ce.forward(z, np.array([0, 1]))
    with pytest.raises(ValueError, match="y_hat: expected a 2-D array"):
        ce.forward(np.zeros(3), np.array([0, 1, 1]))
    with pytest.raises(ValueError, match="^y: "):
        ce.forward(z, np.zeros((3, 3)))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", ["mse", "bce", "cross_entropy"])
def test_float32_stays_float32(name, dtype):
    y_hat = RNG.uniform(0.1, 0.9, size=(6, 3)).astype(dtype)
    y = np.array([0, 1, 2, 0, 1, 2]) if name == "cross_entropy" else RNG.uniform(0, 1, size=(6, 3))  # float64 y
    value, grad = losses.get(name).value_and_grad(y_hat, y)
    assert grad.dtype == dtype
    assert isinstance(value, float)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 6), st.integers(2, 5), st.integers(0, 2**32 - 1), st.floats(0.01, 100))
def test_losses_are_non_negative_and_zero_when_perfect(n, k, seed, scale):
    rng = np.random.default_rng(seed)
    y_hat = rng.normal(size=(n, k)) * scale
    assert losses.MSE().forward(y_hat, rng.normal(size=(n, k))) >= 0
    assert losses.MSE().forward(y_hat, y_hat.copy()) == 0
    p = rng.uniform(0, 1, size=(n, k))
    assert losses.BCE().forward(p, rng.uniform(0, 1, size=(n, k))) >= 0
    labels = rng.integers(0, k, size=n)
    assert losses.CrossEntropy().forward(y_hat, labels) >= 0
    # gradient rows of softmax-CE sum to zero: probabilities minus one-hot
    np.testing.assert_allclose(losses.CrossEntropy().backward(y_hat, labels).sum(axis=1), 0, atol=1e-12)


def test_against_torch():
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    z = RNG.normal(size=(6, 4))
    c = RNG.integers(0, 4, size=6)
    p = RNG.uniform(0.01, 0.99, size=(6, 4))
    t = RNG.uniform(0, 1, size=(6, 4))
    cases = [
        (losses.MSE(), z, t, lambda a, b: F.mse_loss(a, b)),
        (losses.BCE(), p, t, lambda a, b: F.binary_cross_entropy(a, b)),
        (losses.CrossEntropy(), z, c, lambda a, b: F.cross_entropy(a, b)),
        (losses.CrossEntropy(), z, t, lambda a, b: F.cross_entropy(a, b)),
    ]
    for loss, y_hat, y, tf in cases:
        yt = torch.tensor(y_hat, requires_grad=True)
        out = tf(yt, torch.tensor(y))
        out.backward()
        value, grad = loss.value_and_grad(y_hat, y)
        assert value == pytest.approx(out.item(), rel=1e-12)
        np.testing.assert_allclose(grad, yt.grad.numpy(), rtol=1e-10, atol=1e-15)
    # BCE at exactly 0 and 1: same clamped value and finite gradient as torch
    y_hat = np.array([[0.0], [1.0], [0.3]])
    y = np.array([[1.0], [1.0], [0.0]])
    yt = torch.tensor(y_hat, requires_grad=True)
    out = F.binary_cross_entropy(yt, torch.tensor(y))
    out.backward()
    value, grad = losses.BCE().value_and_grad(y_hat, y)
    assert value == pytest.approx(out.item(), rel=1e-12)
    np.testing.assert_allclose(grad, yt.grad.numpy(), rtol=1e-10)


@pytest.mark.parametrize("n, k", [(5, 3), (200, 10), (300, 40)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_cross_entropy_fast_row_reductions_agree_with_the_plain_formula(n, k, dtype):
    """Many rows and few classes take a column-by-column max and a BLAS row sum."""
    rng = np.random.default_rng(n)
    z = (rng.normal(size=(n, k)) * 30).astype(dtype)
    c = rng.integers(0, k, n)
    z64 = z.astype(np.float64)
    lse = np.log(np.exp(z64 - z64.max(1, keepdims=True)).sum(1)) + z64.max(1)
    expected = np.mean(lse - z64[np.arange(n), c])
    p = np.exp(z64 - lse[:, None])
    value, grad = losses.CrossEntropy().value_and_grad(z, c)
    tol = 1e-12 if dtype == np.float64 else 2e-5
    assert value == pytest.approx(expected, rel=tol)
    np.testing.assert_allclose(grad, (p - np.eye(k)[c]) / n, rtol=tol * 10, atol=tol / n)
    assert grad.dtype == dtype


@pytest.mark.parametrize("name", ["mse", "bce", "cross_entropy"])
def test_float16_predictions_are_rejected(name):
    y_hat = np.full((4, 2), 0.5, dtype=np.float16)
    y = np.zeros((4, 2))
    loss = losses.get(name)
    for method in (loss.forward, loss.backward, loss.value_and_grad):
        with pytest.raises(TypeError, match="^y_hat: "):
            method(y_hat, y)


def test_float32_stays_float32_and_bce_clamp_is_finite():
    y_hat = np.array([[0.0], [1.0], [0.5]], dtype=np.float32)
    y = np.array([[1.0], [0.0], [1.0]])
    value, grad = losses.get("bce").value_and_grad(y_hat, y)
    assert np.isfinite(value) and grad.dtype == np.float32 and np.isfinite(grad).all()
