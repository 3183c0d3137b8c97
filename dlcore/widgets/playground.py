"""Interactive widgets (ipywidgets): thin wiring between controls, a compute
function from dlcore and a draw function from :mod:`dlcore.plots`.

``training_playground(X=None, y=None)`` is the book's main widget (chapter
4.2). Its compute part is :mod:`dlcore.playground` and its drawing
:mod:`dlcore.plots.playground`; this module only reads the controls into a
:class:`~dlcore.playground.PlaygroundConfig`, calls those, and shows the
figure as a PNG in an :class:`ipywidgets.Image`. The first figure is computed
while the widget is built, so a notebook rendered without a kernel (the HTML
book) still shows the controls and the default figure.
"""

from __future__ import annotations

import asyncio
import html
import math
import time

import ipywidgets as W
import traitlets

from dlcore import playground as pg
from dlcore.plots import playground as pgplots
from dlcore.plots.neuron_view import NeuronView
from dlcore.plots.style import COLUMN_WIDTH, CSS_DPI, RETINA, figure_png
from dlcore.widgets.snapshot import snapshot_banner

__all__ = ["training_playground", "TrainingPlayground", "LayerWidths", "lr_range",
           "DISPLAY_OPTIONS"]

_LABEL = {"description_width": "104px"}   # fits "RMSprop alpha"
_DATASET_LABELS = pg.menu(["spirals", "moons", "circles", "xor", "blobs", "plane", "gaussians"])
_BATCH_OPTIONS = [("full", None), ("1", 1), ("4", 4), ("8", 8), ("16", 16), ("32", 32),
                  ("64", 64), ("128", 128)]
#: Each optimizer's own constants: only the chosen optimizer's are shown.
_OPTIMIZER_CONSTANTS = ("momentum", "alpha", "beta1", "beta2")
_L2_OPTIONS = [0.0, 1e-5, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1]
#: Hidden layers the widget offers, each with its own width slider.
MAX_LAYERS = 4
#: Pixels per inch of the live figure's updates (1.5 PNG pixels per CSS pixel: sharp
#: enough on high-DPI screens, and half the pixels of 2x, so an update stays within
#: its 100 ms; see bench/bench_playground.py). The first figure, which the HTML book
#: keeps, is drawn at twice the CSS resolution.
LIVE_DPI = 150
#: Height of the status line: four lines of text, so the figure below never moves.
STATUS_HEIGHT = "5.6em"
#: CSS class of a figure that no longer matches the controls (invalid settings).
STALE_CLASS = "n2n-stale"
_DARK = 'body[data-jp-theme-light="false"] .n2n-playground'
_STYLE = ("<style>"
          f".{STALE_CLASS} {{opacity: 0.35; filter: grayscale(1);}}"
          # narrow screens: controls shrink to the column instead of scrolling sideways
          ".n2n-playground .widget-slider, .n2n-playground .widget-dropdown {max-width: 100%;}"
          # full-width parts (status, banner, figures): 100% wide inside their margins
          ".n2n-playground > .widget-html, .n2n-playground .widget-image:not(.n2n-half) "
          "{max-width: calc(100% - 2 * var(--jp-widgets-margin)) !important;}"
          # JupyterLab's dark theme: the verdict in the theme's own colours, the summary and
          # greyed-out controls readable (less faded than ipywidgets' default)
          f"{_DARK} .n2n-level-ok {{color: var(--jp-success-color1, #6cc497) !important;}}"
          f"{_DARK} .n2n-level-warning {{color: var(--jp-warn-color1, #f2b134) !important;}}"
          f"{_DARK} .n2n-level-error {{color: var(--jp-error-color1, #f27474) !important;}}"
          f"{_DARK} .n2n-summary {{color: var(--jp-ui-font-color1, #ddd) !important;}}"
          f"{_DARK} {{--jp-widgets-disabled-opacity: 0.75;}}"
          "</style>")


#: What each control does, shown as its tooltip (ipywidgets' ``tooltip``).
TOOLTIPS = {
    "dataset": "the points to classify (or, for plane and Gaussians, a value to predict "
               "at every point): a toy data set or your own X, y",
    "classes": "number of classes (spirals and blobs only)",
    "noise": "how far the points scatter from their ideal shape",
    "n_samples": "how many points to generate",
    "val_fraction": "share of the points held out to measure generalisation",
    "hidden_layers": "hidden layers between input and output (0: a linear classifier)",
    "width": "units in each hidden layer, one slider per layer",
    "activation": "the nonlinearity of the hidden units",
    "loss": "what training minimises: cross-entropy on softmax or MSE on sigmoid outputs "
            "(regression: always MSE on one linear output)",
    "seed": "seed of the initial weights and of the minibatch order",
    "optimizer": "the update rule that turns gradients into steps",
    "lr": "learning rate: the size of each step (log scale)",
    "momentum": "Momentum: how much of the last step each new step keeps",
    "alpha": "RMSprop: how slowly the running size of the gradient forgets",
    "beta1": "Adam: how slowly the running mean of the gradient forgets",
    "beta2": "Adam: how slowly the running size of the gradient forgets",
    "batch_size": "points per update (full: the whole training set)",
    "weight_decay": "L2 penalty: pulls every weight towards zero",
    "l1": "L1 penalty: pulls every weight towards zero by the same amount, so small "
          "ones become exactly zero",
    "epochs": "passes over the training set",
}
#: The display options (no retraining: the current frame is drawn again), their
#: labels and tooltips; the names are :class:`~dlcore.plots.playground.PlaygroundFigure`'s
#: attributes.
DISPLAY_OPTIONS = {
    "show_val": ("show validation points",
                 "show the held-out validation points (diamonds) on the regions"),
    "discretize": ("discretize output",
                   "colour each region by its most likely class alone, not by how sure the "
                   "network is"),
}


