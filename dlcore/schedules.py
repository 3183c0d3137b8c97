"""Learning-rate schedules (学习率调度): the learning rate as a function of the epoch
(chapter 3.4).

A schedule answers one question, ``lr_at(epoch)``: which learning rate to use during
that epoch (epochs are numbered from 1, as in ``dl.train``'s History). Pass one to
``dl.train(..., schedule=...)``; before every epoch it sets ``optimizer.lr`` to the
schedule's value and records it in ``history.lr``. With k = epoch - 1 the number of
epochs already done and eta the schedule's ``lr``:

    Constant   eta_k = eta
    StepDecay  eta_k = eta * gamma ** floor(k / step)              (torch StepLR)
    Cosine     eta_k = min_lr + (eta - min_lr) (1 + cos(pi k / epochs)) / 2
                                                     (torch CosineAnnealingLR, SGDR)
    Warmup     a linear ramp from start_factor * eta_1 up to the wrapped schedule's
               eta_1 over ``epochs`` epochs, then the wrapped schedule from its epoch 1
               (torch LinearLR then the wrapped scheduler, Goyal et al. 2017)

The numbers are those of the ``torch.optim.lr_scheduler`` classes named beside them,
stepped once per epoch (``tests/test_torch_reference.py`` compares them).
"""

from __future__ import annotations

import math

from . import _checks as C

__all__ = ["Schedule", "Constant", "StepDecay", "Cosine", "Warmup", "get", "names"]


class Schedule:
    """Base class: ``lr_at(epoch)`` for epoch = 1, 2, ...; ``lrs(epochs)`` lists them."""

    name = "schedule"
    lr = C.Checked(C.check_positive)

    def lr_at(self, epoch: int) -> float:
        """The learning rate during ``epoch`` (from 1)."""
        raise NotImplementedError

    def lrs(self, epochs: int) -> list[float]:
        """``[lr_at(1), ..., lr_at(epochs)]``."""
        epochs = C.check_int(epochs, "epochs")
        return [self.lr_at(e) for e in range(1, epochs + 1)]

    def hyperparameters(self) -> dict:
        """The constructor's keyword arguments."""
        return {"lr": self.lr}

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.hyperparameters().items())
        return f"{type(self).__name__}({args})"


def _epoch(epoch) -> int:
    return C.check_int(epoch, "epoch")


class Constant(Schedule):
    """The same learning rate in every epoch: eta_k = lr."""

    name = "constant"

    def __init__(self, lr):
        self.lr = lr

    def lr_at(self, epoch):
        _epoch(epoch)
        return self.lr


class StepDecay(Schedule):
    """Step decay (阶梯衰减): multiply by ``gamma`` every ``step`` epochs,
    eta_k = lr * gamma ** floor(k / step) with k = epoch - 1."""

    name = "step"
    step = C.Checked(C.check_int)
    gamma = C.Checked(C.check_in_range, low=0.0, high=1.0, low_open=True,
                      high_open=False)

    def __init__(self, lr, step=10, gamma=0.1):
        self.lr, self.step, self.gamma = lr, step, gamma

    def lr_at(self, epoch):
        k = _epoch(epoch) - 1
        return self.lr * self.gamma ** (k // self.step)

    def hyperparameters(self):
        return {"lr": self.lr, "step": self.step, "gamma": self.gamma}


class Cosine(Schedule):
    """Cosine annealing (余弦退火) from ``lr`` down to ``min_lr`` over ``epochs``
    epochs: eta_k = min_lr + (lr - min_lr) (1 + cos(pi k / epochs)) / 2, k = epoch - 1.
    After ``epochs`` epochs it stays at ``min_lr`` (PyTorch's ``CosineAnnealingLR``
    with ``T_max=epochs`` instead climbs back up: it follows the cosine on past its
    trough; the two agree for the first ``epochs + 1`` epochs)."""

    name = "cosine"
    epochs = C.Checked(C.check_int)
    min_lr = C.Checked(C.check_positive, allow_zero=True)

    def __init__(self, lr, epochs, min_lr=0.0):
        self.lr, self.epochs, self.min_lr = lr, epochs, min_lr
        if self.min_lr > self.lr:
            raise ValueError(f"min_lr: expected a number <= lr ({self.lr!r}), "
                             f"got {min_lr!r}")

    def lr_at(self, epoch):
        k = min(_epoch(epoch) - 1, self.epochs)
        cos = (1 + math.cos(math.pi * k / self.epochs)) / 2
        return self.min_lr + (self.lr - self.min_lr) * cos

    def hyperparameters(self):
        return {"lr": self.lr, "epochs": self.epochs, "min_lr": self.min_lr}


class Warmup(Schedule):
    """Linear warm-up (预热) in front of another schedule ``then``: for epoch k + 1
    with k < ``epochs`` the rate is then.lr_at(1) * (f + (1 - f) k / epochs), with
    f = ``start_factor``; afterwards then.lr_at(epoch - epochs)."""

    name = "warmup"
    epochs = C.Checked(C.check_int)
    start_factor = C.Checked(C.check_in_range, low=0.0, high=1.0,
                             low_open=True, high_open=False)

    def __init__(self, then, epochs=5, start_factor=0.1):
        if not isinstance(then, Schedule):
            raise TypeError(f"then: expected a schedule such as "
                            f"Cosine(lr=0.1, epochs=20), got {C.describe(then)}")
        self.then, self.epochs, self.start_factor = then, epochs, start_factor

    @property
    def lr(self) -> float:
        """The peak rate: the wrapped schedule's first one."""
        return self.then.lr_at(1)

    def lr_at(self, epoch):
        k = _epoch(epoch) - 1
        if k >= self.epochs:
            return self.then.lr_at(k - self.epochs + 1)
        f = self.start_factor
        return self.then.lr_at(1) * (f + (1 - f) * k / self.epochs)

    def hyperparameters(self):
        return {"then": self.then, "epochs": self.epochs,
                "start_factor": self.start_factor}


_REGISTRY = {"constant": Constant, "step": StepDecay, "cosine": Cosine,
             "warmup": Warmup}


def names() -> list[str]:
    """The schedule names ``get`` accepts."""
    return list(_REGISTRY)


def get(name, **hyperparameters) -> Schedule:
    """A new schedule called ``name`` (one of ``names()``), e.g.
    ``get("cosine", lr=0.1, epochs=20)``. A schedule object is returned as is."""
    if isinstance(name, Schedule):
        if hyperparameters:
            raise TypeError(f"hyperparameters: a schedule object was given, so none "
                            f"are expected, got {sorted(hyperparameters)}")
        return name
    key = C.check_name(name, _REGISTRY, "schedule", "schedule")
    return _REGISTRY[key](**hyperparameters)
