"""E-learning packages for the tests, built in memory (zip bytes), and hostile or broken ones.

The SCOs behave as authoring tools' do: each page finds the run-time API by walking
`window.parent` (ADL's algorithm: itself and up to 7 parents, then the opener), initialises,
reads lesson location, suspend data and entry before setting anything, then sets score,
statuses, suspend data, exit, session time and interactions, commits and finishes. SCORM 2004
pages also send `adl.nav.request` (previous, continue, choice).

What a page did is in its DOM, for browser tests:
- `<main id="sco">` carries what the page read when it started: `data-api` ("API",
  "API_1484_11" or "none"), `data-entry`, `data-location`, `data-suspend-data`,
  `data-status-at-start`, `data-learner`, `data-mastery-score` (1.2) or
  `data-scaled-passing-score` and `data-completion-threshold` (2004), and once answered
  `data-score` (0-100) and `data-result` ("passed"/"failed"); `data-page` is the page shown.
- `<p id="status">` says in Vietnamese what happened last; `<ol id="calls">` lists every
  API call with its result (and the error code when not 0).
- Buttons: `#next-page` (Trang tiếp), `#answer` (Trả lời, on the quiz page), `#suspend`
  (Tạm dừng: exit "suspend"), `#finish` (Kết thúc); 2004 only: `#nav-previous`, `#nav-continue`,
  `#nav-choice-<ITEM>`. Quiz answers are radio buttons `#q1-a`, `#q1-b`...

Use `write(path, data)` to put one on disk. From tests outside this folder: `from player
import packages` (tests/ is on sys.path).
"""

from __future__ import annotations

import functools
import io
import json
import stat
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

UTF8_FLAG = 0x800

# --- zips ------------------------------------------------------------------------------------


def zip_bytes(files: dict[str, bytes | str], *, folders: bool = False) -> bytes:
    """A zip of these files (text as UTF-8), names flagged UTF-8 where not ASCII (as
    zipfile writes them); with `folders`, an entry for each folder too, as Windows does."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        written = set()
        for name, content in files.items():
            if folders:
                parts = name.split("/")[:-1]
                for depth in range(1, len(parts) + 1):
                    folder = "/".join(parts[:depth]) + "/"
                    if folder not in written:
                        written.add(folder)
                        archive.writestr(zipfile.ZipInfo(folder), b"")
            archive.writestr(name, content.encode() if isinstance(content, str) else content)
    return buffer.getvalue()


class _RawName(zipfile.ZipInfo):
    """An entry whose name is written as these bytes, without the UTF-8 flag: what old
    archivers and Windows' own do (readers take such names for CP437)."""

    def __init__(self, raw: bytes):
        super().__init__(raw.decode("cp437"))
        self.raw = raw
        self.compress_type = zipfile.ZIP_DEFLATED

    def _encodeFilenameFlags(self):
        return self.raw, self.flag_bits & ~UTF8_FLAG


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below


def cp1258(text: str) -> bytes:
    """Vietnamese text in Windows code page 1258, as Vietnamese Windows writes file names:
    base letters precomposed where the code page has them (ă, â, ê, ô, ơ, ư, đ), tone marks as
    the combining characters that follow."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in decomposed if c in _TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
        out += base.encode("cp1258") + tones.encode("cp1258")
    return bytes(out)


def legacy_zip_bytes(files: dict[str, bytes | str], encoding: str) -> bytes:
    """A zip whose names are their bytes in `encoding` ("utf-8" or "cp1258") with no UTF-8
    flag, folders included."""
    encode = cp1258 if encoding == "cp1258" else (lambda name: name.encode(encoding))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        written = set()
        for name, content in files.items():
            parts = name.split("/")[:-1]
            for depth in range(1, len(parts) + 1):
                folder = "/".join(parts[:depth]) + "/"
                if folder not in written:
                    written.add(folder)
                    info = _RawName(encode(folder))
                    info.external_attr = (stat.S_IFDIR | 0o755) << 16 | 0x10
                    info.compress_type = zipfile.ZIP_STORED
                    archive.writestr(info, b"")
            archive.writestr(_RawName(encode(name)), content.encode() if isinstance(content, str) else content)
    return buffer.getvalue()


def write(path, data: bytes) -> Path:
    """Write a package's bytes to `path` (folders made); the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# --- the SCOs' pages ---------------------------------------------------------------------------

