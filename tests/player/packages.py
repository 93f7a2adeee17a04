"""E-learning packages for the tests, built in memory (zip bytes): the good lectures the
project builds (lms/player/samples.py, re-exported here: scorm12_single, scorm12_multi,
scorm2004_sequenced and their pieces; its docstring says what their pages do and show),
and the test-only ones: Vietnamese and legacy file names, HTML5, xAPI and cmi5 packages,
authoring tools' layouts, hostile and broken packages, and an idle SCO.

Use `write(path, data)` to put one on disk. From tests outside this folder: `from player
import packages` (tests/ is on sys.path).
"""

from __future__ import annotations

import functools
import io
import stat
import unicodedata
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from lms.player.samples import (  # noqa: F401 - re-exported for the tests
    FRACTIONS_RIGHT, FRACTIONS_SCO, MULTI_SCOS, MULTI_TITLE, NS_12, NS_2004, QUIZ, QUIZ_RIGHT, SCHEMA_VERSIONS,
    SCO_CSS, SCO_JS, SEQUENCED_ITEMS, SEQUENCED_TITLE, SINGLE_SCO, SINGLE_TITLE, Node, Question, Sco,
    fractions_lecture, item_xml, manifest_12, resource_xml, sco_page, scorm12_multi, scorm12_single,
    scorm12_single_files, scorm2004_sequenced, shared_files, zip_bytes,
)

UTF8_FLAG = 0x800

# --- zips with legacy names ------------------------------------------------------------------


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


# --- packages of the tests only ----------------------------------------------------------------

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
        resource_xml("RES-1", VIETNAMESE_HREFS[0], [VIETNAMESE_SCOS[0].file, "Bài 1/Hình ảnh/Bản đồ.svg"],
                      scorm2004=False, dependencies=("RES-CHUNG",)),
        resource_xml("RES-2", VIETNAMESE_HREFS[1], [VIETNAMESE_SCOS[1].file], scorm2004=False,
                      dependencies=("RES-CHUNG",)),
        resource_xml("RES-CHUNG", "", ["Dùng chung/sco.js", "Dùng chung/style.css"], scorm2004=False, sco=False),
    ])
    files = {"imsmanifest.xml": manifest_12("LICH-SU-DIA-PHUONG", VIETNAMESE_TITLE, items, resources)}
    for sco in VIETNAMESE_SCOS:
        files[sco.file] = sco_page(sco, "1.2", shared="Dùng chung/")
    files["Bài 1/Hình ảnh/Bản đồ.svg"] = MAP_SVG
    files.update(shared_files("Dùng chung/"))
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
    return zip_bytes({folder + name: content for name, content in scorm12_single_files().items()}, folders=True)


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
                 "res/data/player.js": "/* player */", **shared_files()}
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
    resources = resource_xml("RES-1", launch, [launch, *extra], scorm2004=scorm2004)
    if scorm2004:
        manifest = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="captivate-course" version="1.0" {NS_2004}>
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 3rd Edition</schemaversion></metadata>
  <organizations default="ORG-1"><organization identifier="ORG-1"><title>Bài giảng Captivate</title>
{item_xml(Node("ITEM-1", sco.title, "RES-1"))}  </organization></organizations>
  <resources>
{resources}  </resources>
</manifest>
"""
    else:
        manifest = manifest_12("course", f"Bài giảng {tool}", [Node("ITEM-1", sco.title, "RES-1")], resources)
    return zip_bytes({"imsmanifest.xml": manifest, launch: sco_page(launched, "2004" if scorm2004 else "1.2"),
                      **extra, **shared_files()})


# --- hostile and broken packages ---------------------------------------------------------------


def _with_single(extra: dict[str, bytes | str] | None = None, infos: list[tuple[zipfile.ZipInfo, bytes]] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in {**scorm12_single_files(), **(extra or {})}.items():
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
        for name, content in scorm12_single_files().items():
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
        files = scorm12_single_files()
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
    files = scorm12_single_files()
    lines = files["imsmanifest.xml"].split("\n")
    assert lines[MALFORMED_LINE - 1].strip() == "<adlcp:masteryscore>80</adlcp:masteryscore>"
    lines[MALFORMED_LINE - 1] = lines[MALFORMED_LINE - 1].replace("</adlcp:masteryscore>", "</adlcp:mastery>")
    files["imsmanifest.xml"] = "\n".join(lines)
    return zip_bytes(files)


def xxe_manifest() -> bytes:
    """A manifest whose title is an external entity reading file:///etc/passwd."""
    files = scorm12_single_files()
    files["imsmanifest.xml"] = files["imsmanifest.xml"].replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE manifest [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    ).replace(f"<title>{SINGLE_TITLE}</title>", "<title>&xxe;</title>")
    return zip_bytes(files)


def billion_laughs() -> bytes:
    """A manifest whose title expands ten entities ten times over, nine levels deep."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{("&lol%d;" % (n - 1)) * 10}">' for n in range(1, 10)]
    files = scorm12_single_files()
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
    resources = (resource_xml("RES-1", "index.html", ["index.html"], scorm2004=False)
                 + resource_xml("RES-2", "bai2/index.html", ["bai2/index.html"], scorm2004=False))
    files = {"imsmanifest.xml": manifest_12("THIEU-TEP", "Bài giảng thiếu tệp", items, resources),
             "index.html": sco_page(SINGLE_SCO, "1.2"), **shared_files()}
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
    resources = resource_xml("RES-1", "index.html", ["index.html"], scorm2004=scorm2004)
    if scorm2004:
        manifest = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="BAI-THU-2004" version="1.0" {NS_2004}>
  <metadata><schema>ADL SCORM</schema><schemaversion>{SCHEMA_VERSIONS["4th"]}</schemaversion></metadata>
  <organizations default="ORG-1"><organization identifier="ORG-1"><title>{escape(IDLE_TITLE)}</title>
{item_xml(items[0])}  </organization></organizations>
  <resources>
{resources}  </resources>
</manifest>
"""
    else:
        manifest = manifest_12("BAI-THU-12", IDLE_TITLE, items, resources)
    return zip_bytes({"imsmanifest.xml": manifest, "index.html": page})
