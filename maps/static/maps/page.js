/* The map page: the embed builder (region, themes, height, preview, code)
 * and its copy button. */
"use strict";
document.querySelectorAll("[data-copy]").forEach(function (button) {
  button.addEventListener("click", function () {
    var field = document.getElementById(button.getAttribute("data-copy"));
    field.select();
    var done = function () { button.textContent = button.getAttribute("data-copied"); };
    if (navigator.clipboard) {
      navigator.clipboard.writeText(field.value).then(done, function () {});
    } else if (document.execCommand("copy")) {
      done();
    }
  });
});

(function () {
  var builder = document.querySelector(".embed-builder");
  if (!builder) return;
  var form = builder.querySelector(".embed-options");
  var code = document.getElementById("embed-code");
  var preview = builder.querySelector(".embed-preview");

  function update() {
    var region = document.getElementById("embed-region").value;
    var path = region ? form.dataset.region.replace("REGION", region) : form.dataset.country;
    var query = new URLSearchParams();
    form.querySelectorAll("[name=embed-theme]:checked").forEach(function (box) {
      query.append("tag", box.value);
    });
    var url = form.dataset.base + path + (query.toString() ? "?" + query : "");
    var height = document.getElementById("embed-height").value;
    var frame = document.createElement("iframe");
    frame.setAttribute("src", url);
    frame.setAttribute("title", form.dataset.title);
    frame.setAttribute("width", "100%");
    frame.setAttribute("height", height);
    frame.setAttribute("style", "border:0");
    frame.setAttribute("loading", "lazy");
    code.value = frame.outerHTML;
    if (builder.open) {
      preview.setAttribute("height", height);
      if (preview.getAttribute("src") !== url) preview.setAttribute("src", url);
    }
  }

  form.addEventListener("change", update);
  builder.addEventListener("toggle", update);
})();

// "Near me": the browser asks the visitor first; the point goes only into
// this search's address (near=lat,lon), nothing is stored.
(function () {
  var button = document.querySelector(".near-me");
  if (!button || !navigator.geolocation) return;
  var form = button.form;
  var help = form.querySelector(".map-filter-help");
  button.hidden = false;
  button.addEventListener("click", function () {
    help.textContent = button.dataset.asking;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        form.elements.place.value = "";
        form.elements.near.value = position.coords.latitude.toFixed(5) + "," +
          position.coords.longitude.toFixed(5);
        form.submit();
      },
      function () { help.textContent = button.dataset.refused; },
      { maximumAge: 600000, timeout: 10000 }
    );
  });
})();
