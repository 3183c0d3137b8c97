"""The fast path of ``dl.train``: one training step, fused, on preallocated arrays.

Nothing here is new mathematics. ``Trainer.step`` computes what the readable
path computes,

    y_hat = model.forward(Xb)
    value, d_y_hat = loss.value_and_grad(y_hat, yb)
    model.backward(d_y_hat)
    optimizer.step(model.params, model.grads)

with the same formulas, written for speed instead of for reading
(``tests/test_train.py`` checks that both give the same numbers):

- all weights, gradients and optimizer state live in one flat buffer each, so an
  optimizer update is a dozen in-place NumPy calls for the whole model;
- the batch's rows are gathered into a buffer, and matrix products write into arrays,
  allocated once per batch size (``out=``);
  ReLU multiplies z in place by its mask ``z > 0``, and its backward by the same mask;
- softmax + cross-entropy are fused (the gradient is ``(softmax(z) - one_hot(c)) / n``),
  and so are sigmoid + BCE (``delta = (y_hat - y) / N``, which the readable path reaches
  through the loss's clamped gradient times the sigmoid's slope);
- db summed by BLAS in blocks of 256 rows, the blocks added in float64 (the readable
  ``Dense.backward`` sums in float64; both are accurate to about 1e-7 in float32);
- no dL/dX for the first layer (training never uses it); nothing is validated
  (``train`` checked everything before the first step).

The model and the optimizer are not touched during an epoch; ``sync()`` writes the
weights, gradients, step count and state back (``train`` calls it after every epoch).
"""

from __future__ import annotations

import numpy as np

from . import losses as _losses
from . import optim as _optim

__all__ = ["Trainer"]

_RULES = (_optim.GD, _optim.SGD, _optim.Momentum, _optim.RMSprop, _optim.Adam)


