"""dlcore.playground.session: a run trained in chunks, played on an event loop (chapter 4.2)."""

from __future__ import annotations

import asyncio
import sys

import numpy as np
import pytest

from dlcore import playground as pg

DEFAULT = pg.PlaygroundConfig()


def test_chunks_give_exactly_the_numbers_of_one_run():
    whole = pg.run(DEFAULT)
    s = pg.TrainingSession(DEFAULT)
    assert s.epoch == 0 and not s.done
    for k in (1, 2, 5, 12, 100):
        s.train(k)
    assert s.epoch == 60 and s.done and s.train(5) == 0
    assert s.history.loss == whole.history.loss
    assert s.history.val_accuracy == whole.history.val_accuracy
    for a, b in zip(s.model.params, whole.model.params):
        np.testing.assert_array_equal(a, b)
    final = s.frame()
    assert final.kind == whole.kind == "converged"
    np.testing.assert_array_equal(final.grid.probs, whole.grid.probs)


def test_a_frame_before_the_end_says_training_and_reset_starts_over():
    s = pg.TrainingSession(DEFAULT.replace(epochs=10))
    first = s.frame()                                   # the untrained network
    assert first.level == "running" and first.headline == "training: epoch 0 of 10"
    s.train(3)
    assert s.frame().headline == "training: epoch 3 of 10"
    s.reset()
    assert s.epoch == 0
    np.testing.assert_array_equal(s.frame().grid.probs, first.grid.probs)


def test_divergence_ends_the_session_at_the_right_epoch():
    cfg = DEFAULT.replace(activation="leaky_relu", optimizer="sgd", lr=10.0)
    whole = pg.run(cfg)
    s = pg.TrainingSession(cfg)
    while not s.done:
        s.train(1)
    assert s.history.diverged_at == whole.diverged_at and s.frame().level == "error"


class FakeClock:
    """A clock that moves by ``tick`` seconds each time it is read."""

    def __init__(self, tick):
        self.t, self.tick = 0.0, tick

    def __call__(self):
        self.t += self.tick
        return self.t


#: asyncio.run cannot start a loop inside Pyodide, whose event loop is the browser's and
#: always running; there the live widget is exercised in the browser (tests/test_live.py).
needs_own_loop = pytest.mark.skipif(sys.platform == "emscripten",
                                    reason="asyncio.run cannot nest in Pyodide's running loop")


@needs_own_loop
def test_play_yields_after_every_chunk_and_frames_at_the_rate_asked():
    s = pg.TrainingSession(DEFAULT)
    frames, yields = [], []

    async def sleep(_):
        yields.append(s.epoch)

    clock = FakeClock(0.02)      # every chunk "takes" 20 ms: chunk_seconds 0.03 -> 1 step
    n = asyncio.run(pg.play(s, frames.append, frame_seconds=0.1, chunk_seconds=0.03,
                            clock=clock, sleep=sleep))
    assert n == 60 and s.done and yields[-1] == 60
    assert s.steps_per_epoch == 8                         # 240 training points, batch 32
    assert len(yields) == 60 * 8                          # one step per chunk, a yield after each
    assert frames[-1].kind == "converged"
    assert all(f.level == "running" for f in frames[:-1])
    # about one frame per 0.1 s of fake time (5 clock reads per chunk, 2 more per frame)
    assert 60 * 8 * 0.1 / 0.1 * 0.5 <= len(frames) <= 60 * 8


def test_steps_in_any_chunks_give_exactly_the_numbers_of_one_run():
    cfg = DEFAULT.replace(epochs=5, batch_size=16)
    whole = pg.run(cfg)
    s = pg.TrainingSession(cfg)
    assert s.steps_per_epoch == 15                        # 240 points in batches of 16
    completed = [s.train_steps(k) for k in (1, 2, 20, 7, 3, 13, 30, 100)]
    assert completed == [0, 0, 1, 1, 0, 1, 2, 0] and s.done   # epochs end at steps 15, 30, 45, 60, 75
    assert s.epoch == 5 and s.done and s.train_steps(5) == 0
    assert s.history.loss == whole.history.loss
    assert s.history.val_loss == whole.history.val_loss
    for a, b in zip(s.model.params, whole.model.params):
        np.testing.assert_array_equal(a, b)


def test_a_frame_in_the_middle_of_an_epoch_shows_the_weights_so_far():
    s = pg.TrainingSession(DEFAULT.replace(batch_size=1))
    before = s.frame().grid.probs.copy()
    assert s.train_steps(10) == 0 and s.epoch == 0        # 10 of 240 steps: epoch 1 runs
    frame = s.frame()
    assert frame.headline == "training: epoch 0 of 60"
    assert not np.array_equal(frame.grid.probs, before)   # the model as it is now
    assert s.train(1) == 1 and s.epoch == 1               # step finishes the epoch begun


@needs_own_loop
def test_play_cuts_a_long_epoch_between_frames():
    s = pg.TrainingSession(DEFAULT.replace(batch_size=1, epochs=2))   # 240 steps an epoch
    at_frames = []
    clock = FakeClock(0.02)

    async def sleep(_):
        pass

    asyncio.run(pg.play(s, lambda r: at_frames.append(s.epoch), frame_seconds=0.1,
                        chunk_seconds=0.03, clock=clock, sleep=sleep))
    assert s.done and at_frames[-1] == 2
    assert at_frames.count(0) >= 10          # many frames before the first epoch ends


@needs_own_loop
def test_play_can_be_cancelled_and_keeps_what_it_trained():
    s = pg.TrainingSession(DEFAULT.replace(epochs=2000))

    async def main():
        task = asyncio.ensure_future(pg.play(s, lambda r: None))
        while s.epoch < 3:
            await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return s.epoch

    stopped_at = asyncio.run(main())
    assert 3 <= stopped_at < 2000 and s.epoch == stopped_at
