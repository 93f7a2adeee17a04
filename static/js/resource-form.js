/* The teacher's resource form: files sent one by one as soon as they are chosen or
   dropped (with progress and the server's reason when one is refused), grades and
   subjects limited to the chosen level, co-authors found by typing a name.
   Messages come translated from the page (data-msg-* on the form). */
(function () {
  "use strict";
  var form = document.getElementById("resource-form");
  if (!form) return;
  var msg = function (name) { return form.getAttribute("data-msg-" + name) || ""; };
  var fill = function (text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  };
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var summary = document.getElementById("form-errors");
  if (summary) summary.focus();  // a refused form: the reader starts at what to correct
  var kind = form.querySelector("select[name=kind]");
  var status = document.getElementById("upload-status");
  var announce = function (text) { status.textContent = ""; window.setTimeout(function () { status.textContent = text; }, 50); };

  /* --- files --------------------------------------------------------------------- */
  var input = document.getElementById("id_new_files");
  var list = document.getElementById("file-list");
  var zone = document.getElementById("dropzone");
  var pending = 0;

  function kindOption() { return kind.options[kind.selectedIndex]; }

  function showAccepted() {
    var option = kindOption();
    var target = document.getElementById("accepted-types");
    if (option && option.value) {
      target.textContent = fill(msg("accepted"), {types: option.getAttribute("data-types"), size: option.getAttribute("data-max-mb")});
    } else {
      target.textContent = msg("choose-kind");
    }
  }

  function sizeText(bytes) {
    if (bytes >= 1048576) return (bytes / 1048576).toFixed(1).replace(".", ",") + " MB";
    return Math.max(1, Math.round(bytes / 1024)) + " KB";
  }

  function refused(item, name, reason) {
    item.className = "file-item file-refused";
    item.textContent = "";
    var text = document.createElement("span");
    text.className = "file-error";
    text.setAttribute("role", "alert");
    text.textContent = fill(msg("refused"), {name: name, reason: reason});
    var dismiss = document.createElement("button");
    dismiss.type = "button";
    dismiss.className = "link";
    dismiss.textContent = msg("dismiss");
    dismiss.addEventListener("click", function () { item.remove(); input.focus(); });
    item.append(text, " ", dismiss);
  }

  function accepted(item, data) {
    item.className = "file-item";
    item.setAttribute("data-document", data.id);
    item.textContent = "";
    var label = document.createElement("label");
    label.className = "choice";
    var box = document.createElement("input");
    box.type = "checkbox"; box.name = "documents"; box.value = data.id; box.checked = true;
    var name = document.createElement("span");
    name.className = "file-name";
    name.textContent = data.name;
    label.append(box, " ", name);
    var facts = document.createElement("span");
    facts.className = "help";
    facts.textContent = data.type + " · " + sizeText(data.size);
    item.append(label, " ", facts);
    announce(fill(msg("uploaded"), {name: data.name}));
  }

  function send(file) {
    var item = document.createElement("li");
    item.className = "file-item file-uploading";
    var name = document.createElement("span");
    name.className = "file-name";
    name.textContent = file.name;
    var bar = document.createElement("progress");
    bar.max = 100; bar.value = 0;
    bar.setAttribute("aria-label", fill(msg("uploading"), {name: file.name}));
    item.append(name, " ", bar);
    list.appendChild(item);
    var option = kindOption();
    var limit = option && option.value ? Number(option.getAttribute("data-max-mb")) * 1048576 : 0;
    if (limit && file.size > limit) {
      refused(item, file.name, fill(msg("too-large"), {size: option.getAttribute("data-max-mb")}));
      return;
    }
    if (file.size === 0) { refused(item, file.name, msg("empty")); return; }
    pending += 1;
    var body = new FormData();
    body.append("file", file);
    body.append("kind", kind.value);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.getAttribute("data-upload-url"));
    xhr.setRequestHeader("X-CSRFToken", csrf);
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) bar.value = Math.round(100 * e.loaded / e.total);
    });
    xhr.addEventListener("loadend", function () {
      pending -= 1;
      var data = null;
      try { data = JSON.parse(xhr.responseText); } catch (err) { data = null; }
      if (xhr.status === 201 && data) accepted(item, data);
      else refused(item, file.name, (data && data.error) || msg("failed"));
    });
    xhr.send(body);
  }

  function sendAll(files) { Array.prototype.forEach.call(files, send); }

  if (input && window.FormData && window.XMLHttpRequest) {
    input.addEventListener("change", function () { sendAll(input.files); input.value = ""; });
    zone.querySelector("[data-drop-hint]").hidden = false;
    zone.classList.add("enhanced");  // the label becomes the button: no browser-language "Choose Files"
    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (e) { e.preventDefault(); zone.classList.add("dragging"); });
    });
    ["dragleave", "drop"].forEach(function (type) {
      zone.addEventListener(type, function () { zone.classList.remove("dragging"); });
    });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      if (e.dataTransfer && e.dataTransfer.files) sendAll(e.dataTransfer.files);
    });
  }
  form.addEventListener("submit", function (e) {
    if (pending > 0) { e.preventDefault(); announce(msg("wait")); window.alert(msg("wait")); }
  });
  kind.addEventListener("change", showAccepted);
  showAccepted();

  /* --- an e-learning lecture: one package instead of files ----------------------------
     The kind decides which area shows. The package goes up in parts (chunked-upload.js)
     when the browser can; the plain file input is for browsers without JavaScript. Once
     saved, its unpacking is followed here until it is ready or refused. */
  var filesArea = form.querySelector("[data-kind-area=files]");
  var packageArea = form.querySelector("[data-kind-area=package]");
  function byKind() {
    var option = kindOption();
    var lecture = !!(option && option.value && option.hasAttribute("data-package"));
    if (filesArea) filesArea.hidden = lecture;
    if (packageArea) packageArea.hidden = !lecture;
  }
  if (packageArea) {
    kind.addEventListener("change", byKind);
    byKind();
    if (window.tus && window.tus.isSupported && window.Promise) {
      var plain = packageArea.querySelector("[data-package-plain]");
      if (plain) plain.remove();
      packageArea.querySelector("[data-package-chunked]").hidden = false;
    }
  }
  var state = packageArea && packageArea.querySelector("[data-package-state]");
  function follow() {
    var url = state.getAttribute("data-status-url");
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
      .then(function (data) {
        state.setAttribute("data-package-state", data.status);
        state.className = "package-state package-" + data.status;
        var bar = state.querySelector("progress");
        bar.value = data.progress;
        bar.hidden = data.ready || data.failed;
        var text = state.querySelector("[data-package-text]");
        if (text.textContent !== data.text) text.textContent = data.text;
        if (data.ready || data.failed) {
          state.querySelector("[data-package-next]").textContent = data.failed ? msg("package-another") : "";
          return;
        }
        window.setTimeout(follow, 1500);
      })
      .catch(function () { state.querySelector("[data-package-next]").textContent = msg("package-failed"); });
  }
  if (state && window.fetch && state.getAttribute("data-status-url")) {
    var now = state.getAttribute("data-package-state");
    if (now === "waiting" || now === "processing") window.setTimeout(follow, 1000);
  }

  /* --- grades and subjects of the chosen level -------------------------------------- */
  var level = form.querySelector("select[name=level]");
  var grade = form.querySelector("select[name=grade]");
  var subject = form.querySelector("select[name=subject]");
  function limit(select, fits) {
    if (!select) return;
    Array.prototype.forEach.call(select.options, function (option) {
      if (!option.value) return;
      var ok = fits(option);
      option.hidden = !ok;
      option.disabled = !ok;
      if (!ok && option.selected) select.value = "";
    });
  }
  function byLevel() {
    var chosen = level ? level.value : "";
    limit(grade, function (o) { return !chosen || o.getAttribute("data-level") === chosen; });
    limit(subject, function (o) { return !chosen || (" " + o.getAttribute("data-levels") + " ").indexOf(" " + chosen + " ") >= 0; });
  }
  if (level) { level.addEventListener("change", byLevel); byLevel(); }

  /* --- co-authors ------------------------------------------------------------------- */
  var search = form.querySelector("[data-co-author-search]");
  var q = document.getElementById("co-author-q");
  var results = document.getElementById("co-author-results");
  var chosen = document.getElementById("chosen-co-authors");
  var active = -1, timer = null, asked = 0;
  if (search && window.fetch) search.hidden = false;

  function close() { results.hidden = true; results.textContent = ""; q.setAttribute("aria-expanded", "false"); q.removeAttribute("aria-activedescendant"); active = -1; }
  function already(id) { return !!chosen.querySelector("input[value='" + id + "']"); }
  function choose(person) {
    if (!already(person.id)) {
      var li = document.createElement("li");
      var label = document.createElement("label");
      label.className = "choice";
      var box = document.createElement("input");
      box.type = "checkbox"; box.name = "co_authors"; box.value = person.id; box.checked = true;
      label.append(box, " " + person.name);
      li.appendChild(label);
      chosen.appendChild(li);
      announce(fill(msg("co-author-added"), {name: person.name}));
    }
    q.value = ""; close(); q.focus();
  }
  function highlight(index) {
    var options = results.querySelectorAll("[role=option]");
    if (!options.length) return;
    active = (index + options.length) % options.length;
    Array.prototype.forEach.call(options, function (o, i) { o.setAttribute("aria-selected", i === active ? "true" : "false"); });
    q.setAttribute("aria-activedescendant", options[active].id);
  }
  function show(people) {
    results.textContent = "";
    active = -1;
    if (!people.length) {
      var none = document.createElement("li");
      none.className = "none";
      none.textContent = msg("no-teacher");
      results.appendChild(none);
    }
    people.forEach(function (person, i) {
      var li = document.createElement("li");
      li.id = "co-author-option-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.textContent = person.name + (person.schools ? " — " + person.schools : "");
      li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(person); });
      li.person = person;
      results.appendChild(li);
    });
    results.hidden = false;
    q.setAttribute("aria-expanded", "true");
  }
  function lookUp() {
    var typed = q.value.trim();
    if (typed.length < 2) { close(); return; }
    var ticket = ++asked;
    fetch(form.getAttribute("data-co-author-url") + "?q=" + encodeURIComponent(typed), {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (data) { if (ticket === asked) show(data.results.filter(function (p) { return !already(p.id); })); })
      .catch(function () { close(); });
  }
  if (q) {
    q.addEventListener("input", function () { window.clearTimeout(timer); timer = window.setTimeout(lookUp, 200); });
    q.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); highlight(active + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight(active - 1); }
      else if (e.key === "Enter") {
        e.preventDefault();  // never submits the form from here
        var options = results.querySelectorAll("[role=option]");
        if (active >= 0 && options[active]) choose(options[active].person);
        else if (options.length === 1) choose(options[0].person);
      } else if (e.key === "Escape") { close(); }
    });
    q.addEventListener("blur", function () { window.setTimeout(close, 150); });
  }
})();