class Trainer:
    """``step(X, y, rows) -> loss value`` for ``model``, ``loss`` and ``optimizer`` (all checked by ``train``)."""

    def __init__(self, model, loss, optimizer):
        self.model, self.loss, self.opt = model, loss, optimizer
        self.dtype = model.dtype
        self.sizes = model.sizes
        self.fns = [act.fn for act in model.layers[1::2]]
        self.fused_bce = isinstance(loss, _losses.BCE)  # train checked: the output is a sigmoid
        self.ce = isinstance(loss, _losses.CrossEntropy)
        shapes = [p.shape for p in model.params]
        sizes = [int(np.prod(s)) for s in shapes]
        total = sum(sizes)
        self.P = np.concatenate([p.ravel() for p in model.params]).astype(self.dtype)
        self.G = np.zeros(total, dtype=self.dtype)
        self.params = _views(self.P, shapes, sizes)
        self.grads = _views(self.G, shapes, sizes)
        self.W, self.b = self.params[0::2], self.params[1::2]
        self.dW, self.db = self.grads[0::2], self.grads[1::2]
        self.flat = type(optimizer) in _RULES
        self.tmp = np.empty(total, dtype=self.dtype)
        self.tmp2 = np.empty(total, dtype=self.dtype)
        self.state = {}
        if self.flat:
            keys = list(optimizer.new_state(model.params[0]))
            for key in keys:
                buf = np.zeros(total, dtype=self.dtype)
                for view, st in zip(_views(buf, shapes, sizes), optimizer.state):
                    view[...] = st[key]
                self.state[key] = buf
        self.buffers = {}
        self.ones = np.ones(self.sizes[-1], dtype=self.dtype)
        self.block_ones = np.ones(_BLOCK, dtype=self.dtype)
        self.sum64 = [np.empty(m) for m in self.sizes[1:]]

    # -- the step ------------------------------------------------------------------
    def step(self, X, y, rows=None):
        """One forward, backward and update on the batch ``X[rows], y[rows]`` (all of X if
        ``rows`` is None); returns the batch loss (a float). If the loss is not finite
        nothing is updated (``train`` then stops)."""
        n = len(X) if rows is None else len(rows)
        Z, D, M, Xb, _ = self._buffers(n, X.shape[1])
        if rows is None:
            Xb, yb = X, y
        else:  # gathered into a buffer that stays in the cache for the products below
            Xb, yb = np.take(X, rows, axis=0, out=Xb), y[rows]
        L = len(self.W)
        # forward: z_l = a_{l-1} W_l + b_l, a_l = f_l(z_l)
        acts = [Xb]
        zs = []
        for l in range(L):
            z = np.matmul(acts[-1], self.W[l], out=Z[l])
            z += self.b[l]
            zs.append(z)
            name = self.fns[l].name
            if name == "relu":
                mask = np.greater(z, 0, out=M[l])     # f'(z), kept for backward
                acts.append(np.multiply(z, mask, out=z))
            elif name == "identity":
                acts.append(z)
            else:
                acts.append(self.fns[l].forward(z))
        y_hat = acts[-1]
        self.y_hat = y_hat
        value, delta = self._loss(y_hat, yb, zs[-1])
        if not np.isfinite(value):
            return value
        # backward: dW_l = a_{l-1}^T delta_l, db_l = sum of rows, delta_{l-1} = (delta_l W_l^T) * f'(z_{l-1})
        for l in range(L - 1, -1, -1):
            np.matmul(acts[l].T, delta, out=self.dW[l])
            self.db[l][...] = _column_sums(delta, self.sum64[l], self.block_ones)
            if l == 0:
                break
            d_a = np.matmul(delta, self.W[l].T, out=D[l])
            name = self.fns[l - 1].name
            if name == "relu":
                delta = np.multiply(d_a, M[l - 1], out=d_a)
            elif name == "identity":
                delta = d_a
            else:
                delta = self.fns[l - 1].backward(d_a, zs[l - 1], acts[l])
        self._update()
        return value

    def _loss(self, y_hat, y, z):
        """The batch loss and delta_L = dL/dz_L (through the output activation)."""
        if self.ce:
            return _cross_entropy(y_hat, y, self.buffers[len(y)][4], self.ones)
        if not np.isfinite(y_hat).all():  # diverged: the losses accept finite predictions only
            return float("nan"), None
        if self.fused_bce:
            value = self.loss.forward(y_hat, y)
            return value, (y_hat - y) / y_hat.size
        value, d_y_hat = self.loss.value_and_grad(y_hat, y)
        out = self.fns[-1]
        return value, d_y_hat if out.name == "identity" else out.backward(d_y_hat, z, y_hat)

    def _update(self):
        """The optimizer's rule on the flat buffers, operation by operation as in ``optim``."""
        opt = self.opt
        if not self.flat:
            opt.step(self.params, self.grads)
            return
        opt.t += 1
        P, g, tmp, tmp2, state = self.P, self.G, self.tmp, self.tmp2, self.state
        if opt.weight_decay:
            g = g + opt.weight_decay * P
        if opt.l1:
            g = g + opt.l1 * np.sign(P)
        if isinstance(opt, _optim.GD):                      # theta -= lr g
            np.multiply(g, opt.lr, out=tmp)
        elif isinstance(opt, _optim.Momentum):              # b = g | mu b + g; theta -= lr (b | g + mu b)
            b = state["velocity"]
            if opt.t == 1:
                b[...] = g
            else:
                b *= opt.momentum
                b += g
            if opt.nesterov:
                np.multiply(b, opt.momentum, out=tmp)
                tmp += g
                tmp *= opt.lr
            else:
                np.multiply(b, opt.lr, out=tmp)
        elif isinstance(opt, _optim.RMSprop):               # s = alpha s + (1 - alpha) g g
            s = state["square_avg"]
            s *= opt.alpha
            np.multiply(g, 1 - opt.alpha, out=tmp)
            tmp *= g
            s += tmp
            np.sqrt(s, out=tmp2)                            # theta -= lr g / (sqrt(s) + eps)
            tmp2 += opt.eps
            np.multiply(g, opt.lr, out=tmp)
            tmp /= tmp2
        else:                                               # Adam
            m, v = state["m"], state["v"]
            beta1, beta2 = opt.betas
            np.subtract(g, m, out=tmp)                      # m = m + (1 - beta1) (g - m)
            tmp *= 1 - beta1
            m += tmp
            v *= beta2                                      # v = beta2 v + (1 - beta2) g g
            np.multiply(g, 1 - beta2, out=tmp)
            tmp *= g
            v += tmp
            np.divide(v, 1 - beta2**opt.t, out=tmp2)        # v_hat
            np.sqrt(tmp2, out=tmp2)
            tmp2 += opt.eps
            np.divide(m, 1 - beta1**opt.t, out=tmp)         # m_hat
            tmp *= opt.lr
            tmp /= tmp2
        P -= tmp

    def _buffers(self, n, d):
        if n not in self.buffers:
            if len(self.buffers) > 4:
                self.buffers.clear()
            Z = [np.empty((n, m), dtype=self.dtype) for m in self.sizes[1:]]
            D = [None] + [np.empty((n, m), dtype=self.dtype) for m in self.sizes[1:-1]]
            M = [np.empty((n, m), dtype=bool) for m in self.sizes[1:]]
            self.buffers[n] = (Z, D, M, np.empty((n, d), dtype=self.dtype), np.arange(n))
        return self.buffers[n]

    # -- back to the model and the optimizer ---------------------------------------
    def params_finite(self) -> bool:
        return bool(np.isfinite(self.P).all())

    def sync(self) -> None:
        """Write weights and gradients into the model, and the state into the optimizer."""
        for mine, theirs in ((self.params, self.model.params), (self.grads, self.model.grads)):
            for a, b in zip(mine, theirs):
                b[...] = a
        if self.flat and self.state:
            if not self.opt.state:
                self.opt.state = [self.opt.new_state(p) for p in self.model.params]
            for key, buf in self.state.items():
                for view, st in zip(_views(buf, [p.shape for p in self.params], [p.size for p in self.params]),
                                    self.opt.state):
                    st[key][...] = view


