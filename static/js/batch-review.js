/* The reviewer's batch page: "Approve all" chooses "Approve" for every question still
   on "Later" (the reviewer then records the decisions). */
(function () {
  "use strict";
  var button = document.querySelector("[data-approve-all]");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    document.querySelectorAll(".review-item").forEach(function (item) {
      var later = item.querySelector('input[type=radio][value=""]');
      var approve = item.querySelector('input[type=radio][value="approve"]');
      if (later && later.checked && approve) approve.checked = true;
    });
  });
})();
