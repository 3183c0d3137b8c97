"""The banner that tells a reader of the HTML book that a widget is a snapshot.

A widget saved into the HTML book shows its controls and its first figure, but no
kernel answers it. :func:`snapshot_banner` is an ``ipywidgets.HTML`` that each widget
puts inside itself: it is hidden where the widget is live (JupyterLab, Jupyter
Notebook) and shown by the book's stylesheet (``_static/n2n.css``, class
``n2n-snapshot``; the widget box around it has the class ``n2n-snapshot-box``), so
the note sits on the widget itself and stays in view while the reader tries the
controls.
"""

from __future__ import annotations

import ipywidgets as W

__all__ = ["snapshot_banner", "HOW_TO_RUN"]

#: How to make a widget live, as the banner says it.
HOW_TO_RUN = ("This is a snapshot: its controls do nothing here. To use it, press "
              "<b>▶ Run live</b> at the top of the page (it runs in your browser), or run the "
              "notebook on your machine (<code>make lab</code>).")


def snapshot_banner(text: str = HOW_TO_RUN) -> W.HTML:
    """An ``HTML`` widget with ``text`` (HTML), hidden in a live kernel, shown in the HTML book."""
    if not isinstance(text, str) or not text.strip():
        raise TypeError(f"text: expected a non-empty string, got {text!r}")
    body = f'<div class="n2n-snapshot" style="display:none" role="note">{text}</div>'
    banner = W.HTML(value=body, layout=W.Layout(width="100%"))
    banner.add_class("n2n-snapshot-box")     # the book's CSS keeps this box in view (sticky)
    return banner
