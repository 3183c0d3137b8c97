"""The playground's verdicts: one written rule per verdict, with named
thresholds (chapter 4.2)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dlcore.playground.config import NONLINEAR_DATASETS, PlaygroundConfig, tuned_lr
from dlcore.playground.features import feature_map
from dlcore.playground.metrics import score_curves
from dlcore.playground.model import stuck_units
from dlcore.playground.names import NAMES
from dlcore.playground.result import PlaygroundResult

__all__ = ["VERDICT_RULES", "Verdict", "diagnose", "verdict", "chance_accuracy", "well_above_chance",
           "is_flat", "is_oscillating", "overfit_epoch", "suggest_lr", "loss_window",
           "GOOD_ACCURACY", "GOOD_R2", "ABOVE_CHANCE", "ROSE_RATIO", "STALL_RATIO", "DEAD_SHARE",
           "TOO_MUCH_L2", "TOO_MUCH_L1",
           "WINDOW_SHARE", "WINDOW_MIN", "FLAT_SHARE", "OSCILLATION_STEP", "OSCILLATION_TURNS",
           "OVERFIT_MIN_EPOCHS", "OVERFIT_BEST_BEFORE", "OVERFIT_RISE", "OVERFIT_MIN_RISE", "NOISY"]

# Every verdict is one written rule with named thresholds, checked in the order
# of VERDICT_RULES; the first that holds is the verdict. "Accurate" means
# training accuracy >= GOOD_ACCURACY and well above chance for classification,
# training R² >= GOOD_R2 for regression. tests/test_playground.py
# puts each rule both ways (it holds / it does not).

#: Training accuracy below this is underfitting (and never "converged").
GOOD_ACCURACY = 0.9
#: Regression: training R² below this is underfitting (R² 0 is no better than
#: predicting the mean everywhere, so "converged" needs R² well above 0).
GOOD_R2 = 0.9
#: "Well above chance": the accuracy must close this share of the gap between
#: chance (the largest class's share of the training set) and 100 %.
ABOVE_CHANCE = 0.5
#: The loss "rose" when it ended above this multiple of its first-epoch value.
ROSE_RATIO = 1.05
#: The loss "barely moved" when it ended above this multiple of its first value.
STALL_RATIO = 0.9
#: Share of stuck hidden units (see :func:`stuck_units`) that makes "dead units".
DEAD_SHARE = 0.5
#: L2 coefficient from which a low training accuracy is blamed on the penalty.
TOO_MUCH_L2 = 0.01
#: L1 coefficient from which a low training accuracy is blamed on the penalty
#: (the default spirals run: 93 % at l1 = 0.003, 52 % at 0.01).
TOO_MUCH_L1 = 0.003
#: The last window of training: this share of the epochs, at least WINDOW_MIN.
WINDOW_SHARE = 0.2
WINDOW_MIN = 10
#: "Flat": over the last window the loss fell by less than this share of its
#: first-epoch value (needed for "converged"; otherwise "still learning").
FLAT_SHARE = 0.05
#: "Oscillating": within the last window the typical (median) change of the
#: loss from one epoch to the next exceeds this share of its first-epoch value,
#: and the loss changes direction at more than OSCILLATION_TURNS of the epochs
#: (a median, so one brief spike is not oscillation).
OSCILLATION_STEP = 0.05
OSCILLATION_TURNS = 0.3
#: "Overfitting": with at least OVERFIT_MIN_EPOCHS epochs, the validation loss
#: was lowest before OVERFIT_BEST_BEFORE of the run, has since risen above
#: OVERFIT_RISE times that low (and by OVERFIT_MIN_RISE at least) while the
#: training loss is below its value at that epoch.
OVERFIT_MIN_EPOCHS = 20
OVERFIT_BEST_BEFORE = 0.7
OVERFIT_RISE = 1.5
OVERFIT_MIN_RISE = 0.05
#: Noise from which the advice mentions points lying among the other class.
NOISY = 0.25

#: The verdicts in the order they are checked: kind -> the rule in words.
VERDICT_RULES = {
    "diverged": "the loss became infinite or NaN (error), or ended above "
                "ROSE_RATIO x its first value",
    "linear": "no hidden layer, a data set no straight line separates (no "
              "plane fits), not accurate",
    "dead_units": "at least DEAD_SHARE of the hidden units are stuck and "
                  "not accurate",
    "too_much_regularisation": "weight_decay >= TOO_MUCH_L2 or l1 >= "
                               "TOO_MUCH_L1, and not accurate",
    "stalled": "the loss ended above STALL_RATIO x its first value",
    "oscillating": "in the last window the loss typically moves by more than "
                   "OSCILLATION_STEP x its first value per epoch, turning at "
                   "more than OSCILLATION_TURNS of the epochs",
    "underfitting": "not accurate: training accuracy below GOOD_ACCURACY or "
                    "not well above chance (ABOVE_CHANCE); R² below GOOD_R2",
    "overfitting": "the validation loss rose well above its low while the "
                   "training loss kept falling (OVERFIT_*)",
    "still_learning": "accurate, but the loss fell by FLAT_SHARE x its first "
                      "value or more over the last window",
    "converged": "none of the above: accurate (well above chance; R² >= "
                 "GOOD_R2), flat loss",
}


@dataclass(frozen=True)
class Verdict:
    """A run's verdict: ``kind`` (a key of :data:`VERDICT_RULES`), ``level``
    (``"ok"``, ``"warning"`` or ``"error"``), ``headline`` (a few words for the
    figure) and ``message`` (the full advice)."""

    kind: str
    level: str
    headline: str
    message: str


def chance_accuracy(y) -> float:
    """Accuracy of always guessing the most common class of labels ``y`` ``(n,)``."""
    y = np.asarray(y)
    return float(np.bincount(y).max() / len(y)) if len(y) else 0.0


def well_above_chance(acc: float, chance: float) -> bool:
    """Does ``acc`` close :data:`ABOVE_CHANCE` of the gap from ``chance`` to 1?"""
    return acc >= chance + ABOVE_CHANCE * (1.0 - chance) - 1e-12


def loss_window(loss) -> int:
    """Epochs in the last window of a run with ``len(loss)`` epochs."""
    return max(WINDOW_MIN, int(WINDOW_SHARE * len(loss)))


def is_flat(loss) -> bool:
    """Did the loss fall by less than :data:`FLAT_SHARE` of its first value over
    the last window (compared with the window before)? Short runs (fewer than two
    windows) compare the last window's mean with the first epoch."""
    loss = np.asarray(loss, dtype=float)
    w = loss_window(loss)
    if len(loss) < 2:
        return False
    before = loss[-2 * w:-w].mean() if len(loss) >= 2 * w else loss[0]
    return bool(before - loss[-w:].mean() < FLAT_SHARE * loss[0])


