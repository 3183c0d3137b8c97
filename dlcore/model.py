"""The multilayer perceptron (多层感知机), dlcore's one model (chapters 2.1, 3.1-3.4).

``MLP([2, 8, 8, 1], activation="relu", output_activation="sigmoid")`` is

    X (n, 2) -> Dense(2, 8) -> relu -> Dense(8, 8) -> relu -> Dense(8, 1) -> sigmoid -> y_hat (n, 1)

Forward propagation (前向传播), for layer l = 1..L with a_0 = X:

    z_l = a_{l-1} W_l + b_l,    a_l = f_l(z_l),    y_hat = a_L

Backpropagation (反向传播), given d_y_hat = dL/dy_hat:

    delta_L = d_y_hat * f_L'(z_L)
    dW_l = a_{l-1}^T delta_l,   db_l = sum over rows of delta_l
    delta_{l-1} = (delta_l W_l^T) * f_{l-1}'(z_{l-1})

All weights live in one contiguous array (``W1, b1, W2, b2, ...`` one after
the other) and so do their gradients; ``params`` and ``grads`` are views into
them. That is invisible to the reader but lets an optimizer update everything
with a handful of NumPy calls.
"""

from __future__ import annotations

import numpy as np

from . import _checks as C
from . import activations as _activations
from . import initializers as _init
from .layers import Activation, Dense
from .random import get_rng

__all__ = ["MLP"]