SCO_JS = r"""/* A SCO as authoring tools write them (test package). */
(function () {
  "use strict";
  var C = JSON.parse(document.getElementById("sco-config").textContent);
  var V12 = C.version === "1.2";
  var main = document.getElementById("sco");
  var statusLine = document.getElementById("status");
  var callList = document.getElementById("calls");
  var started = Date.now();
  var api = null, initialized = false, finished = false, page = 1, answers = {}, done = false;

  var NAMES = V12
    ? {init: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit",
       finish: "LMSFinish", error: "LMSGetLastError"}
    : {init: "Initialize", get: "GetValue", set: "SetValue", commit: "Commit",
       finish: "Terminate", error: "GetLastError"};
  var K = V12
    ? {location: "cmi.core.lesson_location", entry: "cmi.core.entry", suspend: "cmi.suspend_data",
       exit: "cmi.core.exit", time: "cmi.core.session_time", raw: "cmi.core.score.raw",
       min: "cmi.core.score.min", max: "cmi.core.score.max", status: "cmi.core.lesson_status",
       learner: "cmi.core.student_name", response: "student_response", wrong: "wrong"}
    : {location: "cmi.location", entry: "cmi.entry", suspend: "cmi.suspend_data",
       exit: "cmi.exit", time: "cmi.session_time", raw: "cmi.score.raw",
       min: "cmi.score.min", max: "cmi.score.max", status: "cmi.completion_status",
       learner: "cmi.learner_name", response: "learner_response", wrong: "incorrect"};

  // ADL's algorithm: this window and up to 7 parents, then the opener's. A parent on
  // another origin cannot be read: the walk stops there.
  function lookup(win) {
    var name = V12 ? "API" : "API_1484_11";
    for (var tries = 0; win && tries <= 7; tries++) {
      try { if (win[name]) { return win[name]; } } catch (e) { return null; }
      var parent = null;
      try { parent = win.parent; } catch (e) { parent = null; }
      if (!parent || parent === win) { break; }
      win = parent;
    }
    return null;
  }
  function findApi() {
    var found = lookup(window);
    if (!found && window.opener) { found = lookup(window.opener); }
    return found;
  }

  function show(text) { statusLine.textContent = text; }
  function call(kind) {
    var args = Array.prototype.slice.call(arguments, 1);
    var result = api[NAMES[kind]].apply(api, args);
    var error = String(api[NAMES.error]());
    var line = document.createElement("li");
    line.textContent = NAMES[kind] + "(" + args.map(function (a) { return JSON.stringify(a); }).join(", ") +
      ") = " + JSON.stringify(result) + (error !== "0" ? " [" + error + "]" : "");
    callList.appendChild(line);
    return result;
  }
  function get(key) { return String(call("get", key)); }
  function set(key, value) { return call("set", key, String(value)); }

  function pad(n, width) { var s = String(n); while (s.length < width) { s = "0" + s; } return s; }
  function sessionTime() {
    var seconds = Math.round((Date.now() - started) / 10) / 100;
    if (!V12) { return "PT" + seconds.toFixed(2) + "S"; }
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds - h * 3600 - m * 60;
    return pad(h, 4) + ":" + pad(m, 2) + ":" + (s < 10 ? "0" : "") + s.toFixed(2);
  }
  function saveProgress() {
    set(K.location, page);
    set(K.suspend, JSON.stringify({page: page, answers: answers}));
    if (!V12) { set("cmi.progress_measure", (page / C.pages).toFixed(2)); }
  }

  function render() {
    main.dataset.page = String(page);
    var sections = document.querySelectorAll("section.page");
    for (var i = 0; i < sections.length; i++) {
      sections[i].hidden = Number(sections[i].dataset.page) !== page;
    }
    document.getElementById("page-indicator").textContent = "Trang " + page + "/" + C.pages;
    document.getElementById("next-page").disabled = page >= C.pages;
    Object.keys(answers).forEach(function (question) {
      var input = document.getElementById(question + "-" + answers[question]);
      if (input) { input.checked = true; }
    });
  }

  function start() {
    api = findApi();
    if (!api) {
      main.dataset.api = "none";
      render();
      show("Không tìm thấy API SCORM: bài học chạy nhưng không lưu kết quả.");
      return;
    }
    main.dataset.api = V12 ? "API" : "API_1484_11";
    initialized = String(call("init", "")) === "true";
    if (!initialized) { show("Không khởi tạo được phiên học."); return; }
    // Read before setting anything, as the authoring tools do.
    var entry = get(K.entry), location = get(K.location), suspend = get(K.suspend), status = get(K.status);
    main.dataset.entry = entry;
    main.dataset.location = location;
    main.dataset.suspendData = suspend;
    main.dataset.statusAtStart = status;
    main.dataset.learner = get(K.learner);
    if (V12) {
      main.dataset.masteryScore = get("cmi.student_data.mastery_score");
    } else {
      main.dataset.scaledPassingScore = get("cmi.scaled_passing_score");
      main.dataset.completionThreshold = get("cmi.completion_threshold");
    }
    if (suspend) {
      try { answers = JSON.parse(suspend).answers || {}; } catch (e) { answers = {}; }
    }
    var resumed = parseInt(location, 10);
    if (resumed >= 1 && resumed <= C.pages) { page = resumed; }
    if (status === "not attempted" || status === "unknown" || status === "") { set(K.status, "incomplete"); }
    render();
    show(entry === "resume" ? "Học tiếp từ trang " + page + "." : "Bắt đầu học: " + C.title + ".");
  }

  function nextPage() {
    if (!initialized || page >= C.pages) { return; }
    page += 1;
    render();
    saveProgress();
    if (page === C.pages && !C.questions.length) {
      done = true;
      set(K.status, "completed");
    }
    call("commit", "");
    show("Đã sang trang " + page + ".");
  }

  function answer() {
    if (!initialized) { return; }
    var right = 0;
    var n = parseInt(get("cmi.interactions._count"), 10) || 0;
    C.questions.forEach(function (question, i) {
      var chosen = document.querySelector("input[name='" + question.id + "']:checked");
      var value = chosen ? chosen.value : "";
      answers[question.id] = value;
      var correct = value === question.correct;
      if (correct) { right += 1; }
      var at = "cmi.interactions." + (n + i) + ".";
      set(at + "id", question.id);
      set(at + "type", "choice");
      set(at + "correct_responses.0.pattern", question.correct);
      set(at + K.response, value);
      set(at + "result", correct ? "correct" : K.wrong);
      if (!V12) { set(at + "description", question.text); }
    });
    var score = Math.round(100 * right / C.questions.length);
    set(K.raw, score);
    set(K.min, 0);
    set(K.max, 100);
    var passed;
    if (V12) {
      var mastery = parseFloat(main.dataset.masteryScore);
      passed = score >= (isNaN(mastery) ? C.mastery : mastery);
      set(K.status, passed ? "passed" : "failed");
    } else {
      var passing = parseFloat(main.dataset.scaledPassingScore);
      passed = score / 100 >= (isNaN(passing) ? C.mastery / 100 : passing);
      set("cmi.score.scaled", (score / 100).toFixed(2));
      set("cmi.success_status", passed ? "passed" : "failed");
      set(K.status, "completed");
    }
    done = true;
    saveProgress();
    call("commit", "");
    main.dataset.score = String(score);
    main.dataset.result = passed ? "passed" : "failed";
    show("Điểm: " + score + "/100 – " + (passed ? "Đạt" : "Chưa đạt") + ".");
  }

  function leave(exitValue, navigation) {
    if (!initialized || finished) { return; }
    saveProgress();
    if (navigation) { set("adl.nav.request", navigation); }
    set(K.exit, exitValue);
    set(K.time, sessionTime());
    call("commit", "");
    call("finish", "");
    finished = true;
  }
  function suspendExit() { return "suspend"; }
  function normalExit() { return V12 ? "" : "normal"; }

  document.getElementById("next-page").addEventListener("click", nextPage);
  var answerButton = document.getElementById("answer");
  if (answerButton) { answerButton.addEventListener("click", answer); }
  document.getElementById("suspend").addEventListener("click", function () {
    leave(suspendExit());
    show("Đã tạm dừng: lần sau sẽ học tiếp từ trang " + page + ".");
  });
  document.getElementById("finish").addEventListener("click", function () {
    leave(done ? normalExit() : suspendExit());
    show("Đã kết thúc bài học.");
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-nav]"), function (button) {
    button.addEventListener("click", function () {
      leave(done ? normalExit() : suspendExit(), button.dataset.nav);
      show("Đang chuyển bài…");
    });
  });
  // Browsers do not deliver `unload` reliably: leave on pagehide, suspended.
  window.addEventListener("pagehide", function () { leave(done ? normalExit() : suspendExit()); });
  start();
})();
"""

