"""Optimizers (优化算法): gradient descent and its refinements (chapters 2.4 and 3.4).

Every optimizer has ``step(params, grads)``, which updates the arrays in
``params`` in place from the matching ``grads`` (lists in the same order, e.g.
``model.params`` and ``model.grads``), and ``reset()``, which forgets its
state. The state (velocities, running averages, the step count t) belongs to
the optimizer, stored by parameter *position*: ``state[i]`` goes with
``params[i]``. Use one optimizer per model, or ``reset()`` between runs.

The update rules and defaults are exactly those of ``torch.optim`` (with
dampening 0, RMSprop uncentered and without momentum), so the same gradients
give the same numbers. With g the gradient, p the parameter, t = 1, 2, ... the
step count and lr the learning rate:

weight decay (all optimizers, L2 style, as torch):  g <- g + weight_decay * p

GD / SGD (``torch.optim.SGD``, momentum 0):
    p <- p - lr * g
Momentum (``torch.optim.SGD`` with momentum mu, dampening 0):
    b <- g                      at t = 1
    b <- mu * b + g             at t > 1
    p <- p - lr * b             (nesterov=False)
    p <- p - lr * (g + mu * b)  (nesterov=True)
RMSprop (``torch.optim.RMSprop``, centered=False, momentum=0):
    s <- alpha * s + (1 - alpha) * g^2        (s starts at 0)
    p <- p - lr * g / (sqrt(s) + eps)         (eps added after the square root)
Adam (``torch.optim.Adam``, amsgrad=False):
    m <- beta1 * m + (1 - beta1) * g          (m, v start at 0)
    v <- beta2 * v + (1 - beta2) * g^2
    p <- p - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)

GD and SGD are the same rule: they differ in the batch size ``dl.train`` is given
(the whole data set for GD, small random minibatches for SGD).

Default learning rates are torch's: 1e-3 for GD/SGD/Momentum/Adam, 1e-2 for RMSprop.
"""

from __future__ import annotations

import math

import numpy as np

from . import _checks as C

__all__ = ["Optimizer", "GD", "SGD", "Momentum", "RMSprop", "Adam", "get", "names"]


def _flat_base(arrays):
    """If ``arrays`` are consecutive C-contiguous views that exactly tile one flat
    buffer, return that buffer; else None. (``MLP`` stores its weights this way.)"""
    base = arrays[0].base
    if not isinstance(base, np.ndarray) or base.ndim != 1 or not base.flags.c_contiguous:
        return None
    address = base.__array_interface__["data"][0]
    size = 0
    for a in arrays:
        if a.base is not base or a.dtype != base.dtype or not a.flags.c_contiguous:
            return None
        if a.__array_interface__["data"][0] != address + size * base.itemsize:
            return None
        size += a.size
    return base if size == base.size else None


