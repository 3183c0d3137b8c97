"""Interactive widgets (ipywidgets): thin wiring between controls, a compute
function from dlcore and a draw function from :mod:`dlcore.plots`.

One module per widget; each is re-exported here, so ``dl.widgets.training_playground()``
is all a chapter calls.
"""

from dlcore.widgets.playground import *  # noqa: F401,F403
from dlcore.widgets.playground import TrainingPlayground, training_playground  # noqa: F401
from dlcore.widgets.snapshot import *  # noqa: F401,F403
from dlcore.widgets.neuron import *  # noqa: F401,F403
from dlcore.widgets.network_explorer import *  # noqa: F401,F403
from dlcore.widgets.activation_explorer import *  # noqa: F401,F403
from dlcore.widgets.gradient_flow import *  # noqa: F401,F403
from dlcore.widgets.loss_explorer import *  # noqa: F401,F403
from dlcore.widgets.optimizer_race import *  # noqa: F401,F403
from dlcore.widgets.forward_stepper import *  # noqa: F401,F403
from dlcore.widgets.gradcheck_explorer import *  # noqa: F401,F403
from dlcore.widgets.adam_explorer import *  # noqa: F401,F403