SCO_CSS = """body { font-family: system-ui, sans-serif; margin: 0; padding: 1rem; line-height: 1.5; }
main { max-width: 40rem; margin: auto; }
button { font-size: 1rem; padding: .5rem 1rem; margin: .25rem; }
fieldset { margin: 1rem 0; }
#calls { font-size: .75rem; color: #555; }
"""


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    options: tuple[tuple[str, str], ...]  # (value, label)
    correct: str


QUIZ = (
    Question("q1", "Phân số nào bằng 1/2?", (("a", "2/4"), ("b", "2/3"), ("c", "3/4")), "a"),
    Question("q2", "Kết quả của 1/4 + 1/4 là bao nhiêu?", (("a", "1/8"), ("b", "1/2"), ("c", "2/8")), "b"),
)
QUIZ_RIGHT = {"q1": "a", "q2": "b"}  # the answers that score 100


@dataclass(frozen=True)
class Sco:
    """One SCO page: its file (relative to the package root), title and pages of text; a
    quiz on its last page when it has questions; 2004 navigation buttons."""

    file: str
    title: str
    pages: tuple[str, ...]
    questions: tuple[Question, ...] = ()
    mastery: int = 80
    nav: tuple[tuple[str, str, str], ...] = ()  # (button id, adl.nav.request, label)


