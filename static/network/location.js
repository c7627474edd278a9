/* Portal: place the member on the map by dragging a pin (or clicking). */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("map-config").textContent);
  var lat = document.getElementById("id_latitude"), lon = document.getElementById("id_longitude");
  var mapEl = document.getElementById("location-map");
  if (!mapEl || !window.L) { return; }
  var start = [parseFloat(lat.value) || 45.36, parseFloat(lon.value) || 5.81];
  var map = L.map(mapEl).setView(start, 14);
  L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 18 }).addTo(map);
  var marker = L.marker(start, { draggable: true, title: mapEl.dataset.label, alt: mapEl.dataset.label }).addTo(map);
  function set(latlng) {
    lat.value = latlng.lat.toFixed(6); lon.value = latlng.lng.toFixed(6);
    document.getElementById("pin-status").textContent = mapEl.dataset.moved;
  }
  marker.on("dragend", function () { set(marker.getLatLng()); });
  map.on("click", function (e) { marker.setLatLng(e.latlng); set(e.latlng); });
})();
