// Live total of a booking form: the party typed, priced as the server does (children at the
// child price). The server shows the same total without JavaScript (« Voir le total »).
(function () {
  "use strict";
  document.querySelectorAll("form[data-price]").forEach(function (form) {
    var output = document.getElementById(form.getAttribute("data-total-target"));
    if (!output) return;
    var price = parseFloat(form.getAttribute("data-price"));
    var childAttr = form.getAttribute("data-child-price");
    var child = childAttr === "" || childAttr === null ? price : parseFloat(childAttr);
    var max = parseInt(form.getAttribute("data-max") || "99", 10);
    var lang = document.documentElement.lang || "fr";
    var format = new Intl.NumberFormat(lang, { style: "currency", currency: "EUR" });
    function read(name, fallback) {
      var field = form.elements[name];
      var value = field ? parseInt(field.value, 10) : NaN;
      return isNaN(value) ? fallback : value;
    }
    function update() {
      var size = Math.min(Math.max(read("party_size", 1), 1), max);
      var children = Math.min(Math.max(read("children", 0), 0), size);
      var total = Math.round(((size - children) * price + children * child) * 100) / 100;
      output.textContent = format.format(total);
    }
    form.addEventListener("input", update);
    update();
  });
})();
