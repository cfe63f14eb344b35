/* Progressive enhancement of the questionnaire (everything works without it):
   1. every answer is saved on the server as soon as it is tapped (so closing the tab loses nothing);
   2. a read-aloud button (browser speech synthesis), shown only where the browser can speak. */
(function () {
  "use strict";
  var form = document.getElementById("questionnaire");
  if (!form) return;

  var saveUrl = form.getAttribute("data-autosave");
  if (saveUrl && window.fetch && window.FormData) {
    form.addEventListener("change", function () {
      fetch(saveUrl, { method: "POST", body: new FormData(form), credentials: "same-origin",
                       headers: { "X-Requested-With": "fetch" } }).catch(function () {});
    });
  }

  if (!("speechSynthesis" in window) || typeof SpeechSynthesisUtterance === "undefined") return;
  var lang = form.getAttribute("data-speech-lang") || document.documentElement.lang;
  function textOf(el) { return (el.textContent || "").replace(/\s+/g, " ").trim(); }
  function script() {
    var parts = [];
    var h1 = form.querySelector("h1");
    if (h1) parts.push(textOf(h1));
    form.querySelectorAll("fieldset").forEach(function (fs) {
      var legend = fs.querySelector("legend");
      if (legend) parts.push(textOf(legend));
      var options = [];
      fs.querySelectorAll(".r-option-label").forEach(function (s) { options.push(textOf(s)); });
      if (options.length) parts.push(options.join(", "));
    });
    form.querySelectorAll(".r-lead").forEach(function (p) { parts.push(textOf(p)); });
    return parts.join(". ");
  }
  form.querySelectorAll("[data-read]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.speechSynthesis.cancel();
      var utterance = new SpeechSynthesisUtterance(script());
      utterance.lang = lang;
      utterance.rate = 0.9;
      window.speechSynthesis.speak(utterance);
    });
  });
})();
