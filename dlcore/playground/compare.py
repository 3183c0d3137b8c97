"""Comparisons: one playground configuration rerun with the optimizer or the
activation swapped (chapter 4.2)."""

from __future__ import annotations

from dlcore.playground.config import ACTIVATIONS, OPTIMIZERS, PlaygroundConfig, tuned_lr
from dlcore.playground.data import make_data
from dlcore.playground.model import build_model
from dlcore.playground.result import PlaygroundResult
from dlcore.playground.training import run

__all__ = ["compare_optimizers", "compare_activations", "compare_grid"]

def _learning_rates(config, names, lr):
    if lr == "tuned":
        return {n: tuned_lr(config)[n] for n in names}
    if lr == "config":
        return {n: config.lr for n in names}
    if isinstance(lr, dict):
        missing = [n for n in names if n not in lr]
        if missing:
            raise ValueError(f"lr: expected a learning rate for every optimizer, missing {missing}")
        return {n: lr[n] for n in names}
    raise ValueError(f"lr: expected 'tuned', 'config' or a dict name -> learning rate, got {lr!r}")


def _check_names(arg, names, valid):
    names = tuple(names)
    bad = [n for n in names if n not in valid]
    if bad or not names:
        raise ValueError(f"{arg}: expected a non-empty list drawn from {', '.join(valid)}, got {list(names)}")
    return names


def compare_optimizers(config: PlaygroundConfig | None = None, X=None, y=None, *,
                       optimizers=OPTIMIZERS, lr="tuned", data=None, progress=None,
                       **run_kwargs) -> dict[str, PlaygroundResult]:
    """Train ``config``'s network once per optimizer, all from the same initial weights.

    One model is built and each run trains ``model.copy()`` of it, on the same
    data split. ``lr`` is ``"tuned"`` (each optimizer at its
    :func:`~dlcore.playground.tuned_lr` rate: a fair race), ``"config"`` (all at ``config.lr``)
    or a dict ``name -> lr``. Returns ``{name: result}`` in ``optimizers`` order.
    ``progress(i, n, name)`` is called before each run.
    """
    config = PlaygroundConfig() if config is None else config
    names = _check_names("optimizers", optimizers, OPTIMIZERS)
    rates = _learning_rates(config, names, lr)
    data = make_data(config, X, y) if data is None else data
    model0 = build_model(config, data.n_outputs)
    results = {}
    for i, name in enumerate(names):
        if progress is not None:
            progress(i, len(names), name)
        cfg = config.replace(optimizer=name, lr=rates[name])
        results[name] = run(cfg, data=data, model=model0.copy(), **run_kwargs)
    return results


def compare_activations(config: PlaygroundConfig | None = None, X=None, y=None, *,
                        activations=ACTIVATIONS, data=None, progress=None,
                        **run_kwargs) -> dict[str, PlaygroundResult]:
    """Train ``config``'s network once per hidden activation, same data, same seed.

    The initial weights differ between activations only as their initializers
    do (He for the ReLU family, Xavier for sigmoid and tanh). Returns
    ``{name: result}`` in ``activations`` order.
    """
    config = PlaygroundConfig() if config is None else config
    names = _check_names("activations", activations, ACTIVATIONS)
    data = make_data(config, X, y) if data is None else data
    results = {}
    for i, name in enumerate(names):
        if progress is not None:
            progress(i, len(names), name)
        results[name] = run(config.replace(activation=name), data=data, **run_kwargs)
    return results


def compare_grid(config: PlaygroundConfig | None = None, X=None, y=None, *,
                 activations=ACTIVATIONS, optimizers=OPTIMIZERS, lr="tuned", data=None,
                 **run_kwargs) -> dict[tuple[str, str], PlaygroundResult]:
    """Every activation x optimizer pair: ``{(activation, optimizer): result}``.

    Within one activation every optimizer starts from the same weights (as in
    :func:`compare_optimizers`). Feeds the small-multiples figure.
    """
    config = PlaygroundConfig() if config is None else config
    acts = _check_names("activations", activations, ACTIVATIONS)
    data = make_data(config, X, y) if data is None else data
    grid = {}
    for act in acts:
        row = compare_optimizers(config.replace(activation=act), optimizers=optimizers, lr=lr,
                                 data=data, **run_kwargs)
        for opt, res in row.items():
            grid[(act, opt)] = res
    return grid


