"""Optimizers (优化算法): gradient descent and its refinements (chapters 2.4 and 3.4).

Every optimizer has ``step(params, grads)``, which updates the arrays in
``params`` in place from the matching ``grads`` (lists in the same order, e.g.
``model.params`` and ``model.grads``), and ``reset()``, which forgets its
state. The state (velocities, running averages) belongs to the optimizer,
stored by parameter *position*: ``state[i]`` goes with ``params[i]``; ``t``
counts the steps. Use one optimizer per model, or ``reset()`` between runs.

The rules and defaults are exactly those of ``torch.optim`` (SGD with dampening
0, RMSprop uncentered and without momentum, Adam without amsgrad), so the same
gradients give the same numbers. With theta a parameter, g its gradient, eta the
learning rate ``lr`` and t = 1, 2, ... the step count:

    weight decay (every optimizer, L2 style as torch):  g <- g + weight_decay * theta
    L1 (every optimizer, dlcore's addition):            g <- g + l1 * sign(theta)

    GD, SGD    theta <- theta - eta g
    Momentum   b <- g (t = 1),  b <- mu b + g (t > 1);   theta <- theta - eta b
               (nesterov: theta <- theta - eta (g + mu b))
    RMSprop    s <- alpha s + (1 - alpha) g^2;           theta <- theta - eta g / (sqrt(s) + eps)
    Adam       m <- beta1 m + (1 - beta1) g,   v <- beta2 v + (1 - beta2) g^2
               m_hat = m / (1 - beta1^t),      v_hat = v / (1 - beta2^t)
               theta <- theta - eta m_hat / (sqrt(v_hat) + eps)

GD and SGD are the same rule: they differ in the batch size ``dl.train`` is given
(the whole data set for GD, small random minibatches for SGD). Default learning
rates are torch's: 1e-3 for GD/SGD/Momentum/Adam, 1e-2 for RMSprop.

``l1`` is the gradient of the L1 penalty l1 * sum |theta| (``dl.regularization``),
added the way ``weight_decay`` adds the L2 penalty's gradient; sign(0) = 0, so a
weight at exactly 0 is left there. torch.optim has no such argument: there one
adds ``l1 * sum(|theta|)`` to the loss, which gives the same gradient.

Hyperparameters are checked whenever they are set, also after construction
(``opt.lr = -1`` raises), and ``step`` checks its arguments on every call.
"""

from __future__ import annotations

import numpy as np

from . import _checks as C

__all__ = ["Optimizer", "GD", "SGD", "Momentum", "RMSprop", "Adam", "get", "names"]


def _beta(value, arg):
    return C.check_in_range(value, arg, 0.0, 1.0)


class Optimizer:
    """Base class: the step loop and its checks. A subclass writes its rule in ``update``."""

    name = "optimizer"
    default_lr = 1e-3
    lr = C.Checked(C.check_positive)
    weight_decay = C.Checked(C.check_positive, allow_zero=True)
    l1 = C.Checked(C.check_positive, allow_zero=True)

    def __init__(self, lr=None, weight_decay=0.0, l1=0.0):
        self.lr = self.default_lr if lr is None else lr
        self.weight_decay = weight_decay
        self.l1 = l1
        self.reset()

    def reset(self) -> None:
        """Forget all state: the next ``step`` behaves like the first one."""
        self.t = 0
        self.state: list[dict] = []

    def new_state(self, theta: np.ndarray) -> dict:
        """The state of one parameter before its first step (zeros shaped like it)."""
        return {}

    def update(self, theta: np.ndarray, g: np.ndarray, state: dict) -> None:
        """The rule for one parameter: change ``theta`` (and ``state``) in place."""
        raise NotImplementedError

    def step(self, params, grads) -> None:
        """Update every ``params[i]`` in place from ``grads[i]``.
        Nothing changes if an error is raised."""
        check_step(params, grads, self.state)
        if not self.state:
            self.state = [self.new_state(theta) for theta in params]
        self.t += 1
        for theta, g, state in zip(params, grads, self.state):
            if self.weight_decay:
                g = g + self.weight_decay * theta
            if self.l1:
                g = g + self.l1 * np.sign(theta)
            self.update(theta, g, state)

    def hyperparameters(self) -> dict:
        """The hyperparameters, as keyword arguments of the constructor."""
        return {"lr": self.lr}

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.hyperparameters().items())
        if self.weight_decay:
            args += f", weight_decay={self.weight_decay!r}"
        if self.l1:
            args += f", l1={self.l1!r}"
        return f"{type(self).__name__}({args})"


