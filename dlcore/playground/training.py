"""Training one playground run (chapter 4.2)."""

from __future__ import annotations

import time
from typing import Callable

from dlcore import _checks as C
from dlcore import optim as _optim
from dlcore.model import MLP
from dlcore.train import train as _train
from dlcore.playground.config import PlaygroundConfig, check_config as _check_config
from dlcore.playground.data import PlaygroundData, make_data
from dlcore.playground.features import feature_map
from dlcore.playground.model import (build_model, make_grid, grid_inputs, grid_probs,
                                     output_activation, targets)
from dlcore.playground.result import PlaygroundResult
from dlcore.playground.verdicts import diagnose

__all__ = ["run"]

ProgressFn = Callable[[int, int, MLP, object], "bool | None"]


def run(config: PlaygroundConfig | None = None, X=None, y=None, *, data: PlaygroundData | None = None,
        model: MLP | None = None, progress: ProgressFn | None = None, progress_every: int | None = None,
        record_every: int | None = None, resolution: int = 60) -> PlaygroundResult:
    """Train the network ``config`` describes and return a :class:`PlaygroundResult`.

    Parameters
    ----------
    config : the settings (default: ``PlaygroundConfig()``).
    X, y : the reader's data for ``dataset="custom"``.
    data : a ready :class:`PlaygroundData` (skips :func:`make_data`).
    model : an untrained model to train in place of ``build_model(config, k)``;
        pass ``model.copy()`` of a shared model to start several runs from the
        same weights.
    progress : ``progress(epochs_done, epochs, model, history)``, called every
        ``progress_every`` epochs (default: every 5 % of the epochs) and after
        the last; returning True stops training (``result.stopped``).
    record_every : record a grid snapshot before training and every
        ``record_every`` epochs into ``result.frames`` (for animations).
    resolution : grid points per side for the decision regions.

    The numbers are exactly those of the code :func:`code_for` writes.
    """
    config = PlaygroundConfig() if config is None else config
    _check_config(config)
    if record_every is not None:
        record_every = C.check_int(record_every, "record_every")
    if progress_every is not None:
        progress_every = C.check_int(progress_every, "progress_every")
    resolution = C.check_int(resolution, "resolution")
    if progress is not None and not callable(progress):
        raise TypeError(f"progress: expected a function or None, got {C.describe(progress)}")
    if data is None:
        data = make_data(config, X, y)
    k = data.n_classes
    if model is None:
        model = build_model(config, data.n_outputs)
    else:
        if not isinstance(model, MLP):
            raise TypeError(f"model: expected a dlcore MLP or None, got {C.describe(model)}")
        want = (config.sizes(data.n_outputs), config.activation, output_activation(config))
        got = (list(model.sizes), model.activation, model.output_activation)
        if got != want:
            raise ValueError(f"model: expected one that matches config: sizes {want[0]}, activation {want[1]!r}, "
                             f"output_activation {want[2]!r}; got sizes {got[0]}, activation {got[1]!r}, "
                             f"output_activation {got[2]!r}")
    initial_params = [p.copy() for p in model.params]

    frames, frame_params = [], []
    points = grid_inputs(data.bounds, resolution, config.features)
    P = points[2]
    if record_every:
        frames.append((0, grid_probs(model, P, config.loss, resolution)))
        frame_params.append([p.copy() for p in model.params])
    every = progress_every or max(1, config.epochs // 20)
    stopped = [False]

    def callback(epoch, model_, history):
        done = len(history.loss)
        if record_every and done % record_every == 0:
            frames.append((done, grid_probs(model_, P, config.loss, resolution)))
            frame_params.append([p.copy() for p in model_.params])
        if progress is not None and (done % every == 0 or done == config.epochs):
            if progress(done, config.epochs, model_, history):
                stopped[0] = True
                return True
        return False

    use_callback = bool(record_every) or progress is not None
    t0 = time.perf_counter()
    history = _train(
        model, feature_map(data.X_train, config.features), targets(config, data.y_train, k),
        config.loss, _optim.get(config.optimizer, **config.optimizer_kwargs()), config.epochs,
        batch_size=config.effective_batch_size,
        X_val=None if data.X_val is None else feature_map(data.X_val, config.features),
        y_val=targets(config, data.y_val, k),
        seed=config.seed, callback=callback if use_callback else None)
    seconds = time.perf_counter() - t0

    grid = make_grid(model, data.bounds, config.loss, resolution, points=points)
    if record_every and (not frames or frames[-1][0] != len(history.loss)):
        frames.append((len(history.loss), grid.probs))
        frame_params.append([p.copy() for p in model.params])
    result = PlaygroundResult(config, data, model, history, grid, initial_params, frames,
                              frame_params, seconds=seconds, stopped=stopped[0])
    v = diagnose(result)
    result.kind, result.level, result.headline, result.message = v.kind, v.level, v.headline, v.message
    if result.stopped:
        result.level, result.headline = "warning", f"stopped at epoch {result.epochs_run}"
        result.message = f"Stopped after {result.epochs_run} of {config.epochs} epochs."
    return result
