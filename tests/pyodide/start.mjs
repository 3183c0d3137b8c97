// Start Pyodide offline in Node, as tests/pyodide/*.mjs use it:
//
//   const pyodide = await startPyodide(dist, repo, packages, wheelFolders);
//
// `dist` is the distribution tools/pyodide_dist.py assembles (no network is used): the
// Pyodide `packages` come from it. The repository is mounted at /repo, so dlcore's source
// is imported as it is. The pure-Python wheels in `wheelFolders` are installed by
// unpacking them into site-packages (micropip would look some of them up in Pyodide's
// lock and try to fetch them from its CDN). Any fetch() is an attempt to reach the
// network (Pyodide reads a local distribution with the file system): it is refused, and
// `refusedFetches()` lists it.
import path from "node:path";
import { pathToFileURL } from "node:url";

const refused = [];
globalThis.fetch = async (url) => {
  refused.push(String(url));
  throw new Error(`offline: refused to fetch ${url}`);
};

export function refusedFetches() {
  return refused;
}

export async function startPyodide(dist, repo, packages, wheelFolders) {
  const { loadPyodide } = await import(pathToFileURL(path.join(dist, "pyodide.mjs")).href);
  const pyodide = await loadPyodide({ indexURL: dist + "/", stdout: console.log, stderr: console.error });
  await pyodide.loadPackage(packages, { messageCallback: () => {} });
  pyodide.FS.mkdirTree("/repo");
  pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: repo }, "/repo");
  wheelFolders.forEach((folder, i) => {
    pyodide.FS.mkdirTree(`/wheels/${i}`);
    pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: folder }, `/wheels/${i}`);
  });
  pyodide.runPython(`
import pathlib, site, zipfile
for wheel in sorted(pathlib.Path("/wheels").glob("*/*.whl")):
    zipfile.ZipFile(wheel).extractall(site.getsitepackages()[0])
`);
  return pyodide;
}
