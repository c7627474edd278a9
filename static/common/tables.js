/* Portal and staff tables on a phone: each cell carries its column's header as data-label, and
   the table gets the class "stackable"; below 640 px the CSS (site.css) shows each row as a
   labelled card, so no column (« Net dû », « Statut », « Présence »…) ends up off-screen.
   A table with the class "keep-table" is left as it is. Without JavaScript the table keeps its
   horizontal scroll wrapper. */
(function () {
  "use strict";

  function headerTexts(table) {
    var row = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!row) { return null; }
    var texts = [];
    Array.prototype.forEach.call(row.cells, function (cell) {
      var span = cell.colSpan || 1;
      var text = (cell.textContent || "").replace(/\s+/g, " ").trim();
      for (var i = 0; i < span; i++) { texts.push(text); }
    });
    return texts;
  }

  function stack(table) {
    if (table.classList.contains("keep-table") || table.classList.contains("stackable")) { return; }
    var texts = headerTexts(table);
    if (!texts) { return; }
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var col = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          var span = cell.colSpan || 1;
          if (span === 1 && texts[col] && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", texts[col]);
          }
          if (span > 1) { cell.classList.add("span-cell"); }
          col += span;
        });
      });
    });
    if (table.tFoot) {
      Array.prototype.forEach.call(table.tFoot.rows, function (row) {
        var col = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          var span = cell.colSpan || 1;
          if (span === 1 && texts[col] && !cell.hasAttribute("data-label") && cell.tagName === "TD") {
            cell.setAttribute("data-label", texts[col]);
          }
          col += span;
        });
      });
    }
    table.classList.add("stackable");
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("main table"), stack);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
