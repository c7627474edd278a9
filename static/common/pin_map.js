/* A pin on a map for the place of an offer or a workshop (common/templatetags/portal_forms.py):
   tap the map or drag the pin; « Retirer l'épingle » empties the position (the commune's centre
   is then used). The latitude and longitude are hidden inputs: nobody types coordinates. */
(function () {
  "use strict";

  function init(box) {
    if (!window.L || box.dataset.ready) { return; }
    box.dataset.ready = "1";
    var lat = document.getElementById(box.dataset.lat), lon = document.getElementById(box.dataset.lon);
    var canvas = box.querySelector(".pin-map-canvas"), tools = box.querySelector(".pin-map-tools");
    var status = box.querySelector(".pin-map-status");
    canvas.hidden = false;
    var centre = box.dataset.centre.split(",").map(parseFloat);
    var has = lat.value !== "" && lon.value !== "" && !isNaN(parseFloat(lat.value)) && !isNaN(parseFloat(lon.value));
    var start = has ? [parseFloat(lat.value), parseFloat(lon.value)] : centre;
    var map = L.map(canvas).setView(start, has ? 15 : 12);
    L.tileLayer(box.dataset.tiles, { attribution: box.dataset.attribution, maxZoom: 18 }).addTo(map);
    var marker = null;

    function place(latlng, announce) {
      if (!marker) {
        marker = L.marker(latlng, { draggable: true, title: box.dataset.label, alt: box.dataset.label }).addTo(map);
        marker.on("dragend", function () { place(marker.getLatLng(), true); });
      } else {
        marker.setLatLng(latlng);
      }
      lat.value = latlng.lat.toFixed(6);
      lon.value = latlng.lng.toFixed(6);
      tools.hidden = false;
      if (announce) { status.textContent = box.dataset.moved; }
    }

    if (has) { place(L.latLng(start[0], start[1]), false); }
    map.on("click", function (e) { place(e.latlng, true); });
    box.querySelector("[data-pin-remove]").addEventListener("click", function () {
      if (marker) { map.removeLayer(marker); marker = null; }
      lat.value = ""; lon.value = "";
      tools.hidden = true;
      status.textContent = box.dataset.removed;
    });
  }

  function all() { Array.prototype.forEach.call(document.querySelectorAll("[data-pin-map]"), init); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", all); } else { all(); }
  window.addEventListener("load", all);
})();
