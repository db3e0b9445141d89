/* Omzien maps: initiatives loaded by viewport from the API
 * (/api/v1/map/initiatives): clusters counted by the database where many,
 * markers where few. The theme legend is the map's one theme filter (the
 * `tag` parameter, as in the directory and the API) and is kept in the URL.
 * Text from the data goes in as text nodes, never as HTML. */
"use strict";

// The legend's colours, by theme index (the same in maps.css).
var OMZIEN_COLOURS = ["#4e79a7", "#e15759", "#59a14f", "#b07aa1", "#f28e2b",
  "#76b7b2", "#9c755f", "#edc948", "#ff9da7", "#17becf"];
var OMZIEN_PLAIN = "#555";

// A layer's data, written by Django's json_script into the page.
function omzienConfig(id) {
  var element = document.getElementById(id);
  return element ? JSON.parse(element.textContent) : {};
}

function omzienFill(template, values) {
  return template.replace(/%\((\w+)\)s/g, function (all, name) {
    return values[name] === undefined ? all : values[name];
  });
}

function omzienCount(texts, count) {
  var lang = document.documentElement.lang || undefined;
  var template = count === 1 ? texts.one : texts.other;
  return omzienFill(template, { count: count.toLocaleString(lang) });
}

function omzienInitiatives(map, config) {
  var texts = config.texts;
  var state = omzienConfig("map-state");
  var params = new URLSearchParams(state.query || "");
  var themeIndex = {};
  config.themes.forEach(function (theme, i) { themeIndex[theme.slug] = i; });
  var layer = L.layerGroup().addTo(map);
  var page = omzienPageList();
  var counter = omzienCounter(map, !page);
  var popup = L.popup({ maxWidth: 280 });
  var controller = null;
  var timer = null;
  var drawn = false;

  // At once, not animated: the first load asks for the fitted view.
  if (state.fit) map.fitBounds(state.fit, { animate: false });
  omzienLegend(map, config.themes, texts, params.getAll("tag"), function (slugs) {
    params.delete("tag");
    slugs.forEach(function (slug) { params.append("tag", slug); });
    omzienKeepThemes(slugs);
    load();
  });

  function load() {
    var bounds = map.getBounds();
    var box = [
      Math.max(bounds.getWest(), -180), Math.max(bounds.getSouth(), -90),
      Math.min(bounds.getEast(), 180), Math.min(bounds.getNorth(), 90),
    ].map(function (n) { return n.toFixed(5); }).join(",");
    var query = new URLSearchParams(params);
    if (!(config.extent && bounds.contains(config.extent))) query.set("bbox", box);
    var download = new URLSearchParams(query);
    query.set("zoom", String(Math.round(map.getZoom())));
    if (page) page.download(download);
    if (controller) controller.abort();
    controller = window.AbortController ? new AbortController() : null;
    fetch(config.api + "?" + query, {
      headers: { Accept: "application/json" },
      signal: controller ? controller.signal : undefined,
    })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(draw)
      .catch(function (error) {
        if (error.name === "AbortError") return;
        counter.textContent = texts.failed;
        if (page) page.failed(texts.failed);
      });
  }

  // Markers are kept by key between loads, so that one with the focus or
  // an open popup stays the same element while the map moves.
  var shown = {};

  function draw(data) {
    var wanted = {};
    data.clusters.forEach(function (cluster) {
      var key = "c" + cluster.lat + "," + cluster.lon + "," + cluster.count;
      wanted[key] = shown[key] || omzienCluster(cluster, texts, zoomTo).addTo(layer);
    });
    omzienSpread(map, data.points).forEach(function (point) {
      var key = "p" + point.id;
      var marker = shown[key];
      if (marker) {
        marker.setLatLng([point.lat, point.lon]);
      } else {
        marker = omzienMarker(point, themeIndex, texts, function (marker, byKeyboard) {
          omzienOpenPopup(map, popup, marker, point, config.themes, params, texts, byKeyboard);
        }).addTo(layer);
      }
      wanted[key] = marker;
    });
    Object.keys(shown).forEach(function (key) {
      if (!wanted[key]) layer.removeLayer(shown[key]);
    });
    shown = wanted;
    counter.textContent = omzienCount(texts.count, data.total);
    if (page) page.show(data, texts, params);
    if (!drawn) {
      drawn = true;
      // For tests and the benchmark: the first markers are on the map.
      map.getContainer().setAttribute("data-markers-ready", "true");
      if (window.performance && performance.mark) performance.mark("omzien-markers");
    }
    map.getContainer().setAttribute("data-zoom", String(data.zoom));
  }

  function zoomTo(cluster) {
    var b = cluster.bbox;
    var bounds = L.latLngBounds([b[1], b[0]], [b[3], b[2]]);
    var zoom = Math.max(map.getBoundsZoom(bounds.pad(0.2)), map.getZoom() + 1);
    map.setView(bounds.getCenter(), Math.min(zoom, map.getMaxZoom()));
  }

  map.on("moveend", function () {
    clearTimeout(timer);
    timer = setTimeout(load, 100);
  });
  load();
  return { layer: layer, reload: load };
}

