// Run dlcore's unit tests under Pyodide (CPython compiled to 32-bit WebAssembly) in Node.
//
//   node tests/pyodide/run_tests.mjs <pyodide dist> <repository> [pytest args...]
//
// The distribution is the one tools/pyodide_dist.py assembles (no network is used):
// numpy comes from it, pytest and hypothesis from its test-wheels/ folder. The repository
// is mounted at /repo, so the tests import dlcore's source as it is. The exit status is
// pytest's.
import path from "node:path";
import { pathToFileURL } from "node:url";

const [dist, repo, ...pytestArgs] = process.argv.slice(2).map((a, i) => (i < 2 ? path.resolve(a) : a));
// Offline: Pyodide reads a local distribution with the file system, so any fetch() is an
// attempt to reach the network (its CDN); it is refused and fails the run.
const refused = [];
globalThis.fetch = async (url) => {
  refused.push(String(url));
  throw new Error(`offline: refused to fetch ${url}`);
};
const { loadPyodide } = await import(pathToFileURL(path.join(dist, "pyodide.mjs")).href);
const started = Date.now();
const pyodide = await loadPyodide({ indexURL: dist + "/", stdout: console.log, stderr: console.error });
await pyodide.loadPackage(["numpy", "packaging"], { messageCallback: () => {} });
pyodide.FS.mkdirTree("/repo");
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: repo }, "/repo");
pyodide.FS.mkdirTree("/wheels");
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: path.join(dist, "test-wheels") }, "/wheels");
// Pure-Python wheels are installed by unpacking them into site-packages (micropip would
// look some of them up in Pyodide's lock and try to fetch them from its CDN).
pyodide.runPython(`
import pathlib, site, zipfile
for wheel in sorted(pathlib.Path("/wheels").glob("*.whl")):
    zipfile.ZipFile(wheel).extractall(site.getsitepackages()[0])
`);
console.log(`Pyodide ${pyodide.version} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
pyodide.globals.set("pytest_args", pyodide.toPy(pytestArgs));
const status = await pyodide.runPythonAsync(`
import os, sys
os.chdir("/repo")
sys.path.insert(0, "/repo")
import numpy, pytest
print(f"numpy {numpy.__version__} on {sys.platform}, intp is {numpy.dtype(numpy.intp)}")
# --capture=sys: pytest's default (file-descriptor) capture does not work in Pyodide
int(pytest.main(["-p", "no:cacheprovider", "-p", "no:faulthandler", "--capture=sys",
                 *pytest_args]))
`);
if (refused.length) {
  console.error(`FAILED: Pyodide tried to reach the network: ${refused.join(", ")}`);
  process.exit(1);
}
process.exit(status);