def is_oscillating(loss) -> bool:
    """Does the loss swing up and down in the last window (see
    :data:`OSCILLATION_STEP`, :data:`OSCILLATION_TURNS`)?"""
    loss = np.asarray(loss, dtype=float)
    w = loss_window(loss)
    if len(loss) < w + 1:
        return False
    diff = np.diff(loss[-w - 1:])
    step = np.sign(diff)
    turns = np.count_nonzero(step[1:] * step[:-1] < 0) / max(1, len(step) - 1)
    typical = float(np.median(np.abs(diff)))     # a median: one spike does not count
    return bool(typical > OSCILLATION_STEP * loss[0] and turns > OSCILLATION_TURNS)


def overfit_epoch(loss, val_loss) -> int | None:
    """The epoch (1-based) after which the run overfits, or ``None`` (see
    :data:`OVERFIT_RISE` and its neighbours)."""
    if not val_loss or len(val_loss) < OVERFIT_MIN_EPOCHS:
        return None
    v = np.asarray(val_loss, dtype=float)
    t = np.asarray(loss, dtype=float)
    best = int(np.argmin(v))
    if (best < OVERFIT_BEST_BEFORE * len(v) and v[-1] > OVERFIT_RISE * v[best]
            and v[-1] - v[best] > OVERFIT_MIN_RISE and t[-1] < t[best]):
        return best + 1
    return None


def suggest_lr(config: PlaygroundConfig, direction: str) -> float:
    """A learning rate to try, ``"smaller"`` or ``"larger"`` than ``config.lr``:
    the optimizer's :func:`~dlcore.playground.tuned_lr` rate if it lies that way by a factor 2 or more,
    else ten times smaller (larger). Never the current value."""
    lr, tuned = config.lr, tuned_lr(config)[config.optimizer]
    if direction == "smaller":
        value = tuned if tuned <= lr / 2 else lr / 10
    else:
        value = tuned if tuned >= 2 * lr else min(10.0, lr * 10)
    return float(f"{value:.2g}")