// Initiatives at one address (a community house) in a small ring around
// it, so that each marker can be seen, clicked and focused.
function omzienSpread(map, points) {
  var groups = {};
  points.forEach(function (point) {
    var key = point.lat + "," + point.lon;
    (groups[key] = groups[key] || []).push(point);
  });
  Object.keys(groups).forEach(function (key) {
    var group = groups[key];
    if (group.length < 2) return;
    var centre = map.latLngToLayerPoint([group[0].lat, group[0].lon]);
    var radius = 10 + 3 * group.length;
    group.forEach(function (point, i) {
      var angle = 2 * Math.PI * i / group.length;
      var spot = map.layerPointToLatLng(
        centre.add([radius * Math.cos(angle), radius * Math.sin(angle)]));
      point.lat = spot.lat;
      point.lon = spot.lng;
    });
  });
  return points;
}

// Keyboard: Enter and Space act as a click, as on a button.
function omzienKeys(marker, onPress) {
  marker.on("add", function () {
    L.DomEvent.on(marker.getElement(), "keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        L.DomEvent.preventDefault(event);
        onPress(true);
      }
    });
  });
  marker.on("click", function () { onPress(false); });
}

function omzienLabelled(marker, label) {
  marker.on("add", function () {
    var element = marker.getElement();
    element.setAttribute("role", "button");
    element.setAttribute("aria-label", label);
  });
  return marker;
}

function omzienCluster(cluster, texts, zoomTo) {
  var size = cluster.count < 10 ? 34 : cluster.count < 100 ? 40 : cluster.count < 1000 ? 46 : 52;
  var lang = document.documentElement.lang || undefined;
  var number = document.createElement("span");
  number.textContent = cluster.count.toLocaleString(lang);
  var marker = L.marker([cluster.lat, cluster.lon], {
    icon: L.divIcon({ className: "omzien-cluster", html: number, iconSize: [size, size] }),
    keyboard: true,
  });
  omzienKeys(marker, function () { zoomTo(cluster); });
  return omzienLabelled(marker, omzienCount(texts.cluster, cluster.count));
}

// A marker shows every theme of its initiative as a slice of its colour.
function omzienMarker(point, themeIndex, texts, onOpen) {
  var colours = point.tags
    .filter(function (slug) { return slug in themeIndex; })
    .map(function (slug) { return OMZIEN_COLOURS[themeIndex[slug] % OMZIEN_COLOURS.length]; });
  var dot = document.createElement("span");
  dot.className = "omzien-dot";
  if (colours.length === 0) colours = [OMZIEN_PLAIN];
  var step = 100 / colours.length;
  dot.style.background = "conic-gradient(" + colours.map(function (colour, i) {
    return colour + " " + (i * step) + "% " + ((i + 1) * step) + "%";
  }).join(", ") + ")";
  var marker = L.marker([point.lat, point.lon], {
    icon: L.divIcon({ className: "omzien-marker", html: dot, iconSize: [22, 22], popupAnchor: [0, -8] }),
    keyboard: true,
  });
  omzienKeys(marker, function (byKeyboard) { onOpen(marker, byKeyboard); });
  return omzienLabelled(marker, omzienFill(texts.marker, { name: point.name, place: point.place }));
}

function omzienOpenPopup(map, popup, marker, point, themes, params, texts, byKeyboard) {
  var chosen = params.getAll("tag");
  var box = document.createElement("div");
  box.className = "omzien-popup";
  omzienElement(box, "strong", "omzien-popup-name", point.name);
  omzienElement(box, "span", "omzien-popup-place", point.place);
  var names = {};
  themes.forEach(function (theme) { names[theme.slug] = theme.name; });
  if (point.tags.length) {
    var list = omzienElement(box, "span", "omzien-popup-tags", "");
    point.tags.forEach(function (slug, i) {
      if (i) list.appendChild(document.createTextNode(", "));
      var matched = chosen.indexOf(slug) !== -1;
      omzienElement(list, matched ? "strong" : "span", "", names[slug] || slug);
    });
  }
  var link = omzienElement(box, "a", "", texts.more);
  link.href = point.url;
  popup.setLatLng(marker.getLatLng()).setContent(box).openOn(map);
  if (byKeyboard) link.focus();
}

