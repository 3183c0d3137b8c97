"""Drawing functions (matplotlib) for the book's figures; they never import widgets.

Each function takes data and an Axes or Figure to draw on, and returns what it drew.
:mod:`dlcore.plots.style` holds the one style every figure uses.
"""

from dlcore.plots.digits import *  # noqa: F401,F403
from dlcore.plots.playground import *  # noqa: F401,F403
from dlcore.plots.style import *  # noqa: F401,F403
from dlcore.plots.animation import *  # noqa: F401,F403
from dlcore.plots.neuro import *  # noqa: F401,F403
from dlcore.plots.blit import *  # noqa: F401,F403
from dlcore.plots.neuron_view import *  # noqa: F401,F403
from dlcore.plots.network import *  # noqa: F401,F403
from dlcore.plots.network_explorer import *  # noqa: F401,F403
from dlcore.plots.activations import *  # noqa: F401,F403
from dlcore.plots.gradient_flow import *  # noqa: F401,F403
from dlcore.plots.loss_explorer import *  # noqa: F401,F403
from dlcore.plots.optimizer_race import *  # noqa: F401,F403
from dlcore.plots.forward_trace import *  # noqa: F401,F403
from dlcore.plots.loss_computation import *  # noqa: F401,F403
from dlcore.plots.compute_graph import *  # noqa: F401,F403
from dlcore.plots.gradcheck import *  # noqa: F401,F403
from dlcore.plots.backprop_cost import *  # noqa: F401,F403
from dlcore.plots.faq import *  # noqa: F401,F403
from dlcore.plots.optimizer_updates import *  # noqa: F401,F403
from dlcore.plots.trends import *  # noqa: F401,F403
from dlcore.plots.curves import *  # noqa: F401,F403
