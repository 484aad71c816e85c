// Drafts are saved server-side as the applicant types (htmx, see application_edit.html).
// When the page is hidden or left (a closed tab, a link) before that save ran, send what was
// typed with navigator.sendBeacon, so nothing is lost.
//
// Every edit bumps a revision number. A save only counts for the revision it carried: a save
// that set off before the last keystrokes (a "change" save when focus moves to the next field)
// must not mark those keystrokes as saved.
(function () {
  "use strict";
  var form = document.getElementById("application-form");
  if (!form || !navigator.sendBeacon) { return; }
  var url = form.getAttribute("data-autosave-url");
  var revision = 0;
  var savedRevision = 0;
  // The server keeps the newest save of this page (see application_save_draft): name the page and
  // number its edits.
  var pageField = form.querySelector("input[name=_page]");
  var revisionField = form.querySelector("input[name=_revision]");
  if (pageField) { pageField.value = Date.now().toString(36) + Math.random().toString(36).slice(2, 10); }
  function edited(event) {
    if (event && event.target && event.target.type === "hidden") { return; }
    revision += 1;
    if (revisionField) { revisionField.value = String(revision); }
  }
  form.addEventListener("input", edited);
  form.addEventListener("change", edited);
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail && event.detail.elt === form) { form.dataset.sentRevision = String(revision); }
  });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail && event.detail.elt === form && event.detail.successful) {
      savedRevision = Math.max(savedRevision, Number(form.dataset.sentRevision || 0));
    }
  });
  form.addEventListener("submit", function () { savedRevision = revision; });
  function flush() {
    if (revision > savedRevision) {
      navigator.sendBeacon(url, new FormData(form));
      savedRevision = revision;
    }
  }
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { flush(); }
  });
})();
