// Calls: show each deadline also in the visitor's own time zone. Without JavaScript the page
// shows it in the call's zone only (the server cannot know the visitor's zone).
(function () {
  "use strict";

  var visitorZone = "";
  try { visitorZone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { /* old browser */ }

  function format(date) {
    // As the server writes moments (includes/moment.html): day first, 24-hour clock, in English too.
    var options = {
      day: "numeric", month: "short", year: "numeric",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short"
    };
    var lang = document.documentElement.lang || undefined;
    if (lang === "en") { lang = "en-GB"; }
    try {
      return new Intl.DateTimeFormat(lang, options).format(date);
    } catch (e) {
      return date.toLocaleString();
    }
  }

  function fill(root) {
    if (!root || !root.querySelectorAll) { return; }
    root.querySelectorAll("[data-local-time]").forEach(function (el) {
      if (el.getAttribute("data-filled")) { return; }
      el.setAttribute("data-filled", "true");
      // Same zone as the call's: the time already shown is the visitor's time.
      if (visitorZone && visitorZone === el.getAttribute("data-time-zone")) { return; }
      var date = new Date(el.getAttribute("data-local-time"));
      if (isNaN(date.getTime())) { return; }
      var label = el.getAttribute("data-label");
      el.textContent = (label ? label + ": " : "") + format(date);
      el.hidden = false;
    });
  }

  fill(document);
  // Results swapped in by htmx (filters, pages) carry new deadlines.
  document.addEventListener("htmx:load", function (event) { fill(event.target); });
})();
