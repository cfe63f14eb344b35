/* Embed the Vega-Lite charts of a report (vendored vega-embed); the tables next to them stay the
   accessible source of the same figures. Runs on load and after htmx swaps. On a phone the tables
   marked data-fold-on-phone start folded (their summary says what they hold); without JavaScript
   they stay open. */
(function () {
  function render(root) {
    if (typeof vegaEmbed !== "function") return;
    (root || document).querySelectorAll(".vega-chart[data-spec]:not([data-rendered])").forEach(function (el) {
      if (el.closest("details:not([open])")) return;  // drawn when opened: a folded chart has no width
      var spec;
      try { spec = JSON.parse(el.getAttribute("data-spec")); } catch (e) { return; }
      el.setAttribute("data-rendered", "1");
      // Under the Content-Security-Policy: `ast` makes vega-embed use its expression interpreter
      // instead of generated code (no eval), and its default styles come from vendor/vega-embed.css
      // instead of injected <style> elements.
      var options = { actions: false, renderer: "svg", ast: true, defaultStyle: false,
                      tooltip: { disableDefaultStyle: true } };
      vegaEmbed(el, spec, options).catch(function () { el.remove(); });
    });
  }
  function fold(root) {
    if (!window.matchMedia || !window.matchMedia("(max-width: 40rem)").matches) return;
    (root || document).querySelectorAll("details[data-fold-on-phone][open]").forEach(function (el) {
      el.removeAttribute("open");
    });
  }
  document.addEventListener("DOMContentLoaded", function () { fold(document); render(document); });
  document.addEventListener("htmx:afterSwap", function (ev) { fold(ev.target); render(ev.target); });
  document.addEventListener("toggle", function (ev) { if (ev.target.open) render(ev.target); }, true);
})();
