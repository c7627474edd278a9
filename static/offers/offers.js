/* Offers: map of the results or of one offer (Leaflet, local assets) and « autour de moi ». */
(function () {
  "use strict";
  var configEl = document.getElementById("offers-map-config");
  var pointsEl = document.getElementById("offers-points");
  var mapEl = document.getElementById("offers-map");
  if (mapEl && window.L && configEl && pointsEl) {
    var config = JSON.parse(configEl.textContent);
    var points = JSON.parse(pointsEl.textContent);
    if (!points.length) { mapEl.hidden = true; }
    else {
      var map = L.map(mapEl, { scrollWheelZoom: false });
      L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 18 }).addTo(map);
      var bounds = [];
      points.forEach(function (p) {
        var marker = L.marker([p.lat, p.lon], { title: p.name, alt: p.name }).addTo(map);
        var popup = document.createElement("div");
        if (p.url) {
          var link = document.createElement("a"); link.href = p.url; link.textContent = p.name;
          popup.appendChild(link);
        } else { popup.textContent = p.name; }
        marker.bindPopup(popup);
        bounds.push([p.lat, p.lon]);
      });
      var originEl = document.getElementById("offers-origin");
      if (originEl) {
        var o = JSON.parse(originEl.textContent);
        L.circleMarker([o[0], o[1]], { radius: 8, color: "#b4532a" }).addTo(map).bindTooltip(o[2]);
        bounds.push([o[0], o[1]]);
      }
      map.fitBounds(bounds, { padding: [30, 30], maxZoom: 13 });
    }
  }
  var button = document.getElementById("geolocate");
  var status = document.getElementById("geo-status");
  if (button) {
    if (!navigator.geolocation) { button.hidden = true; return; }
    button.addEventListener("click", function () {
      status.textContent = button.dataset.searching;
      navigator.geolocation.getCurrentPosition(function (pos) {
        var form = document.getElementById("offer-filters");
        form.querySelector("[name=lat]").value = pos.coords.latitude.toFixed(5);
        form.querySelector("[name=lon]").value = pos.coords.longitude.toFixed(5);
        var near = form.querySelector("[name=near]"); if (near) { near.value = ""; }
        var sort = form.querySelector("[name=sort]"); if (sort) { sort.value = "distance"; }
        form.submit();
      }, function () { status.textContent = button.dataset.failed; }, { timeout: 10000 });
    });
  }
})();
