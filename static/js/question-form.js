/* The question editor (templates/repository/questions/question_form.html): once a kind
   is chosen, only its fields are shown. Without this script every fieldset stays on
   the page, each legend naming the kinds it is for; the server reads only the chosen
   kind's fields either way. */
(function () {
  "use strict";
  var form = document.querySelector("[data-question-form]");
  if (!form) return;
  var kind = form.querySelector("select[name=kind]");
  if (!kind) return;
  var areas = form.querySelectorAll("[data-kinds]");

  function show() {
    var chosen = kind.value;
    areas.forEach(function (area) {
      var kinds = area.getAttribute("data-kinds").split(" ");
      area.hidden = kinds.indexOf(chosen) < 0;
    });
  }

  kind.addEventListener("change", show);
  show();
})();