def sco_page(sco: Sco, version: str, shared: str = "shared/") -> str:
    """The HTML of a SCO; `shared` is the folder of sco.js and style.css from the root."""
    up = "../" * sco.file.count("/")
    sections = []
    for number, text in enumerate(sco.pages, start=1):
        body = f"<p>{escape(text)}</p>"
        if number == len(sco.pages) and sco.questions:
            for question in sco.questions:
                options = "".join(
                    f'<label><input type="radio" name="{question.id}" value="{value}" id="{question.id}-{value}"> '
                    f"{escape(label)}</label><br>"
                    for value, label in question.options)
                body += f'<fieldset id="{question.id}"><legend>{escape(question.text)}</legend>{options}</fieldset>'
            body += '<button type="button" id="answer">Trả lời</button>'
        sections.append(f'<section class="page" data-page="{number}">{body}</section>')
    nav = "".join(f'<button type="button" id="{ident}" data-nav={quoteattr(request)}>{escape(label)}</button>'
                  for ident, request, label in sco.nav)
    config = json.dumps({
        "version": version, "title": sco.title, "pages": len(sco.pages), "mastery": sco.mastery,
        "questions": [{"id": q.id, "text": q.text, "correct": q.correct} for q in sco.questions],
    }, ensure_ascii=False).replace("</", "<\\/")
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(sco.title)}</title>
<link rel="stylesheet" href="{up}{shared}style.css">
</head>
<body>
<main id="sco" data-api="">
<h1>{escape(sco.title)}</h1>
<p id="page-indicator"></p>
{"".join(sections)}
<nav class="buttons">
<button type="button" id="next-page">Trang tiếp</button>
<button type="button" id="suspend">Tạm dừng</button>
<button type="button" id="finish">Kết thúc</button>
{nav}
</nav>
<p id="status" role="status"></p>
<ol id="calls"></ol>
</main>
<script type="application/json" id="sco-config">{config}</script>
<script src="{up}{shared}sco.js"></script>
</body>
</html>
"""


def _shared(folder: str = "shared/") -> dict[str, str]:
    return {f"{folder}sco.js": SCO_JS, f"{folder}style.css": SCO_CSS}


# --- manifests ---------------------------------------------------------------------------------

NS_12 = ('xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" '
         'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2" '
         'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
         'xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd '
         'http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd '
         'http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd"')
NS_2004 = ('xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" '
           'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" '
           'xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3" '
           'xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3" '
           'xmlns:imsss="http://www.imsglobal.org/xsd/imsss" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"')
SCHEMA_VERSIONS = {"2nd": "CAM 1.3", "3rd": "2004 3rd Edition", "4th": "2004 4th Edition"}


@dataclass
class Node:
    """An item of a manifest: a SCO (resource) or a container of items."""

    identifier: str
    title: str
    resource: str = ""
    extra: str = ""  # XML inside the <item>, after its title
    attributes: str = ""  # more attributes of the <item>
    children: list[Node] = field(default_factory=list)


def _item_xml(node: Node, indent: str = "      ") -> str:
    ref = f' identifierref="{node.resource}"' if node.resource else ""
    inner = "".join(_item_xml(child, indent + "  ") for child in node.children)
    return (f'{indent}<item identifier="{node.identifier}"{ref}{node.attributes}>\n'
            f"{indent}  <title>{escape(node.title)}</title>\n{node.extra}{inner}{indent}</item>\n")


def _resource_xml(identifier: str, href: str, files: list[str], *, scorm2004: bool, sco: bool = True,
                  dependencies: tuple[str, ...] = (), base: str = "") -> str:
    kind = ("adlcp:scormType" if scorm2004 else "adlcp:scormtype") + ('="sco"' if sco else '="asset"')
    href_attr = f" href={quoteattr(href)}" if href else ""
    base_attr = f" xml:base={quoteattr(base)}" if base else ""
    inner = "".join(f"      <file href={quoteattr(name)}/>\n" for name in files)
    inner += "".join(f'      <dependency identifierref="{d}"/>\n' for d in dependencies)
    return f'    <resource identifier="{identifier}" type="webcontent" {kind}{href_attr}{base_attr}>\n{inner}    </resource>\n'


def manifest_12(identifier: str, title: str, items: list[Node], resources: str, *,
                resources_base: str = "", schema_version: str = "1.2") -> str:
    base = f" xml:base={quoteattr(resources_base)}" if resources_base else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{identifier}" version="1.0" {NS_12}>
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>{schema_version}</schemaversion>
  </metadata>
  <organizations default="ORG-1">
    <organization identifier="ORG-1">
      <title>{escape(title)}</title>
{"".join(_item_xml(item) for item in items)}    </organization>
  </organizations>
  <resources{base}>
{resources}  </resources>
</manifest>
"""


# --- the packages --------------------------------------------------------------------------

SINGLE_TITLE = "Bài giảng: Phân số bằng nhau"
SINGLE_SCO = Sco(
    file="index.html",
    title="Phân số bằng nhau",
    pages=("Hai phân số bằng nhau khi chúng biểu diễn cùng một phần của một đơn vị.",
           "Làm bài kiểm tra nhanh: chọn đáp án đúng rồi bấm “Trả lời”."),
    questions=QUIZ,
    mastery=80,
)


def _scorm12_single_files() -> dict[str, str]:
    items = [Node("ITEM-PHAN-SO", SINGLE_SCO.title, "RES-PHAN-SO",
                  extra="        <adlcp:masteryscore>80</adlcp:masteryscore>\n")]
    resources = _resource_xml("RES-PHAN-SO", "index.html", ["index.html", "shared/sco.js", "shared/style.css"],
                              scorm2004=False)
    return {
        "imsmanifest.xml": manifest_12("PHAN-SO-BANG-NHAU", SINGLE_TITLE, items, resources),
        "index.html": sco_page(SINGLE_SCO, "1.2"),
        **_shared(),
    }


def scorm12_single() -> bytes:
    """SCORM 1.2, one SCO (index.html): two pages, the second a 2-question quiz; mastery
    score 80 in the manifest (both answers right, QUIZ_RIGHT, is 100 and passes; one is 50)."""
    return zip_bytes(_scorm12_single_files())


MULTI_TITLE = "Bài giảng: Điểm và đường thẳng"
MULTI_SCOS = (
    Sco("chuong1/bai1.html", "Bài 1: Điểm",
        ("Điểm là một dấu chấm nhỏ, được đặt tên bằng chữ cái in hoa.", "Ví dụ: điểm A, điểm B.")),
    Sco("chuong1/bai2.html", "Bài 2: Đường thẳng",
        ("Đường thẳng không bị giới hạn về hai phía.", "Qua hai điểm phân biệt có một đường thẳng.")),
    Sco("kiemtra/index.html", "Bài kiểm tra", ("Chọn đáp án đúng.",), questions=QUIZ, mastery=70),
)


