/* The catalogue: wide screens show the filters beside the results; phones keep them folded. */
(function () {
  "use strict";
  var facets = document.getElementById("facets");
  if (facets && window.matchMedia("(max-width: 55.99rem)").matches) facets.open = false;
})();
