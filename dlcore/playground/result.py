"""The result of one playground run (chapter 4.2)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from dlcore.model import MLP
from dlcore.playground.config import PlaygroundConfig
from dlcore.playground.data import PlaygroundData
from dlcore.playground.metrics import score_curves
from dlcore.playground.model import Grid

__all__ = ["PlaygroundResult"]


@dataclass
class PlaygroundResult:
    """Everything one training run produced.

    ``history`` is the :class:`dlcore.train.History`; ``frames`` is a list of
    ``(epoch, probs)`` grid snapshots (``probs`` shaped like ``grid.probs``)
    when :func:`run` was asked to record them, and ``frame_params`` the weights
    ``[W1, b1, ...]`` at each of those epochs (copies); ``initial_params`` are copies
    of the weights before training; ``level`` is ``"ok"``, ``"warning"`` or
    ``"error"``, ``headline`` the verdict in a few words and ``message`` in full
    (see :func:`verdict`); ``seconds`` the training
    time; ``stopped`` is True when a progress callback stopped training early.
    """

    config: PlaygroundConfig
    data: PlaygroundData
    model: MLP
    history: object
    grid: Grid
    initial_params: list
    frames: list = field(default_factory=list)
    frame_params: list = field(default_factory=list)
    level: str = "ok"
    message: str = ""
    seconds: float = 0.0
    headline: str = ""
    stopped: bool = False
    kind: str = ""

    @property
    def diverged_at(self) -> int | None:
        return self.history.diverged_at

    @property
    def diverged(self) -> bool:
        return self.history.diverged_at is not None

    @property
    def epochs_run(self) -> int:
        return len(self.history.loss)

    @property
    def final_loss(self) -> float:
        return float(self.history.loss[-1]) if self.history.loss else float("nan")

    @property
    def final_val_loss(self) -> float | None:
        return float(self.history.val_loss[-1]) if self.history.val_loss else None

    @property
    def accuracy(self) -> float:
        return float(self.history.accuracy[-1]) if self.history.accuracy else float("nan")

    @property
    def val_accuracy(self) -> float | None:
        return float(self.history.val_accuracy[-1]) if self.history.val_accuracy else None

    @property
    def r2(self) -> float:
        """Training R² of the last epoch (regression; NaN otherwise or before training)."""
        name, train, _ = score_curves(self.data, self.history)
        return float(train[-1]) if name == "R²" and train else float("nan")

    @property
    def val_r2(self) -> float | None:
        """Validation R² after the last epoch (regression with a validation set), else None."""
        name, _, val = score_curves(self.data, self.history)
        return float(val[-1]) if name == "R²" and val else None

    @property
    def summary(self) -> str:
        """One line of numbers: epochs, losses and accuracies (R² for regression)."""
        h = self.history
        parts = [f"epoch {self.epochs_run}/{self.config.epochs}"]
        finite = [v for v in h.loss if np.isfinite(v)]
        if finite:
            parts.append(f"train loss {finite[-1]:#.4g}")
        if h.val_loss and np.isfinite(h.val_loss[-1]):
            parts.append(f"val loss {h.val_loss[-1]:#.4g}")
        name, train, val = score_curves(self.data, h)
        short = "acc" if name == "accuracy" else name
        for which, values in (("train", train), ("val", val)):
            if values:
                parts.append(f"{which} {short} " + (f"{values[-1]:.1%}" if name == "accuracy"
                                                    else f"{values[-1]:.3f}"))
        parts.append(f"{self.seconds * 1000:.0f} ms")
        return ", ".join(parts)


