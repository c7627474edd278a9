/* « Tout sélectionner »: a checkbox with data-select-all="NAME" ticks or unticks every checkbox
   named NAME in its form; it shows a mixed state when only some are ticked. The box is hidden
   in the HTML and revealed here, so without JavaScript nobody sees a box that does nothing. */
(function () {
  "use strict";

  function boxes(master) {
    var scope = master.form || document;
    return Array.prototype.filter.call(
      scope.querySelectorAll('input[type="checkbox"][name="' + master.dataset.selectAll + '"]'),
      function (box) { return box !== master; }
    );
  }

  function sync(master) {
    var all = boxes(master), ticked = all.filter(function (b) { return b.checked; }).length;
    master.checked = all.length > 0 && ticked === all.length;
    master.indeterminate = ticked > 0 && ticked < all.length;
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-select-all]"), function (master) {
      var wrapper = master.closest("[data-select-all-wrapper]");
      if (wrapper) { wrapper.hidden = false; }
      master.addEventListener("change", function () {
        boxes(master).forEach(function (b) { b.checked = master.checked; });
        master.indeterminate = false;
      });
      boxes(master).forEach(function (b) { b.addEventListener("change", function () { sync(master); }); });
      sync(master);
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
