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

  // The named place, beside the clicked spot: a ring, not a dot.
  function placeRing(latlng) {
    return L.circleMarker(latlng, {
      radius: 12, color: "#b45309", weight: 3, fill: false, dashArray: "4 4"
    });
  }

  function locationPicker(element) {
    var field = document.getElementById(element.dataset.pointField);
    var place = document.getElementById(element.dataset.placeField);
    var warning = element.querySelector(".location-warning");
    var confirmation = document.getElementById("location-mismatch");
    var toleranceKm = parseFloat(element.dataset.toleranceKm) || 10;
    element.hidden = false;
    var map = L.map(element.querySelector(".picker-map"), { scrollWheelZoom: false });
    tiles().addTo(map);
    var current = null, named = null, namedLabel = "";
    function show(latlng, zoom) {
      if (current) { current.setLatLng(latlng); } else { current = marker(latlng).addTo(map); }
      map.setView(latlng, zoom || map.getZoom());
    }
    // Both on the map, and a warning when the spot lies far from the place
    // (the server's check, which also knows the municipality, has the last word).
    function compare() {
      var point = parsePoint(field.value);
      var far = named && point && map.distance(point, named.getLatLng()) / 1000;
      if (!far || far <= toleranceKm) { warning.hidden = true; return; }
      var km = far;
      warning.textContent = warning.dataset.template
        .replace("{km}", km.toFixed(1).replace(".", ",")).replace("{place}", namedLabel);
      warning.hidden = false;
      if (confirmation) { confirmation.hidden = false; }
      map.fitBounds(L.latLngBounds([point, named.getLatLng()]), { padding: [30, 30] });
    }
    function showPlace(latlng, label) {
      namedLabel = label;
      if (named) { named.setLatLng(latlng); } else { named = placeRing(latlng).addTo(map); }
      var point = parsePoint(field.value);
      if (point) { compare(); } else { map.setView(latlng, 13); }
      if (point && warning.hidden) { map.setView(latlng, 13); }
    }
    var start = parsePoint(field.value);
    if (start) { show(start, 14); } else { map.setView([52.2, 5.4], 7); }
    if (element.dataset.placeLat) {
      showPlace([parseFloat(element.dataset.placeLat), parseFloat(element.dataset.placeLon)],
        element.dataset.placeLabel);
    }
    map.on("click", function (event) {
      var lat = event.latlng.lat.toFixed(5), lon = event.latlng.lng.toFixed(5);
      field.value = lat + "," + lon;
      show(event.latlng);
      compare();
    });
    field.addEventListener("change", function () {
      var point = parsePoint(field.value);
      if (point) { show(point, 14); }
      compare();
    });
    // The autocomplete tells where the typed or chosen place lies.
    place.addEventListener("omzien:place", function (event) {
      showPlace([event.detail.lat, event.detail.lon], event.detail.label);
    });
    // Enter in the place field finds the place instead of sending the form.
    place.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        place.dispatchEvent(new CustomEvent("omzien:settle"));
      }
    });
  }

  document.querySelectorAll("[data-point-map]").forEach(pointMap);
  document.querySelectorAll("[data-location-picker]").forEach(locationPicker);
})();
