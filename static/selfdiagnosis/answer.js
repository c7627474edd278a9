/* Section pages: mirror the latest autosave status in the bar kept at the bottom of the screen. */
(function () {
  "use strict";
  var bar = document.getElementById("sd-savebar");
  if (!bar) { return; }
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target || !target.id || target.id.indexOf("status-") !== 0) { return; }
    var error = target.querySelector(".save-error");
    var ok = target.querySelector(".save-ok");
    var legend = target.closest("fieldset") && target.closest("fieldset").querySelector("legend");
    var message = (error || ok);
    bar.classList.toggle("is-error", Boolean(error));
    bar.classList.toggle("is-ok", !error && Boolean(ok));
    bar.textContent = message ? (error && legend ? legend.textContent.trim() + " — " : "") + message.textContent.trim() : "";
  });
}());
