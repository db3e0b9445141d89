/* A form sent back with errors: the focus goes to the summary of what to
   fix (or to the "sent" notice), so screen readers read it first and
   keyboard users start there. */
(function () {
  "use strict";
  var target = document.getElementById("form-errors") ||
    document.getElementById("new-link-sent");
  if (target) { target.focus(); }
})();
