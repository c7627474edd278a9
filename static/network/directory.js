/* Directory map (Leaflet, local assets) and « autour de moi » geolocation. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("map-config").textContent);
  var points = JSON.parse(document.getElementById("directory-points").textContent);
  var originEl = document.getElementById("directory-origin");
  var mapEl = document.getElementById("directory-map");
  if (mapEl && window.L) {
    var map = L.map(mapEl, { scrollWheelZoom: false });
    L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 18 }).addTo(map);
    var bounds = [];
    points.forEach(function (p) {
      var marker = L.marker([p.lat, p.lon], { title: p.name, alt: p.name }).addTo(map);
      var popup = document.createElement("div");
      var link = document.createElement("a");
      link.href = p.url; link.textContent = p.name;
      var strong = document.createElement("strong"); strong.appendChild(link);
      popup.appendChild(strong);
      popup.appendChild(document.createElement("br"));
      popup.appendChild(document.createTextNode(p.crafts + " — " + p.commune));
      marker.bindPopup(popup);
      bounds.push([p.lat, p.lon]);
    });
    if (originEl) {
      var o = JSON.parse(originEl.textContent);
      L.circleMarker([o[0], o[1]], { radius: 8, color: "#b4532a" }).addTo(map).bindTooltip(o[2]);
      bounds.push([o[0], o[1]]);
    }
    if (bounds.length) { map.fitBounds(bounds, { padding: [30, 30], maxZoom: 13 }); }
    else { map.setView([45.36, 5.81], 10); }
  }
  var button = document.getElementById("geolocate");
  var status = document.getElementById("geo-status");
  if (button) {
    if (!navigator.geolocation) { button.hidden = true; return; }
    button.addEventListener("click", function () {
      status.textContent = button.dataset.searching;
      navigator.geolocation.getCurrentPosition(function (pos) {
        var form = document.getElementById("directory-filters");
        form.querySelector("[name=lat]").value = pos.coords.latitude.toFixed(5);
        form.querySelector("[name=lon]").value = pos.coords.longitude.toFixed(5);
        var near = form.querySelector("[name=near]"); if (near) { near.value = ""; }
        form.submit();
      }, function () { status.textContent = button.dataset.failed; }, { timeout: 10000 });
    });
  }
})();
