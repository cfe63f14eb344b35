/* Embed the Vega-Lite charts of a report (vendored vega-embed); the tables next to them stay the
   accessible source of the same figures. Runs on load and after htmx swaps. */
(function () {
  function render(root) {
    if (typeof vegaEmbed !== "function") return;
    (root || document).querySelectorAll(".vega-chart[data-spec]:not([data-rendered])").forEach(function (el) {
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
  document.addEventListener("DOMContentLoaded", function () { render(document); });
  document.addEventListener("htmx:afterSwap", function (ev) { render(ev.target); });
})();
