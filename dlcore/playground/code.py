"""The dlcore code that reproduces a playground run (chapter 4.2)."""

from __future__ import annotations

from dlcore.playground.config import PlaygroundConfig, check_config as _check_config
from dlcore.playground.model import output_activation as _output_activation
from dlcore.playground.features import DEFAULT_FEATURES, FEATURE_FORMULAS
from dlcore.playground.names import OPTIMIZER_CLASSES as _OPT_CLASS

__all__ = ["code_for"]

def code_for(config: PlaygroundConfig | None = None) -> str:
    """The dlcore code that reproduces ``run(config)`` number for number.

    For ``dataset="custom"`` the code expects your ``X`` and ``y`` to exist.
    The code leaves ``model`` and ``history`` behind and prints the final numbers.
    """
    c = PlaygroundConfig() if config is None else config
    _check_config(c)
    lines = ["import numpy as np", "import dlcore as dl", ""]
    if c.dataset == "custom":
        lines += ["# your data: X (n, 2) floats, y (n,) integer labels 0 .. k-1",
                  "X = np.asarray(X, dtype=np.float64)",
                  "y = np.asarray(y).astype(np.int64)",
                  "k = int(y.max()) + 1"]
        k_expr = "k"
    else:
        args = f"{c.n_samples}, noise={c.noise!r}, seed={c.data_seed}"
        if c.dataset == "spirals":
            args = f"{c.n_samples}, classes={c.classes}, noise={c.noise!r}, seed={c.data_seed}"
        elif c.dataset == "blobs":
            args = f"{c.n_samples}, classes={c.classes}, noise={c.noise!r}, seed={c.data_seed}"
        lines += [f"# data: {c.n_samples} points of the {c.dataset!r} data set",
                  f"X, y = dl.datasets.make_{c.dataset}({args})"]
        k_expr = "1" if c.task == "regression" else str(c.n_classes)
    if c.val_fraction > 0:
        lines += [f"X_train, X_val, y_train, y_val = dl.datasets.train_val_split(",
                  f"    X, y, val_fraction={c.val_fraction!r}, seed={c.data_seed})"]
    else:
        lines += ["X_train, X_val, y_train, y_val = X, None, y, None  # no validation set"]
    if c.features != DEFAULT_FEATURES:
        columns = ", ".join(FEATURE_FORMULAS[f] for f in c.features)
        lines += ["", f"# input features {', '.join(c.features)}: one column each",
                  "def features(P):",
                  "    x1, x2 = P[:, 0], P[:, 1]",
                  f"    return np.column_stack([{columns}])",
                  "X_train = features(X_train)"]
        if c.val_fraction > 0:
            lines += ["X_val = features(X_val)"]
    if c.loss == "mse" and c.task == "classification":
        lines += ["", f"# MSE compares sigmoid outputs with one-hot targets",
                  f"Y_train = np.eye({k_expr})[y_train]"]
        lines += [f"Y_val = np.eye({k_expr})[y_val]" if c.val_fraction > 0 else "Y_val = None"]
        t_train, t_val, out = "Y_train", "Y_val", "sigmoid"
    else:
        t_train, t_val, out = "y_train", "y_val", _output_activation(c)
    widths = c.widths
    of = (f"of {widths[0]}" if len(set(widths)) == 1 else
          "of " + ", ".join(map(str, widths)))
    hidden = f"{c.hidden_layers} hidden layer{'s' if c.hidden_layers != 1 else ''} {of}".strip()
    if not widths:
        hidden = "no hidden layer"
    sizes = "[" + ", ".join(map(str, c.sizes(1)[:-1])) + f", {k_expr}]"
    output = ("one linear output: the predicted value" if c.task == "regression"
              else "one output per class")
    lines += ["", f"# model: {len(c.features)} inputs, {hidden} {c.activation} units, {output}",
              f"model = dl.MLP({sizes}, activation={c.activation!r}, output_activation={out!r}, seed={c.seed})"]
    kw = ", ".join(f"{k}={v!r}" for k, v in c.optimizer_kwargs().items())
    lines += [f"optimizer = dl.optim.{_OPT_CLASS[c.optimizer]}({kw})",
              f"history = dl.train(model, X_train, {t_train}, {c.loss!r}, optimizer, epochs={c.epochs},",
              f"                   batch_size={c.effective_batch_size!r}, X_val=X_val, y_val={t_val}, seed={c.seed})",
              "",
              "if history.diverged_at is not None:",
              "    print(f\"diverged at epoch {history.diverged_at}\")",
              "else:"]
    if c.task == "regression":
        lines += ["    r2 = dl.metrics.r2_score(model.predict(X_train), y_train)",
                  "    print(f\"train loss (MSE) {history.loss[-1]:.4f}, train R² {r2:.3f}\")"]
        if c.val_fraction > 0:
            lines += ["    r2 = dl.metrics.r2_score(model.predict(X_val), y_val)",
                      "    print(f\"val loss (MSE) {history.val_loss[-1]:.4f}, val R² {r2:.3f}\")"]
        return "\n".join(lines) + "\n"
    lines += ["    print(f\"train loss {history.loss[-1]:.4f}, train accuracy {history.accuracy[-1]:.3f}\")"]
    if c.val_fraction > 0:
        lines += ["    print(f\"val loss {history.val_loss[-1]:.4f}, val accuracy {history.val_accuracy[-1]:.3f}\")"]
    return "\n".join(lines) + "\n"

