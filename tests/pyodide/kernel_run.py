"""Run one notebook's code cells as the live edition's kernel does, inside Pyodide.

Imported by ``run_notebook.mjs`` in a fresh Pyodide: the cells run in order through
jupyterlite-pyodide-kernel's own Python kernel (``pyodide_kernel``, the package that
JupyterLite's Pyodide worker imports), so IPython magics, the inline matplotlib backend
and ipywidgets' comms behave as in the reader's browser, with no frontend. A cell that
raises fails the run unless it is tagged ``raises-exception``; so does an asyncio task
(a playground's training) that ends with an exception, or one still running a minute
after the last cell.
"""

from __future__ import annotations

import asyncio
import json
import time

#: How long the tasks the cells started (a widget's training) may run after the last cell.
TASKS_TIMEOUT_S = 60.0


def _record_tasks(loop: asyncio.AbstractEventLoop) -> list[asyncio.Task]:
    """Every task created on ``loop`` from now on, in a list."""
    tasks = []

    def factory(loop, coro, **kwargs):
        task = asyncio.Task(coro, loop=loop, **kwargs)
        tasks.append(task)
        return task

    loop.set_task_factory(factory)
    return tasks


def _connect(shell, outputs: dict) -> None:
    """Count what the kernel would send to the page: displays, images, comm messages."""
    def display(data, metadata=None, transient=None):
        outputs["displays"] += 1
        outputs["images"] += "image/png" in data

    def result(count, data, metadata):
        display(data)

    def stream(name, text):
        outputs[name].append(text)

    def comm(*args):
        outputs["comm_messages"] += 1

    import pyodide_kernel
    pyodide_kernel.stdout_stream.publish_stream_callback = stream
    pyodide_kernel.stderr_stream.publish_stream_callback = stream
    shell.display_pub.display_data_callback = display
    shell.display_pub.update_display_data_callback = display
    shell.display_pub.clear_output_callback = lambda wait: None
    shell.displayhook.publish_execution_result = result
    shell.send_comm = comm


async def run(path: str) -> dict:
    """Run the notebook at ``path``; a summary with ``errors`` (empty when it all ran)."""
    import pyodide_kernel

    cells = [cell for cell in json.loads(open(path, encoding="utf-8").read())["cells"]
             if cell["cell_type"] == "code"]
    tasks = _record_tasks(asyncio.get_running_loop())
    outputs = {"displays": 0, "images": 0, "comm_messages": 0, "stdout": [], "stderr": []}
    _connect(pyodide_kernel.ipython_shell, outputs)
    errors, slowest = [], (0.0, 0)
    for number, cell in enumerate(cells, 1):
        started = time.monotonic()
        reply = await pyodide_kernel.kernel_instance.run("".join(cell["source"]))
        slowest = max(slowest, (time.monotonic() - started, number))
        expected = "raises-exception" in cell.get("metadata", {}).get("tags", [])
        if reply["status"] == "error" and not expected:
            errors.append(f"code cell {number}: {reply['ename']}: {reply['evalue']}\n"
                          + "\n".join(reply["traceback"][-3:]))
            break           # as Run All stops
    deadline = time.monotonic() + TASKS_TIMEOUT_S
    while any(not t.done() for t in tasks) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    for task in tasks:
        if not task.done():
            errors.append(f"a task still runs {TASKS_TIMEOUT_S:.0f} s after the last cell: {task}")
            task.cancel()
        elif not task.cancelled() and task.exception() is not None:
            errors.append(f"a task failed: {task.exception()!r}")
    return {"cells": len(cells), "errors": errors, "tasks": len(tasks),
            "slowest_cell": {"number": slowest[1], "s": round(slowest[0], 1)},
            "stderr": "".join(outputs.pop("stderr"))[-2000:],
            **{k: v for k, v in outputs.items() if k != "stdout"}}
