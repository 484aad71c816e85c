// Small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Selects marked data-autosubmit submit their form on change (language switcher).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("select[data-autosubmit]") && el.form) {
      el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit();
    }
  });

  // Secondary filters start folded on phones (open by default without JavaScript).
  if (window.matchMedia("(max-width: 52rem)").matches) {
    document.querySelectorAll("details[data-collapse-on-phone]").forEach(function (details) {
      var chosen = Array.prototype.some.call(details.querySelectorAll("select"), function (s) { return s.value; });
      if (!chosen) { details.open = false; }
    });
  }

  // Forms with data-confirm ask before submitting (revoking an invitation), and so do buttons with
  // data-confirm (removing a colleague: the team's one form, a button and its address a person).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    var question = (button && button.getAttribute("data-confirm")) || (form.getAttribute && form.getAttribute("data-confirm"));
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
})();

// Navigation menus close when a click or Escape happens elsewhere.
(function () {
  function closeMenus(except) {
    document.querySelectorAll("details[data-nav-menu][open]").forEach(function (menu) {
      if (menu !== except) { menu.removeAttribute("open"); }
    });
  }
  document.addEventListener("click", function (event) {
    closeMenus(event.target.closest ? event.target.closest("details[data-nav-menu]") : null);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { closeMenus(null); }
  });
})();

// The header's search box, opened as a popover where the menu leaves it no room: the cursor goes in it.
(function () {
  var form = document.getElementById("site-search");
  if (!form) { return; }
  form.addEventListener("toggle", function (event) {
    var input = form.querySelector("input[type=search]");
    if (event.newState === "open" && input) { input.focus(); }
  });
})();
