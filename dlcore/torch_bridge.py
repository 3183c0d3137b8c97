"""The same small MLP in dlcore and in PyTorch, side by side (chapter 5.2).

PyTorch is not a dependency of the book. :func:`run_in_both` imports it
inside the function, only when it is called, and returns None when it is
not installed (:data:`TORCH_NOTE` says why); nothing here imports torch at
the top. :data:`TORCH_REFERENCE` holds the losses PyTorch gave for
:data:`REFERENCE_RUN`, recorded once with PyTorch installed, so a reader
without it can still compare (``tests/test_torch_bridge.py`` checks dlcore
against them, and against live PyTorch where it is installed).

Both runs start from the same weights (dlcore's ``W (n_in, n_out)`` is
PyTorch's ``Linear.weight.T``), use full-batch steps (no shuffling to
match) and the same optimizer rule, so their losses agree to rounding.
"""

from __future__ import annotations

import importlib.util

import numpy as np

from . import _checks as C

__all__ = ["TORCH_NOTE", "REFERENCE_RUN", "TORCH_REFERENCE",
           "torch_available", "dlcore_losses", "run_in_both"]

TORCH_NOTE = ("PyTorch is not installed here, so the live comparison is "
              "skipped; install it (pip install torch) and run this cell "
              "again to compare live.")

#: The run ``TORCH_REFERENCE`` records: the first 300 digits, sizes
#: [64, 32, 10], ReLU, full-batch Adam, float64, dlcore's seed-0 weights.
REFERENCE_RUN = {"n": 300, "sizes": (64, 32, 10), "optimizer": "adam",
                 "lr": 0.01, "epochs": 12, "seed": 0}

#: PyTorch 2.13.0 (CPU) losses for REFERENCE_RUN, one per step, before it.
TORCH_REFERENCE = (
    2.315145239887466, 2.148437392648008, 2.0127879555032093,
    1.8905547589779512, 1.7714232136921548, 1.6529091225992187,
    1.5350652207629398, 1.4189980270079396, 1.305805842363331,
    1.1964267080793272, 1.0918702572619274, 0.9913418132985709,
)

_OPTIMIZERS = ("sgd", "adam")


def torch_available() -> bool:
    """True if ``import torch`` would work (torch itself is not imported)."""
    return importlib.util.find_spec("torch") is not None


def _check_run(sizes, optimizer, lr, epochs):
    sizes = [C.check_int(s, f"sizes[{i}]") for i, s in enumerate(sizes)]
    if len(sizes) < 2:
        raise ValueError(f"sizes: expected at least 2 layer sizes, "
                         f"got {sizes}")
    optimizer = C.check_name(optimizer, _OPTIMIZERS, "optimizer",
                             "optimizer")
    lr = C.check_positive(lr, "lr")
    epochs = C.check_int(epochs, "epochs")
    return sizes, optimizer, lr, epochs


def dlcore_losses(X, y, sizes, optimizer="adam", lr=0.01, epochs=12,
                  seed=0):
    """Train ``dl.MLP(sizes, relu)`` on (X, y) with full-batch steps and
    cross-entropy; returns ``(model_before_training, losses (epochs,))``.

    The copy of the untrained model is what :func:`run_in_both` hands to
    PyTorch, so both start from the same weights.
    """
    from . import optim
    from .model import MLP
    from .train import train

    sizes, optimizer, lr, epochs = _check_run(sizes, optimizer, lr, epochs)
    model = MLP(sizes, activation="relu", output_activation="identity",
                seed=seed)
    start = model.copy()
    rule = optim.SGD(lr=lr) if optimizer == "sgd" else optim.Adam(lr=lr)
    history = train(model, X, y, "cross_entropy", rule, epochs,
                    batch_size=None)
    return start, np.array(history.loss)


def _torch_losses(start, X, y, optimizer, lr, epochs):
    """The same training in PyTorch, from the weights of ``start``."""
    import torch  # only here: PyTorch is optional

    layers = []
    for i, dense in enumerate(start.dense):
        linear = torch.nn.Linear(dense.n_in, dense.n_out,
                                 dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(dense.W.T.copy()))
            linear.bias.copy_(torch.from_numpy(dense.b.copy()))
        layers.append(linear)
        if i < len(start.dense) - 1:
            layers.append(torch.nn.ReLU())
    net = torch.nn.Sequential(*layers)
    rule = torch.optim.SGD if optimizer == "sgd" else torch.optim.Adam
    opt = rule(net.parameters(), lr=lr)
    loss_fn = torch.nn.CrossEntropyLoss()
    Xt = torch.from_numpy(np.asarray(X, dtype=np.float64))
    yt = torch.from_numpy(np.asarray(y, dtype=np.int64))
    losses = []
    for _ in range(epochs):
        opt.zero_grad()
        loss = loss_fn(net(Xt), yt)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return np.array(losses), torch.__version__


def run_in_both(X, y, sizes, optimizer="adam", lr=0.01, epochs=12,
                seed=0):
    """Train the same MLP in dlcore and in PyTorch (if installed).

    X (n, sizes[0]), y (n,) integer labels; ``optimizer`` "sgd" or "adam"
    with PyTorch's defaults apart from ``lr``; full-batch steps, float64.

    Returns None when PyTorch is not installed (see ``TORCH_NOTE``), else
    a dict: ``dlcore`` and ``torch`` losses (epochs,), their largest
    difference ``max_abs_diff`` and ``torch_version``.
    """
    X = C.as_array(X, "X", ndim=2)
    y = C.as_labels(y, "y")
    C.same_length(X, y, "X", "y")
    sizes, optimizer, lr, epochs = _check_run(sizes, optimizer, lr, epochs)
    if not torch_available():
        return None
    start, ours = dlcore_losses(X, y, sizes, optimizer, lr, epochs, seed)
    theirs, version = _torch_losses(start, X, y, optimizer, lr, epochs)
    return {"dlcore": ours, "torch": theirs,
            "max_abs_diff": float(np.max(np.abs(ours - theirs))),
            "torch_version": version}