def lr_range(optimizer: str, lr: float) -> tuple[float, float, float]:
    """``(smallest, largest, value)`` of the learning-rate slider for ``optimizer``
    (:data:`~dlcore.playground.LR_RANGES`): ``lr`` is kept if it is in that range,
    otherwise the value is the optimizer's tuned rate (:data:`~dlcore.playground.TUNED_LR`)."""
    low, high = pg.LR_RANGES[optimizer]
    value = lr if low <= lr <= high else pg.TUNED_LR[optimizer]
    return low, high, value


def _log10(x: float) -> float:
    return round(math.log10(x), 6)

#: Tooltips of the input feature toggles (what the network is fed of a point).
FEATURE_TOOLTIPS = {
    "x1": "feed the network x₁, the horizontal coordinate",
    "x2": "feed the network x₂, the vertical coordinate",
    "x1_sq": "feed the network x₁² (with x₂²: circles become straight lines)",
    "x2_sq": "feed the network x₂² (with x₁²: circles become straight lines)",
    "x1x2": "feed the network x₁x₂ (its sign is XOR's answer)",
    "sin_x1": "feed the network sin(x₁)",
    "sin_x2": "feed the network sin(x₂)",
}
#: Pixels per inch of the live neuron view's updates: 1x (its pictures are 20 x 20
#: grid points, so more pixels would only sharpen the labels; see bench/README.md).
NEURON_LIVE_DPI = 100
#: While a run plays, the neuron view is redrawn at most this often (every other frame:
#: it is a third of a frame's drawing, and a second picture for the browser to decode);
#: the first and the last frame of a run, and every paused or stepped one, always show it.
NEURON_FRAME_SECONDS = 0.16
#: The neuron view is shown at least this wide (of its 700 px): three quarters of its
#: size, its 10 pt labels at about 10 px; a narrower screen scrolls it sideways.
NEURON_MIN_WIDTH = "520px"


def _control_layout():
    """Every control its own Layout (one shared Layout would hide them all at once)."""
    return W.Layout(width="300px")


def _slider(cls, description, value, **kw):
    return cls(value=value, description=description, continuous_update=False, style=_LABEL,
               layout=_control_layout(), **kw)


def _dropdown(description, options, value):
    return W.Dropdown(options=options, value=value, description=description, style=_LABEL,
                      layout=_control_layout())


def _penalty_slider(description, value):
    return W.SelectionSlider(options=[(f"{v:g}", v) for v in _L2_OPTIONS],
                             value=min(_L2_OPTIONS, key=lambda v: abs(v - value)),
                             description=description, continuous_update=False, style=_LABEL,
                             layout=_control_layout())


class LayerWidths(W.VBox):
    """One width slider per hidden layer, "layer 1 width" to "layer 4 width".

    ``value`` is the tuple of the four widths; setting an int sets every layer,
    a shorter tuple the first layers (the rest take its last width).
    :meth:`show_layers` disables the sliders of the layers not in use.
    """

    value = traitlets.Any()

    def __init__(self, width):
        self.sliders = [_slider(W.IntSlider, f"layer {i + 1} width", 16, min=1, max=64)
                        for i in range(MAX_LAYERS)]
        self._pushing = False
        super().__init__(self.sliders)
        for i, slider in enumerate(self.sliders):
            slider.tooltip = f"units in hidden layer {i + 1}"
            slider.observe(self._from_sliders, names="value")
        self.value = width

    @traitlets.validate("value")
    def _four_widths(self, proposal):
        v = proposal["value"]
        v = tuple(v) if isinstance(v, (tuple, list)) else (v,)
        return v + (v[-1],) * (MAX_LAYERS - len(v)) if v else (16,) * MAX_LAYERS

    @traitlets.observe("value")
    def _to_sliders(self, change):
        self._pushing = True
        try:
            for slider, w in zip(self.sliders, change["new"]):
                slider.value = w
        finally:
            self._pushing = False

    def _from_sliders(self, _change):
        if not self._pushing:
            self.value = tuple(s.value for s in self.sliders)

    def show_layers(self, n: int) -> None:
        """Show the sliders of the first ``n`` layers; disable and hide the others
        (with no hidden layer the first stays in view, greyed out)."""
        for i, slider in enumerate(self.sliders):
            slider.disabled = i >= n
            slider.layout.display = "none" if i >= max(n, 1) else ""

    @property
    def disabled(self) -> bool:
        """True when no layer is in use (every slider disabled)."""
        return all(slider.disabled for slider in self.sliders)

    def width(self, n: int):
        """The config's ``width`` for ``n`` hidden layers: an int if they are all equal."""
        used = self.value[:n] or self.value[:1]
        return used[0] if len(set(used)) == 1 else used


