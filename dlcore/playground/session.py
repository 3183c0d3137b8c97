"""Training you can watch (chapter 4.2): a run trained in small chunks.

:class:`TrainingSession` holds one run in progress: its data, its model, its
optimizer (with its state) and its shuffling generator, so that training
``k`` epochs now and ``m`` later gives exactly the numbers of one
:func:`~dlcore.playground.run` of ``k + m`` epochs; it can also stop in the middle of
an epoch (:meth:`~TrainingSession.train_steps`: a long epoch, such as 800 points at
batch size 1, is cut between frames). :func:`play` trains a
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
from dlcore.train import TrainingRun

__all__ = ["TrainingSession", "play", "FRAME_SECONDS", "CHUNK_SECONDS"]

#: Time between two frames while a run plays (12.5 frames per second: more than the
#: 10 a moving picture needs, with room for a late frame).
FRAME_SECONDS = 0.08
#: Target time of one training chunk between two yields to the event loop.
CHUNK_SECONDS = 0.03
#: The most minibatch steps in one chunk (when a clock says a step takes no time).
MAX_CHUNK_STEPS = 4096


class TrainingSession:
    """One run of ``config`` in progress, trained a few steps or epochs at a time.

    ``epoch`` epochs are done of ``config.epochs``; ``history`` holds them;
    ``done`` is True at the end or after divergence. :meth:`train` trains more epochs,
    :meth:`train_steps` more minibatch steps (:attr:`steps_per_epoch` make an epoch;
    the model is drawn as it is, also in the middle of an epoch),
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
        optimizer = _optim.get(self.config.optimizer, **self.config.optimizer_kwargs())
        self._run = TrainingRun(self.model, self._X_train, self._y_train, self.config.loss,
                                optimizer, batch_size=self.config.effective_batch_size,
                                X_val=self._X_val, y_val=self._y_val,
                                seed=np.random.default_rng(self.config.seed))
        self.seconds = 0.0

    @property
    def history(self):
        """The :class:`~dlcore.train.History` of the completed epochs."""
        return self._run.history

    @property
    def steps_per_epoch(self) -> int:
        """Minibatch steps in one epoch (1 for the full batch)."""
        return self._run.steps_per_epoch

    @property
    def epoch(self) -> int:
        return len(self.history.loss)

    @property
    def done(self) -> bool:
        return self.history.diverged_at is not None or self.epoch >= self.config.epochs

    def train(self, epochs: int = 1) -> int:
        """Train up to ``epochs`` more epochs (never past ``config.epochs``; an epoch in
        progress counts as one and is finished); return how many were completed."""
        epochs = C.check_int(epochs, "epochs")
        todo = min(epochs, self.config.epochs - self.epoch)
        if todo <= 0 or self.done:
            return 0
        before = self.epoch
        t0 = time.perf_counter()
        while self.epoch - before < todo and self._run.train_epoch():
            pass
        self.seconds += time.perf_counter() - t0
        return self.epoch - before

    def train_steps(self, steps: int) -> int:
        """Train up to ``steps`` more minibatch steps, never past ``config.epochs``
        epochs; return how many epochs were completed on the way."""
        steps = C.check_int(steps, "steps")
        if self.done:
            return 0
        left = (self.config.epochs - self.epoch) * self.steps_per_epoch - self._run.steps_done
        t0 = time.perf_counter()
        completed = self._run.steps(min(steps, left))
        self.seconds += time.perf_counter() - t0
        return completed

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

    The chunk size, in minibatch steps, adapts so that a chunk takes about
    ``chunk_seconds`` and ends by the time the next frame is due (at least one step,
    so a long epoch is cut between frames): frames come every ``frame_seconds``, not
    a chunk later. ``on_frame(result)`` is called whenever
    ``frame_seconds`` have passed since the last frame, and once at the end
    (with the verdict). Returns the epochs completed. Cancel the task to stop:
    the session keeps the epochs done so far; ``should_stop()`` returning True
    stops it too (checked after every chunk, before any frame). ``clock`` and
    ``sleep`` are for tests.
    """
    trained = 0
    chunk = 1                                  # minibatch steps
    last_frame = clock()
    while not session.done:
        if should_stop is not None and should_stop():
            break
        t0 = clock()
        trained += session.train_steps(chunk)
        per_step = (clock() - t0) / chunk
        if should_stop is not None and should_stop():
            break
        now = clock()
        if session.done or now - last_frame >= frame_seconds:
            last_frame = now          # the period counts from a frame's start, not its end
            on_frame(session.frame())
            now = clock()
        budget = min(chunk_seconds, last_frame + frame_seconds - now)
        chunk = max(1, min(MAX_CHUNK_STEPS, int(budget / per_step) if per_step > 0 else MAX_CHUNK_STEPS))
        await sleep(0)
    return trained
