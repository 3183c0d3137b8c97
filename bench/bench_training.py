"""Seconds per epoch: dlcore vs PyTorch training the same 64-64-10 ReLU MLP with Adam on digits.

Both sides get the same float32 data, the same initial weights (copied from the dlcore
model), the same shuffled order of rows every epoch, Adam(lr=1e-3), mean cross-entropy
on raw scores, and both record the epoch's loss and accuracy from each minibatch (what
``dl.train`` does). PyTorch runs on the CPU with as many threads as NumPy's BLAS.

Every timed run is a fresh process (so one library's spinning BLAS/OpenMP threads
never slow the other down), with a short warm-up first; runs alternate (dlcore,
pause, PyTorch, pause, ...) and the ratio of the medians is reported.

    python bench/bench_training.py            # full run (about a minute)
    python bench/bench_training.py --quick    # a smoke test (a few seconds)

Without PyTorch installed, only dlcore is timed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

import numpy as np

import dlcore.datasets as datasets
from dlcore import optim
from dlcore.model import MLP
from dlcore.train import train

SIZES = [64, 64, 10]
LR = 1e-3


def blas_threads() -> int:
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        if os.environ.get(var, "").isdigit():
            return int(os.environ[var])
    return os.cpu_count() or 1


def load_data():
    X, y = datasets.load_digits()
    return X.astype(np.float32), y.astype(np.int64)


def orders(n, epochs, seed=0):
    """The row order of every epoch, drawn exactly as dl.train draws it."""
    rng = np.random.default_rng(seed)
    return [rng.permutation(n) for _ in range(epochs)]


def run_dlcore(model0, X, y, batch_size, epochs):
    model = model0.copy()
    t = time.perf_counter()
    h = train(model, X, y, "cross_entropy", optim.Adam(lr=LR), epochs, batch_size=batch_size, seed=0)
    seconds = time.perf_counter() - t
    return seconds / epochs, h.loss[-1], model


def make_torch_run(torch):
    F = torch.nn.functional

    def run_torch(model0, X, y, batch_size, epochs):
        W1, b1, W2, b2 = (torch.from_numpy(p.copy()) for p in model0.params)
        net = torch.nn.Sequential(torch.nn.Linear(64, 64), torch.nn.ReLU(), torch.nn.Linear(64, 10))
        with torch.no_grad():  # torch's Linear stores W transposed: weight is (n_out, n_in)
            net[0].weight.copy_(W1.T)
            net[0].bias.copy_(b1)
            net[2].weight.copy_(W2.T)
            net[2].bias.copy_(b2)
        opt = torch.optim.Adam(net.parameters(), lr=LR)
        Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
        perms = [torch.from_numpy(p) for p in orders(len(X), epochs)]
        n = len(X)
        t = time.perf_counter()
        for perm in perms:
            Xs, ys = Xt[perm], yt[perm]
            total, correct = 0.0, 0
            for s in range(0, n, batch_size):
                xb, yb = Xs[s:s + batch_size], ys[s:s + batch_size]
                opt.zero_grad(set_to_none=True)
                out = net(xb)
                loss = F.cross_entropy(out, yb)
                loss.backward()
                opt.step()
                total += loss.item() * len(xb)
                correct += int((out.argmax(1) == yb).sum())
            last = total / n
        seconds = time.perf_counter() - t
        return seconds / epochs, last, net

    return run_torch


def machine() -> str:
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        cpu = platform.processor() or cpu
    return f"{cpu}, nproc {os.cpu_count()}, Python {platform.python_version()}, NumPy {np.__version__}"


def worker(lib, batch_size, epochs, threads):
    """One timed run in a fresh process: a 2-epoch warm-up, then ``epochs`` timed epochs."""
    X, y = load_data()
    model0 = MLP(SIZES, activation="relu", seed=0, dtype=np.float32)
    if lib == "torch":
        import torch

        torch.set_num_threads(threads)
        run = make_torch_run(torch)
    else:
        run = run_dlcore
    run(model0, X, y, batch_size, 2)
    seconds, loss, _ = run(model0, X, y, batch_size, epochs)
    warm = run(model0, X, y, batch_size, 2)[1]
    print(json.dumps({"seconds_per_epoch": seconds, "loss_after_2_epochs": warm, "loss": loss}))


def spawn(lib, batch_size, epochs, threads):
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads),
               MKL_NUM_THREADS=str(threads))
    out = subprocess.run(
        [sys.executable, __file__, "--worker", lib, "--batch", str(batch_size), "--epochs", str(epochs),
         "--threads", str(threads)],
        env=env, capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short smoke run")
    parser.add_argument("--repeats", type=int, default=None, help="timed runs per library and batch size")
    parser.add_argument("--pause", type=float, default=0.5, help="seconds to sleep between runs")
    parser.add_argument("--threads", type=int, default=None, help="BLAS/OpenMP threads for both (default: nproc)")
    parser.add_argument("--worker", choices=["dlcore", "torch"], help=argparse.SUPPRESS)
    parser.add_argument("--batch", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--epochs", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    threads = args.threads or blas_threads()
    if args.worker:
        worker(args.worker, args.batch, args.epochs, threads)
        return 0
    repeats = args.repeats or (2 if args.quick else 5)
    epochs_for = {32: 3 if args.quick else 20, 1024: 20 if args.quick else 400}

    print(f"bench_training: {SIZES[0]}-{SIZES[1]}-{SIZES[2]} ReLU MLP, Adam(lr={LR}), digits (1797, 64) float32")
    print(f"machine: {machine()}")
    try:
        import torch
    except ImportError:
        torch = None
        print("PyTorch is not installed: timing dlcore only (pip install torch to compare)")
    else:
        print(f"PyTorch {torch.__version__} (CPU); {threads} thread(s) for NumPy's BLAS and torch.set_num_threads")
    print("each run is a fresh process (warm-up, then timed epochs); dlcore and PyTorch runs alternate")

    ratios = {}
    for batch_size in (32, 1024):
        epochs = epochs_for[batch_size]
        times_dl, times_t = [], []
        for _ in range(repeats):
            r_dl = spawn("dlcore", batch_size, epochs, threads)
            times_dl.append(r_dl["seconds_per_epoch"])
            time.sleep(args.pause)
            if torch is not None:
                r_t = spawn("torch", batch_size, epochs, threads)
                times_t.append(r_t["seconds_per_epoch"])
                time.sleep(args.pause)
        med_dl, min_dl = statistics.median(times_dl), min(times_dl)
        line = f"batch {batch_size:>4}: dlcore {med_dl * 1e3:7.3f} ms/epoch (min {min_dl * 1e3:.3f})"
        if torch is not None:
            med_t, min_t = statistics.median(times_t), min(times_t)
            ratios[batch_size] = med_dl / med_t
            diff = abs(r_dl["loss_after_2_epochs"] - r_t["loss_after_2_epochs"]) / abs(r_t["loss_after_2_epochs"])
            line += (f" | PyTorch {med_t * 1e3:7.3f} ms/epoch (min {min_t * 1e3:.3f})"
                     f" | ratio dlcore/PyTorch {ratios[batch_size]:.2f} (of mins {min_dl / min_t:.2f})")
            print(line + f"   [median of {repeats} runs x {epochs} epochs]")
            print(f"            same loss after 2 epochs: {r_dl['loss_after_2_epochs']:.6f} vs "
                  f"{r_t['loss_after_2_epochs']:.6f} (relative difference {diff:.0e})")
        else:
            print(line + f"   [median of {repeats} runs x {epochs} epochs]")

    targets = {32: 0.5, 1024: 1.1}
    for batch_size, ratio in ratios.items():
        verdict = "meets" if ratio <= targets[batch_size] else "MISSES"
        print(f"target at batch {batch_size}: ratio <= {targets[batch_size]}: {verdict} ({ratio:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
