"""The training playground's compute side (chapter 4.2): one concept per module.

:mod:`~dlcore.playground.names` (display names), :mod:`~dlcore.playground.features`
(the input feature map), :mod:`~dlcore.playground.config`,
:mod:`~dlcore.playground.data`, :mod:`~dlcore.playground.model` (network, grid,
stuck units), :mod:`~dlcore.playground.metrics` (accuracy or R²),
:mod:`~dlcore.playground.neurons` (every unit's output over the plane),
:mod:`~dlcore.playground.result`, :mod:`~dlcore.playground.verdicts`,
:mod:`~dlcore.playground.training` (one run), :mod:`~dlcore.playground.session` (a run
trained in chunks, to watch), :mod:`~dlcore.playground.compare` and
:mod:`~dlcore.playground.code`; everything is re-exported here, so
``dl.playground.run`` and friends work as before.

Everything the playground widget shows is computed here, with no plotting and
no widgets, so it can be tested and reused on its own:

- :class:`PlaygroundConfig` holds one setting of every control and checks it.
- :func:`make_data` builds the train/validation split (a toy data set or the
  reader's own ``X, y``).
- :func:`run` trains an :class:`~dlcore.model.MLP` with :func:`dlcore.train`
  and returns a :class:`PlaygroundResult`: the history, the trained model, the
  class probabilities on a grid over the plane (the decision regions), optional
  snapshots of that grid during training, and a plain-words verdict (did the
  loss diverge, and at which epoch; did it stall; is the model overfitting).
- :func:`compare_optimizers`, :func:`compare_activations` and
  :func:`compare_grid` rerun one configuration with the optimizer or the
  activation swapped; the optimizers start from the *same* initial weights.
- :func:`code_for` writes the dlcore code that reproduces a run exactly.

Output layer and loss. For classification the network has one output per
class (two for a two-class data set). For regression (``"plane"``,
``"gaussians"``: a real number to predict at each point) it has one linear
(identity) output, the predicted value, and the loss is MSE; runs are scored by
R² instead of accuracy (:mod:`~dlcore.playground.metrics`).

- ``loss="cross_entropy"``: the outputs are raw scores (logits) and the loss
  is softmax cross-entropy on integer labels, as in PyTorch's
  ``CrossEntropyLoss``; for two classes this is the same model as logistic
  regression on the difference of the two scores.
- ``loss="mse"``: the outputs go through a sigmoid, one per class, and are
  compared with one-hot targets (1 for the true class, 0 for the others). A
  sigmoid keeps each output in (0, 1) like its target; a softmax under MSE
  would couple the outputs and make the gradients smaller still. The class
  probabilities drawn for MSE are the sigmoid outputs divided by their sum.

Batch size. ``"gd"`` is gradient descent on the full training set, so it
ignores ``batch_size``; every other optimizer uses ``batch_size`` (``None``
means the full batch, in which case ``"sgd"`` and ``"gd"`` are the same rule).
"""

from dlcore.playground.names import *  # noqa: F401,F403
from dlcore.playground.features import *  # noqa: F401,F403
from dlcore.playground.config import *  # noqa: F401,F403
from dlcore.playground.data import *  # noqa: F401,F403
from dlcore.playground.model import *  # noqa: F401,F403
from dlcore.playground.metrics import *  # noqa: F401,F403
from dlcore.playground.neurons import *  # noqa: F401,F403
from dlcore.playground.result import *  # noqa: F401,F403
from dlcore.playground.verdicts import *  # noqa: F401,F403
from dlcore.playground.training import *  # noqa: F401,F403
from dlcore.playground.session import *  # noqa: F401,F403
from dlcore.playground.compare import *  # noqa: F401,F403
from dlcore.playground.code import *  # noqa: F401,F403
from dlcore.playground import (code, compare, config, data, features, metrics, model, names,
                               neurons, result, session, training, verdicts)

__all__ = [name for m in (names, features, config, data, model, metrics, neurons, result,
                          verdicts, training, session, compare, code)
           for name in m.__all__]
