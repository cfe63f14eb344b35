/* Phones: fold the main menu away (without JavaScript it simply stays open). Wide screens: always open.
   A static file, not an inline script: the Content-Security-Policy allows scripts from 'self' only. */
(function () {
  var menu = document.getElementById("nav-menu"), small = window.matchMedia("(max-width: 47.99rem)");
  if (!menu) return;
  function fit() { menu.open = !small.matches; }
  fit();
  if (small.addEventListener) { small.addEventListener("change", fit); }
})();