_BLOCK = 256  # rows per BLAS column sum


def _column_sums(delta, out, ones):
    """db = delta.sum(axis=0) as BLAS products ones @ delta over blocks of 256 rows, the
    blocks added in float64: about 1e-7 relative in float32 at any batch size (a plain
    float32 sum over 100,000 rows is off by 1e-5), four times faster than a float64 sum."""
    out[...] = 0.0
    for s in range(0, len(delta), _BLOCK):
        block = delta[s:s + _BLOCK]
        out += ones[:len(block)] @ block
    return out


def _views(flat, shapes, sizes):
    out, o = [], 0
    for shape, size in zip(shapes, sizes):
        out.append(flat[o:o + size].reshape(shape))
        o += size
    return out


def _cross_entropy(z, y, rows, ones):
    """Softmax cross-entropy and its gradient (softmax(z) * sum_j y_j - y) / n, fused;
    ``rows`` is ``arange(n)`` and ``ones`` a vector of k ones."""
    n, k = z.shape
    shifted = z - _row_max(z)
    e = np.exp(shifted)
    s = (e @ ones)[:, None]  # row sums: a matrix-vector product is faster
    if y.ndim == 1:
        value = float((np.log(s).sum() - shifted[rows, y].sum()) / n)
        e /= s
        e[rows, y] -= 1
    else:
        value = float(-np.vdot(y, shifted - np.log(s)) / n)
        e /= s
        e *= y.sum(axis=1, keepdims=True)
        e -= y
    e *= 1 / n
    return value, e


def _row_max(z):
    """z.max(axis=1, keepdims=True); NumPy reduces a short last axis slowly, so for many
    rows and few classes the maximum is taken column by column."""
    n, k = z.shape
    if n < 128 or k > 32:
        return z.max(axis=1, keepdims=True)
    m = z[:, 0].copy()
    for j in range(1, k):
        np.maximum(m, z[:, j], out=m)
    return m[:, None]
