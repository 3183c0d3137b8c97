// Loaded right after require.js and before the widget renderer (embed-amd.js).
(function () {
  // 1. The renderer finds its icon fonts relative to its AMD modules' URLs, which
  //    require.js resolves against baseUrl; by default that is the page's own
  //    folder, so pages in sub-folders would ask for fonts that are not there.
  //    Point baseUrl at the folder this file was copied to (_vendor/), where the
  //    fonts are copied too.
  var src = document.currentScript && document.currentScript.src;
  if (src && typeof require !== "undefined") {
    require.config({ baseUrl: src.slice(0, src.lastIndexOf("/") + 1) });
  }

  // 2. The renderer typesets widget labels with MathJax 2's API
  //    (MathJax.Hub.Queue), but the book loads MathJax 3. Give every object that
  //    is (or becomes) window.MathJax a hidden Hub.Queue that forwards to
  //    MathJax 3's typesetPromise once MathJax has started.
  function queue(job) {
    var element = job && job[2];
    var mj = window.MathJax;
    if (!element || !mj) { return; }
    if (mj.typesetPromise) { mj.typesetPromise([element]).catch(function () {}); }
    else if (mj.startup && mj.startup.promise) {
      mj.startup.promise.then(function () { return window.MathJax.typesetPromise([element]); })
        .catch(function () {});
    }
  }
  function withHub(mj) {
    if (mj && typeof mj === "object" && !mj.Hub) {
      Object.defineProperty(mj, "Hub", { value: { Queue: queue }, enumerable: false, configurable: true });
    }
    return mj;
  }
  var current = withHub(window.MathJax);
  Object.defineProperty(window, "MathJax", {
    configurable: true,
    get: function () { return current; },
    set: function (value) { current = withHub(value); },
  });
})();
