/* On a phone the directory's filters start folded, so the results come
   first; without JavaScript they stay open. */
(function () {
  "use strict";
  if (window.matchMedia("(max-width: 50rem)").matches) {
    document.querySelectorAll("details[data-close-on-phone]").forEach(function (details) {
      details.open = false;
    });
  }
})();
