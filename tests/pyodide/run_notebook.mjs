// Run one chapter notebook under Pyodide in Node, through the live edition's kernel.
//
//   node tests/pyodide/run_notebook.mjs <pyodide dist> <repository> <wheel folder> <notebook>
//
// A fresh Pyodide loads what the live edition preloads (numpy, matplotlib, IPython from
// the distribution; dlcore from the repository; the wheels of <wheel folder>: ipywidgets,
// comm, the kernel's pyodide_kernel and the glue stand-in), then tests/pyodide/kernel_run.py
// runs the notebook's cells. Prints one line of JSON (the summary); the exit status is 1
// when a cell failed or Pyodide tried to reach the network.
import path from "node:path";
import { refusedFetches, startPyodide } from "./start.mjs";

const [dist, repo, wheels, notebook] = process.argv.slice(2).map((a) => path.resolve(a));
const pyodide = await startPyodide(
  dist, repo, ["numpy", "matplotlib", "matplotlib-inline", "ipython", "ssl", "sqlite3"],
  [wheels, path.join(dist, "live-wheels")]);
pyodide.FS.mkdirTree("/drive");
pyodide.globals.set("notebook", path.relative(repo, notebook));
const summary = JSON.parse(await pyodide.runPythonAsync(`
import json, os, sys
sys.path[:0] = ["/repo", "/repo/tests/pyodide"]
os.chdir("/drive")              # the live edition's notebooks run in an empty folder
import kernel_run
json.dumps(await kernel_run.run("/repo/" + notebook))
`));
summary.refused = refusedFetches();
console.log(JSON.stringify(summary));
process.exit(summary.errors.length || summary.refused.length ? 1 : 0);
