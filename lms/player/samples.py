"""Small e-learning lectures the project builds itself, as zip bytes in memory: for the
demo district (`manage.py seed_demo` publishes two of them) and for the tests.

They are real SCORM packages, written the way authoring tools (iSpring, Storyline,
Captivate…) write theirs, in Vietnamese:
- scorm12_single: SCORM 1.2, one SCO, a lesson page then a two-question quiz;
- fractions_lecture: the same lecture as the demo publishes it, three pages (two of
  lesson, then a three-question quiz);
- scorm12_multi: SCORM 1.2, three SCOs (a chapter of two lessons, then a quiz);
- scorm2004_sequenced: SCORM 2004 (2nd, 3rd or 4th edition), three SCOs with
  sequencing (flow and choice), navigation requests and objectives.

Each SCO page finds the run-time API by walking `window.parent` (ADL's algorithm: itself
and up to 7 parents, then the opener), initialises, reads lesson location, suspend data
and entry before setting anything, then sets score, statuses, suspend data (JSON:
`{"page": n, "answers": {...}}`), exit, session time and interactions, commits and
finishes. SCORM 2004 pages also send `adl.nav.request` (previous, continue, choice).

What a page did is in its DOM, which the browser tests read:
- `<main id="sco">` carries what the page read when it started: `data-api` ("API",
  "API_1484_11" or "none"), `data-entry`, `data-location`, `data-suspend-data`,
  `data-status-at-start`, `data-learner`, `data-mastery-score` (1.2) or
  `data-scaled-passing-score` and `data-completion-threshold` (2004), and once answered
  `data-score` (0-100) and `data-result` ("passed"/"failed"); `data-page` is the page shown.
- `<p id="status">` says in Vietnamese what happened last; `<ol id="calls">`, folded
  away under "Nhật ký kết nối", lists every API call with its result (and the error code
  when not 0).
- Buttons: `#next-page` (Trang tiếp), `#answer` (Trả lời, on the quiz page), `#suspend`
  (Tạm dừng: exit "suspend"), `#finish` (Kết thúc); 2004 only: `#nav-previous`, `#nav-continue`,
  `#nav-choice-<ITEM>`. Quiz answers are radio buttons `#q1-a`, `#q1-b`...
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

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


# --- the SCOs' pages ---------------------------------------------------------------------------

SCO_JS = r"""/* A SCO of a lecture built by the platform, calling the SCORM API as authoring tools do. */
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
.log { margin-top: 2rem; font-size: .75rem; color: #555; }
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
<details class="log"><summary>Nhật ký kết nối</summary><ol id="calls"></ol></details>
</main>
<script type="application/json" id="sco-config">{config}</script>
<script src="{up}{shared}sco.js"></script>
</body>
</html>
"""


def shared_files(folder: str = "shared/") -> dict[str, str]:
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


def item_xml(node: Node, indent: str = "      ") -> str:
    ref = f' identifierref="{node.resource}"' if node.resource else ""
    inner = "".join(item_xml(child, indent + "  ") for child in node.children)
    return (f'{indent}<item identifier="{node.identifier}"{ref}{node.attributes}>\n'
            f"{indent}  <title>{escape(node.title)}</title>\n{node.extra}{inner}{indent}</item>\n")


def resource_xml(identifier: str, href: str, files: list[str], *, scorm2004: bool, sco: bool = True,
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
{"".join(item_xml(item) for item in items)}    </organization>
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


def scorm12_single_files(sco: Sco = SINGLE_SCO) -> dict[str, str]:
    """The files of a one-SCO SCORM 1.2 lecture whose page is `sco` (index.html), its
    mastery score in the manifest."""
    items = [Node("ITEM-PHAN-SO", sco.title, "RES-PHAN-SO",
                  extra=f"        <adlcp:masteryscore>{sco.mastery}</adlcp:masteryscore>\n")]
    resources = resource_xml("RES-PHAN-SO", "index.html", ["index.html", "shared/sco.js", "shared/style.css"],
                             scorm2004=False)
    return {
        "imsmanifest.xml": manifest_12("PHAN-SO-BANG-NHAU", SINGLE_TITLE, items, resources),
        "index.html": sco_page(sco, "1.2"),
        **shared_files(),
    }


def scorm12_single() -> bytes:
    """SCORM 1.2, one SCO (index.html): two pages, the second a 2-question quiz; mastery
    score 80 in the manifest (both answers right, QUIZ_RIGHT, is 100 and passes; one is 50)."""
    return zip_bytes(scorm12_single_files())


FRACTIONS_SCO = Sco(
    file="index.html",
    title="Phân số bằng nhau",
    pages=("Hai phân số bằng nhau khi chúng biểu diễn cùng một phần của một đơn vị: 1/2 và 2/4 đều là "
           "một nửa chiếc bánh.",
           "Nhân hoặc chia cả tử và mẫu của một phân số với cùng một số khác 0, ta được một phân số bằng "
           "nó: 2/3 = 4/6 = 6/9. Hai phân số a/b và c/d bằng nhau khi a × d = b × c.",
           "Làm bài kiểm tra nhanh: chọn đáp án đúng rồi bấm “Trả lời”."),
    questions=(*QUIZ, Question("q3", "Phân số nào bằng 6/9?", (("a", "3/2"), ("b", "2/3"), ("c", "9/6")), "b")),
    mastery=80,
)
FRACTIONS_RIGHT = {"q1": "a", "q2": "b", "q3": "b"}  # the answers that score 100


def fractions_lecture() -> bytes:
    """The demo's SCORM 1.2 quiz lecture (Toán 6): scorm12_single with three pages, two
    of lesson then a 3-question quiz (FRACTIONS_RIGHT scores 100; mastery score 80)."""
    return zip_bytes(scorm12_single_files(FRACTIONS_SCO))


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
        resource_xml("RES-BAI-1", lesson1.file, [lesson1.file], scorm2004=False, dependencies=("RES-CHUNG",)),
        resource_xml("RES-BAI-2", lesson2.file, [lesson2.file], scorm2004=False, dependencies=("RES-CHUNG",)),
        resource_xml("RES-KIEM-TRA", test.file, [test.file], scorm2004=False, dependencies=("RES-CHUNG",)),
        resource_xml("RES-CHUNG", "", ["shared/sco.js", "shared/style.css"], scorm2004=False, sco=False),
    ])
    files = {"imsmanifest.xml": manifest_12("DIEM-DUONG-THANG", MULTI_TITLE, items, resources,
                                            resources_base="noidung/")}
    for sco in MULTI_SCOS:
        files[f"noidung/{sco.file}"] = sco_page(sco, "1.2")
    files.update({f"noidung/{name}": content for name, content in shared_files().items()})
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
        item_xml(Node("BAI-1", scos[0].title, "RES-1", extra=own_delivery + _completion_threshold(edition))),
        item_xml(Node("BAI-2", scos[1].title, "RES-2", extra=own_delivery + _completion_threshold(edition))),
        item_xml(Node("KIEM-TRA", scos[2].title, "RES-3", extra=(
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
    resources = "".join(resource_xml(f"RES-{n}", sco.file, [sco.file, "shared/sco.js", "shared/style.css"],
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
    files = {"imsmanifest.xml": manifest, **shared_files()}
    for sco in scos:
        files[sco.file] = sco_page(sco, "2004")
    return zip_bytes(files)


