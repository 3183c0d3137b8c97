"""Training speed: dlcore vs PyTorch, and dlcore vs the bare matrix products of a step.

Three figures, from one run (``make bench``, or ``python bench/bench_training.py``):

1. batch 32: seconds per epoch training a 64-64-10 ReLU MLP with Adam on the digits
   (1,797 x 64, float32), dlcore / PyTorch;
2. batch 1,024: the same for a 256-512-10 ReLU MLP on 8,192 random rows of 256 features
   (float32, 10 classes), dlcore / PyTorch;
3. batch 1,024, the same model: one ``dl.train`` step (everything ``train`` does, per step)
   against the five matrix products a step needs, alone, same shapes
   (X W1, h W2; h^T delta2, delta2 W2^T, X^T delta1): the floor no NumPy code can beat.

Both libraries get the same float32 data, the same initial weights (copied from the dlcore
model), the same shuffled order of rows every epoch, Adam(lr=1e-3), mean cross-entropy on
raw scores, and both record the epoch's loss and accuracy from each minibatch (what
``dl.train`` does). Every dlcore/PyTorch run is a fresh process (one library's spinning
BLAS/OpenMP threads never slow the other down), with a warm-up first; runs alternate and
the ratio of the medians is reported. The floor is timed in one process, alternating with
training, and the median of the paired ratios is reported.

    python bench/bench_training.py             # full run (a few minutes on 2 busy cores)
    python bench/bench_training.py --quick     # a smoke test
    python bench/bench_training.py --threads 2 # BLAS threads (default 1: steadiest on a shared machine)

Without PyTorch installed, figures 1 and 2 time dlcore alone.
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

LR = 1e-3
CASES = {32: [64, 64, 10], 1024: [256, 512, 10]}
TARGETS = {32: 0.3, 1024: 1.0, "floor": 1.3}


def load_data(batch_size):
    import dlcore as dl

    if CASES[batch_size][0] == 64:
        X, y = dl.datasets.load_digits(dtype=np.float32)
        return X, y.astype(np.int64)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(8192, 256)).astype(np.float32)
    y = (X @ rng.normal(size=(256, 10))).argmax(axis=1).astype(np.int64)  # a learnable rule
    return X, y


def orders(n, epochs, seed=0):
    """The row order of every epoch, drawn exactly as dl.train draws it."""
    rng = np.random.default_rng(seed)
    return [rng.permutation(n) for _ in range(epochs)]


def run_dlcore(model0, X, y, batch_size, epochs):
    import dlcore as dl

    model = model0.copy()
    t = time.perf_counter()
    h = dl.train(model, X, y, "cross_entropy", dl.optim.Adam(lr=LR), epochs, batch_size=batch_size, seed=0)
    return (time.perf_counter() - t) / epochs, h.loss[-1]


def make_torch_run(torch):
    F = torch.nn.functional

    def run_torch(model0, X, y, batch_size, epochs):
        layers = []
        for W, b in zip(model0.params[0::2], model0.params[1::2]):
            lin = torch.nn.Linear(*W.shape)
            with torch.no_grad():  # torch's Linear stores W transposed: weight is (n_out, n_in)
                lin.weight.copy_(torch.from_numpy(W.T.copy()))
                lin.bias.copy_(torch.from_numpy(b.copy()))
            layers += [lin, torch.nn.ReLU()]
        net = torch.nn.Sequential(*layers[:-1])
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
        return (time.perf_counter() - t) / epochs, last

    return run_torch


def floor_rounds(rounds, epochs=2):
    """(dlcore seconds per step, floor seconds per step) for each round, alternating."""
    import dlcore as dl

    X, y = load_data(1024)
    model = dl.MLP(CASES[1024], seed=0, dtype=np.float32)
    opt = dl.optim.Adam(lr=LR)
    n, b = len(X), 1024
    steps = epochs * (n // b)
    W1, W2 = (p.copy() for p in model.params[0::2])
    Xb = X[:b].copy()
    h = np.empty((b, 512), np.float32)
    z = np.empty((b, 10), np.float32)
    d2 = np.random.default_rng(1).normal(size=(b, 10)).astype(np.float32)
    dh, dW1, dW2 = np.empty((b, 512), np.float32), np.empty_like(W1), np.empty_like(W2)

    def bare_products():
        np.matmul(Xb, W1, out=h)
        np.matmul(h, W2, out=z)
        np.matmul(h.T, d2, out=dW2)
        np.matmul(d2, W2.T, out=dh)
        np.matmul(Xb.T, dh, out=dW1)

    dl.train(model, X, y, "cross_entropy", opt, 1, batch_size=b)  # warm-up
    for _ in range(steps):
        bare_products()
    out = []
    for _ in range(rounds):
        t = time.perf_counter()
        dl.train(model, X, y, "cross_entropy", opt, epochs, batch_size=b)
        step = (time.perf_counter() - t) / steps
        t = time.perf_counter()
        for _ in range(steps):
            bare_products()
        out.append((step, (time.perf_counter() - t) / steps))
    return out


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
    """One timed run in a fresh process: a warm-up, then ``epochs`` timed epochs."""
    import dlcore as dl

    if lib == "floor":
        print(json.dumps({"rounds": floor_rounds(epochs)}))
        return
    X, y = load_data(batch_size)
    model0 = dl.MLP(CASES[batch_size], activation="relu", seed=0, dtype=np.float32)
    if lib == "torch":
        import torch

        torch.set_num_threads(threads)
        run = make_torch_run(torch)
    else:
        run = run_dlcore
    run(model0, X, y, batch_size, 2)
    seconds, loss = run(model0, X, y, batch_size, epochs)
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
    parser.add_argument("--threads", type=int, default=1, help="BLAS/OpenMP threads for both (default 1)")
    parser.add_argument("--worker", choices=["dlcore", "torch", "floor"], help=argparse.SUPPRESS)
    parser.add_argument("--batch", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--epochs", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, args.batch, args.epochs, args.threads)
        return 0
    repeats = args.repeats or (2 if args.quick else 5)
    epochs_for = {32: 3 if args.quick else 20, 1024: 2 if args.quick else 10}

    print("bench_training: ReLU MLPs, Adam(lr=1e-3), cross-entropy, float32")
    print(f"machine: {machine()}")
    try:
        import torch
    except ImportError:
        torch = None
        print("PyTorch is not installed: timing dlcore only (make reference to compare)")
    else:
        print(f"PyTorch {torch.__version__} (CPU); {args.threads} thread(s) for NumPy's BLAS and torch")
    print("each run is a fresh process (warm-up, then timed epochs); dlcore and PyTorch runs alternate")

    figures = {}
    for batch_size, sizes in CASES.items():
        epochs = epochs_for[batch_size]
        times_dl, times_t = [], []
        for _ in range(repeats):
            r_dl = spawn("dlcore", batch_size, epochs, args.threads)
            times_dl.append(r_dl["seconds_per_epoch"])
            time.sleep(args.pause)
            if torch is not None:
                r_t = spawn("torch", batch_size, epochs, args.threads)
                times_t.append(r_t["seconds_per_epoch"])
                time.sleep(args.pause)
        med_dl = statistics.median(times_dl)
        shape = "-".join(map(str, sizes))
        line = f"batch {batch_size:>4} ({shape}): dlcore {med_dl * 1e3:8.3f} ms/epoch"
        if torch is not None:
            med_t = statistics.median(times_t)
            figures[batch_size] = med_dl / med_t
            diff = abs(r_dl["loss_after_2_epochs"] - r_t["loss_after_2_epochs"]) / abs(r_t["loss_after_2_epochs"])
            print(line + f" | PyTorch {med_t * 1e3:8.3f} ms/epoch | dlcore/PyTorch {figures[batch_size]:.2f}"
                  f"   [median of {repeats} runs x {epochs} epochs]")
            print(f"      same loss after 2 epochs: {r_dl['loss_after_2_epochs']:.6f} vs "
                  f"{r_t['loss_after_2_epochs']:.6f} (relative difference {diff:.0e})")
        else:
            print(line + f"   [median of {repeats} runs x {epochs} epochs]")

    rounds = spawn("floor", 1024, 3 if args.quick else 15, args.threads)["rounds"]
    step = statistics.median(r[0] for r in rounds)
    bare = statistics.median(r[1] for r in rounds)
    figures["floor"] = statistics.median(r[0] / r[1] for r in rounds)
    print(f"batch 1024 (256-512-10): a dl.train step {step * 1e3:.2f} ms, its bare matrix products "
          f"{bare * 1e3:.2f} ms: step / products {figures['floor']:.2f}   [median of {len(rounds)} paired rounds]")

    print("figures (compare within this run; the machine is shared and noisy):")
    labels = {32: "dlcore/PyTorch at batch 32  ", 1024: "dlcore/PyTorch at batch 1024",
              "floor": "step/matmuls at batch 1024  "}
    for key, value in figures.items():
        verdict = "meets" if value <= TARGETS[key] else "MISSES"
        print(f"  {labels[key]} {value:.2f}  (target <= {TARGETS[key]}: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
