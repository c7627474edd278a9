/* Radar chart of the three dimensions: this year, last year, network average (legend texts come
   translated from the canvas data-label-* attributes). */
(function () {
  "use strict";
  var node = document.getElementById("sd-radar-data");
  var canvas = document.getElementById("sd-radar");
  if (!node || !canvas || typeof Chart === "undefined") { return; }
  var data = JSON.parse(node.textContent);
  var datasets = [{ label: canvas.dataset.labelCurrent, data: data.current, borderColor: "#2f6b4f",
                    backgroundColor: "rgba(47,107,79,.2)", pointBackgroundColor: "#2f6b4f" }];
  if (data.previous) {
    datasets.push({ label: canvas.dataset.labelPrevious, data: data.previous, borderColor: "#b4532a",
                    backgroundColor: "rgba(180,83,42,.08)", borderDash: [6, 4] });
  }
  if (data.average) {
    datasets.push({ label: canvas.dataset.labelAverage, data: data.average, borderColor: "#245a8a",
                    backgroundColor: "rgba(36,90,138,.05)", borderDash: [2, 3] });
  }
  new Chart(canvas, {
    type: "radar",
    data: { labels: data.labels, datasets: datasets },
    options: { scales: { r: { min: 0, max: 100, ticks: { stepSize: 25 } } },
               plugins: { legend: { position: "bottom" } } }
  });
})();
