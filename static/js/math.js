/* Formulas written in LaTeX between \( \), \[ \] or $$ $$ drawn by the bundled KaTeX
   (static/vendor/katex) in every element marked data-math; a formula KaTeX cannot read
   stays as typed. Loaded with templates/includes/katex.html. */
(function () {
  "use strict";
  function draw(root) {
    if (typeof window.renderMathInElement !== "function") return;
    window.renderMathInElement(root, {
      delimiters: [
        { left: "$$", right: "$$", display: true },
        { left: "\\[", right: "\\]", display: true },
        { left: "\\(", right: "\\)", display: false }
      ],
      throwOnError: false
    });
  }
  function drawAll() {
    document.querySelectorAll("[data-math]").forEach(draw);
  }
  window.drawMath = draw;
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", drawAll);
  else drawAll();
})();
