/* The launcher, on the content origin: the SCORM run-time API (scorm-again, vendored)
   beside the frame of the SCO it serves, a table of contents, Previous/Next.
   Config (lms/player/launch.py) in #launch-config: standard, tracked, items (id, title,
   depth, sco, url, commit URL with LAUNCH for this page's own id, state to load before
   the SCO starts, status), start, choice (the table of contents may be used), flow
   (Previous/Next may be used; a SCO's own navigation requests are always followed). Commits are whole snapshots, numbered per API
   instance (commitSequence) under a launch id of their own: the server applies each
   once, in order. The last one goes out by sendBeacon when the page is hidden or left. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("launch-config").textContent);
  var frame = document.getElementById("sco");
  var toc = document.getElementById("toc");
  var current = document.getElementById("current");
  var v2004 = config.standard === "scorm2004";
  var tracked = config.standard === "scorm12" || v2004;
  var api = null;
  var index = -1;

  function launchId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  function msg(name) { return frame.getAttribute("data-msg-" + name) || name; }

  function setStatus(i, status) {
    if (!toc || !status) return;
    var button = toc.querySelector('button[data-index="' + i + '"]');
    if (!button) return;
    button.setAttribute("data-status", status);
    var text = button.querySelector(".status-text");
    if (text) text.textContent = " (" + msg(status === "incomplete" ? "incomplete" : status) + ")";
  }

  function initialized(a) {
    return a && a.isInitialized && a.isInitialized() && !(a.isTerminated && a.isTerminated());
  }

  function finish() {
    /* The SCO did not end its session (the learner left, or picked another item): end
       it here, so that its data goes out (sendBeacon, which the browser delivers even
       while the page goes away). */
    if (!initialized(api)) return;
    try { if (v2004) api.Terminate(""); else api.LMSFinish(""); } catch (e) { /* nothing more to do */ }
  }

  /* The session's last commit leaves by sendBeacon, which browsers refuse past 64 KiB
     (the SCO's Terminate then fails and the session stays open). Interactions already
     committed are kept by the server when a commit has none: leave them out of a final
     commit that would be too big. */
  var BEACON_BYTES = 60000;
  var sentSuspendData = null;  /* what the last commit before the final one carried */
  function size(body) { return new Blob([JSON.stringify(body)]).size; }
  function lighten(body, meta) {
    if (!body || !body.cmi) return body;
    if (!meta || !meta.isTerminateCommit) {
      sentSuspendData = body.cmi.suspend_data;
      return body;
    }
    if (size(body) <= BEACON_BYTES) return body;
    /* Elements a commit leaves out keep their stored value on the server: drop what was
       sent already — interactions, then suspend_data if unchanged since the last commit. */
    var lighter = Object.assign({}, body, {cmi: Object.assign({}, body.cmi)});
    delete lighter.cmi.interactions;
    if (size(lighter) > BEACON_BYTES && lighter.cmi.suspend_data === sentSuspendData) delete lighter.cmi.suspend_data;
    return lighter;
  }

  function makeApi(item, i) {
    var settings = {
      lmsCommitUrl: item.commit ? item.commit.replace("LAUNCH", launchId()) : false,
      dataCommitFormat: "json",
      autocommit: true,
      autocommitSeconds: 15,
      includeCommitSequence: true,
      terminateCommitParam: "final",
      terminateCommitPayloadField: "final",
      logLevel: 5,
      mastery_override: true,
      /* 2004: the SCOs a choice request may name (adl.nav.request_valid.choice.{target=…}). */
      scoItemIds: config.items.filter(function (entry) { return entry.sco; }).map(function (entry) { return entry.id; }),
      requestHandler: lighten
    };
    var instance = v2004 ? new window.Scorm2004API(settings) : new window.Scorm12API(settings);
    if (item.state) instance.loadFromJSON(item.state);
    if (v2004) {
      /* A passed or failed test says more than "completed": success first, as the server's report does. */
      var success = "";
      instance.on("SetValue.cmi.success_status", function (el, value) {
        if (value === "passed" || value === "failed") { success = value; setStatus(i, value); }
      });
      instance.on("SetValue.cmi.completion_status", function (el, value) {
        if (!success) setStatus(i, value === "completed" ? "completed" : "incomplete");
      });
      instance.on("SequenceNext", function () { setTimeout(function () { go(next(1)); }, 0); });
      instance.on("SequencePrevious", function () { setTimeout(function () { go(next(-1)); }, 0); });
      instance.on("SequenceChoice", function (target) {
        var to = config.items.findIndex(function (entry) { return entry.id === target; });
        if (to >= 0) setTimeout(function () { go(to); }, 0);
      });
    } else {
      instance.on("LMSSetValue.cmi.core.lesson_status", function (el, value) {
        if (value === "passed" || value === "failed" || value === "completed") setStatus(i, value);
        else if (value === "incomplete") setStatus(i, "incomplete");
      });
      asciiIdentifiers(instance);
    }
    return instance;
  }

  /* SCORM 1.2 identifiers (interactions' and objectives' ids) written with Vietnamese
     letters ("Câu_1"), as authoring tools let teachers name questions: scorm-again takes
     printable ASCII only and refuses them (405), losing the learner's answer. Leading
     players store them; here they are kept without their accents ("Cau_1"), which the
     run-time takes. */
  var IDENTIFIER_12 = /^cmi\.(interactions\.\d+\.(objectives\.\d+\.)?|objectives\.\d+\.)id$/;
  function asciiIdentifiers(instance) {
    var setValue = instance.LMSSetValue.bind(instance);
    instance.LMSSetValue = function (element, value) {
      if (IDENTIFIER_12.test(String(element)) && /[^\x20-\x7E]/.test(String(value))) {
        value = String(value).normalize("NFD").replace(/[\u0300-\u036f]/g, "")
          .replace(/\u0111/g, "d").replace(/\u0110/g, "D").replace(/[^\x20-\x7E]/g, "_");
      }
      return setValue(element, value);
    };
  }

  function next(step) {
    for (var i = index + step; i >= 0 && i < config.items.length; i += step) {
      if (config.items[i].url) return i;
    }
    return -1;
  }

  function go(i) {
    if (i < 0 || i >= config.items.length || !config.items[i].url) return;
    finish();
    frame.src = "about:blank";
    index = i;
    var item = config.items[i];
    if (item.played && item.state_url) {
      /* Back to a SCO played in this page: start from what it committed since (entry
         "resume" after a suspend), which the server has, not from the page's first state. */
      var request = new XMLHttpRequest();
      request.open("GET", item.state_url);
      request.onload = function () {
        if (request.status === 200 && index === i) { item.state = JSON.parse(request.responseText); }
        if (index === i) start(i);
      };
      request.onerror = function () { if (index === i) start(i); };
      request.send();
      return;
    }
    start(i);
  }

  function start(i) {
    var item = config.items[i];
    item.played = true;
    if (tracked) {
      api = makeApi(item, i);
      /* Before the SCO's frame loads: it looks for the API once, walking window.parent. */
      if (v2004) window.API_1484_11 = api; else window.API = api;
    }
    current.textContent = item.title;
    if (toc) {
      toc.querySelectorAll("button[data-index]").forEach(function (b) {
        if (b.getAttribute("data-index") === String(i)) b.setAttribute("aria-current", "step");
        else b.removeAttribute("aria-current");
      });
    }
    var prev = document.getElementById("prev"), nxt = document.getElementById("next");
    if (prev) { prev.disabled = !config.flow || next(-1) < 0; prev.hidden = item.hide.indexOf("previous") >= 0; }
    if (nxt) { nxt.disabled = !config.flow || next(1) < 0; nxt.hidden = item.hide.indexOf("continue") >= 0; }
    frame.src = item.url;
  }

  if (toc) {
    toc.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-index]");
      if (button && config.choice) go(parseInt(button.getAttribute("data-index"), 10));
    });
    if (!config.choice) toc.querySelectorAll("button[data-index]").forEach(function (b) { b.disabled = true; });
    config.items.forEach(function (item, i) { setStatus(i, item.status); });
    var toggle = document.getElementById("toc-toggle");
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      document.body.classList.toggle("toc-open", open);
    });
    document.getElementById("prev").addEventListener("click", function () { go(next(-1)); });
    document.getElementById("next").addEventListener("click", function () { go(next(1)); });
  }

  /* A phone hides the page (another app, the lock screen) before it may drop it: commit
     what there is. Leaving or closing the page: end the session (sendBeacon). */
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && initialized(api)) {
      try { if (v2004) api.Commit(""); else api.LMSCommit(""); } catch (e) { /* the beacon follows */ }
    }
  });
  window.addEventListener("pagehide", finish);

  go(config.start);
})();
