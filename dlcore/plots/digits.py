"""Drawing handwritten digits and confusion matrices (chapter 4.3).

Each function draws on a matplotlib ``Axes`` (a new figure if ``ax`` is None)
and returns that ``Axes``. Nothing here trains or computes metrics: pass in
images, labels and predictions, or a confusion matrix from
``dl.metrics.confusion_matrix``.
"""

from __future__ import annotations

import numpy as np

from dlcore.plots.style import COLUMN_WIDTH, PALETTE

__all__ = ["show_digits", "show_weights", "plot_confusion_matrix"]

RIGHT = PALETTE[4]   # label colour of a correct prediction (Okabe-Ito blue)
WRONG = PALETTE[5]   # label colour of a wrong one (Okabe-Ito vermillion)
#: Smallest font size used for captions and cell numbers (points).
MIN_FONT = 10


def _axes(ax, figsize):
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes

    if ax is None:  # a figure for the content column, filled edge to edge
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    elif not isinstance(ax, Axes):
        raise TypeError(f"ax: expected a matplotlib Axes or None, got {type(ax).__name__}")
    return ax


def _labels(values, arg: str, n: int):
    if values is None:
        return None
    a = np.asarray(values)
    if a.ndim != 1 or a.shape[0] != n:
        raise ValueError(f"{arg}: expected shape ({n},), one per image, got shape {a.shape}")
    if a.dtype.kind not in "iu":
        raise TypeError(f"{arg}: expected integer class labels, got dtype {a.dtype}")
    return a


