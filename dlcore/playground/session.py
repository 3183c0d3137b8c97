"""Training you can watch (chapter 4.2): a run trained in small chunks.

:class:`TrainingSession` holds one run in progress: its data, its model, its
optimizer (with its state) and its shuffling generator, so that training
``k`` epochs now and ``m`` later gives exactly the numbers of one
:func:`~dlcore.playground.run` of ``k + m`` epochs. :func:`play` trains a
session chunk by chunk as an ``asyncio`` coroutine: after every chunk it
yields to the event loop (so a kernel keeps answering, a widget keeps
receiving changes), and it hands a frame to ``on_frame`` at least every
``frame_seconds``. It never starts an event loop of its own, so it works
wherever one already runs (ipykernel, Pyodide); cancel its task to stop it.
"""

from __future__ import annotations

import asyncio
import time
from typing import Callable

import numpy as np

from dlcore import _checks as C
from dlcore import optim as _optim
from dlcore.playground.config import PlaygroundConfig, check_config
from dlcore.playground.data import PlaygroundData, make_data
from dlcore.playground.features import feature_map
from dlcore.playground.model import build_model, grid_inputs, make_grid, targets
from dlcore.playground.result import PlaygroundResult
from dlcore.playground.verdicts import diagnose
from dlcore.train import History
from dlcore.train import train as _train

__all__ = ["TrainingSession", "play", "FRAME_SECONDS", "CHUNK_SECONDS"]

#: Time between two frames while a run plays (12.5 frames per second: more than the
#: 10 a moving picture needs, with room for a late frame).
FRAME_SECONDS = 0.08
#: Target time of one training chunk between two yields to the event loop.
CHUNK_SECONDS = 0.03


class TrainingSession:
    """One run of ``config`` in progress, trained a few epochs at a time.

    ``epoch`` epochs are done of ``config.epochs``; ``history`` holds them;
    ``done`` is True at the end or after divergence. :meth:`train` trains more,
    :meth:`frame` is the run as it is now (a :class:`PlaygroundResult` with a
    "training" headline, or the verdict once done), :meth:`reset` starts over
    from the same initial weights.
    """

    def __init__(self, config: PlaygroundConfig, X=None, y=None, *,
                 data: PlaygroundData | None = None, resolution: int = 60):
        check_config(config)
        self.config = config
        self.data = make_data(config, X, y) if data is None else data
        self.resolution = C.check_int(resolution, "resolution")
        # the network's inputs: the feature map of the points, computed once per run
        self._points = grid_inputs(self.data.bounds, self.resolution, config.features)
        self._X_train = feature_map(self.data.X_train, config.features)
        self._X_val = None if self.data.X_val is None else feature_map(self.data.X_val,
                                                                       config.features)
        k = self.data.n_classes
        self._y_train = targets(config, self.data.y_train, k)
        self._y_val = targets(config, self.data.y_val, k)
        self.reset()

    def reset(self) -> None:
        """Back to epoch 0 with the initial weights (the same as at creation)."""
        self.model = build_model(self.config, self.data.n_outputs)
        self.initial_params = [p.copy() for p in self.model.params]
        self._optimizer = _optim.get(self.config.optimizer, **self.config.optimizer_kwargs())
        self._rng = np.random.default_rng(self.config.seed)
        self.history = History()
        self.seconds = 0.0

    @property
    def epoch(self) -> int:
        return len(self.history.loss)

    @property
    def done(self) -> bool:
        return self.history.diverged_at is not None or self.epoch >= self.config.epochs

    def train(self, epochs: int = 1) -> int:
        """Train up to ``epochs`` more epochs (never past ``config.epochs``); return
        how many were trained."""
        epochs = C.check_int(epochs, "epochs")
        todo = min(epochs, self.config.epochs - self.epoch)
        if todo <= 0 or self.done:
            return 0
        before = self.epoch
        t0 = time.perf_counter()
        h = _train(self.model, self._X_train, self._y_train, self.config.loss,
                   self._optimizer, todo, batch_size=self.config.effective_batch_size,
                   X_val=self._X_val, y_val=self._y_val, seed=self._rng)
        self.seconds += time.perf_counter() - t0
        H = self.history
        H.loss += h.loss
        H.accuracy += h.accuracy
        H.val_loss += h.val_loss
        H.val_accuracy += h.val_accuracy
        H.epochs = len(H.loss)
        if h.diverged_at is not None:
            H.diverged_at = before + h.diverged_at
        return self.epoch - before

    def frame(self) -> PlaygroundResult:
        """The run as it is now; once :attr:`done`, with its verdict."""
        grid = make_grid(self.model, self.data.bounds, self.config.loss, self.resolution,
                         points=self._points)
        result = PlaygroundResult(self.config, self.data, self.model, self.history, grid,
                                  self.initial_params, seconds=self.seconds)
        if self.done:
            v = diagnose(result)
            result.kind, result.level, result.headline, result.message = (
                v.kind, v.level, v.headline, v.message)
        else:
            result.level, result.kind = "running", "running"
            result.headline = f"training: epoch {self.epoch} of {self.config.epochs}"
            result.message = (f"Training: epoch {self.epoch} of {self.config.epochs}.")
        return result


async def play(session: TrainingSession, on_frame: Callable[[PlaygroundResult], None], *,
               frame_seconds: float = FRAME_SECONDS, chunk_seconds: float = CHUNK_SECONDS,
               clock: Callable[[], float] = time.perf_counter, sleep=asyncio.sleep,
               should_stop: Callable[[], bool] | None = None) -> int:
    """Train ``session`` to the end in chunks, yielding to the event loop after each.

    The chunk size adapts so that a chunk takes about ``chunk_seconds`` and
    ends by the time the next frame is due (at least one epoch): frames come
    every ``frame_seconds``, not a chunk later. ``on_frame(result)`` is called whenever
    ``frame_seconds`` have passed since the last frame, and once at the end
    (with the verdict). Returns the epochs trained. Cancel the task to stop:
    the session keeps the epochs done so far; ``should_stop()`` returning True
    stops it too (checked after every chunk, before any frame). ``clock`` and
    ``sleep`` are for tests.
    """
    trained = 0
    chunk = 1
    last_frame = clock()
    while not session.done:
        if should_stop is not None and should_stop():
            break
        t0 = clock()
        n = session.train(chunk)
        trained += n
        spent = clock() - t0
        per_epoch = spent / max(n, 1)
        if should_stop is not None and should_stop():
            break
        now = clock()
        if session.done or now - last_frame >= frame_seconds:
            last_frame = now          # the period counts from a frame's start, not its end
            on_frame(session.frame())
            now = clock()
        budget = min(chunk_seconds, last_frame + frame_seconds - now)
        chunk = max(1, min(256, int(budget / per_epoch) if per_epoch > 0 else 256))
        await sleep(0)
    return trained