def _causes(cfg, result):
    """Likely causes of slow or poor training, as phrases."""
    opt = NAMES[cfg.optimizer]
    tuned = tuned_lr(cfg)[cfg.optimizer]
    causes = []
    if cfg.lr >= 5 * tuned:
        causes.append(f"the learning rate {cfg.lr:g} is large for {opt}: the "
                      f"steps overshoot; try {suggest_lr(cfg, 'smaller'):g}")
    elif cfg.lr <= tuned / 20:
        causes.append(f"the learning rate {cfg.lr:g} is small for {opt}: the "
                      f"steps are tiny; try {suggest_lr(cfg, 'larger'):g}")
    if cfg.activation == "sigmoid" and cfg.hidden_layers >= 2:
        causes.append("sigmoid units in a deep network pass back small "
                      "gradients (the sigmoid's slope is at most 0.25, once per "
                      "layer): try ReLU or tanh")
    if cfg.optimizer == "gd" and cfg.epochs < 300:
        causes.append(f"GD makes one step per epoch, so {cfg.epochs} epochs are "
                      f"only {cfg.epochs} steps: try more epochs, or SGD with "
                      "minibatches")
    if cfg.loss == "mse" and cfg.task == "classification":
        causes.append("MSE on sigmoid outputs learns slowly where the sigmoids "
                      "saturate: try cross-entropy")
    if not causes:
        causes.append("try more epochs, a wider or deeper network, or another "
                      "learning rate")
    return causes


def _score(result):
    """``(name, value, accurate)``: the training score in words ("training
    accuracy", "85%"; "training R²", "0.12") and whether it is good (see the rules)."""
    name, train, _ = score_curves(result.data, result.history)
    if name == "R²":
        r2 = float(train[-1]) if train else float("nan")
        return "training R²", f"{r2:.2f}", bool(r2 >= GOOD_R2 - 1e-12)
    acc = float(train[-1]) if train else 1.0
    chance = chance_accuracy(result.data.y_train)
    return ("training accuracy", f"{acc:.0%}",
            acc >= GOOD_ACCURACY - 1e-12 and well_above_chance(acc, chance))


def _sentences(phrases):
    return " ".join(p[0].upper() + p[1:] + "." for p in phrases)


