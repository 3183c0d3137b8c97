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

    clock = FakeClock(0.02)      # every chunk "takes" 20 ms: chunk_seconds 0.03 -> 1 epoch
    n = asyncio.run(pg.play(s, frames.append, frame_seconds=0.1, chunk_seconds=0.03,
                            clock=clock, sleep=sleep))
    assert n == 60 and s.done and yields[-1] == 60
    assert len(yields) == 60                              # one epoch per chunk, a yield after each
    assert frames[-1].kind == "converged"
    assert all(f.level == "running" for f in frames[:-1])
    assert 10 <= len(frames) <= 31                        # about one frame per 0.1 s of fake time


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
