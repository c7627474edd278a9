/* Shop dashboard charts (Chart.js, served locally). */
(function () {
  "use strict";
  var node = document.getElementById("shop-chart-data");
  if (!node || typeof Chart === "undefined") { return; }
  var data = JSON.parse(node.textContent);
  var lang = document.documentElement.lang || "fr";
  var euro = function (v) { return v.toLocaleString(lang, { style: "currency", currency: "EUR" }); };
  // Periods arrive as ISO dates: show them as "déc. 2025" (by month) or "1 déc." (by day or week).
  var byMonth = (document.getElementById("chart-revenue") || {}).dataset.granularity === "month";
  var periodFormat = new Intl.DateTimeFormat(lang, byMonth ? { month: "short", year: "numeric" } : { day: "numeric", month: "short" });
  data.labels = data.labels.map(function (iso) {
    var parts = iso.split("-");
    return periodFormat.format(new Date(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2])));
  });
  var money = { y: { ticks: { callback: euro } } };
  new Chart(document.getElementById("chart-revenue"), {
    type: "bar",
    data: { labels: data.labels, datasets: [
      { label: data.text.revenue, data: data.revenue, backgroundColor: "#2f6b4f" },
      { label: data.text.office_share, data: data.office_share, backgroundColor: "#b4532a" }
    ] },
    options: { responsive: true, maintainAspectRatio: false, scales: money }
  });
  new Chart(document.getElementById("chart-basket"), {
    type: "line",
    data: { labels: data.labels, datasets: [
      { label: data.text.basket, data: data.basket, borderColor: "#245a8a", tension: 0.2 }
    ] },
    options: { responsive: true, maintainAspectRatio: false, scales: money }
  });
  new Chart(document.getElementById("chart-antennas"), {
    type: "doughnut",
    data: { labels: data.antennas, datasets: [
      { data: data.antenna_revenue, backgroundColor: ["#2f6b4f", "#b4532a", "#245a8a", "#8a5a00", "#6b2f5f"] }
    ] },
    options: { responsive: true, maintainAspectRatio: false }
  });
})();