def show_digits(images, labels=None, predictions=None, ax=None, ncols: int = 10, side: int | None = None,
                cmap: str = "gray_r", gap: int = 2):
    """Draw digit images as one tiled picture, each with its label underneath.

    images:       ``(m, 64)`` rows of 8 x 8 images (as from ``dl.datasets.load_digits``)
                  or ``(m, side, side)``; any square size works (``side`` is then
                  worked out, or give it for ``(m, side * side)`` rows).
    labels:       ``(m,)`` true labels, written under each image, or None.
    predictions:  ``(m,)`` predicted labels, or None. With both given, each caption
                  reads ``"true→predicted"`` in red when wrong and just the label in
                  green when right.
    ax:           the ``Axes`` to draw on (a new figure if None).
    ncols:        images per row.
    cmap:         colour map; ``"gray_r"`` draws ink dark on white paper.
    gap:          blank pixels between neighbouring images.

    All images share one ``imshow`` (fast even for hundreds of images) with
    the colour scale fixed by the whole set. Returns the ``Axes``.
    """
    X = np.asarray(images)
    if X.dtype.kind not in "biuf":
        raise TypeError(f"images: expected numbers, got dtype {X.dtype}")
    if X.ndim == 2:
        side = int(round(np.sqrt(X.shape[1]))) if side is None else int(side)
        if side * side != X.shape[1]:
            raise ValueError(f"images: expected rows of side*side pixels (e.g. 64 = 8 x 8), got shape {X.shape}")
        X = X.reshape(len(X), side, side)
    elif X.ndim == 3:
        if X.shape[1] != X.shape[2]:
            raise ValueError(f"images: expected square images (m, side, side), got shape {X.shape}")
        side = X.shape[1]
    else:
        raise ValueError(f"images: expected shape (m, 64) or (m, 8, 8), got shape {X.shape}")
    m = len(X)
    if m == 0:
        raise ValueError("images: expected at least one image, got shape " + str(np.shape(images)))
    if isinstance(ncols, bool) or not isinstance(ncols, (int, np.integer)) or ncols < 1:
        raise ValueError(f"ncols: expected an integer >= 1, got {ncols!r}")
    if isinstance(gap, bool) or not isinstance(gap, (int, np.integer)) or gap < 0:
        raise ValueError(f"gap: expected an integer >= 0, got {gap!r}")
    labels = _labels(labels, "labels", m)
    predictions = _labels(predictions, "predictions", m)

    ncols = min(int(ncols), m)
    nrows = -(-m // ncols)
    caption = 0 if labels is None and predictions is None else max(3, side // 2)  # blank rows for text
    cell_h, cell_w = side + caption + gap, side + gap
    lo, hi = float(np.min(X)), float(np.max(X))
    mosaic = np.full((nrows * cell_h - gap, ncols * cell_w - gap), np.nan)
    for i in range(m):
        r, c = divmod(i, ncols)
        mosaic[r * cell_h:r * cell_h + side, c * cell_w:c * cell_w + side] = X[i]

    width = min(COLUMN_WIDTH, 0.7 * ncols + 0.2)
    ax = _axes(ax, figsize=(width, width / (ncols * cell_w) * nrows * cell_h + 0.4))
    from matplotlib import colormaps

    cm = colormaps[cmap].with_extremes(bad="white")
    ax.imshow(mosaic, cmap=cm, vmin=lo, vmax=hi if hi > lo else lo + 1, interpolation="nearest")
    if caption:
        size = MIN_FONT
        for i in range(m):
            r, c = divmod(i, ncols)
            x = c * cell_w + (side - 1) / 2
            y = r * cell_h + side - 0.5 + caption / 2
            if labels is not None and predictions is not None:
                ok = labels[i] == predictions[i]
                text, color = (f"{labels[i]}", RIGHT) if ok else (f"{labels[i]}→{predictions[i]}", WRONG)
            else:
                text, color = f"{(labels if labels is not None else predictions)[i]}", "black"
            ax.text(x, y, text, ha="center", va="center", fontsize=size, color=color)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    return ax


def show_weights(W, ax=None, ncols: int | None = None, side: int | None = None,
                 cmap: str = "PuOr_r", gap: int = 1):
    """Draw each hidden unit's incoming weights as a small image (chapter 4.3).

    W:      ``(n_in, k)`` first-layer weights, ``n_in = side * side`` pixels
            (``(64, k)`` for 8 x 8 digits); column ``j`` is unit ``j``'s template.
    ncols:  images per row (default: up to 16, as square a layout as fits).
    cmap:   a diverging colour map; the scale is symmetric about 0, so white
            means weight 0, one colour positive and the other negative weights.
    gap:    blank pixels between neighbouring images.

    All units share one colour scale (``-m .. m`` with ``m`` the largest
    ``|w|``), so their strengths can be compared. Returns the ``Axes``; the
    colour bar is left to the caller (``ax.images[0]`` is the mappable).
    """
    W = np.asarray(W)
    if W.dtype.kind not in "iuf":
        raise TypeError(f"W: expected numbers, got dtype {W.dtype}")
    if W.ndim != 2 or W.shape[1] < 1:
        raise ValueError(f"W: expected a matrix (n_in, k) with k >= 1, got shape {W.shape}")
    side = int(round(np.sqrt(W.shape[0]))) if side is None else int(side)
    if side * side != W.shape[0]:
        raise ValueError(f"W: expected side*side rows, one per pixel (e.g. 64 = 8 x 8), got shape {W.shape}")
    if not np.all(np.isfinite(W)):
        raise ValueError("W: expected finite weights")
    k = W.shape[1]
    if ncols is None:
        ncols = min(16, k, int(np.ceil(np.sqrt(k))) * 2)
    if isinstance(ncols, bool) or not isinstance(ncols, (int, np.integer)) or ncols < 1:
        raise ValueError(f"ncols: expected an integer >= 1, got {ncols!r}")
    ncols = min(int(ncols), k)
    nrows = -(-k // ncols)
    cell = side + gap
    mosaic = np.full((nrows * cell - gap, ncols * cell - gap), np.nan)
    for j in range(k):
        r, c = divmod(j, ncols)
        mosaic[r * cell:r * cell + side, c * cell:c * cell + side] = W[:, j].reshape(side, side)
    m = float(np.max(np.abs(W))) or 1.0
    width = min(COLUMN_WIDTH, 0.55 * ncols + 0.2)
    ax = _axes(ax, figsize=(width, width * mosaic.shape[0] / mosaic.shape[1] + 0.3))
    from matplotlib import colormaps

    cm = colormaps[cmap].with_extremes(bad="white")
    ax.imshow(mosaic, cmap=cm, vmin=-m, vmax=m, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    return ax


def plot_confusion_matrix(cm, ax=None, class_names=None, normalize: bool = False, cmap: str = "Blues",
                          annotate: bool = True, colorbar: bool = False,
                          highlight_errors: bool = True):
    """Draw a confusion matrix: row = true class, column = predicted class.

    cm:           ``(k, k)`` counts, ``cm[i, j]`` = how many examples of class ``i``
                  were predicted as ``j`` (``dl.metrics.confusion_matrix(y_true, y_pred)``).
    class_names:  ``k`` tick labels (default ``0 .. k-1``).
    normalize:    colour and annotate each row as a fraction of that class
                  (the diagonal is then each class's recall).
    annotate:     write the number in every cell (zeros are left blank so the
                  mistakes stand out).
    colorbar:     add a colour bar.
    highlight_errors: outline every non-zero off-diagonal cell (a mistake) in
                  vermillion and write its number in bold vermillion, so the
                  errors stand out against the pale off-diagonal background.

    Returns the ``Axes``. The diagonal holds the correct predictions; every
    off-diagonal cell is one kind of mistake.
    """
    M = np.asarray(cm)
    if M.ndim != 2 or M.shape[0] != M.shape[1] or M.shape[0] < 1:
        raise ValueError(f"cm: expected a square (k, k) matrix, got shape {M.shape}")
    if M.dtype.kind not in "iuf":
        raise TypeError(f"cm: expected numbers, got dtype {M.dtype}")
    if not np.all(np.isfinite(M)) or np.any(M < 0):
        raise ValueError("cm: expected finite, non-negative counts")
    k = M.shape[0]
    if class_names is None:
        class_names = [str(i) for i in range(k)]
    else:
        class_names = [str(c) for c in class_names]
        if len(class_names) != k:
            raise ValueError(f"class_names: expected {k} names, one per class, got {len(class_names)}")
    if normalize:
        totals = M.sum(axis=1, keepdims=True).astype(np.float64)
        values = np.divide(M, totals, out=np.zeros((k, k)), where=totals > 0)
    else:
        values = M
    ax = _axes(ax, figsize=(min(COLUMN_WIDTH, 0.42 * k + 1.4), min(COLUMN_WIDTH, 0.42 * k + 1.1)))
    image = ax.imshow(values, cmap=cmap, vmin=0, interpolation="nearest")
    ax.set_xticks(range(k), class_names)
    ax.set_yticks(range(k), class_names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    if annotate:
        vmax = float(np.max(values)) if values.size else 0.0
        for i in range(k):
            for j in range(k):
                if M[i, j] == 0:
                    continue
                v = values[i, j]
                text = f"{v:.2f}" if normalize else (f"{int(v)}" if float(v).is_integer() else f"{v:.3g}")
                dark = vmax > 0 and v > 0.6 * vmax
                error = highlight_errors and i != j
                ax.text(j, i, text, ha="center", va="center", fontsize=MIN_FONT,
                        color=WRONG if error else ("white" if dark else "black"),
                        fontweight="bold" if error else "normal")
    if highlight_errors:
        from matplotlib.patches import Rectangle

        for i, j in zip(*np.nonzero(M)):
            if i != j:
                ax.add_patch(Rectangle((j - 0.45, i - 0.45), 0.9, 0.9, fill=False,
                                       edgecolor=WRONG, linewidth=1.6))
    if colorbar:
        ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    return ax