function omzienElement(parent, tag, className, text) {
  var element = document.createElement(tag);
  if (className) element.className = className;
  element.textContent = text;
  parent.appendChild(element);
  return element;
}

function omzienCounter(map, live) {
  var control = L.control({ position: "bottomleft" });
  var element = L.DomUtil.create("p", "omzien-count");
  if (live) element.setAttribute("aria-live", "polite");
  control.onAdd = function () { return element; };
  control.addTo(map);
  return element;
}

// The list beside the map, when the page has one (not in embeds).
function omzienPageList() {
  var title = document.getElementById("map-list-title");
  if (!title) return null;
  var items = document.querySelector(".map-list-items");
  var note = document.querySelector(".map-list-note");
  var lang = document.documentElement.lang || undefined;
  return {
    show: function (data, texts, params) {
      title.textContent = omzienCount(texts.count, data.total);
      var near = params.has("place") || params.has("near");
      note.textContent = data.total > data.list.length
        ? omzienFill(near ? texts.listed : texts.listed_by_name, { count: data.list.length })
        : "";
      if (data.total === 0) {  // an empty area invites a submission
        note.textContent = texts.empty + " ";
        omzienElement(note, "a", "map-submit", texts.submit).href = texts.submit_url;
      }
      items.replaceChildren.apply(items, data.list.map(function (item) {
        var li = document.createElement("li");
        omzienElement(li, "a", "", item.name).href = item.url;
        li.appendChild(document.createTextNode(" "));
        var place = item.place + (item.distance_km === null ? ""
          : " · " + omzienFill(texts.km, { km: item.distance_km.toLocaleString(lang) }));
        omzienElement(li, "span", "place", place);
        return li;
      }));
    },
    failed: function (text) { title.textContent = text; },
    download: function (query) {
      document.querySelectorAll(".map-download a[data-format]").forEach(function (link) {
        var url = new URL(link.href);
        var wanted = new URLSearchParams(query);
        wanted.set("format", link.dataset.format);
        wanted.set("limit", url.searchParams.get("limit") || "1000");
        link.href = url.pathname + "?" + wanted;
      });
    },
  };
}

// The chosen themes in the address and in the filter form, so that a
// reload, a shared link and the next search keep them.
function omzienKeepThemes(slugs) {
  var url = new URL(window.location.href);
  url.searchParams.delete("tag");
  slugs.forEach(function (slug) { url.searchParams.append("tag", slug); });
  window.history.replaceState(null, "", url.pathname + url.search + url.hash);
  var form = document.querySelector(".map-filters");
  if (!form) return;
  form.querySelectorAll("input[name=tag]").forEach(function (input) { input.remove(); });
  slugs.forEach(function (slug) {
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = "tag";
    input.value = slug;
    form.appendChild(input);
  });
}

function omzienLegend(map, themes, texts, chosen, onChange) {
  // Top right, folded on small maps, so that it never covers the markers
  // or the count at the bottom.
  var control = L.control({ position: "topright" });
  control.onAdd = function () {
    var box = L.DomUtil.create("details", "omzien-legend");
    var size = map.getSize();
    box.open = size.x >= 900 && size.y >= 600;
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    var summary = L.DomUtil.create("summary", "", box);
    var fieldset = L.DomUtil.create("fieldset", "", box);
    var legend = L.DomUtil.create("legend", "", fieldset);
    legend.textContent = texts.themes;
    L.DomUtil.create("p", "omzien-legend-help", fieldset).textContent = texts.themes_help;
    var inputs = themes.map(function (theme, i) {
      var label = L.DomUtil.create("label", "", fieldset);
      var input = L.DomUtil.create("input", "", label);
      input.type = "checkbox";
      input.name = "tag";
      input.checked = chosen.indexOf(theme.slug) !== -1;
      input.value = theme.slug;
      var swatch = L.DomUtil.create("span", "omzien-swatch", label);
      swatch.style.background = OMZIEN_COLOURS[i % OMZIEN_COLOURS.length];
      swatch.setAttribute("aria-hidden", "true");
      label.appendChild(document.createTextNode(theme.name));
      L.DomEvent.on(input, "change", changed);
      return input;
    });
    function ticked() {
      return inputs.filter(function (input) { return input.checked; })
        .map(function (input) { return input.value; });
    }
    function title() {
      var count = ticked().length;
      summary.textContent = texts.themes + (count ? " (" + count + ")" : "");
    }
    function changed() { title(); onChange(ticked()); }
    title();
    return box;
  };
  control.addTo(map);
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