def scorm12_multi() -> bytes:
    """SCORM 1.2, three SCOs: a chapter (a container item) with two lessons, then a test
    (mastery score 70, 30 minutes, "exit,message", data from LMS "de=1"). The resources
    sit under xml:base "noidung/"; the first lesson launches with parameters "?lang=vi";
    each SCO depends on an asset resource holding the shared script."""
    lesson1, lesson2, test = MULTI_SCOS
    items = [
        Node("CHUONG-1", "Chương 1: Điểm và đường thẳng", children=[
            Node("BAI-1", lesson1.title, "RES-BAI-1", attributes=' parameters="?lang=vi"'),
            Node("BAI-2", lesson2.title, "RES-BAI-2"),
        ]),
        Node("KIEM-TRA", test.title, "RES-KIEM-TRA", extra=(
            "        <adlcp:maxtimeallowed>00:30:00</adlcp:maxtimeallowed>\n"
            "        <adlcp:timelimitaction>exit,message</adlcp:timelimitaction>\n"
            "        <adlcp:datafromlms>de=1</adlcp:datafromlms>\n"
            "        <adlcp:masteryscore>70</adlcp:masteryscore>\n")),
    ]
    resources = "".join([
        _resource_xml("RES-BAI-1", lesson1.file, [lesson1.file], scorm2004=False, dependencies=("RES-CHUNG",)),
        _resource_xml("RES-BAI-2", lesson2.file, [lesson2.file], scorm2004=False, dependencies=("RES-CHUNG",)),
        _resource_xml("RES-KIEM-TRA", test.file, [test.file], scorm2004=False, dependencies=("RES-CHUNG",)),
        _resource_xml("RES-CHUNG", "", ["shared/sco.js", "shared/style.css"], scorm2004=False, sco=False),
    ])
    files = {"imsmanifest.xml": manifest_12("DIEM-DUONG-THANG", MULTI_TITLE, items, resources,
                                            resources_base="noidung/")}
    for sco in MULTI_SCOS:
        files[f"noidung/{sco.file}"] = sco_page(sco, "1.2")
    files.update({f"noidung/{name}": content for name, content in _shared().items()})
    return zip_bytes(files)


SEQUENCED_TITLE = "Bài giảng: Năng lượng mặt trời"
SEQUENCED_ITEMS = (("BAI-1", "Bài 1: Mặt Trời"), ("BAI-2", "Bài 2: Pin mặt trời"), ("KIEM-TRA", "Bài kiểm tra"))


def _nav_buttons(own: str) -> tuple[tuple[str, str, str], ...]:
    buttons = [("nav-previous", "previous", "Bài trước"), ("nav-continue", "continue", "Bài tiếp")]
    buttons += [(f"nav-choice-{ident}", f"{{target={ident}}}choice", f"Đến: {title}")
                for ident, title in SEQUENCED_ITEMS if ident != own]
    return tuple(buttons)


def _completion_threshold(edition: str) -> str:
    if edition == "4th":
        return '        <adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="0.8"/>\n'
    return "        <adlcp:completionThreshold>0.8</adlcp:completionThreshold>\n"


def scorm2004_sequenced(edition: str = "4th") -> bytes:
    """SCORM 2004 (edition "2nd", "3rd" or "4th"), three SCOs with buttons sending
    adl.nav.request previous, continue and choice:
    - the organization: controlMode choice and flow;
    - two lessons: completionThreshold 0.8 (4th: completedByMeasure, minProgressMeasure;
      earlier: the element's text), their sequencing from the collection's "bai-hoc"
      (controlMode choice+flow, deliveryControls completionSetByContent) overridden by
      their own deliveryControls (objectiveSetByContent only);
    - the test: a primary objective satisfied by measure (0.6) and a second objective
      mapped to a global one, attempt limit 3 and 30 minutes, "exit,message", data from
      LMS "de=A", and the LMS's own continue/previous hidden (adlnav hideLMSUI)."""
    lesson_pages = ("Mặt Trời là một ngôi sao, nguồn năng lượng của Trái Đất.",
                    "Năng lượng mặt trời truyền đến Trái Đất dưới dạng ánh sáng và nhiệt.")
    scos = (
        Sco("bai1/index.html", SEQUENCED_ITEMS[0][1], lesson_pages, nav=_nav_buttons("BAI-1")),
        Sco("bai2/index.html", SEQUENCED_ITEMS[1][1],
            ("Pin mặt trời biến ánh sáng thành điện năng.", "Pin mặt trời được lắp trên mái nhà."),
            nav=_nav_buttons("BAI-2")),
        Sco("kiemtra/index.html", SEQUENCED_ITEMS[2][1], ("Chọn đáp án đúng.",), questions=QUIZ, mastery=60,
            nav=_nav_buttons("KIEM-TRA")),
    )
    own_delivery = ('        <imsss:sequencing IDRef="bai-hoc">\n'
                    '          <imsss:deliveryControls objectiveSetByContent="true"/>\n'
                    "        </imsss:sequencing>\n")
    items = "".join([
        _item_xml(Node("BAI-1", scos[0].title, "RES-1", extra=own_delivery + _completion_threshold(edition))),
        _item_xml(Node("BAI-2", scos[1].title, "RES-2", extra=own_delivery + _completion_threshold(edition))),
        _item_xml(Node("KIEM-TRA", scos[2].title, "RES-3", extra=(
            "        <adlcp:timeLimitAction>exit,message</adlcp:timeLimitAction>\n"
            "        <adlcp:dataFromLMS>de=A</adlcp:dataFromLMS>\n"
            "        <imsss:sequencing>\n"
            '          <imsss:limitConditions attemptLimit="3" attemptAbsoluteDurationLimit="PT30M"/>\n'
            "          <imsss:objectives>\n"
            '            <imsss:primaryObjective objectiveID="dat-bai-kiem-tra" satisfiedByMeasure="true">\n'
            "              <imsss:minNormalizedMeasure>0.6</imsss:minNormalizedMeasure>\n"
            "            </imsss:primaryObjective>\n"
            '            <imsss:objective objectiveID="hieu-pin-mat-troi">\n'
            '              <imsss:mapInfo targetObjectiveID="toan-cuc-pin-mat-troi" writeSatisfiedStatus="true"/>\n'
            "            </imsss:objective>\n"
            "          </imsss:objectives>\n"
            '          <imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>\n'
            "        </imsss:sequencing>\n"
            "        <adlnav:presentation>\n"
            "          <adlnav:navigationInterface>\n"
            "            <adlnav:hideLMSUI>continue</adlnav:hideLMSUI>\n"
            "            <adlnav:hideLMSUI>previous</adlnav:hideLMSUI>\n"
            "          </adlnav:navigationInterface>\n"
            "        </adlnav:presentation>\n"))),
    ])
    resources = "".join(_resource_xml(f"RES-{n}", sco.file, [sco.file, "shared/sco.js", "shared/style.css"],
                                      scorm2004=True) for n, sco in enumerate(scos, start=1))
    manifest = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="NANG-LUONG-MAT-TROI" version="1.0" {NS_2004}>
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>{SCHEMA_VERSIONS[edition]}</schemaversion>
  </metadata>
  <organizations default="ORG-1">
    <organization identifier="ORG-1" adlseq:objectivesGlobalToSystem="false">
      <title>{escape(SEQUENCED_TITLE)}</title>
{items}      <imsss:sequencing>
        <imsss:controlMode choice="true" flow="true"/>
      </imsss:sequencing>
    </organization>
  </organizations>
  <resources>
{resources}  </resources>
  <imsss:sequencingCollection>
    <imsss:sequencing ID="bai-hoc">
      <imsss:controlMode choice="true" flow="true"/>
      <imsss:deliveryControls completionSetByContent="true"/>
    </imsss:sequencing>
  </imsss:sequencingCollection>
