"""What the playground scores a run by (chapter 4.2): accuracy for
classification, R² for regression.

For regression the loss is the MSE, so R² needs no extra pass over the data:
R² = 1 - MSE / Var(y) (see :func:`dlcore.metrics.r2_score`), with Var(y) the
variance of the targets of the same set. The training curve uses the epoch's
training loss (averaged over its minibatches during the epoch, as the
accuracy is); the validation curve is the exact R² of the model after each
epoch.
"""

from __future__ import annotations

import numpy as np

__all__ = ["r2_curve", "score_curves"]


def r2_curve(mse, y) -> list[float]:
    """R² = 1 - MSE / Var(y) for each value of the list ``mse`` (targets ``y`` ``(n,)``)."""
    var = float(np.var(np.asarray(y, dtype=float)))
    return [1.0 - float(m) / var for m in mse] if var > 0 else []


def score_curves(data, history) -> tuple[str, list[float], list[float]]:
    """``(name, train, val)``: ``"accuracy"`` and the history's accuracies, or for
    regression ``"R²"`` and the R² of every epoch (val empty without a validation set)."""
    if data.task == "classification":
        return "accuracy", list(history.accuracy), list(history.val_accuracy)
    val = r2_curve(history.val_loss, data.y_val) if data.has_val else []
    return "R²", r2_curve(history.loss, data.y_train), val
