// Arriving at /sources/<slug>/#claim-<id>: emphasise every highlighted run of that claim
// (overlapping claims split a quote into several runs, so CSS :target alone cannot).
(function () {
  "use strict";
  function emphasise() {
    document.querySelectorAll("mark.is-target").forEach(function (mark) {
      mark.classList.remove("is-target");
    });
    var match = /^#claim-(\d+)$/.exec(window.location.hash);
    if (!match) {
      return;
    }
    var runs = document.querySelectorAll("mark.c-" + match[1]);
    runs.forEach(function (mark) {
      mark.classList.add("is-target");
    });
    if (runs.length) {
      runs[0].scrollIntoView({ block: "center" });
    }
  }
  window.addEventListener("hashchange", emphasise);
  document.addEventListener("DOMContentLoaded", emphasise);
})();