</manifest>
"""
    files = {"imsmanifest.xml": manifest, **_shared()}
    for sco in scos:
        files[sco.file] = sco_page(sco, "2004")
    return zip_bytes(files)


VIETNAMESE_TITLE = "Bài giảng: Lịch sử địa phương"
VIETNAMESE_SCOS = (
    Sco("Bài 1/Giới thiệu.html", "Bài 1: Giới thiệu",
        ("Quê hương em có nhiều di tích lịch sử.", "Đình làng được xây dựng từ thế kỷ XVIII.")),
    Sco("Bài 2/Luyện tập.html", "Bài 2: Luyện tập", ("Trả lời các câu hỏi sau.",), questions=QUIZ),
)
# The second lesson's href is written percent-escaped, as some tools do.
VIETNAMESE_HREFS = ("Bài 1/Giới thiệu.html", "B%C3%A0i%202/Luy%E1%BB%87n%20t%E1%BA%ADp.html")
MAP_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">'
           '<circle cx="20" cy="20" r="18" fill="#2a7"/></svg>')


def _vietnamese_files() -> dict[str, str]:
    items = [Node("BAI-1", VIETNAMESE_SCOS[0].title, "RES-1"), Node("BAI-2", VIETNAMESE_SCOS[1].title, "RES-2")]
    resources = "".join([
        _resource_xml("RES-1", VIETNAMESE_HREFS[0], [VIETNAMESE_SCOS[0].file, "Bài 1/Hình ảnh/Bản đồ.svg"],
                      scorm2004=False, dependencies=("RES-CHUNG",)),
        _resource_xml("RES-2", VIETNAMESE_HREFS[1], [VIETNAMESE_SCOS[1].file], scorm2004=False,
                      dependencies=("RES-CHUNG",)),
        _resource_xml("RES-CHUNG", "", ["Dùng chung/sco.js", "Dùng chung/style.css"], scorm2004=False, sco=False),
    ])
    files = {"imsmanifest.xml": manifest_12("LICH-SU-DIA-PHUONG", VIETNAMESE_TITLE, items, resources)}
    for sco in VIETNAMESE_SCOS:
        files[sco.file] = sco_page(sco, "1.2", shared="Dùng chung/")
    files["Bài 1/Hình ảnh/Bản đồ.svg"] = MAP_SVG
    files.update(_shared("Dùng chung/"))
    return files


def vietnamese_names() -> bytes:
    """SCORM 1.2 with Vietnamese names in nested folders ("Bài 1/Giới thiệu.html",
    "Bài 1/Hình ảnh/Bản đồ.svg", "Dùng chung/sco.js"), flagged UTF-8, with folder entries."""
    return zip_bytes(_vietnamese_files(), folders=True)


def vietnamese_names_legacy(encoding: str = "utf-8") -> bytes:
    """The same package with its names in a legacy form: their bytes in `encoding` and no
    UTF-8 flag, which readers take for CP437. "utf-8" is what Java, macOS and old 7-Zip
    write; "cp1258" is Vietnamese Windows' own zip (tone marks as combining characters).
    The manifest inside stays UTF-8, as the authoring tool wrote it."""
    return legacy_zip_bytes(_vietnamese_files(), encoding)


HTML5_TITLE = "Bài giảng HTML5: Vòng đời của bướm"


def html5_package() -> bytes:
    """A web package without manifest: index.html with its style, script and picture."""
    return zip_bytes({
        "index.html": f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{HTML5_TITLE}</title>
<link rel="stylesheet" href="css/style.css"></head>
<body><h1>Vòng đời của bướm</h1><img src="images/buom.svg" alt="Con bướm">
<p id="stage">Trứng → Sâu → Nhộng → Bướm</p><button id="next">Giai đoạn tiếp</button>
<script src="js/app.js"></script></body></html>
""",
        "css/style.css": "body { font-family: sans-serif; }\n",
        "js/app.js": 'document.getElementById("next").addEventListener("click", function () '
                     '{ document.getElementById("stage").dataset.clicked = "1"; });\n',
        "images/buom.svg": MAP_SVG,
    })


def wrapped_in_folder(folder: str = "course/") -> bytes:
    """scorm12_single with every file under one folder, as "compress this folder" makes."""
    return zip_bytes({folder + name: content for name, content in _scorm12_single_files().items()}, folders=True)


