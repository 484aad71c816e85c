// Drafts are saved server-side as the applicant types (htmx, see application_edit.html).
// When the page is hidden or left (a closed tab, a link) before that save ran, send what was
// typed with navigator.sendBeacon, so nothing is lost.
(function () {
  "use strict";
  var form = document.getElementById("application-form");
  if (!form || !navigator.sendBeacon) { return; }
  var url = form.getAttribute("data-autosave-url");
  var dirty = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail && event.detail.elt === form && event.detail.successful) { dirty = false; }
  });
  form.addEventListener("submit", function () { dirty = false; });
  function flush() {
    if (dirty) {
      navigator.sendBeacon(url, new FormData(form));
      dirty = false;
    }
  }
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { flush(); }
  });
})();