class MLP:
    """A fully connected network.

    Parameters
    ----------
    sizes : list of int
        Units per layer, input first: ``[n_features, hidden..., n_outputs]`` (at least 2 entries).
    activation : str
        Hidden-layer activation: identity, sigmoid, tanh, relu, leaky_relu.
    output_activation : str
        Output activation. ``identity`` for regression and for cross-entropy (which takes raw
        scores), ``sigmoid`` for binary classification with ``bce``.
    init : str
        ``auto`` (He for relu/leaky_relu, Xavier otherwise; the hidden activation decides,
        or the output's when there is no hidden layer), ``xavier``/``glorot``, ``he``,
        ``normal`` (std 0.01) or ``zeros``; see ``dlcore.initializers``. Biases start at 0.
    seed : int or None
        Seed for the initial weights (``None``: dlcore's default generator, see ``dl.seed``).
    dtype : np.float64 or np.float32
        Precision of weights, gradients and every computation. Inputs are cast to it.

    Attributes
    ----------
    params : [W1, b1, W2, b2, ...]  live arrays, W_l (n_{l-1}, n_l), b_l (n_l,)
    grads :  [dW1, db1, ...]        same shapes, filled by ``backward``
    layers : [Dense, Activation, Dense, Activation, ...]
    sizes, activation, output_activation, init (the resolved name), dtype, n_params
    """

    def __init__(self, sizes, activation="relu", output_activation="identity", init="auto",
                 seed=0, dtype=np.float64):
        if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
            raise TypeError(f"sizes: expected a list of layer sizes such as [2, 8, 1], got {C.describe(sizes)}")
        sizes = list(sizes)
        if len(sizes) < 2:
            raise ValueError(f"sizes: expected at least 2 layer sizes (inputs and outputs), got {sizes}")
        for i, s in enumerate(sizes):
            C.check_int(s, f"sizes[{i}]")
        self.sizes = [int(s) for s in sizes]
        self.hidden_fn = _activations._lookup(activation, "activation")
        self.output_fn = _activations._lookup(output_activation, "output_activation")
        self.activation = self.hidden_fn.name
        self.output_activation = self.output_fn.name
        if isinstance(init, str) and init.strip().lower() == "auto":
            # chosen for the activation the weights feed: the hidden one, or with no hidden layer the output's
            init = _init.choose(self.activation if len(self.sizes) > 2 else self.output_activation)
        _init.get(init)  # validates the name
        if isinstance(init, str):
            init = init.strip().lower().replace("-", "_")
        self.init = init if isinstance(init, str) else getattr(init, "__name__", "custom")
        self.seed = C.check_seed(seed) if not isinstance(seed, np.random.Generator) else None
        self.dtype = C.check_dtype(dtype)
        rng = get_rng(seed)

        self.layers = []
        self.dense = []
        L = len(self.sizes) - 1
        for l in range(L):
            layer = Dense(self.sizes[l], self.sizes[l + 1], init=init, seed=rng, dtype=self.dtype)
            self.layers.append(layer)
            self.dense.append(layer)
            fn = self.hidden_fn if l < L - 1 else self.output_fn
            self.layers.append(Activation(fn))
        self._pack()

    # -- storage -------------------------------------------------------------
    def _pack(self):
        """Move all W, b (and dW, db) into one flat buffer each, as views in order."""
        total = sum(d.n_params for d in self.dense)
        self._flat = np.empty(total, dtype=self.dtype)
        self._flat_grad = np.zeros(total, dtype=self.dtype)
        self._params, self._grads = [], []
        o = 0
        for d in self.dense:
            for name, gname in (("W", "dW"), ("b", "db")):
                p = getattr(d, name)
                view = self._flat[o:o + p.size].reshape(p.shape)
                view[...] = p
                gview = self._flat_grad[o:o + p.size].reshape(p.shape)
                setattr(d, name, view)
                setattr(d, gname, gview)
                self._params.append(view)
                self._grads.append(gview)
                o += p.size
        # Identity activation layers do nothing forward; skip them on the hot path.
        self._fwd_layers = [
            layer for layer in self.layers
            if not (isinstance(layer, Activation) and layer.name == "identity")
        ]

    @property
    def params(self):
        """[W1, b1, W2, b2, ...]: the live weight arrays (change them in place to set weights)."""
        return list(self._params)

    @property
    def grads(self):
        """[dW1, db1, ...]: the gradients from the last ``backward`` (overwritten by the next)."""
        return list(self._grads)

    @property
    def n_params(self) -> int:
        return int(self._flat.size)

    # -- forward ---------------------------------------------------------------
    def _check_X(self, X, arg="X"):
        X = C.as_array(X, arg, ndim=2, dtype=self.dtype)
        if X.shape[1] != self.sizes[0]:
            raise ValueError(
                f"{arg}: expected {self.sizes[0]} features (columns) for this model with sizes {self.sizes}, "
                f"got shape {X.shape}"
            )
        return X

    def forward(self, X):
        """y_hat for X (n, sizes[0]) -> (n, sizes[-1]); caches what ``backward`` needs.

        X is cast to the model's dtype and must be finite. The result is read-only: it is
        the array ``backward`` uses, so changing it in place would corrupt the gradients
        (copy it first). The model keeps its own copy of X, so later changes to the
        caller's X do not affect ``backward`` either.
        """
        checked = self._check_X(X)
        if isinstance(X, np.ndarray) and np.may_share_memory(checked, X):
            checked = checked.copy()
        out = self._forward(checked).view()
        out.flags.writeable = False
        return out

    __call__ = forward

    def _forward(self, X, cache=True):
        a = X
        for layer in self._fwd_layers:
            a = layer._forward(a, cache)
        return a

    def predict(self, X):
        """y_hat for X, like ``forward`` but caching nothing (a later ``backward`` is unaffected)."""
        return self._forward(self._check_X(X), cache=False)

    def threshold(self) -> float:
        """The cut used by ``predict_classes`` for a single output: the middle of the output
        activation's range: 0 for tanh, 0.5 for sigmoid and for the unbounded ones
        (identity, relu, leaky_relu: halfway between labels 0 and 1, as for a regression
        on 0/1 targets)."""
        return 0.0 if self.output_activation == "tanh" else 0.5

    def predict_classes(self, X) -> np.ndarray:
        """Integer class labels (n,).

        Several outputs: the index of the largest output (argmax; the same with or without softmax).
        One output: 1 where y_hat > ``threshold()`` (0.5 after a sigmoid), else 0.
        """
        y_hat = self.predict(X)
        if y_hat.shape[1] == 1:
            return (y_hat[:, 0] > self.threshold()).astype(np.int64)
        return y_hat.argmax(axis=1)

    # -- backward --------------------------------------------------------------
    def backward(self, d_y_hat):
        """Backpropagate d_y_hat = dL/dy_hat (n, sizes[-1]) from the last ``forward``.

        Fills ``grads`` in place and returns dX = dL/dX (n, sizes[0]). ``d_y_hat`` is not modified.
        """
        if self.layers[0].X is None:
            raise RuntimeError("backward called before forward")
        d = C.as_array(d_y_hat, "d_y_hat", ndim=2, dtype=self.dtype)
        expected = (self.layers[0].X.shape[0], self.sizes[-1])
        if d.shape != expected:
            raise ValueError(f"d_y_hat: expected shape {expected} (the last forward's output), got {d.shape}")
        return self._backward(d, need_dx=True)

    def _backward(self, d_y_hat, need_dx=False, skip_output_activation=False):
        """Unchecked backward. With ``skip_output_activation`` the argument is already
        dL/dz_L (used for the fused sigmoid + BCE gradient). Without ``need_dx`` the
        first layer's dX, which training never uses, is not computed."""
        delta = d_y_hat
        layers = self.layers
        last = len(layers) - 1
        for i in range(last, -1, -1):
            layer = layers[i]
            if i == last:
                if skip_output_activation:
                    continue
                if self.output_activation == "identity":
                    continue  # f' = 1: delta passes through unchanged (and unmodified)
            if i == 0:
                return layer._backward(delta, need_dx)
            delta = layer._backward(delta)
        return delta  # pragma: no cover

    # -- utilities ---------------------------------------------------------------
    def copy(self, dtype=None) -> "MLP":
        """A deep copy with the same weights (optionally converted to ``dtype``)."""
        new = MLP.__new__(MLP)
        new.__dict__.update(self.__dict__)
        new.dtype = C.check_dtype(self.dtype if dtype is None else dtype)
        new.sizes = list(self.sizes)
        new.layers, new.dense = [], []
        for layer in self.layers:
            if isinstance(layer, Dense):
                d = Dense.__new__(Dense)
                d.__dict__.update(layer.__dict__)
                d.dtype = new.dtype
                d.W = layer.W.astype(new.dtype)
                d.b = layer.b.astype(new.dtype)
                d.dW = np.zeros_like(d.W)
                d.db = np.zeros_like(d.b)
                d.X = None
                new.layers.append(d)
                new.dense.append(d)
            else:
                new.layers.append(Activation(layer.fn))
        new._pack()
        return new

    def summary(self) -> str:
        """A table of the layers, their output shapes and parameter counts."""
        lines = [f"{'layer':<24}{'output':>10}{'params':>10}"]
        for layer in self.layers:
            if isinstance(layer, Dense):
                lines.append(f"{f'Dense({layer.n_in} -> {layer.n_out})':<24}{layer.n_out:>10}{layer.n_params:>10}")
            elif layer.name != "identity":
                lines.append(f"{layer.name:<24}{'':>10}{0:>10}")
        lines.append(f"{'total':<24}{'':>10}{self.n_params:>10}")
        return "\n".join(lines)

    def __repr__(self):
        return (
            f"MLP(sizes={self.sizes}, activation={self.activation!r}, "
            f"output_activation={self.output_activation!r}, init={self.init!r}, "
            f"dtype={self.dtype.name}, n_params={self.n_params})"
        )
