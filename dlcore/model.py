"""The multilayer perceptron (多层感知机), dlcore's one model (chapters 2.1, 3.1-3.4).

``MLP([2, 8, 8, 1], activation="relu", output_activation="sigmoid")`` is

    X (n, 2) -> Dense(2, 8) -> relu -> Dense(8, 8) -> relu -> Dense(8, 1) -> sigmoid -> y_hat (n, 1)

Forward propagation (前向传播), for layer l = 1..L with a_0 = X:

    z_l = a_{l-1} W_l + b_l,    a_l = f_l(z_l),    y_hat = a_L

Backpropagation (反向传播), given d_a_L = dL/dy_hat, for l = L..1:

    delta_l = d_a_l * f_l'(z_l)                          (dL/dz_l)
    dW_l = a_{l-1}^T delta_l,   db_l = sum over rows of delta_l
    d_a_{l-1} = delta_l W_l^T                            (dL/da_{l-1})
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
    layers : [Dense, Activation, Dense, Activation, ...]: layer l is the pair (layers[2l], layers[2l+1])
    dense :  the Dense layers alone
    params : [W1, b1, W2, b2, ...]  live arrays, W_l (n_{l-1}, n_l), b_l (n_l,)
    grads :  [dW1, db1, ...]        same shapes, filled by ``backward``
    sizes, activation, output_activation (names), init (the resolved name), dtype, n_params
    """

    def __init__(self, sizes, activation="relu", output_activation="identity", init="auto",
                 seed=0, dtype=np.float64):
        if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
            raise TypeError(f"sizes: expected a list of layer sizes such as [2, 8, 1], got {C.describe(sizes)}")
        if len(sizes) < 2:
            raise ValueError(f"sizes: expected at least 2 layer sizes (inputs and outputs), got {list(sizes)}")
        self.sizes = [C.check_int(s, f"sizes[{i}]") for i, s in enumerate(sizes)]
        hidden_fn = _activation(activation, "activation")
        output_fn = _activation(output_activation, "output_activation")
        self.activation, self.output_activation = hidden_fn.name, output_fn.name
        if isinstance(init, str) and init.strip().lower() == "auto":
            # chosen for the activation the weights feed: the hidden one, or with no hidden layer the output's
            init = _init.choose(self.activation if len(self.sizes) > 2 else self.output_activation)
        _init.get(init)  # validates the name
        self.init = C.check_name(init, _init.names(), "initializer", "init") if isinstance(init, str) \
            else getattr(init, "__name__", "custom")
        self.dtype = C.check_dtype(dtype)
        rng = get_rng(seed)

        self.layers = []
        L = len(self.sizes) - 1
        for l in range(L):
            self.layers.append(Dense(self.sizes[l], self.sizes[l + 1], init=init, seed=rng, dtype=self.dtype))
            self.layers.append(Activation(hidden_fn if l < L - 1 else output_fn))

    @property
    def dense(self) -> list[Dense]:
        """The Dense layers, first to last."""
        return self.layers[0::2]

    @property
    def params(self):
        """[W1, b1, W2, b2, ...]: the live weight arrays (change them in place to set weights)."""
        return [p for layer in self.dense for p in layer.params]

    @property
    def grads(self):
        """[dW1, db1, ...]: the gradients from the last ``backward`` (overwritten by the next)."""
        return [g for layer in self.dense for g in layer.grads]

    @property
    def n_params(self) -> int:
        return sum(layer.n_params for layer in self.dense)

    # -- forward ---------------------------------------------------------------
    def check_input(self, X, arg: str = "X") -> np.ndarray:
        """``X`` as the model takes it: finite, (n, sizes[0]), cast to the model's dtype."""
        X = C.as_array(X, arg, ndim=2, dtype=self.dtype)
        if X.shape[1] != self.sizes[0]:
            raise ValueError(f"{arg}: expected {self.sizes[0]} features (columns) for this model with "
                             f"sizes {self.sizes}, got shape {X.shape}")
        return X

    def forward(self, X):
        """y_hat for X (n, sizes[0]) -> (n, sizes[-1]); every layer keeps what
        ``backward`` needs.

        X is cast to the model's dtype and must be finite; the layers keep
        their own copies, so changing X afterwards does not change the
        gradients. The result is read-only (it is the last layer's cached a).
        """
        a = self.check_input(X)
        for layer in self.layers:
            a = layer.forward(a)
        return a

    __call__ = forward

    def predict(self, X):
        """y_hat for X, the same z_l = a_{l-1} W_l + b_l, a_l = f_l(z_l) as
        ``forward``, keeping nothing (a later ``backward`` is unaffected)."""
        a = self.check_input(X)
        for dense, act in zip(self.layers[0::2], self.layers[1::2]):
            a = act.fn.forward(a @ dense.W + dense.b)
        return a

    def threshold(self) -> float:
        """The cut used by ``predict_classes`` for a single output: the middle of the output
        activation's range: 0 for tanh, 0.5 for sigmoid and for the unbounded ones
        (identity, relu, leaky_relu: halfway between labels 0 and 1, as for a regression
        on 0/1 targets)."""
        return 0.0 if self.output_activation == "tanh" else 0.5

    def predict_classes(self, X) -> np.ndarray:
        """Integer class labels (n,) of dtype intp.

        Several outputs: the index of the largest output (argmax; the same with or without softmax).
        One output: 1 where y_hat > ``threshold()`` (0.5 after a sigmoid), else 0.
        """
        y_hat = self.predict(X)
        if y_hat.shape[1] == 1:
            return (y_hat[:, 0] > self.threshold()).astype(np.intp)
        return y_hat.argmax(axis=1).astype(np.intp, copy=False)

    # -- backward --------------------------------------------------------------
    def backward(self, d_y_hat):
        """Backpropagate d_y_hat = dL/dy_hat (n, sizes[-1]) from the last
        ``forward``.

        Fills ``grads`` in place and returns d_X = dL/dX (n, sizes[0]).
        ``d_y_hat`` is not modified.
        """
        if self.layers[0].X is None:
            raise RuntimeError("backward called before forward")
        d_a = C.as_array(d_y_hat, "d_y_hat", ndim=2, dtype=self.dtype)
        C.check_shape(d_a, (len(self.layers[0].X), self.sizes[-1]), "d_y_hat",
                      "the last forward's output")
        for dense, act in reversed(list(zip(self.layers[0::2],
                                            self.layers[1::2]))):
            delta = act.backward(d_a)      # dL/dz_l = dL/da_l * f_l'(z_l)
            d_a = dense.backward(delta)    # fills dW_l, db_l; returns dL/da_{l-1}
        return d_a

    # -- utilities ---------------------------------------------------------------
    def copy(self, dtype=None) -> "MLP":
        """A deep copy with the same weights (optionally converted to ``dtype``)."""
        fns = [act.fn for act in self.layers[1::2]]
        new = MLP(self.sizes, activation=fns[0] if len(fns) > 1 else self.activation,
                  output_activation=fns[-1], init="zeros", dtype=self.dtype if dtype is None else dtype)
        new.init = self.init
        for p_new, p in zip(new.params, self.params):
            p_new[...] = p
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


def _activation(name, arg):
    """The activation object for ``name``; an error names ``arg``."""
    if isinstance(name, str):
        name = C.check_name(name, _activations.names(), "activation", arg)
    elif not isinstance(name, _activations.ActivationFunction):
        C.check_name(name, _activations.names(), "activation", arg)  # raises the TypeError
    return _activations.get(name)
