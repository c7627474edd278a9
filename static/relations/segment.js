// Live count of a segment while its filters change (no inline script: strict CSP).
(function () {
  var form = document.getElementById("segment-form");
  var out = document.getElementById("segment-count");
  if (!form || !out || !window.fetch) return;
  var timer = null;
  function count() {
    var data = new URLSearchParams(new FormData(form));
    data.delete("csrfmiddlewaretoken");
    fetch(form.dataset.countUrl + "?" + data.toString(), { headers: { "HX-Request": "true" }, credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (html) { out.innerHTML = html; });
  }
  form.addEventListener("change", function () { clearTimeout(timer); timer = setTimeout(count, 250); });
})();
