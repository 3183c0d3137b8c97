// The live edition's button: on every chapter page, "Run live" opens the same notebook
// in JupyterLite (served from lite/ beside the book), where it runs in the reader's
// browser with the Pyodide kernel. Added by _ext/live_edition.py when the live edition
// is built.
document.addEventListener("DOMContentLoaded", () => {
  const root = document.documentElement.dataset.content_root;
  const page = window.location.pathname.match(/\/chapters\/([^/]+)\.html$/);
  const header = document.querySelector(".article-header-buttons");
  if (root === undefined || !page || !header) return;
  const link = document.createElement("a");
  link.href = `${root}lite/notebooks/index.html?path=${page[1]}.ipynb`;
  link.className = "btn btn-sm n2n-live";
  link.textContent = "▶ Run live";
  link.title = "Run this chapter in your browser: every cell and widget, no install. " +
    "The first visit loads Python (about 30 MB) and takes 10–40 seconds.";
  header.prepend(link);
});
