/* A search box over a long list of check boxes ([data-filter-list]): typing hides the items
   ([data-filter-item]) whose text does not contain the words typed (accents and case ignored).
   Ticked boxes stay visible. The box is hidden in the HTML and revealed here. */
(function () {
  "use strict";

  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function init(list) {
    var input = list.querySelector("[data-filter-input]"), none = list.querySelector("[data-filter-none]");
    var wrapper = list.querySelector("[data-filter-wrapper]");
    var items = Array.prototype.slice.call(list.querySelectorAll("[data-filter-item]"));
    if (!input || !items.length) { return; }
    if (wrapper) { wrapper.hidden = false; }
    input.addEventListener("input", function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean), shown = 0;
      items.forEach(function (item) {
        var box = item.querySelector("input"), text = fold(item.textContent);
        var match = (box && box.checked) || words.every(function (w) { return text.indexOf(w) !== -1; });
        item.hidden = !match;
        if (match) { shown += 1; }
      });
      if (none) { none.hidden = shown > 0; }
    });
  }

  function all() { Array.prototype.forEach.call(document.querySelectorAll("[data-filter-list]"), init); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", all); } else { all(); }
})();