def diagnose(result: PlaygroundResult) -> Verdict:
    """The :class:`Verdict` of a finished run: the first rule of
    :data:`VERDICT_RULES` that holds, with advice that never repeats a value
    the run already uses."""
    cfg, h = result.config, result.history
    opt = NAMES[cfg.optimizer]
    if h.diverged_at is not None:
        smaller = suggest_lr(cfg, "smaller")
        return Verdict("diverged", "error", f"diverged at epoch {h.diverged_at}", (
            f"Training diverged at epoch {h.diverged_at}: the loss became infinite "
            f"or NaN, so training stopped. The learning rate {cfg.lr:g} is too "
            f"large for {opt} here: each step overshoots the valley and the "
            f"weights blow up. Try a smaller learning rate ({smaller:g})"
            + (", or Adam, which scales its steps by the size of the gradients."
               if cfg.optimizer != "adam" else ".")))
    loss = np.asarray(h.loss, dtype=float)
    name, value, accurate = _score(result)
    only = f"{name[0].upper() + name[1:]} is only {value}"     # "Training accuracy is only 52%"
    regression = cfg.task == "regression"
    if len(loss) >= 2 and loss[-1] > ROSE_RATIO * loss[0]:
        return Verdict("diverged", "warning", "the loss went up", (
            f"The loss ended higher than it started ({loss[0]:#.3g} in the "
            f"first epoch, {loss[-1]:#.3g} in the last): the learning rate "
            f"{cfg.lr:g} is too large for {opt}, so the steps overshoot. Try "
            f"{suggest_lr(cfg, 'smaller'):g}."))
    if (cfg.hidden_layers == 0 and cfg.dataset in NONLINEAR_DATASETS
            and set(cfg.features) <= {"x1", "x2"} and not accurate):
        shape = ("a linear function: its prediction is a tilted plane, and no "
                 f"plane fits {cfg.dataset}" if regression else
                 "a linear classifier: the boundaries between its classes are "
                 f"straight lines, and no straight line separates {cfg.dataset}")
        return Verdict("linear", "warning", "a linear model cannot fit this", (
            f"{only}. With no hidden layer the "
            f"network is {shape}. Add a hidden layer."))
    if not accurate:
        stuck = stuck_units(result.model, feature_map(result.data.X_train, result.config.features))
        if stuck >= DEAD_SHARE and cfg.activation in ("relu", "sigmoid", "tanh"):
            dead = cfg.activation == "relu"
            kind = ("dead (their input is negative for every point, so output "
                    "and gradient are 0)" if dead else
                    "saturated (flat, so their gradient is almost 0)")
            phrases = [f"{name} is only {value}: {stuck:.0%} of the hidden units are {kind}"]
            if cfg.lr >= 5 * tuned_lr(cfg)[cfg.optimizer]:
                phrases.append(f"a too large learning rate ({cfg.lr:g}) does "
                               "this in the first steps; try "
                               f"{suggest_lr(cfg, 'smaller'):g}")
            if dead:
                phrases.append("units of the leaky ReLU cannot die: try it")
            return Verdict("dead_units", "warning",
                           "dead units" if dead else "saturated units",
                           _sentences(phrases))
        strong = [(name, value) for name, value, limit in
                  (("L2", cfg.weight_decay, TOO_MUCH_L2), ("L1", cfg.l1, TOO_MUCH_L1))
                  if value >= limit]
        if strong:
            penalties = [f"the {name} penalty {value:g}" for name, value in strong]
            weaker = " and ".join(f"{name} {value / 10:g}" for name, value in strong)
            pull = "pull" if len(penalties) > 1 else "pulls"
            return Verdict("too_much_regularisation", "warning", "too much regularisation", (
                f"{only}: {' and '.join(penalties)} "
                f"{pull} the weights towards zero harder than the data pushes "
                "them apart, so the model stays "
                f"{'too flat' if regression else 'undecided'}. Try a weaker "
                f"penalty ({weaker}) or none."))
    if len(loss) >= 2 and loss[-1] > STALL_RATIO * loss[0]:
        return Verdict("stalled", "warning", "the loss barely moved", (
            f"The loss barely moved ({loss[0]:#.3g} to {loss[-1]:#.3g}). "
            + _sentences(_causes(cfg, result))))
    if is_oscillating(loss):
        phrases = [f"the loss jumps up and down over the last "
                   f"{loss_window(loss)} epochs instead of settling: the steps "
                   f"are too large for {opt} at lr {cfg.lr:g}; try "
                   f"{suggest_lr(cfg, 'smaller'):g}"]
        if cfg.effective_batch_size is not None and cfg.effective_batch_size < 32:
            phrases.append("a larger batch also makes the steps less noisy")
        return Verdict("oscillating", "warning", "the loss oscillates",
                       _sentences(phrases))
    if not accurate:
        phrases = _causes(cfg, result)
        if cfg.dataset != "custom" and cfg.noise >= NOISY:
            phrases.append(f"with noise {cfg.noise:g} the targets scatter around "
                           "the surface, so even a perfect fit leaves R² below 1"
                           if regression else
                           f"with noise {cfg.noise:g} some points lie among the "
                           "other class, so even the best boundary "
                           "misclassifies a few")
        if regression:
            why = f"below {GOOD_R2:g}"
        else:
            acc, chance = h.accuracy[-1], chance_accuracy(result.data.y_train)
            why = ("not well above chance "
                   f"({chance:.0%})" if not well_above_chance(acc, chance) else
                   f"below {GOOD_ACCURACY:.0%}")
        return Verdict("underfitting", "warning", "underfitting", (
            f"{only}, {why}: the model underfits. "
            + _sentences(phrases)))
    best = overfit_epoch(h.loss, h.val_loss)
    if best is not None:
        v = h.val_loss
        return Verdict("overfitting", "warning", f"overfitting after epoch {best}", (
            f"Overfitting: the validation loss was lowest at epoch {best} "
            f"({v[best - 1]:#.3g}) and has risen since (now {v[-1]:#.3g}) while "
            "the training loss kept falling. Try L2 (weight decay), fewer "
            "epochs, a smaller network or more data."))
    _, _, val_scores = score_curves(result.data, h)
    val = ("" if not val_scores else f", validation R² {val_scores[-1]:.2f}" if regression
           else f", validation accuracy {val_scores[-1]:.0%}")
    if not is_flat(loss):
        return Verdict("still_learning", "ok", "still learning", (
            f"Still learning: {name} {value}{val}, and the loss "
            f"is still falling (it fell by {FLAT_SHARE:.0%} of its first value "
            "or more over the last "
            f"{loss_window(loss)} epochs): more epochs would help."))
    return Verdict("converged", "ok", "converged",
                   f"Training converged: {name} {value}{val}.")


def verdict(result: PlaygroundResult) -> tuple[str, str, str]:
    """``(level, headline, message)`` of :func:`diagnose`."""
    v = diagnose(result)
    return v.level, v.headline, v.message


