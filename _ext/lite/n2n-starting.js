// The live edition's start-up message: while Pyodide starts in the reader's browser (the
// kernel loads Python, numpy, matplotlib and dlcore: 20-40 s on a 2-core machine, on a
// first visit and later ones alike: the time is start-up work, not downloading), a
// banner on JupyterLite's notebook page says so; it goes when the kernel has answered its
// first request (JupyterLite answers no kernel message before Pyodide is ready).
// tools/live_edition.py adds this script to lite/notebooks/index.html and sets
// exposeAppInBrowser, which makes JupyterLite's app available as window.jupyterapp.
(async () => {
  const banner = document.createElement("div");
  banner.className = "n2n-starting";
  banner.setAttribute("role", "status");
  banner.textContent = "Starting Python in your browser… (it loads Python, NumPy, " +
    "matplotlib and dlcore: 20 to 40 seconds)";
  banner.style.cssText = "position:fixed;bottom:32px;left:50%;transform:translateX(-50%);" +
    "pointer-events:none;" +
    "z-index:10000;padding:8px 16px;border-radius:6px;background:#0072B2;color:#fff;" +
    "font:15px/1.4 system-ui,sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.3)";
  document.body.append(banner);
  const slow = setTimeout(() => {
    banner.textContent = "Python is still starting… (a slow connection or computer can " +
      "take a minute; the browser's console shows any error)";
  }, 60000);
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  while (!window.jupyterapp) await sleep(100);
  const app = window.jupyterapp;
  await app.restored;
  let panel;
  while (!(panel = app.shell.currentWidget) || !panel.sessionContext) await sleep(100);
  const session = panel.sessionContext;
  await session.ready;
  while (!session.session?.kernel) await sleep(100);
  await session.session.kernel.info;   // the reply to kernel_info: Pyodide is ready
  clearTimeout(slow);
  banner.remove();
})();