def _label_tooltip(control):
    """A menu with a description shows no tooltip (ipywidgets 8 puts it nowhere): give
    its label the tooltip as a title."""
    control.description_allow_html = True
    control.description = (f'<span title="{html.escape(control.tooltip)}">'
                           f'{html.escape(control.description)}</span>')


def _no_null_titles(widget):
    """An unset tooltip shows as the title "null" on a label: make every one a string."""
    if getattr(widget, "tooltip", "") is None:
        widget.tooltip = ""
    for child in getattr(widget, "children", ()):
        _no_null_titles(child)


class TrainingPlayground(W.VBox):
    """The playground widget: controls, buttons, a status line and the figure.

    Attributes for code and tests: ``controls`` (dict field name -> control,
    the names of :class:`~dlcore.playground.PlaygroundConfig`'s fields),
    ``image`` and ``curves_image`` (the figure's two halves, ``ipywidgets.Image``: the
    verdict, settings and regions, CSS class ``n2n-figure``; the curves, ``n2n-curves``;
    in ``figure_box``, a row that wraps on a narrow screen), ``status`` (HTML line),
    ``features`` (dict feature name -> ``ToggleButton``, CSS class ``n2n-feature``),
    ``neuron_image`` (in ``neuron_box``, which scrolls sideways on a phone: the
    :class:`~dlcore.plots.neuron_view.NeuronView` of every unit,
    an ``ipywidgets.Image`` with CSS class ``n2n-neurons``; ``neuron_view`` draws it),
    ``progress`` (``IntProgress``), ``banner`` (the :func:`~dlcore.widgets.snapshot_banner`
    the HTML book shows), ``buttons`` (dict), ``extra`` (the area for
    comparisons and code), ``result`` (the last
    :class:`~dlcore.playground.PlaygroundResult`), ``figure`` (the
    :class:`~dlcore.plots.playground.PlaygroundFigure`), ``config`` (the
    current settings) and ``update()`` (retrain and redraw now). ``display`` (dict
    name -> checkbox, :data:`DISPLAY_OPTIONS`) holds the options that only change the
    drawing: the figure is drawn again, nothing is retrained. The learning-rate
    slider's range follows the optimizer (:func:`lr_range`).

    Training you watch. In a live kernel (an asyncio event loop is running:
    ipykernel, Pyodide) a change of a control cancels the run in progress,
    shows the new data and the untrained network at once, then trains the new
    run in chunks on the event loop (:func:`dlcore.playground.play`), one frame
    at least every :data:`~dlcore.playground.FRAME_SECONDS`; ``buttons``
    "play"/"pause", "step" (one epoch) and "reset" drive it and ``epoch_label``
    counts. ``task`` is the playing asyncio task (or None) and ``session`` the
    :class:`~dlcore.playground.TrainingSession`. With no running loop (tests,
    scripts, the build of the HTML book) every change trains to the end at once.
    The first run, built with the widget, always trains to the end at once (its
    figure is the snapshot an HTML page keeps).
    """

    def __init__(self, X=None, y=None, config: pg.PlaygroundConfig | None = None, **kwargs):
        self._X, self._y = X, y
        custom = X is not None or y is not None
        if custom:
            pg.make_data(pg.PlaygroundConfig(dataset="custom"), X, y)   # check the data now
        if config is None:
            config = pg.PlaygroundConfig(dataset="custom") if custom else pg.PlaygroundConfig()
        if not isinstance(config, pg.PlaygroundConfig):
            raise TypeError(f"config must be a PlaygroundConfig; got {type(config).__name__}")
        if config.dataset == "custom" and not custom:
            raise ValueError("config.dataset is 'custom' but no X, y were given")
        self._data_seed = config.data_seed
        self.task = None
        self.session = None
        self._generation = 0
        self._holding = False
        self._syncing = False
        # the loss to go back to when a regression data set is left
        self._classification_loss = "cross_entropy" if config.task == "regression" else config.loss
        self.result = None
        self.figure = None
        self.neuron_view = None
        self._reverting = False
        self.stale = False
        self._neurons_drawn = 0.0        # perf_counter time of the neuron view's last redraw
        self.seconds = {}
        self._shown = None          # (result, epochs_done) of the frame on screen

        c = config
        datasets = _DATASET_LABELS + (pg.menu(["custom"]) if custom else [])
        self.controls = ctl = {
            "dataset": _dropdown("data set", datasets, c.dataset),
            "classes": _slider(W.IntSlider, "classes", c.classes, min=2, max=6),
            "noise": _slider(W.FloatSlider, "noise", c.noise, min=0.0, max=0.5, step=0.01),
            "n_samples": _slider(W.IntSlider, "points", c.n_samples, min=50, max=1000, step=25),
            "val_fraction": _slider(W.FloatSlider, "validation", c.val_fraction, min=0.0, max=0.5,
                                    step=0.05),
            "hidden_layers": _slider(W.IntSlider, "hidden layers", c.hidden_layers, min=0, max=4),
            "width": LayerWidths(c.width),
            "activation": _dropdown("activation", pg.menu(pg.ACTIVATIONS), c.activation),
            "loss": _dropdown("loss", pg.menu(["cross_entropy", "mse"]), c.loss),
            "optimizer": _dropdown("optimizer", pg.menu(pg.OPTIMIZERS), c.optimizer),
            # the range suits the optimizer (LR_RANGES), widened to hold a given rate
            "lr": _slider(W.FloatLogSlider, "learning rate", c.lr, base=10,
                          min=math.floor(_log10(min(c.lr, pg.LR_RANGES[c.optimizer][0]))),
                          max=math.ceil(_log10(max(c.lr, pg.LR_RANGES[c.optimizer][1]))),
                          step=0.1, readout_format=".3g"),
            "momentum": _slider(W.FloatSlider, "momentum", c.momentum, min=0.05, max=0.99, step=0.01),
            "alpha": _slider(W.FloatSlider, "RMSprop alpha", c.alpha, min=0.5, max=0.999, step=0.001,
                             readout_format=".3f"),
            "beta1": _slider(W.FloatSlider, "Adam beta1", c.beta1, min=0.0, max=0.99, step=0.01),
            "beta2": _slider(W.FloatSlider, "Adam beta2", c.beta2, min=0.9, max=0.9999, step=0.0001,
                             readout_format=".4f"),
            "batch_size": _dropdown("batch size", _BATCH_OPTIONS, c.batch_size),
            "weight_decay": _penalty_slider("L2", c.weight_decay),
            "l1": _penalty_slider("L1", c.l1),
            # a log-like scale (EPOCH_CHOICES), holding a given number of epochs too
            "epochs": W.SelectionSlider(options=sorted({*pg.EPOCH_CHOICES, c.epochs}),
                                        value=c.epochs, description="epochs",
                                        continuous_update=False, style=_LABEL, layout=_control_layout()),
            "seed": _slider(W.IntSlider, "seed", c.seed, min=0, max=20),
        }
        for name, control in ctl.items():
            if name != "width":     # a box: each layer's slider has its own tooltip
                control.tooltip = TOOLTIPS[name]
            if isinstance(control, W.Dropdown):
                _label_tooltip(control)
        ctl["loss"].disabled = c.task == "regression"
        if c.batch_size not in dict((v, v) for _, v in _BATCH_OPTIONS):
            ctl["batch_size"].options = _BATCH_OPTIONS + [(str(c.batch_size), c.batch_size)]
            ctl["batch_size"].value = c.batch_size
        self.features = {
            f: W.ToggleButton(value=f in c.features, description=pg.display_name(f),
                              tooltip=FEATURE_TOOLTIPS[f], layout=W.Layout(width="auto"))
            for f in pg.FEATURES}
        for toggle in self.features.values():
            toggle.add_class("n2n-feature")
        feature_row = W.HBox([W.HTML("inputs", layout=W.Layout(width="auto", margin="0 6px 0 0"))]
                             + list(self.features.values()),
                             layout=W.Layout(flex_flow="row wrap", align_items="center"))
        self.buttons = {
            "regenerate": W.Button(description="regenerate data", icon="refresh",
                                   tooltip="draw a new sample of the data set"),
            "compare_optimizers": W.Button(description="compare optimizers",
                                           tooltip="train with all five optimizers from the same weights"),
            "compare_activations": W.Button(description="compare activations",
                                            tooltip="train with each hidden activation"),
            "show_code": W.Button(description="show code", icon="code",
                                  tooltip="the dlcore code that reproduces this run"),
        }
        self.buttons["play"] = W.Button(description="pause", icon="pause", layout=W.Layout(width="96px"),
                                        tooltip="pause training (play: go on training)")
        self.buttons["step"] = W.Button(description="step", icon="step-forward",
                                        tooltip="train one more epoch, then pause")
        self.buttons["reset"] = W.Button(description="reset", icon="undo",
                                         tooltip="back to epoch 0: the untrained network, same initial weights")
        self.epoch_label = W.HTML(value="", layout=W.Layout(width="auto", margin="0 0 0 8px"))
        self.epoch_label.add_class("n2n-epoch")
        for button in self.buttons.values():
            button.layout.width = "auto"                # the whole label, never "compare optimiz..."
        self.same_lr = W.Checkbox(value=False, description="comparisons use my learning rate",
                                  indent=False, layout=W.Layout(width="auto"),
                                  tooltip="compare optimizers at the learning rate set above, "
                                          "not at each one's tuned rate")
        # display options: the figure drawn again, no retraining
        self.display = {     # defaults: the figure's own
            name: W.Checkbox(value=getattr(pgplots.PlaygroundFigure, name), description=label,
                             tooltip=tip, indent=False,
                             layout=W.Layout(width="auto", margin="0 0 0 12px"))
            for name, (label, tip) in DISPLAY_OPTIONS.items()}
        self.progress = W.IntProgress(value=100, min=0, max=100, description="trained",
                                      style={"description_width": "60px"}, layout=W.Layout(width="300px"))
        # a fixed height (four lines, scrolling if longer): long messages never push the figure
        self.status = W.HTML(value="", layout=W.Layout(width="100%", height=STATUS_HEIGHT,
                                                       overflow="auto"))
        # The PNGs have twice the pixels of their CSS width (sharp on high-DPI screens):
        # the img's width attribute is the column width, the layout keeps it inside the page.
        css_width = str(int(COLUMN_WIDTH * CSS_DPI))
        # The figure in two halves (PlaygroundFigure.halves_png), each at most half the
        # column: side by side where two fit (300 px each or more), one above the other on
        # a narrower screen, where each is shown at up to its full size.
        half = str(int(COLUMN_WIDTH * CSS_DPI * pgplots.PlaygroundFigure.CUT))
        self.image, self.curves_image = (
            W.Image(format="png", width=half,
                    layout=W.Layout(flex="1 1 300px", max_width=f"{half}px", min_width="0",
                                    height="auto", margin="0"))
            for _ in range(2))
        self.figure_box = W.HBox([self.image, self.curves_image],
                                 layout=W.Layout(flex_flow="row wrap", align_items="flex-start",
                                                 width="100%", margin="0 0 4px 0"))
        # the neuron view: never narrower than NEURON_MIN_WIDTH, so on a phone it keeps
        # readable labels and pictures and scrolls sideways in its own box
        self.neuron_image = W.Image(format="png", width=css_width,
                                    layout=W.Layout(max_width="100%", height="auto",
                                                    min_width=NEURON_MIN_WIDTH))
        self.neuron_box = W.Box([self.neuron_image],
                                layout=W.Layout(overflow="auto hidden", width="100%"))
        self.extra_image = W.Image(format="png", width=css_width,
                                   layout=W.Layout(max_width="100%", height="auto"))
        self.banner = snapshot_banner()
        self.code = W.HTML(value="")
        self.hide_extra = W.Button(description="hide", layout=W.Layout(width="70px"))
        self.extra = W.VBox([], layout=W.Layout(width="100%"))

        def column(title, names, extra=()):
            head = W.HTML(f"<b>{title}</b>")
            return W.VBox([head] + [ctl[n] for n in names] + list(extra),
                          layout=W.Layout(margin="0 12px 4px 0"))

        panel = W.HBox([
            column("Data", ["dataset", "classes", "noise", "n_samples", "val_fraction"],
                   [self.buttons["regenerate"]]),
            column("Network", ["hidden_layers", "width", "activation", "loss", "seed"],
                   [feature_row]),
            column("Training", ["optimizer", "lr", "momentum", "alpha", "beta1", "beta2",
                                "batch_size", "weight_decay", "l1", "epochs"]),
        ], layout=W.Layout(flex_flow="row wrap"))
        player = W.HBox([self.buttons["play"], self.buttons["step"], self.buttons["reset"],
                         self.epoch_label, self.progress, *self.display.values()],
                        layout=W.Layout(flex_flow="row wrap", align_items="center"))
        actions = W.HBox([self.buttons["compare_optimizers"], self.buttons["compare_activations"],
                          self.buttons["show_code"], self.same_lr],
                         layout=W.Layout(flex_flow="row wrap", align_items="center"))
        # the figure first: it is in view as soon as the cell runs (also at 1,100 px
        # with JupyterLab's file browser open), the controls right below it
        super().__init__([self.banner, W.HTML(_STYLE), player, self.status, self.figure_box,
                          panel, actions, self.neuron_box, self.extra], **kwargs)
        self.add_class("n2n-playground")
        self.status.add_class("n2n-status")         # CSS hooks for the JupyterLab test
        self.image.add_class("n2n-figure")
        self.curves_image.add_class("n2n-curves")
        for image in (self.image, self.curves_image):
            image.add_class("n2n-half")
        self.neuron_image.add_class("n2n-neurons")

        for control in ctl.values():
            control.observe(self._on_change, names="value")
        for box in self.display.values():
            box.observe(self._on_display, names="value")
        for toggle in self.features.values():
            toggle.observe(self._on_feature, names="value")
        self.buttons["regenerate"].on_click(self._on_regenerate)
        self.buttons["compare_optimizers"].on_click(self._on_compare_optimizers)
        self.buttons["compare_activations"].on_click(self._on_compare_activations)
        self.buttons["show_code"].on_click(self._on_show_code)
        self.hide_extra.on_click(lambda _: self._show_extra(None))
        self.buttons["play"].on_click(self._on_play)
        self.buttons["step"].on_click(self._on_step)
        self.buttons["reset"].on_click(self._on_reset)

        self.progress.tooltip = "share of the epochs trained"
        self.hide_extra.tooltip = "hide the comparison or the code"
        for widget in (self, self.code, self.same_lr):
            _no_null_titles(widget)
        self._sync_enabled()
        self.update()            # synchronously: the saved widget state shows the first figure
        self._set_play_button(False)
        if self._loop() is not None and self.figure is not None:
            self.figure.render()  # live: cache the still parts now, not at the first change

    # ----------------------------------------------------------------- reading the controls
    @property
    def config(self) -> pg.PlaygroundConfig:
        """The settings the controls show (raises ValueError if they are invalid)."""
        values = {name: control.value for name, control in self.controls.items()}
        values["width"] = self.controls["width"].width(values["hidden_layers"])
        values["data_seed"] = self._data_seed
        values["features"] = tuple(f for f, toggle in self.features.items() if toggle.value)
        return pg.PlaygroundConfig(**values)

    def _data_args(self, config):
        return (self._X, self._y) if config.dataset == "custom" else (None, None)

    def _sync_enabled(self):
        """Grey out the controls the current choices do not use."""
        ctl = self.controls
        opt = ctl["optimizer"].value
        dataset = ctl["dataset"].value
        ctl["momentum"].disabled = opt != "momentum"
        ctl["alpha"].disabled = opt != "rmsprop"
        ctl["beta1"].disabled = ctl["beta2"].disabled = opt != "adam"
        for name in _OPTIMIZER_CONSTANTS:     # another optimizer's constants: out of the way
            ctl[name].layout.display = "none" if ctl[name].disabled else ""
        ctl["batch_size"].disabled = opt == "gd"
        ctl["width"].show_layers(ctl["hidden_layers"].value)
        ctl["activation"].disabled = ctl["hidden_layers"].value == 0
        ctl["classes"].disabled = dataset not in ("spirals", "blobs")
        regression = dataset in pg.REGRESSION_DATASETS      # one linear output: MSE only
        if regression and not ctl["loss"].disabled:
            self._classification_loss = ctl["loss"].value
            ctl["loss"].value = "mse"
        elif not regression and ctl["loss"].disabled:
            ctl["loss"].value = self._classification_loss
        ctl["loss"].disabled = regression
        ctl["noise"].disabled = ctl["n_samples"].disabled = dataset == "custom"
        self.buttons["regenerate"].disabled = dataset == "custom"

    # ----------------------------------------------------------------- events
    def _on_change(self, change):
        if self._syncing:        # a control _sync_enabled set (the loss): one restart, below
            return
        if change["owner"] is self.controls["optimizer"]:
            self._fit_lr_range()
        self._syncing = True
        try:
            self._sync_enabled()
        finally:
            self._syncing = False
        if self._holding:
            return
        self.restart()

    def _fit_lr_range(self):
        """Give the learning-rate slider the optimizer's range (:func:`lr_range`)."""
        slider = self.controls["lr"]
        low, high, value = lr_range(self.controls["optimizer"].value, slider.value)
        holding, self._holding = self._holding, True      # one restart, by the caller
        try:
            # widen first, then set the value, then narrow: the value is never clipped
            slider.min = min(slider.min, _log10(low))
            slider.max = max(slider.max, _log10(high))
            slider.value = value
            slider.min, slider.max = _log10(low), _log10(high)
        finally:
            self._holding = holding

    def _on_display(self, _change=None):
        """A display option changed: draw the frame shown again with it (no training)."""
        if self.figure is None:
            return
        for name, box in self.display.items():
            setattr(self.figure, name, box.value)
        if self._shown is not None:
            self.figure.update(*self._shown)
            self.image.value, self.curves_image.value = self.figure.halves_png(colors=256)

    def _on_feature(self, change):
        """A feature toggled: restart, unless it was the last one (that stays on)."""
        if self._reverting:
            return
        if not any(t.value for t in self.features.values()):
            self._reverting = True
            try:
                change["owner"].value = True
            finally:
                self._reverting = False
            self._set_status("warning", "The network needs at least one input feature: "
                             "switch another one on first.")
            return
        self._on_change(change)

    # ----------------------------------------------------------------- training you watch
    @staticmethod
    def _loop():
        try:
            return asyncio.get_running_loop()
        except RuntimeError:
            return None

    @property
    def playing(self) -> bool:
        return self.task is not None and not self.task.done()

    def _stop(self, button: bool = True):
        """Cancel the playing task (it stops at its next yield: at once, as this runs
        between two of its chunks)."""
        self._generation += 1
        if self.task is not None:
            self.task.cancel()
            self.task = None
        if button:
            self._set_play_button(False)

    def _set_play_button(self, playing: bool):
        b = self.buttons["play"]
        b.description, b.icon = ("pause", "pause") if playing else ("play", "play")

    def restart(self):
        """Start a new run of the controls' settings: cancel the one in progress,
        show the untrained network now, then train it frame by frame (or, with no
        running event loop, train it to the end at once)."""
        self._stop()
        loop = self._loop()
        if loop is None:
            self.update()
            return
        try:
            config = self.config
            X, y = self._data_args(config)
            self.session = pg.TrainingSession(config, X, y)
        except (TypeError, ValueError) as err:
            self._invalid(err)
            return
        self._show_frame(self.session.frame())
        self._play(loop)

    def _play(self, loop):
        session, generation = self.session, self._generation

        async def playing():
            try:
                await pg.play(session, self._show_frame,
                              should_stop=lambda: self._generation != generation)
            except asyncio.CancelledError:
                raise
            except Exception as err:       # shown, never lost in the event loop's log
                self._set_status("error", f"Training failed: {type(err).__name__}: {err}")
            finally:
                if self.session is session:
                    self._set_play_button(False)

        self.task = loop.create_task(playing())
        self._set_play_button(True)

    def _show_frame(self, result, paused: bool = False):
        """Draw one frame of the session (running, paused or finished) and its status."""
        t0 = time.perf_counter()
        s = self.session
        running = result.level == "running"
        self._draw(result, epochs_done=s.epoch if running else None)
        self._set_stale(False)
        self.progress.value = int(100 * s.epoch / s.config.epochs)
        self.epoch_label.value = f"epoch {s.epoch} / {s.config.epochs}"
        text = (f"paused at epoch {s.epoch}: play goes on, step trains one epoch" if paused and running
                else "training..." if running else result.message)
        self._set_status("ok" if running else result.level, text, result.summary)
        if not running:
            self.result = result
            self._refresh_extra(result.config)
        self.seconds = {"draw": time.perf_counter() - t0}

    def _on_play(self, _button=None):
        if self.playing:
            self._stop(button=False)
            self._show_frame(self.session.frame(), paused=True)   # where it stopped, on screen now
            self._set_play_button(False)                          # after the frame it announces
            return
        loop = self._loop()
        if self.session is None or self.session.config != self._config_or_none():
            self.restart()
            return
        if self.session.done:
            self.session.reset()
        if loop is None:
            while not self.session.done:
                self.session.train(self.session.config.epochs)
            self._show_frame(self.session.frame())
            return
        self._play(loop)

    def _config_or_none(self):
        try:
            return self.config
        except (TypeError, ValueError):
            return None

    def _ensure_session(self):
        config = self._config_or_none()
        if config is None:
            return False
        if self.session is None or self.session.config != config:
            X, y = self._data_args(config)
            self.session = pg.TrainingSession(config, X, y)
        return True

    def _on_step(self, _button=None):
        self._stop()
        if not self._ensure_session():
            return
        if self.session.done:
            self.session.reset()
        self.session.train(1)
        self._show_frame(self.session.frame(), paused=True)

    def _on_reset(self, _button=None):
        self._stop()
        if not self._ensure_session():
            return
        self.session.reset()
        self._show_frame(self.session.frame(), paused=True)

    def hold(self):
        """Context manager: change several controls, then update once."""
        widget = self

        class _Hold:
            def __enter__(self):
                widget._holding = True
                return widget

            def __exit__(self, *exc):
                widget._holding = False
                widget.restart()
                return False

        return _Hold()

    def _on_regenerate(self, _button=None):
        self._data_seed += 1
        self.restart()

    # ----------------------------------------------------------------- the main update
    def _set_status(self, level, text, summary=""):
        color = pgplots.LEVEL_COLORS.get(level, "#333")
        icon = {"ok": "&#10003;", "warning": "&#9888;", "error": "&#10007;"}.get(level, "")
        parts = [f'<span class="n2n-level-{level}" style="color:{color}">'
                 f'<b>{icon} {html.escape(text)}</b></span>']
        if summary:
            # the theme's secondary text colour: readable in JupyterLab's light and dark themes
            parts.append(f'<span class="n2n-summary" style="color:var(--jp-content-font-color2, '
                         f'#555)">{html.escape(summary)}</span>')
        self.status.value = ('<div style="line-height:1.35; white-space:normal; '
                             'overflow-wrap:anywhere">' + "<br>".join(parts) + "</div>")

    def _invalid(self, err):
        """Say what is wrong and mark the figure, which shows older settings, stale."""
        stale = self.result is not None
        self._set_stale(stale)
        self._set_status("error", f"Invalid setting: {err}",
                         "The figure is stale: it shows the last valid settings." if stale else "")

    def _set_stale(self, stale: bool):
        self.stale = bool(stale)
        for image in (self.image, self.curves_image, self.neuron_image):
            if stale:
                image.add_class(STALE_CLASS)
            else:
                image.remove_class(STALE_CLASS)

    def update(self):
        """Read the controls, train the new run to the end at once, redraw the figure
        and the status line (what every change does when no event loop runs)."""
        self._stop()
        try:
            config = self.config
            X, y = self._data_args(config)
            t0 = time.perf_counter()
            self.session = pg.TrainingSession(config, X, y)
            self.session.train(config.epochs)
            result = self.session.frame()
        except (TypeError, ValueError) as err:
            self._invalid(err)
            return
        t1 = time.perf_counter()
        self._show_frame(result)
        self.seconds = {"train": t1 - t0, "draw": self.seconds["draw"],
                        "total": time.perf_counter() - t0}

    def _refresh_extra(self, config):
        if self.extra.children and self.extra.children[-1] is self.code:
            self.code.value = self._code_html(config)
        elif self.extra.children:
            self._show_extra(None)      # a comparison of older settings: stale, so hide it

    def _draw(self, result, epochs_done=None):
        self._shown = (result, epochs_done)
        if self.figure is None:
            self.figure = pgplots.PlaygroundFigure(dpi=LIVE_DPI)
            for name, box in self.display.items():
                setattr(self.figure, name, box.value)
            self.figure.update(result, epochs_done)
            # the first picture is the one an HTML page keeps: twice the pixels of its width
            self.image.value, self.curves_image.value = self.figure.halves_png(
                dpi=CSS_DPI * RETINA)
            self.neuron_view = NeuronView(result, dpi=CSS_DPI * RETINA)
            self.neuron_image.value = self.neuron_view.to_png(colors=256)
            return
        self.figure.update(result, epochs_done)
        self.image.value, self.curves_image.value = self.figure.halves_png(colors=256)
        now = time.perf_counter()
        mid_run = self.playing and result.level == "running"
        if mid_run and now - self._neurons_drawn < NEURON_FRAME_SECONDS:
            return
        self._neurons_drawn = now
        if self.neuron_view.fig.dpi != NEURON_LIVE_DPI:
            self.neuron_view.fig.set_dpi(NEURON_LIVE_DPI)   # once, after the first picture
        self.neuron_view.update(result)
        self.neuron_image.value = self.neuron_view.to_png(colors=256)

    # ----------------------------------------------------------------- buttons
    def _show_extra(self, content):
        if content is None:
            self.extra.children = []
        else:
            self.extra.children = [W.HBox([self.hide_extra]), content]

    def _run_comparison(self, kind):
        self._stop()
        try:
            config = self.config
        except (TypeError, ValueError) as err:
            self._invalid(err)
            return
        X, y = self._data_args(config)

        def progress(i, n, name):
            self.progress.value = int(100 * i / n)
            self._set_status("ok", f"comparing {kind}s... {pg.display_name(name)} ({i + 1} of {n})")

        if kind == "optimizer":
            lr = "config" if self.same_lr.value else "tuned"
            results = pg.compare_optimizers(config, X, y, lr=lr, progress=progress)
        else:
            results = pg.compare_activations(config, X, y, progress=progress)
        fig = pgplots.plot_comparison(results, vary=kind)
        self.extra_image.value = figure_png(fig, CSS_DPI * RETINA)
        self.progress.value = 100
        self._show_extra(self.extra_image)
        best = min(results, key=lambda k: results[k].final_loss if not results[k].diverged else float("inf"))
        diverged = [pg.display_name(k) for k, r in results.items() if r.diverged]
        text = f"Compared {len(results)} {kind}s: lowest final training loss with {pg.display_name(best)}."
        if diverged:
            text += f" Diverged: {', '.join(diverged)}."
        self._set_status("ok", text)
        self.comparison = results

    def _on_compare_optimizers(self, _button=None):
        self._run_comparison("optimizer")

    def _on_compare_activations(self, _button=None):
        self._run_comparison("activation")

    @staticmethod
    def _code_html(config):
        return ('<pre style="font-size:12px; line-height:1.3; background:#f6f8fa; color:#24292f; '
                'padding:8px; overflow-x:auto">' + html.escape(pg.code_for(config)) + "</pre>")

    def _on_show_code(self, _button=None):
        try:
            config = self.config
        except (TypeError, ValueError) as err:
            self._invalid(err)
            return
        self.code.value = self._code_html(config)
        self._show_extra(self.code)


def training_playground(X=None, y=None, config: pg.PlaygroundConfig | None = None
                        ) -> TrainingPlayground:
    """The training playground of chapter 4.2, as a widget.

    ``X`` ``(n, 2)`` and ``y`` ``(n,)`` integer labels add "your data" to the
    data sets (and select it). ``config`` sets the initial controls (default:
    :class:`~dlcore.playground.PlaygroundConfig`'s defaults). The first
    training run and figure are computed before this returns.
    """
    return TrainingPlayground(X, y, config=config)
