/* Small behaviours of every page, in a static file: the Content-Security-Policy allows no inline
   script, no event handler attributes and no eval (so no htmx hx-on attributes either). */
(function () {
  /* Phones: fold the main menu away (without JavaScript it simply stays open). Wide screens: always open. */
  var menu = document.getElementById("nav-menu"), small = window.matchMedia("(max-width: 47.99rem)");
  if (menu) {
    var fit = function () { menu.open = !small.matches; };
    fit();
    if (small.addEventListener) { small.addEventListener("change", fit); }
  }

  /* Header menus (disclosure navigation): a button opens its list of links. Escape closes the open
     menu and returns to its button; a click or focus outside the menu closes it. Without JavaScript
     every list stays open. */
  var toggles = Array.prototype.slice.call(document.querySelectorAll(".nav-group-toggle"));
  var setOpen = function (button, open) {
    var list = document.getElementById(button.getAttribute("aria-controls"));
    button.setAttribute("aria-expanded", open ? "true" : "false");
    if (list) { list.hidden = !open; }
  };
  toggles.forEach(function (button) {
    setOpen(button, false);
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      toggles.forEach(function (other) { if (other !== button) { setOpen(other, false); } });
      setOpen(button, open);
    });
    button.parentNode.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(button, false);
        button.focus();
      }
    });
  });
  var closeOutside = function (event) {
    toggles.forEach(function (button) {
      if (!button.parentNode.contains(event.target)) { setOpen(button, false); }
    });
  };
  document.addEventListener("click", closeOutside);
  document.addEventListener("focusin", closeOutside);

  /* <form data-reset-unless="SELECTOR">: empty the form after a successful htmx request, unless the
     page then holds SELECTOR (for example the error summary the server sent back). */
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target.closest ? event.target.closest("form[data-reset-unless]") : null;
    if (form && event.detail.successful && !document.querySelector(form.getAttribute("data-reset-unless"))) {
      form.reset();
    }
  });
})();