class Optimizer:
    """Base class: keeps the state and validation; subclasses write ``_update``."""

    name = "optimizer"
    default_lr = 1e-3
    _n_buffers = 0  # state arrays per parameter (velocity, averages, ...)
    _buffer_names: tuple = ()

    def __init__(self, lr=None, weight_decay=0.0):
        self.lr = C.check_positive(self.default_lr if lr is None else lr, "lr")
        self.weight_decay = C.check_positive(weight_decay, "weight_decay", allow_zero=True)
        self.reset()

    def reset(self) -> None:
        """Forget all state: the next ``step`` behaves like the first one."""
        self.t = 0
        self._shapes = None
        self._dtype = None
        self._flat_state = []   # one flat buffer per state kind
        self._views = []        # per position: tuple of state views
        self._tmp = None
        self._tmp_views = []
        self._cache = None      # (params, grads, flat P or None, flat G or None)

    @property
    def state(self) -> list[dict]:
        """Per parameter position, a dict of the optimizer's state arrays (empty before the first step)."""
        return [dict(zip(self._buffer_names, views)) for views in self._views]

    # -- validation ------------------------------------------------------------
    def _validate(self, params, grads):
        for arg, seq in (("params", params), ("grads", grads)):
            if isinstance(seq, np.ndarray) or not isinstance(seq, (list, tuple)):
                raise TypeError(f"{arg}: expected a list of arrays such as model.{arg}, got {C.describe(seq)}")
        if len(params) != len(grads):
            raise ValueError(f"params and grads: expected lists of the same length, got {len(params)} and {len(grads)}")
        if len(params) == 0:
            raise ValueError("params: expected at least one array, got an empty list")
        dtype = None
        for i, (p, g) in enumerate(zip(params, grads)):
            if not isinstance(p, np.ndarray):
                raise TypeError(f"params[{i}]: expected a NumPy array (updated in place), got {C.describe(p)}")
            if not isinstance(g, np.ndarray):
                raise TypeError(f"grads[{i}]: expected a NumPy array, got {C.describe(g)}")
            if p.dtype not in C.FLOAT_DTYPES:
                raise TypeError(f"params[{i}]: expected dtype float32 or float64, got {p.dtype}")
            if not p.flags.writeable:
                raise ValueError(f"params[{i}]: expected a writeable array (it is updated in place)")
            if g.shape != p.shape:
                raise ValueError(f"params[{i}] and grads[{i}]: expected the same shape, got {p.shape} and {g.shape}")
            if g.dtype != p.dtype:
                raise TypeError(f"grads[{i}]: expected dtype {p.dtype} like params[{i}], got {g.dtype}")
            if dtype is None:
                dtype = p.dtype
            elif p.dtype != dtype:
                raise TypeError(f"params[{i}]: expected every parameter to have dtype {dtype}, got {p.dtype}")
        for i, p in enumerate(params):
            for j in range(i):
                if np.may_share_memory(p, params[j]):
                    raise ValueError(f"params[{j}] and params[{i}]: expected separate arrays, but they share "
                                     "memory (each would be updated twice)")
        shapes = [p.shape for p in params]
        if self._shapes is not None and (shapes != self._shapes or dtype != self._dtype):
            raise ValueError(
                f"params: this optimizer's state belongs to parameters with shapes {self._shapes} "
                f"and dtype {self._dtype}, got shapes {shapes} and dtype {dtype}; call reset() first "
                "(or use one optimizer per model)"
            )
        return shapes, dtype

    def _allocate(self, shapes, dtype):
        sizes = [int(np.prod(s)) for s in shapes]
        total = sum(sizes)
        self._shapes, self._dtype = shapes, dtype
        self._flat_state = [np.zeros(total, dtype=dtype) for _ in range(self._n_buffers)]
        self._tmp = np.empty(total, dtype=dtype)
        self._views, self._tmp_views = [], []
        o = 0
        for shape, size in zip(shapes, sizes):
            self._views.append(tuple(buf[o:o + size].reshape(shape) for buf in self._flat_state))
            self._tmp_views.append(self._tmp[o:o + size].reshape(shape))
            o += size

    # -- the step ----------------------------------------------------------------
    def step(self, params, grads) -> None:
        """Update every ``params[i]`` in place from ``grads[i]``. Nothing changes if an error is raised."""
        cache = self._cache
        hit = (
            cache is not None
            and isinstance(params, list) and isinstance(grads, list)
            and len(params) == len(cache[0]) and len(grads) == len(cache[1])
            and all(a is b for a, b in zip(params, cache[0]))
            and all(a is b for a, b in zip(grads, cache[1]))
        )
        if not hit:
            shapes, dtype = self._validate(params, grads)
            if self._shapes is None:
                self._allocate(shapes, dtype)
            P, G = _flat_base(params), _flat_base(grads)
            if P is None or G is None or P.size != G.size:
                P = G = None
            cache = self._cache = (list(params), list(grads), P, G)
        self.t += 1
        P, G = cache[2], cache[3]
        if P is not None:
            self._step_array(P, G, self._flat_state, self._tmp)
        else:
            for p, g, views, tmp in zip(params, grads, self._views, self._tmp_views):
                self._step_array(p, g, views, tmp)

    def _step_array(self, p, g, state, tmp):
        if self.weight_decay:
            g = g + self.weight_decay * p
        self._update(p, g, state, tmp)

    def _update(self, p, g, state, tmp):  # pragma: no cover - abstract
        raise NotImplementedError

    def _hyper(self) -> dict:
        return {"lr": self.lr}

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self._hyper().items())
        if self.weight_decay:
            args += f", weight_decay={self.weight_decay!r}"
        return f"{type(self).__name__}({args})"


class SGD(Optimizer):
    """Stochastic gradient descent (随机梯度下降), ``torch.optim.SGD`` with dampening 0.

    p <- p - lr * g; with momentum mu > 0: b <- g (first step), b <- mu b + g, p <- p - lr b
    (nesterov: p <- p - lr (g + mu b)).
    """

    name = "sgd"

    def __init__(self, lr=None, momentum=0.0, nesterov=False, weight_decay=0.0):
        self.momentum = C.check_in_range(momentum, "momentum", 0.0, 1.0)
        if not isinstance(nesterov, (bool, np.bool_)):
            raise TypeError(f"nesterov: expected True or False, got {C.describe(nesterov)}")
        if nesterov and self.momentum == 0:
            raise ValueError("nesterov: Nesterov momentum needs momentum > 0, got momentum=0")
        self.nesterov = bool(nesterov)
        self._n_buffers = 1 if self.momentum else 0
        self._buffer_names = ("velocity",) if self.momentum else ()
        super().__init__(lr, weight_decay)

    def _update(self, p, g, state, tmp):
        mu = self.momentum
        if not mu:
            np.multiply(g, self.lr, out=tmp)
            p -= tmp
            return
        (b,) = state
        if self.t == 1:
            b[...] = g
        else:
            b *= mu
            b += g
        if self.nesterov:
            np.multiply(b, mu, out=tmp)
            tmp += g
            tmp *= self.lr
        else:
            np.multiply(b, self.lr, out=tmp)
        p -= tmp

    def _hyper(self):
        h = {"lr": self.lr}
        if self.momentum or isinstance(self, Momentum):
            h["momentum"] = self.momentum
        if self.nesterov:
            h["nesterov"] = True
        return h


