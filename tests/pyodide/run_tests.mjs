// Run dlcore's unit tests under Pyodide (CPython compiled to 32-bit WebAssembly) in Node.
//
//   node tests/pyodide/run_tests.mjs <pyodide dist> <repository> [pytest args...]
//
// numpy (and, for the plot tests, matplotlib and IPython) come from the distribution, pytest and
// hypothesis from its test-wheels/ folder (see start.mjs). The exit status is pytest's.
import path from "node:path";
import { refusedFetches, startPyodide } from "./start.mjs";

const [dist, repo, ...pytestArgs] = process.argv.slice(2).map((a, i) => (i < 2 ? path.resolve(a) : a));
const started = Date.now();
const pyodide = await startPyodide(dist, repo, ["numpy", "packaging", "matplotlib", "ipython"],
                                   [path.join(dist, "test-wheels")]);
console.log(`Pyodide ${pyodide.version} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
pyodide.globals.set("pytest_args", pyodide.toPy(pytestArgs));
const status = await pyodide.runPythonAsync(`
import os, sys
os.chdir("/repo")
sys.path.insert(0, "/repo")
os.environ["MPLBACKEND"] = "Agg"
import matplotlib, numpy, pytest
print(f"numpy {numpy.__version__}, matplotlib {matplotlib.__version__} on {sys.platform}, "
      f"intp is {numpy.dtype(numpy.intp)}")
# --capture=sys: pytest's default (file-descriptor) capture does not work in Pyodide
int(pytest.main(["-p", "no:cacheprovider", "-p", "no:faulthandler", "--capture=sys",
                 *pytest_args]))
`);
if (refusedFetches().length) {
  console.error(`FAILED: Pyodide tried to reach the network: ${refusedFetches().join(", ")}`);
  process.exit(1);
}
process.exit(status);