class GD(Optimizer):
    """Gradient descent (梯度下降), ``torch.optim.SGD`` without momentum: theta <- theta - eta g.
    ``dl.train`` with ``batch_size=None`` uses the whole data set for every step."""

    name = "gd"

    def update(self, theta, g, state):
        theta -= self.lr * g


class SGD(GD):
    """Stochastic gradient descent (随机梯度下降): GD's rule, theta <- theta - eta g, on
    small random minibatches (``dl.train(..., batch_size=32)``)."""

    name = "sgd"


class Momentum(Optimizer):
    """SGD with momentum (动量), ``torch.optim.SGD(lr, momentum=0.9)`` with dampening 0:
    b <- g at the first step, then b <- mu b + g; theta <- theta - eta b
    (nesterov: theta <- theta - eta (g + mu b)). ``momentum`` mu in (0, 1)."""

    name = "momentum"
    momentum = C.Checked(C.check_in_range, low=0.0, high=1.0, low_open=True)
    nesterov = C.Checked(C.check_bool)

    def __init__(self, lr=None, momentum=0.9, nesterov=False, weight_decay=0.0, l1=0.0):
        self.momentum = momentum
        self.nesterov = nesterov
        super().__init__(lr, weight_decay, l1)

    def new_state(self, theta):
        return {"velocity": np.zeros_like(theta)}

    def update(self, theta, g, state):
        b, mu = state["velocity"], self.momentum
        b[...] = g if self.t == 1 else mu * b + g
        theta -= self.lr * (g + mu * b if self.nesterov else b)

    def hyperparameters(self):
        h = {"lr": self.lr, "momentum": self.momentum}
        if self.nesterov:
            h["nesterov"] = True
        return h


class RMSprop(Optimizer):
    """RMSprop, ``torch.optim.RMSprop`` (centered=False, momentum=0):
    s <- alpha s + (1 - alpha) g^2;  theta <- theta - eta g / (sqrt(s) + eps)."""

    name = "rmsprop"
    default_lr = 1e-2
    alpha = C.Checked(C.check_in_range, low=0.0, high=1.0)
    eps = C.Checked(C.check_positive, allow_zero=True)

    def __init__(self, lr=None, alpha=0.99, eps=1e-8, weight_decay=0.0, l1=0.0):
        self.alpha = alpha
        self.eps = eps
        super().__init__(lr, weight_decay, l1)

    def new_state(self, theta):
        return {"square_avg": np.zeros_like(theta)}

    def update(self, theta, g, state):
        s, alpha = state["square_avg"], self.alpha
        s[...] = alpha * s + (1 - alpha) * g * g
        theta -= self.lr * g / (np.sqrt(s) + self.eps)

    def hyperparameters(self):
        return {"lr": self.lr, "alpha": self.alpha, "eps": self.eps}