def xapi_only() -> bytes:
    """An xAPI (Tin Can) package: tincan.xml and its launch page, no imsmanifest.xml."""
    return zip_bytes({
        "tincan.xml": """<?xml version="1.0" encoding="utf-8"?>
<tincan xmlns="http://projecttincan.com/tincan.xsd"><activities>
<activity id="http://example.edu.vn/bai-giang" type="http://adlnet.gov/expapi/activities/course">
<name>Bài giảng xAPI</name><launch lang="vi-VN">index.html</launch></activity>
</activities></tincan>
""",
        "index.html": "<!DOCTYPE html><title>Bài giảng xAPI</title>",
    })


def cmi5_only() -> bytes:
    """A cmi5 package: cmi5.xml and its assignable unit, no imsmanifest.xml."""
    return zip_bytes({
        "cmi5.xml": """<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
<course id="http://example.edu.vn/khoa-hoc"><title><langstring lang="vi-VN">Khoá học cmi5</langstring></title></course>
<au id="http://example.edu.vn/au/1"><title><langstring lang="vi-VN">Bài 1</langstring></title><url>index.html</url></au>
</courseStructure>
""",
        "index.html": "<!DOCTYPE html><title>Bài 1</title>",
    })


# --- packages that look like authoring tools' exports ------------------------------------------

TOOL_EXPORTS = ("iSpring", "Articulate Storyline", "Articulate Rise", "Adobe Captivate")


def tool_export(tool: str) -> bytes:
    """A small SCORM package laid out as `tool` lays out its exports:
    - iSpring: res/index.html opening with "<!-- Created with iSpring -->", the manifest
      without namespace prefix on scormtype (as older iSpring versions write it);
    - Articulate Storyline: index_lms.html, story.html, story_content/;
    - Articulate Rise: scormdriver/indexAPI.html launching scormcontent/index.html;
    - Adobe Captivate (SCORM 2004 3rd edition): index_scorm.html, assets/js/CPM.js."""
    sco = Sco("index.html", "Bài học", ("Nội dung bài học.",))
    if tool == "iSpring":
        page = sco_page(Sco("res/index.html", sco.title, sco.pages), "1.2")
        files = {"res/index.html": page.replace("<!DOCTYPE html>", "<!DOCTYPE html>\n<!-- Created with iSpring -->"
                                                "<!--version 10.3.5.15004 -->", 1),
                 "res/data/player.js": "/* player */", **_shared()}
        manifest = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="ispring-course" version="1.0" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org"><organization identifier="org"><title>Bài giảng iSpring</title>
    <item identifier="item" identifierref="res" isvisible="true"><title>{sco.title}</title></item>
  </organization></organizations>
  <resources><resource identifier="res" type="webcontent" scormtype="sco" href="res/index.html">
    <file href="res/index.html"/></resource></resources>
</manifest>
"""
        return zip_bytes({"imsmanifest.xml": manifest, **files})
    layouts = {
        "Articulate Storyline": ("index_lms.html", {"story.html": "<!-- Created using Storyline 360 -->",
                                                    "story_content/data.js": "/* slides */",
                                                    "lms/scormdriver.js": "/* driver */"}),
        "Articulate Rise": ("scormdriver/indexAPI.html", {"scormcontent/index.html": "<!DOCTYPE html>",
                                                          "scormcontent/lib/rise/main.js": "/* rise */",
                                                          "scormdriver/scormdriver.js": "/* driver */"}),
        "Adobe Captivate": ("index_scorm.html", {"assets/js/CPM.js": "/* cp */",
                                                 "assets/js/CPXHRLoader.js": "/* cp */",
                                                 "SCORM_utilities.js": "/* scorm */"}),
    }
    launch, extra = layouts[tool]
    scorm2004 = tool == "Adobe Captivate"
    launched = Sco(launch, sco.title, sco.pages)
    resources = _resource_xml("RES-1", launch, [launch, *extra], scorm2004=scorm2004)
    if scorm2004:
        manifest = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="captivate-course" version="1.0" {NS_2004}>
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 3rd Edition</schemaversion></metadata>
  <organizations default="ORG-1"><organization identifier="ORG-1"><title>Bài giảng Captivate</title>
{_item_xml(Node("ITEM-1", sco.title, "RES-1"))}  </organization></organizations>
  <resources>
{resources}  </resources>
</manifest>
"""
    else:
        manifest = manifest_12("course", f"Bài giảng {tool}", [Node("ITEM-1", sco.title, "RES-1")], resources)
    return zip_bytes({"imsmanifest.xml": manifest, launch: sco_page(launched, "2004" if scorm2004 else "1.2"),
                      **extra, **_shared()})


# --- hostile and broken packages ---------------------------------------------------------------


