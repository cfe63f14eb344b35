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

  /* <form data-reset-unless="SELECTOR">: empty the form after a successful htmx request, unless the
     page then holds SELECTOR (for example the error summary the server sent back). */
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target.closest ? event.target.closest("form[data-reset-unless]") : null;
    if (form && event.detail.successful && !document.querySelector(form.getAttribute("data-reset-unless"))) {
      form.reset();
    }
  });
})();
