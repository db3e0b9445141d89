/* Place-name suggestions for inputs marked data-autocomplete="<url>", in a
   native <datalist>, so keyboard and screen readers work as usual. Without
   JavaScript the field is a plain text field. */
(function () {
  "use strict";
  var DELAY_MS = 150;

  function attach(input, index) {
    var list = document.createElement("datalist");
    list.id = "places-" + index;
    input.after(list);
    input.setAttribute("list", list.id);
    var timer = null, places = [];
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var chosen = places.filter(function (p) { return p.name === input.value; })[0];
      if (chosen) {
        input.dispatchEvent(new CustomEvent("omzien:place", { detail: chosen }));
        return;
      }
      if (input.value.trim().length < 2) { return; }
      timer = setTimeout(function () { fetchPlaces(input, list); }, DELAY_MS);
    });

    function fetchPlaces() {
      var url = input.dataset.autocomplete + "?q=" + encodeURIComponent(input.value);
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { places: [] }; })
        .then(function (data) {
          places = data.places;
          list.replaceChildren.apply(list, places.map(function (place) {
            var option = document.createElement("option");
            option.value = place.name;
            option.label = place.municipality + ", " + place.province;
            return option;
          }));
        })
        .catch(function () { /* offline: the plain field still works */ });
    }
  }

  document.querySelectorAll("input[data-autocomplete]").forEach(attach);
})();
