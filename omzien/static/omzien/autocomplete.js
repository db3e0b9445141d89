/* Place-name suggestions for inputs marked data-autocomplete="<url>", in a
   native <datalist>, so keyboard and screen readers work as usual. Without
   JavaScript the field is a plain text field.

   When a place is chosen, or the typed text is settled (change, blur,
   Enter), the input gets an "omzien:place" event with the best place for
   it: the location map follows a pasted or quickly typed name too. */
(function () {
  "use strict";
  var DELAY_MS = 150;

  function attach(input, index) {
    var list = document.createElement("datalist");
    list.id = "places-" + index;
    input.after(list);
    input.setAttribute("list", list.id);
    var timer = null, places = [], resolved = null;

    function lookUp(text) {
      var url = input.dataset.autocomplete + "?q=" + encodeURIComponent(text);
      return fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { places: [] }; })
        .then(function (data) { return data.places; })
        .catch(function () { return []; /* offline: the plain field still works */ });
    }

    function best(found, text) {
      var key = text.toLowerCase();
      return found.filter(function (p) { return p.label.toLowerCase() === key; })[0] ||
        found.filter(function (p) { return p.name.toLowerCase() === key; })[0] ||
        found[0];
    }

    function choose(place, text) {
      resolved = text;
      input.dispatchEvent(new CustomEvent("omzien:place", { detail: place }));
    }

    function settle() {
      var text = input.value.trim();
      if (text.length < 2 || text === resolved) { return; }
      lookUp(text).then(function (found) {
        var place = best(found, text);
        if (place && input.value.trim() === text) { choose(place, text); }
      });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var chosen = places.filter(function (p) { return p.label === input.value; })[0];
      if (chosen) { choose(chosen, input.value.trim()); return; }
      if (input.value.trim().length < 2) { return; }
      timer = setTimeout(suggest, DELAY_MS);
    });
    input.addEventListener("change", settle);
    input.addEventListener("blur", settle);
    input.addEventListener("omzien:settle", settle);

    function suggest() {
      lookUp(input.value).then(function (found) {
        places = found;
        list.replaceChildren.apply(list, places.map(function (place) {
          var option = document.createElement("option");
          option.value = place.label;
          option.label = place.municipality + ", " + place.province;
          return option;
        }));
      });
    }
  }

  document.querySelectorAll("input[data-autocomplete]").forEach(attach);
})();
