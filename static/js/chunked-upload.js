/* Resumable uploads of large files (up to 1 GB) for any form: a file input marked
   data-chunked-upload="<purpose>" (templates/uploads/chunked_file_input.html renders
   it) sends its file in parts with tus-js-client (static/vendor/tus-js-client/) to
   /tai-len/ (lms/uploads), shows the progress, pauses when the connection drops and
   goes on from the server's offset when it is back, offers "Retry" when the retries
   run out, and puts the upload's id in a hidden input: the form submits only the id.
   Messages come translated from the page (data-msg-* on the field's box). */
(function () {
  "use strict";
  if (!window.tus || !window.tus.isSupported || !window.Promise) return;
  var MB = 1048576;
  var RETRY_DELAYS = [0, 1000, 3000, 5000, 10000, 20000];

  function enhance(input) {
    if (input.getAttribute("data-chunked-ready")) return;  // the snippet may be on the page twice
    input.setAttribute("data-chunked-ready", "1");
    var box = input.closest("[data-chunked-upload-field]") || input.parentNode;
    var form = input.form;
    var hidden = box.querySelector("[data-upload-id]");
    var panel = box.querySelector("[data-upload-progress]");
    var bar = panel.querySelector("progress");
    var retry = box.querySelector("[data-upload-retry]");
    var status = box.querySelector("[data-upload-status]");
    var purpose = input.getAttribute("data-chunked-upload");
    var endpoint = input.getAttribute("data-endpoint");
    var maxBytes = Number(input.getAttribute("data-max-bytes")) || 0;
    var chunkBytes = Number(input.getAttribute("data-chunk-bytes")) || 8 * MB;
    var csrfField = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    var csrf = input.getAttribute("data-csrf") || (csrfField ? csrfField.value : "");
    var lang = document.documentElement.lang || undefined;

    var upload = null;   // the tus.Upload of the chosen file
    var state = hidden.value ? "done" : "idle";  // idle, uploading, paused, failed, done
    var step = -1;       // the last 5 % step announced

    function msg(name) { return box.getAttribute("data-msg-" + name) || ""; }
    function fill(text, values) {
      return text.replace(/\{(\w+)\}/g, function (whole, key) { return key in values ? values[key] : whole; });
    }
    function say(text) { status.textContent = text; }
    function megabytes(bytes, total) {
      var digits = total >= 10 * MB ? 0 : 1;
      return (bytes / MB).toLocaleString(lang, {maximumFractionDigits: digits, minimumFractionDigits: digits});
    }
    function progress(sent, total) {
      var percent = total ? Math.floor(100 * sent / total) : 0;
      bar.value = percent;
      var now = Math.floor(percent / 5);
      if (now === step && sent < total) return;  // the live region speaks every 5 %, not every packet
      step = now;
      say(fill(msg("progress"), {percent: percent + " %", done: megabytes(sent, total), total: megabytes(total, total)}));
    }
    function idFrom(url) {
      var parts = String(url || "").replace(/\/+$/, "").split("/");
      return parts[parts.length - 1];
    }
    function reason(err) {
      var response = err && err.originalResponse;
      if (response) {
        var type = response.getHeader("Content-Type") || "";
        var body = response.getBody();
        if (type.indexOf("text/plain") === 0 && body) return {text: body, status: response.getStatus()};
        return {text: msg("network"), status: response.getStatus()};
      }
      return {text: msg("network"), status: 0};
    }
    function failed(err) {
      state = "failed";
      var why = reason(err);
      // A refusal (too large, not allowed, not this kind) is final: another file is needed.
      var final = [400, 403, 413, 415, 429].indexOf(why.status) !== -1;
      say(fill(msg("failed"), {reason: why.text}) + (final ? "" : " " + msg("retry-hint")));
      retry.hidden = final;
      if (final) { panel.hidden = true; upload = null; }
    }
    function refuse(text) {
      state = "failed";
      panel.hidden = true;
      retry.hidden = true;
      say(text);
    }
    function forget() {
      // Give up what this input had sent before (another file was chosen): the server
      // removes it now rather than at its expiry.
      var options = {headers: {"X-CSRFToken": csrf}, retryDelays: []};
      if (upload) {
        upload.abort(true).catch(function () {});
      } else if (hidden.value) {
        window.tus.Upload.terminate(endpoint + hidden.value + "/", options).catch(function () {});
      }
      upload = null;
      hidden.value = "";
    }
    function begin(file) {
      state = "uploading";
      step = -1;
      bar.value = 0;
      panel.hidden = false;
      retry.hidden = true;
      say(fill(msg("starting"), {name: file.name}));
      var current = new window.tus.Upload(file, {
        endpoint: endpoint,
        chunkSize: chunkBytes,
        retryDelays: RETRY_DELAYS,
        headers: {"X-CSRFToken": csrf},
        metadata: {filename: file.name, filetype: file.type || "", purpose: purpose},
        storeFingerprintForResuming: true,  // the same file chosen again later goes on
        removeFingerprintOnSuccess: true,
        fingerprint: function (f) {
          return Promise.resolve(["chunked-upload", purpose, endpoint, f.name, f.type, f.size, f.lastModified].join("|"));
        },
        onShouldRetry: function (err) {
          if (!navigator.onLine) return false;  // paused: "online" goes on (below)
          var code = err.originalResponse ? err.originalResponse.getStatus() : 0;
          return !(code >= 400 && code < 500) || code === 409 || code === 423;
        },
        onProgress: function (sent, total) { if (upload === current) progress(sent, total); },
        onSuccess: function () {
          if (upload !== current) return;
          state = "done";
          bar.value = 100;
          hidden.value = idFrom(current.url);
          say(fill(msg("done"), {name: file.name}));
        },
        onError: function (err) {
          if (upload !== current) return;
          if (!navigator.onLine) { pause(); return; }
          failed(err);
        }
      });
      upload = current;
      current.findPreviousUploads().then(function (previous) {
        if (upload !== current) return;
        if (previous.length) current.resumeFromPreviousUpload(previous[0]);
        current.start();
      });
    }
    function pause() {
      if (!upload || (state !== "uploading" && state !== "failed")) return;
      state = "paused";
      upload.abort();
      retry.hidden = true;
      say(msg("offline"));
    }
    function resume(text) {
      if (!upload) return;
      state = "uploading";
      retry.hidden = true;
      step = -1;
      say(text);
      upload.start();  // asks the server where it stands (HEAD), then sends the rest
    }

    input.removeAttribute("name");  // the form sends the upload's id, never the file itself
    input.addEventListener("change", function () {
      forget();
      var file = input.files && input.files[0];
      if (!file) { state = "idle"; panel.hidden = true; say(""); return; }
      if (file.size === 0) { refuse(msg("empty")); return; }
      if (maxBytes && file.size > maxBytes) { refuse(fill(msg("too-large"), {size: Math.floor(maxBytes / MB)})); return; }
      begin(file);
    });
    retry.addEventListener("click", function () { resume(msg("resuming")); });
    window.addEventListener("offline", pause);
    window.addEventListener("online", function () { if (state === "paused") resume(msg("resuming")); });
    if (form) {
      form.addEventListener("submit", function (e) {
        if (state === "uploading" || state === "paused" || (state === "failed" && upload)) {
          e.preventDefault();
          say(msg("wait"));
          input.focus();
        }
      });
    }
  }

  Array.prototype.forEach.call(document.querySelectorAll("input[type=file][data-chunked-upload]"), enhance);
})();