class GD(SGD):
    """Gradient descent (梯度下降): p <- p - lr * g. The same rule as SGD; ``dl.train``
    with ``batch_size=None`` uses the whole data set for every step."""

    name = "gd"


class Momentum(SGD):
    """SGD with momentum (动量), ``torch.optim.SGD(lr, momentum=0.9)``:
    b <- g at the first step, then b <- mu b + g; p <- p - lr b (nesterov: p <- p - lr (g + mu b))."""

    name = "momentum"

    def __init__(self, lr=None, momentum=0.9, nesterov=False, weight_decay=0.0):
        super().__init__(lr, momentum, nesterov, weight_decay)
        if self.momentum == 0:
            raise ValueError("momentum: expected a number in (0, 1) for Momentum, got 0 (use SGD)")


class RMSprop(Optimizer):
    """RMSprop, ``torch.optim.RMSprop`` (centered=False, momentum=0):
    s <- alpha s + (1 - alpha) g^2;  p <- p - lr g / (sqrt(s) + eps)."""

    name = "rmsprop"
    default_lr = 1e-2
    _n_buffers = 1
    _buffer_names = ("square_avg",)

    def __init__(self, lr=None, alpha=0.99, eps=1e-8, weight_decay=0.0):
        self.alpha = C.check_in_range(alpha, "alpha", 0.0, 1.0)
        self.eps = C.check_positive(eps, "eps", allow_zero=True)
        super().__init__(lr, weight_decay)

    def _update(self, p, g, state, tmp):
        (s,) = state
        s *= self.alpha
        np.multiply(g, g, out=tmp)
        tmp *= 1 - self.alpha
        s += tmp
        np.sqrt(s, out=tmp)
        tmp += self.eps
        np.divide(g, tmp, out=tmp)
        tmp *= self.lr
        p -= tmp

    def _hyper(self):
        return {"lr": self.lr, "alpha": self.alpha, "eps": self.eps}


class Adam(Optimizer):
    """Adam, ``torch.optim.Adam`` (amsgrad=False), with bias correction:
    m <- b1 m + (1 - b1) g;  v <- b2 v + (1 - b2) g^2;
    p <- p - lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)."""

    name = "adam"
    _n_buffers = 2
    _buffer_names = ("m", "v")

    def __init__(self, lr=None, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise TypeError(f"betas: expected a pair (beta1, beta2) such as (0.9, 0.999), got {C.describe(betas)}")
        self.betas = (C.check_in_range(betas[0], "betas[0]", 0.0, 1.0),
                      C.check_in_range(betas[1], "betas[1]", 0.0, 1.0))
        self.eps = C.check_positive(eps, "eps", allow_zero=True)
        super().__init__(lr, weight_decay)

    def _update(self, p, g, state, tmp):
        m, v = state
        b1, b2 = self.betas
        # m <- m + (1 - b1)(g - m), which is b1 m + (1 - b1) g written as torch's lerp does
        np.subtract(g, m, out=tmp)
        tmp *= 1 - b1
        m += tmp
        # v <- b2 v + (1 - b2) g^2
        v *= b2
        np.multiply(g, g, out=tmp)
        tmp *= 1 - b2
        v += tmp
        # p <- p - step_size * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
        step_size = self.lr / (1 - b1 ** self.t)
        np.sqrt(v, out=tmp)
        tmp /= math.sqrt(1 - b2 ** self.t)
        tmp += self.eps
        np.divide(m, tmp, out=tmp)
        tmp *= step_size
        p -= tmp

    def _hyper(self):
        return {"lr": self.lr, "betas": self.betas, "eps": self.eps}


_REGISTRY = {"gd": GD, "sgd": SGD, "momentum": Momentum, "rmsprop": RMSprop, "adam": Adam}


def names() -> list[str]:
    """The optimizer names ``get`` accepts."""
    return list(_REGISTRY)


def get(name, **hyper) -> Optimizer:
    """A new optimizer called ``name`` (one of ``names()``) with hyperparameters ``hyper``,
    e.g. ``get("adam", lr=0.01)``. An optimizer object is returned as is (``hyper`` must be empty)."""
    if isinstance(name, Optimizer):
        if hyper:
            raise TypeError(f"hyper: an optimizer object was given, so no hyperparameters are expected, got {sorted(hyper)}")
        return name
    cls = _REGISTRY[C.check_name(name, _REGISTRY, "optimizer", "optimizer")]
    return cls(**hyper)
