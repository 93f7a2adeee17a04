/* The import page while the file is read: asks for its progress every two seconds and
   reloads once it is read (or refused). */
(function () {
  "use strict";
  var box = document.querySelector("[data-import-progress]");
  if (!box) return;
  var bar = box.querySelector("progress"), percent = box.querySelector("[data-percent]"),
      label = box.querySelector("[data-label]");
  function poll() {
    fetch(box.getAttribute("data-import-progress"), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        bar.value = s.progress; percent.textContent = s.progress; label.textContent = s.label;
        if (s.status === "read" || s.status === "failed" || s.status === "saved") window.location.reload();
        else window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
