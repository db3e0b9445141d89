/* Omzien maps: clustered initiative markers, a legend by theme and popups
 * loaded when opened. Text from the data goes in as text nodes; popup HTML
 * comes from the server, escaped there (maps.builders.popup_html).
 * A row is [lat, lon, id, themeIndex, themeIndex, ...]. */
"use strict";

var OMZIEN_COLOURS = 10; // .omzien-theme-0 … -9 in maps.css

// A layer's data, written by Django's json_script into the page.
function omzienConfig(id) {
  return JSON.parse(document.getElementById(id).textContent);
}

function omzienInitiatives(map, config) {
  var texts = config.texts;
  var checked = config.themes.map(function () { return true; });
  var icons = config.themes.map(function (theme, i) { return omzienIcon(i); });
  var plainIcon = omzienIcon(null);
  var markers = config.rows.map(function (row) {
    var marker = L.marker([row[0], row[1]], {
      icon: row.length > 3 ? icons[row[3]] : plainIcon,
      keyboard: true,
    });
    marker.omzienRow = row;
    return marker;
  });
  var cluster = L.markerClusterGroup({
    chunkedLoading: true,
    showCoverageOnHover: false,
    spiderfyOnMaxZoom: true, // many initiatives in one building stay clickable
    maxClusterRadius: 60,
    chunkProgress: function (processed, total) {
      // Also called for the empty group when it joins the map: skip that.
      if (loading && processed === total) {
        loading = false;
        window.requestAnimationFrame(ready);
      }
    },
  }).addTo(map);
  var popup = L.popup({ maxWidth: 280 });
  var counter = omzienCounter(map);
  var loading = false;

  cluster.on("click", function (event) {
    omzienOpenPopup(map, popup, event.layer, config, texts);
  });

  function visible(marker) {
    var themes = marker.omzienRow.slice(3);
    return themes.length === 0 || themes.some(function (i) { return checked[i]; });
  }

  function show() {
    var shown = markers.filter(visible);
    cluster.clearLayers();
    loading = true;
    cluster.addLayers(shown);
    var template = shown.length === 1 ? texts.one : texts.other;
    counter.textContent = template.replace("%(count)s", shown.length.toLocaleString(document.documentElement.lang || undefined));
  }

  function ready() {
    // For tests and the benchmark: the markers are on the map now.
    map.getContainer().setAttribute("data-markers-ready", "true");
    if (window.performance && performance.mark) performance.mark("omzien-markers");
  }

  if (config.themes.length > 1) {
    omzienLegend(map, config.themes, texts, function (i, on) {
      checked[i] = on;
      show();
    });
  }
  show();
  return { cluster: cluster, markers: markers };
}

function omzienIcon(theme) {
  var colour = theme === null ? "plain" : String(theme % OMZIEN_COLOURS);
  return L.divIcon({
    className: "omzien-marker omzien-theme-" + colour,
    iconSize: [16, 16],
    popupAnchor: [0, -6],
  });
}

function omzienCounter(map) {
  var control = L.control({ position: "bottomleft" });
  var element = L.DomUtil.create("p", "omzien-count");
  element.setAttribute("aria-live", "polite");
  control.onAdd = function () { return element; };
  control.addTo(map);
  return element;
}

function omzienLegend(map, themes, texts, onChange) {
  // Bottom right, folded on small maps: popups open upwards over the top.
  var control = L.control({ position: "bottomright" });
  control.onAdd = function () {
    var box = L.DomUtil.create("details", "omzien-legend");
    box.open = map.getSize().y >= 420;
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    L.DomUtil.create("summary", "", box).textContent = texts.themes;
    themes.forEach(function (theme, i) {
      var label = L.DomUtil.create("label", "", box);
      var input = L.DomUtil.create("input", "", label);
      input.type = "checkbox";
      input.checked = true;
      input.value = theme.slug;
      var colour = "omzien-swatch omzien-theme-" + (i % OMZIEN_COLOURS);
      L.DomUtil.create("span", colour, label).setAttribute("aria-hidden", "true");
      label.appendChild(document.createTextNode(theme.name));
      L.DomEvent.on(input, "change", function () { onChange(i, input.checked); });
    });
    return box;
  };
  control.addTo(map);
}

function omzienOpenPopup(map, popup, marker, config, texts) {
  var id = marker.omzienRow[2];
  popup.omzienId = id;
  popup.setLatLng(marker.getLatLng()).setContent(omzienText(texts.loading));
  popup.openOn(map);
  fetch(config.popup.replace("/0/", "/" + id + "/"), { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.text();
    })
    .then(function (html) {
      if (popup.omzienId === id) popup.setContent(html); // escaped on the server
    })
    .catch(function () {
      if (popup.omzienId === id) popup.setContent(omzienText(texts.failed));
    });
}

/* Upcoming gatherings: their own calendar icon above the initiatives, and a
 * switch to hide them. row.popup is HTML escaped on the server
 * (maps.builders.gathering_popup_html); the title goes in as text. */
function omzienGatherings(map, config) {
  var group = L.featureGroup();
  config.rows.forEach(function (row) {
    var approximate = row.approximate ? " omzien-gathering-approximate" : "";
    L.marker([row.lat, row.lon], {
      icon: L.divIcon({
        className: "omzien-gathering" + approximate,
        iconSize: [20, 20],
        popupAnchor: [0, -8],
      }),
      title: row.title, // set as a property: plain text
      keyboard: true,
      zIndexOffset: 1000,
    }).bindPopup(row.popup, { maxWidth: 280 }).addTo(group);
  });
  group.addTo(map);
  omzienGatheringSwitch(map, config.texts, function (on) {
    if (on) group.addTo(map);
    else group.remove();
  });
  return group;
}

function omzienGatheringSwitch(map, texts, onChange) {
  var control = L.control({ position: "topright" });
  control.onAdd = function () {
    var box = L.DomUtil.create("div", "omzien-legend omzien-gathering-switch");
    L.DomEvent.disableClickPropagation(box);
    var label = L.DomUtil.create("label", "", box);
    var input = L.DomUtil.create("input", "", label);
    input.type = "checkbox";
    input.checked = true;
    input.value = "gatherings";
    L.DomUtil.create("span", "omzien-gathering-swatch", label).setAttribute("aria-hidden", "true");
    label.appendChild(document.createTextNode(texts.label));
    L.DomEvent.on(input, "change", function () { onChange(input.checked); });
    return box;
  };
  control.addTo(map);
}

function omzienText(text) {
  var element = document.createElement("span");
  element.textContent = text;
  return element;
}
