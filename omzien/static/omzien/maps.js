/* Small Leaflet maps: a point on the initiative page, and a map in the
   initiator's form where a click fills in the exact location. Progressive
   enhancement: without JavaScript the page shows the coordinates and the
   form takes "lat,lon" as text. Leaflet and its tiles come from our own
   settings (no CDN). */
(function () {
  "use strict";
  if (!window.L) { return; }

  function tiles() {
    var config = JSON.parse(document.getElementById("map-tiles").textContent);
    return L.tileLayer(config.url, {
      attribution: config.attribution, maxZoom: config.maxZoom
    });
  }

  function marker(latlng) {
    return L.circleMarker(latlng, {
      radius: 9, color: "#ffffff", weight: 2, fillColor: "#0b6e4f", fillOpacity: 1
    });
  }

  function pointMap(element) {
    var latlng = [parseFloat(element.dataset.lat), parseFloat(element.dataset.lon)];
    var map = L.map(element, { scrollWheelZoom: false }).setView(latlng, 12);
    tiles().addTo(map);
    // Leaflet puts a string tooltip in as HTML: give it a text node.
    var label = document.createElement("span");
    label.textContent = element.dataset.label;
    marker(latlng).addTo(map).bindTooltip(label);
  }

  function parsePoint(text) {
    var parts = (text || "").split(",");
    if (parts.length !== 2) { return null; }
    var lat = parseFloat(parts[0]), lon = parseFloat(parts[1]);
    return isFinite(lat) && isFinite(lon) ? [lat, lon] : null;
  }

  function locationPicker(element) {
    var field = document.getElementById(element.dataset.pointField);
    var place = document.getElementById(element.dataset.placeField);
    element.hidden = false;
    var map = L.map(element.querySelector(".picker-map"), { scrollWheelZoom: false });
    tiles().addTo(map);
    var current = null;
    function show(latlng, zoom) {
      if (current) { current.setLatLng(latlng); } else { current = marker(latlng).addTo(map); }
      map.setView(latlng, zoom || map.getZoom());
    }
    var start = parsePoint(field.value);
    if (start) { show(start, 14); } else { map.setView([52.2, 5.4], 7); }
    map.on("click", function (event) {
      var lat = event.latlng.lat.toFixed(5), lon = event.latlng.lng.toFixed(5);
      field.value = lat + "," + lon;
      show(event.latlng);
    });
    field.addEventListener("change", function () {
      var point = parsePoint(field.value);
      if (point) { show(point, 14); }
    });
    // The autocomplete tells where a chosen place lies.
    place.addEventListener("omzien:place", function (event) {
      if (!field.value) { map.setView([event.detail.lat, event.detail.lon], 13); }
    });
  }

  document.querySelectorAll("[data-point-map]").forEach(pointMap);
  document.querySelectorAll("[data-location-picker]").forEach(locationPicker);
})();
