/* The quiz pages (lms/quiz): formulas rendered by the vendored KaTeX (auto-render, the
   bank's delimiters \( \), \[ \] and $$ $$); on the attempt page, the countdown (the
   attempt is submitted when it ends), autosave a moment after each change, and the
   confirmation before submitting. Without this script the page still works: "Save my
   answers" posts the form, and the server asks for the confirmation on its own page. */
(function () {
  "use strict";

  function format(message, params) {
    return (message || "").replace(/%\((\w+)\)s/g, function (_, name) { return params[name]; });
  }

  function renderMath() {
    if (typeof window.renderMathInElement !== "function") { return; }
    document.querySelectorAll(".quiz-text").forEach(function (element) {
      window.renderMathInElement(element, {
        delimiters: [
          { left: "$$", right: "$$", display: true },
          { left: "\\[", right: "\\]", display: true },
          { left: "\\(", right: "\\)", display: false }
        ],
        throwOnError: false
      });
    });
  }

  function answered(item) {
    if (item.querySelector("input[type=radio]:checked, input[type=checkbox]:checked")) { return true; }
    var fields = item.querySelectorAll("input[type=text], textarea, select");
    for (var i = 0; i < fields.length; i += 1) {
      if (fields[i].value.trim() !== "") { return true; }
    }
    return false;
  }

  function clockText(seconds) {
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    var mm = (m < 10 ? "0" : "") + m, ss = (s < 10 ? "0" : "") + s;
    return h ? h + ":" + mm + ":" + ss : mm + ":" + ss;
  }

  function attemptPage(form) {
    var status = document.querySelector("[data-save-status]");
    var confirmed = form.querySelector("[data-confirmed]");
    var dirty = false, saving = false, timer = null, leaving = false;

    function show(text) { if (status) { status.textContent = text; } }

    function save() {
      if (leaving) { return; }
      if (saving) { dirty = true; return; }
      saving = true;
      dirty = false;
      fetch(form.dataset.saveUrl, {
        method: "POST", body: new FormData(form), credentials: "same-origin",
        headers: { "Accept": "application/json" }
      }).then(function (response) {
        return response.json().then(function (body) { return { status: response.status, body: body }; });
      }).then(function (answer) {
        if (answer.status === 200) {
          show(format(form.dataset.msgSaved, { time: answer.body.at }));
        } else if (answer.status === 409) {
          leaving = true;
          window.location.assign(answer.body.result_url || form.dataset.resultUrl);
        } else {
          show(answer.body.message || form.dataset.msgSaveFailed);
        }
      }).catch(function () {
        dirty = true;
        show(form.dataset.msgSaveFailed);
      }).then(function () {
        saving = false;
        if (dirty) { later(5000); }
      });
    }

    function later(ms) {
      clearTimeout(timer);
      timer = setTimeout(save, ms);
    }

    form.addEventListener("change", function () { dirty = true; later(1000); });
    form.addEventListener("input", function (event) {
      if (event.target.matches("input[type=text], textarea")) { dirty = true; later(3000); }
    });

    function submitNow() {
      leaving = true;
      clearTimeout(timer);
      confirmed.value = "1";
      form.submit();
    }

    var dialog = document.getElementById("quiz-confirm");
    if (dialog && typeof dialog.showModal === "function") {
      var text = dialog.querySelector("[data-unanswered]");
      form.addEventListener("submit", function (event) {
        var submitter = event.submitter;
        if ((submitter && submitter.dataset.action === "save") || confirmed.value === "1") {
          leaving = true;
          return;
        }
        event.preventDefault();
        var items = form.querySelectorAll(".quiz-item");
        var left = Array.prototype.filter.call(items, function (item) { return !answered(item); }).length;
        text.textContent = left ? format(text.dataset.msgSome, { count: left, total: items.length }) : text.dataset.msgAll;
        dialog.showModal();
      });
      dialog.querySelector("[data-action=confirm]").addEventListener("click", submitNow);
      dialog.querySelector("[data-action=cancel]").addEventListener("click", function () { dialog.close(); });
    }

    var clock = document.querySelector("[data-remaining]");
    if (clock) {
      var end = Date.now() + parseInt(clock.dataset.remaining, 10) * 1000;
      var alert = document.querySelector("[data-timer-alert]");
      var warned = parseInt(clock.dataset.remaining, 10);
      var tick = function () {
        var left = Math.max(0, Math.round((end - Date.now()) / 1000));
        clock.textContent = clockText(left);
        if (left <= 0) {
          alert.textContent = form.dataset.msgTimeUp;
          submitNow();
          return;
        }
        [5, 1].forEach(function (minutes) {
          if (left <= minutes * 60 && warned > minutes * 60) {
            alert.textContent = minutes === 1 ? form.dataset.msgOneMinute : format(form.dataset.msgMinutes, { count: minutes });
          }
        });
        warned = left;
        setTimeout(tick, 1000);
      };
      tick();
    }
  }

  renderMath();
  var form = document.getElementById("quiz-form");
  if (form) { attemptPage(form); }
}());