def _with_single(extra: dict[str, bytes | str] | None = None, infos: list[tuple[zipfile.ZipInfo, bytes]] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in {**_scorm12_single_files(), **(extra or {})}.items():
            archive.writestr(name, content)
        for info, content in infos:
            archive.writestr(info, content)
    return buffer.getvalue()


def zip_slip() -> bytes:
    """A valid package plus an entry named "../evil.html" (it would land outside its folder)."""
    return _with_single({"../evil.html": "<script>alert(1)</script>"})


def absolute_path() -> bytes:
    """A valid package plus an entry with an absolute name, "/tmp/evil.html"."""
    return _with_single({"/tmp/evil.html": "<script>alert(1)</script>"})


def symlink_entry() -> bytes:
    """A valid package plus "shared/passwd.txt", a symbolic link to /etc/passwd (as Unix zip
    stores one: its mode in the external attributes, the target as content)."""
    info = zipfile.ZipInfo("shared/passwd.txt")
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return _with_single(infos=[(info, b"/etc/passwd")])


BOMB_MB = 200  # under archives' 256 MB per entry, so that its ratio (about 1,000:1) refuses it


@functools.lru_cache(maxsize=2)
def zip_bomb(size_mb: int = BOMB_MB) -> bytes:
    """A package whose video.mp4 unpacks to `size_mb` MB of zeros from a few hundred KB
    (deflated, written a megabyte at a time: the builder never holds it whole). Cached."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in _scorm12_single_files().items():
            archive.writestr(name, content)
        zeros = bytes(1024 * 1024)
        with archive.open("video.mp4", "w", force_zip64=True) as member:
            for _ in range(size_mb):
                member.write(zeros)
    return buffer.getvalue()


def many_files(n: int = 10_001) -> bytes:
    """A valid package plus enough tiny files to make `n` entries in all (stored)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        files = _scorm12_single_files()
        for name, content in files.items():
            archive.writestr(name, content)
        for number in range(max(0, n - len(files))):
            archive.writestr(f"trang/{number:05d}.txt", b"")
    return buffer.getvalue()


def missing_manifest() -> bytes:
    """Neither imsmanifest.xml nor index.html: a folder of pages."""
    return zip_bytes({"bai-giang/noi-dung.html": "<p>Nội dung</p>", "doc-ky.txt": "Hướng dẫn"})


MALFORMED_LINE = 12  # the manifest's line whose element is closed by the wrong tag
MALFORMED_REASON = "mismatched tag"


def malformed_manifest() -> bytes:
    """scorm12_single whose manifest closes <adlcp:masteryscore> with </adlcp:mastery> on
    line MALFORMED_LINE."""
    files = _scorm12_single_files()
    lines = files["imsmanifest.xml"].split("\n")
    assert lines[MALFORMED_LINE - 1].strip() == "<adlcp:masteryscore>80</adlcp:masteryscore>"
    lines[MALFORMED_LINE - 1] = lines[MALFORMED_LINE - 1].replace("</adlcp:masteryscore>", "</adlcp:mastery>")
    files["imsmanifest.xml"] = "\n".join(lines)
    return zip_bytes(files)


def xxe_manifest() -> bytes:
    """A manifest whose title is an external entity reading file:///etc/passwd."""
    files = _scorm12_single_files()
    files["imsmanifest.xml"] = files["imsmanifest.xml"].replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE manifest [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    ).replace(f"<title>{SINGLE_TITLE}</title>", "<title>&xxe;</title>")
    return zip_bytes(files)


def billion_laughs() -> bytes:
    """A manifest whose title expands ten entities ten times over, nine levels deep."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{("&lol%d;" % (n - 1)) * 10}">' for n in range(1, 10)]
    files = _scorm12_single_files()
    files["imsmanifest.xml"] = files["imsmanifest.xml"].replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE manifest [{"".join(entities)}]>',
    ).replace(f"<title>{SINGLE_TITLE}</title>", "<title>&lol9;</title>")
    return zip_bytes(files)


# A 1x1 PNG: what a "zip" that is a picture renamed holds.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def not_a_zip() -> bytes:
    """A PNG picture, as if renamed bai-giang.zip."""
    return PNG


def truncated() -> bytes:
    """scorm12_single cut in half (its central directory lost)."""
    data = scorm12_single()
    return data[: len(data) // 2]


def missing_launch_file() -> bytes:
    """A manifest whose second lesson launches "bai2/index.html", which the zip lacks."""
    items = [Node("BAI-1", "Bài 1", "RES-1"), Node("BAI-2", "Bài 2", "RES-2")]
    resources = (_resource_xml("RES-1", "index.html", ["index.html"], scorm2004=False)
                 + _resource_xml("RES-2", "bai2/index.html", ["bai2/index.html"], scorm2004=False))
    files = {"imsmanifest.xml": manifest_12("THIEU-TEP", "Bài giảng thiếu tệp", items, resources),
             "index.html": sco_page(SINGLE_SCO, "1.2"), **_shared()}
    return zip_bytes(files)


# --- a SCO that does nothing by itself -------------------------------------------------------

IDLE_TITLE = "Bài thử giao diện SCORM"
IDLE_ITEM = "BAI-THU"


def idle_sco(version: str = "1.2") -> bytes:
    """One SCO (index.html, item IDLE_ITEM, no mastery score, passing score or threshold)
    whose page calls nothing: no script at all. For tests that make the API calls themselves
    in its frame. `version` "1.2" or "2004" (4th edition)."""
    page = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{escape(IDLE_TITLE)}</title></head>
<body><main id="sco"><h1>{escape(IDLE_TITLE)}</h1><p>Trang này không tự gọi API.</p></main></body></html>
"""
    scorm2004 = version == "2004"
    items = [Node(IDLE_ITEM, IDLE_TITLE, "RES-1")]
    resources = _resource_xml("RES-1", "index.html", ["index.html"], scorm2004=scorm2004)
    if scorm2004:
        manifest = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="BAI-THU-2004" version="1.0" {NS_2004}>
  <metadata><schema>ADL SCORM</schema><schemaversion>{SCHEMA_VERSIONS["4th"]}</schemaversion></metadata>
  <organizations default="ORG-1"><organization identifier="ORG-1"><title>{escape(IDLE_TITLE)}</title>
{_item_xml(items[0])}  </organization></organizations>
  <resources>
{resources}  </resources>
</manifest>
"""
    else:
        manifest = manifest_12("BAI-THU-12", IDLE_TITLE, items, resources)
    return zip_bytes({"imsmanifest.xml": manifest, "index.html": page})