class Adam(Optimizer):
    """Adam, ``torch.optim.Adam`` (amsgrad=False), with bias correction:
    m <- beta1 m + (1 - beta1) g;  v <- beta2 v + (1 - beta2) g^2;
    m_hat = m / (1 - beta1^t);  v_hat = v / (1 - beta2^t);
    theta <- theta - eta m_hat / (sqrt(v_hat) + eps)."""

    name = "adam"
    eps = C.Checked(C.check_positive, allow_zero=True)

    def __init__(self, lr=None, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, l1=0.0):
        self.betas = betas
        self.eps = eps
        super().__init__(lr, weight_decay, l1)

    @property
    def betas(self) -> tuple[float, float]:
        """(beta1, beta2), each in [0, 1)."""
        return self._betas

    @betas.setter
    def betas(self, betas):
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise TypeError(f"betas: expected a pair (beta1, beta2) such as (0.9, 0.999), got {C.describe(betas)}")
        self._betas = (_beta(betas[0], "betas[0]"), _beta(betas[1], "betas[1]"))

    def new_state(self, theta):
        return {"m": np.zeros_like(theta), "v": np.zeros_like(theta)}

    def update(self, theta, g, state):
        m, v, (beta1, beta2), t = state["m"], state["v"], self.betas, self.t
        # beta1 m + (1 - beta1) g, written as torch's lerp rounds it
        m[...] = m + (1 - beta1) * (g - m)
        v[...] = beta2 * v + (1 - beta2) * g * g
        m_hat = m / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
        theta -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)

    def hyperparameters(self):
        return {"lr": self.lr, "betas": self.betas, "eps": self.eps}


def check_step(params, grads, state) -> None:
    """The checks ``step`` makes on every call: lists of writeable float arrays, paired
    by shape and dtype, no array twice, and matching the optimizer's ``state``."""
    for arg, seq in (("params", params), ("grads", grads)):
        if not isinstance(seq, (list, tuple)):
            raise TypeError(f"{arg}: expected a list of arrays such as model.{arg}, got {C.describe(seq)}")
    if len(params) != len(grads):
        raise ValueError(f"params and grads: expected lists of the same length, got {len(params)} and {len(grads)}")
    if len(params) == 0:
        raise ValueError("params: expected at least one array, got an empty list")
    for i, (p, g) in enumerate(zip(params, grads)):
        if not isinstance(p, np.ndarray):
            raise TypeError(f"params[{i}]: expected a NumPy array (updated in place), got {C.describe(p)}")
        if not isinstance(g, np.ndarray):
            raise TypeError(f"grads[{i}]: expected a NumPy array, got {C.describe(g)}")
        if p.dtype not in C.FLOAT_DTYPES:
            raise TypeError(f"params[{i}]: expected dtype float32 or float64, got {p.dtype}")
        if p.dtype != params[0].dtype:
            raise TypeError(f"params[{i}]: expected dtype {params[0].dtype} like params[0], got {p.dtype}")
        if not p.flags.writeable:
            raise ValueError(f"params[{i}]: expected a writeable array (it is updated in place)")
        if g.shape != p.shape:
            raise ValueError(f"params[{i}] and grads[{i}]: expected the same shape, got {p.shape} and {g.shape}")
        if g.dtype != p.dtype:
            raise TypeError(f"grads[{i}]: expected dtype {p.dtype} like params[{i}], got {g.dtype}")
        for j in range(i):
            if np.may_share_memory(p, params[j]):
                raise ValueError(f"params[{j}] and params[{i}]: expected separate arrays, but they share "
                                 "memory (each would be updated twice)")
    if state:
        want = [(s.shape, s.dtype) for st in state for s in list(st.values())[:1]]
        got = [(p.shape, p.dtype) for p in params]
        if want and want != got:
            raise ValueError(f"params: this optimizer's state belongs to parameters with shapes "
                             f"{[w[0] for w in want]}, got shapes {[g[0] for g in got]}; call reset() first "
                             "(or use one optimizer per model)")


_REGISTRY = {"gd": GD, "sgd": SGD, "momentum": Momentum, "rmsprop": RMSprop, "adam": Adam}


def names() -> list[str]:
    """The optimizer names ``get`` accepts."""
    return list(_REGISTRY)


def get(name, **hyperparameters) -> Optimizer:
    """A new optimizer called ``name`` (one of ``names()``) with ``hyperparameters``,
    e.g. ``get("adam", lr=0.01)``. An optimizer object is returned as is (then no hyperparameters)."""
    if isinstance(name, Optimizer):
        if hyperparameters:
            raise TypeError(f"hyperparameters: an optimizer object was given, so none are expected, "
                            f"got {sorted(hyperparameters)}")
        return name
    return _REGISTRY[C.check_name(name, _REGISTRY, "optimizer", "optimizer")](**hyperparameters)
