/* Inside the widget iframe: tell the host page how tall the content is. */
(function () {
  "use strict";
  if (window.parent === window) return;
  function post() {
    var height = document.documentElement.scrollHeight;
    window.parent.postMessage({ maillageHeight: height }, "*");
  }
  window.addEventListener("load", post);
  if ("ResizeObserver" in window) {
    document.addEventListener("DOMContentLoaded", function () {
      new ResizeObserver(post).observe(document.body);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var errors = document.getElementById("form-errors");
    if (errors) errors.focus();
  });
})();
