"""What a package is, from its file names and its manifest (lms/player/manifest.py): the
test packages of packages.py read as the ingest reads them, manifests written inline for
the details of the SCORM content aggregation model, and every refusal's message. Archive
refusals (zip slip, links, bombs...) belong to lms/core/archives.py: only that each hostile
builder is what it says is checked here."""

import io
import pickle
import unicodedata
import zipfile

import packages
import pytest
from django.utils import translation

from lms.core import archives
from lms.player.manifest import (
    MAX_DEPTH,
    MAX_MANIFEST_BYTES,
    Item,
    Manifest,
    ManifestError,
    detect_tool,
    package_root,
    parse_manifest,
    read_package,
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override(None):  # the English msgids
        yield


def names_of(data: bytes, **kw) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data), **kw) as archive:
        return [info.filename for info in archive.infolist() if not info.is_dir()]


def read(data: bytes, **kw) -> tuple[str, Manifest]:
    """read_package as the ingest calls it: the zip's file names, each member read with
    the manifest's bound."""
    with zipfile.ZipFile(io.BytesIO(data), **kw) as archive:
        names = [info.filename for info in archive.infolist() if not info.is_dir()]
        return read_package(names, lambda name: archives.read_member(archive, name, MAX_MANIFEST_BYTES))


def refusal(data: bytes) -> str:
    with pytest.raises(ManifestError) as refused:
        read(data)
    return str(refused.value)


def launches(manifest: Manifest) -> list[tuple[str, str, str]]:
    return [(item.identifier, item.href, item.parameters) for item in manifest.scos()]


def only(manifest: Manifest) -> Item:
    (item,) = manifest.scos()
    return item


# --- the test packages -------------------------------------------------------------------------


def test_scorm12_single():
    root, manifest = read(packages.scorm12_single())
    assert root == ""
    assert (manifest.standard, manifest.edition, manifest.identifier) == ("scorm12", "", "PHAN-SO-BANG-NHAU")
    assert (manifest.title, manifest.tool, manifest.organization) == (packages.SINGLE_TITLE, "", "ORG-1")
    assert manifest.sequencing == {}
    item = only(manifest)
    assert item == Item(
        identifier="ITEM-PHAN-SO", title="Phân số bằng nhau", href="index.html", parameters="", is_sco=True,
        visible=True, mastery_score=80.0, data_from_lms="", time_limit_action="", max_time_allowed="",
        completion_threshold=None, scaled_passing_score=None, objectives=(), sequencing={}, children=(),
        resource="RES-PHAN-SO",
    )


def test_scorm12_multi_nested_items_xml_base_and_parameters():
    _root, manifest = read(packages.scorm12_multi())
    chapter, test = manifest.items
    assert (chapter.identifier, chapter.title, chapter.href, chapter.is_sco) == (
        "CHUONG-1", "Chương 1: Điểm và đường thẳng", "", False)
    assert [child.title for child in chapter.children] == ["Bài 1: Điểm", "Bài 2: Đường thẳng"]
    # resources' xml:base "noidung/" applied; the asset resource (a dependency) is no item
    assert launches(manifest) == [
        ("BAI-1", "noidung/chuong1/bai1.html", "?lang=vi"),
        ("BAI-2", "noidung/chuong1/bai2.html", ""),
        ("KIEM-TRA", "noidung/kiemtra/index.html", ""),
    ]
    assert (test.mastery_score, test.max_time_allowed, test.time_limit_action, test.data_from_lms) == (
        70.0, "00:30:00", "exit,message", "de=1")
    assert chapter.children[0].mastery_score is None


@pytest.mark.parametrize("edition", ["2nd", "3rd", "4th"])
def test_scorm2004_sequenced(edition):
    _root, manifest = read(packages.scorm2004_sequenced(edition))
    assert (manifest.standard, manifest.edition, manifest.title) == ("scorm2004", edition, packages.SEQUENCED_TITLE)
    assert manifest.objectives_global_to_system is False
    assert (manifest.sequencing["choice"], manifest.sequencing["flow"]) == (True, True)
    lesson1, lesson2, test = manifest.scos()
    assert launches(manifest) == [("BAI-1", "bai1/index.html", ""), ("BAI-2", "bai2/index.html", ""),
                                  ("KIEM-TRA", "kiemtra/index.html", "")]
    for lesson in (lesson1, lesson2):
        assert lesson.is_sco and lesson.mastery_score is None
        assert lesson.completion_threshold == 0.8
        assert lesson.sequencing["completed_by_measure"] is (edition == "4th")
        # controlMode from the collection's "bai-hoc"; its deliveryControls replaced by the item's own
        assert {k: lesson.sequencing[k] for k in ("choice", "flow", "choice_exit", "forward_only")} == {
            "choice": True, "flow": True, "choice_exit": True, "forward_only": False}
        assert lesson.sequencing["completion_set_by_content"] is False
        assert lesson.sequencing["objective_set_by_content"] is True
        assert (lesson.scaled_passing_score, lesson.objectives, lesson.hide_lms_ui) == (None, (), ())
    assert test.scaled_passing_score == 0.6
    assert test.objectives == ("dat-bai-kiem-tra", "hieu-pin-mat-troi")
    assert (test.max_time_allowed, test.time_limit_action, test.data_from_lms) == ("PT30M", "exit,message", "de=A")
    assert test.completion_threshold is None
    assert test.hide_lms_ui == ("continue", "previous")
    # no controlMode of its own: the spec's defaults
    assert {k: test.sequencing[k] for k in ("choice", "flow", "choice_exit", "forward_only", "attempt_limit")} == {
        "choice": True, "flow": False, "choice_exit": True, "forward_only": False, "attempt_limit": 3}
    assert test.sequencing["objectives"][1] == {
        "id": "hieu-pin-mat-troi", "primary": False, "satisfied_by_measure": False, "min_normalized_measure": 1.0,
        "maps": [{"target": "toan-cuc-pin-mat-troi", "read_satisfied_status": True, "read_normalized_measure": True,
                  "write_satisfied_status": True, "write_normalized_measure": False}],
    }


VIETNAMESE_LAUNCHES = ["Bài 1/Giới thiệu.html", "Bài 2/Luyện tập.html"]


def test_vietnamese_names_flagged_utf8_and_a_percent_escaped_href():
    _root, manifest = read(packages.vietnamese_names())
    assert manifest.title == packages.VIETNAMESE_TITLE
    assert [item.href for item in manifest.scos()] == VIETNAMESE_LAUNCHES


@pytest.mark.parametrize("encoding", ["utf-8", "cp1258"])
def test_vietnamese_names_legacy(encoding):
    data = packages.vietnamese_names_legacy(encoding)
    # read as the zip format says (CP437): each launch file is found under that name
    names = names_of(data)
    assert not set(VIETNAMESE_LAUNCHES) & set(names)
    _root, manifest = read(data)
    hrefs = [item.href for item in manifest.scos()]
    assert all(href in names for href in hrefs)
    assert [unicodedata.normalize("NFC", href.encode("cp437").decode(encoding)) for href in hrefs] == VIETNAMESE_LAUNCHES
    # read in the code page it was written in: the names themselves (cp1258 decomposes tone marks)
    _root, manifest = read(data, metadata_encoding=encoding)
    assert [unicodedata.normalize("NFC", item.href) for item in manifest.scos()] == VIETNAMESE_LAUNCHES


def test_html5_package():
    root, manifest = read(packages.html5_package())
    assert root == ""
    assert (manifest.standard, manifest.edition, manifest.title, manifest.tool) == (
        "html", "", packages.HTML5_TITLE, "")
    assert launches(manifest) == [("index", "index.html", "")]
    assert (only(manifest).is_sco, only(manifest).title) == (False, packages.HTML5_TITLE)


def test_wrapped_in_folder():
    root, manifest = read(packages.wrapped_in_folder())
    assert root == "course/"
    assert launches(manifest) == [("ITEM-PHAN-SO", "index.html", "")]


@pytest.mark.parametrize("tool", packages.TOOL_EXPORTS)
def test_authoring_tool_exports(tool):
    _root, manifest = read(packages.tool_export(tool))
    assert manifest.tool == tool
    assert only(manifest).is_sco  # iSpring's unprefixed scormtype included


def test_refusals_of_packages():
    assert refusal(packages.xapi_only()) == (
        "This is an xAPI (Tin Can) package: xAPI packages cannot be played here. "
        "Export the lecture from its authoring tool as SCORM 1.2 or SCORM 2004.")
    assert refusal(packages.cmi5_only()) == (
        "This is a cmi5 package: cmi5 packages cannot be played here. "
        "Export the lecture from its authoring tool as SCORM 1.2 or SCORM 2004.")
    assert refusal(packages.missing_manifest()) == (
        "This file is not an e-learning package: it holds neither a SCORM manifest (imsmanifest.xml) "
        "nor a web page to start from (index.html).")
    assert refusal(packages.malformed_manifest()) == (
        f"The package's manifest (imsmanifest.xml) is not valid XML: line {packages.MALFORMED_LINE}: "
        f"{packages.MALFORMED_REASON}.")
    entities = ("The package's manifest (imsmanifest.xml) declares entities or external references, "
                "which are refused for safety.")
    assert refusal(packages.xxe_manifest()) == entities
    assert refusal(packages.billion_laughs()) == entities
    assert refusal(packages.missing_launch_file()) == (
        "The lesson “Bài 2” launches “bai2/index.html”, which is not in the package.")


def test_refusals_in_vietnamese():
    with translation.override("vi"):
        assert refusal(packages.malformed_manifest()) == (
            "Tệp kê khai của gói (imsmanifest.xml) không phải XML hợp lệ: dòng 12: thẻ đóng không khớp thẻ mở.")
        assert refusal(packages.xapi_only()) == (
            "Đây là gói xAPI (Tin Can): hệ thống không phát được gói xAPI. "
            "Hãy xuất bài giảng từ công cụ soạn thảo dưới dạng SCORM 1.2 hoặc SCORM 2004.")


def test_hostile_builders_are_what_they_say():
    """The ingest's tests use them; archives refuses each (its own tests say why)."""
    def archive_refusal(data: bytes) -> str:
        with pytest.raises(archives.ArchiveError) as refused:
            archives.open_zip(io.BytesIO(data)).close()
        return str(refused.value)

    assert "unsafe name (“../evil.html”)" in archive_refusal(packages.zip_slip())
    assert "unsafe name (“/tmp/evil.html”)" in archive_refusal(packages.absolute_path())
    assert "a link (“shared/passwd.txt”)" in archive_refusal(packages.symlink_entry())
    assert "zip bomb" in archive_refusal(packages.zip_bomb())
    assert len(packages.zip_bomb()) < 1024 * 1024
    assert "more than 10000 files" in archive_refusal(packages.many_files())
    assert archive_refusal(packages.not_a_zip()) == "This file is damaged: it cannot be opened."
    assert archive_refusal(packages.truncated()) == "This file is damaged: it cannot be opened."
    # what remains of each is a valid package
    for data in (packages.zip_slip(), packages.symlink_entry(), packages.many_files(20)):
        assert launches(read(data)[1]) == [("ITEM-PHAN-SO", "index.html", "")]


# --- where the package is ----------------------------------------------------------------------


def test_package_root():
    assert package_root(["imsmanifest.xml", "index.html", "a/imsmanifest.xml"]) == ""
    assert package_root(["course/", "course/imsmanifest.xml", "course/a.html"]) == "course/"
    # a wrapped manifest is found beside the archiver's leftovers
    assert package_root(["__MACOSX/course/._a.html", "course/imsmanifest.xml", ".DS_Store"]) == "course/"
    assert package_root(["IMSManifest.XML", "a.html"]) == ""
    assert package_root(["index.html", "css/a.css"]) == ""
    assert package_root(["site/index.html", "site/sub/index.html"]) == "site/"


def test_package_root_refusals():
    missing = ("This file is not an e-learning package: it holds neither a SCORM manifest (imsmanifest.xml) "
               "nor a web page to start from (index.html).")
    for names in ([], ["a/b/imsmanifest.xml", "a/b/x.html"], ["site/index.html", "notes.txt"], ["readme.txt"]):
        with pytest.raises(ManifestError) as refused:
            package_root(names)
        assert str(refused.value) == missing, names
    with pytest.raises(ManifestError) as refused:
        package_root(["bai1/imsmanifest.xml", "bai2/imsmanifest.xml"])
    assert str(refused.value) == ("This file holds several packages (in the folders “bai1” and “bai2”): "
                                  "upload one lecture per file.")
    with pytest.raises(ManifestError) as refused:
        package_root(["course.crs", "course.au", "course.des", "index.html"])
    assert str(refused.value) == (
        "This is an AICC package: AICC packages cannot be played here. "
        "Export the lecture from its authoring tool as SCORM 1.2 or SCORM 2004.")


def test_package_root_wrapped_html_only_when_everything_is_in_the_folder():
    with pytest.raises(ManifestError):
        package_root(["site/index.html", "notes.txt"])


# --- manifests written here ---------------------------------------------------------------


def manifest_xml(organizations: str, resources: str, *, head: str = "", namespaces: str = packages.NS_12,
                 attributes: str = "", default: str = "") -> bytes:
    default = f' default="{default}"' if default else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<manifest identifier="M" {namespaces}{attributes}>\n'
            f"{head}<organizations{default}>{organizations}</organizations>\n"
            f"<resources>{resources}</resources>\n</manifest>\n").encode()


def read_files(manifest: bytes, files: list[str]) -> Manifest:
    contents = {"imsmanifest.xml": manifest, **{name: b"<html></html>" for name in files}}
    return read_package(list(contents), contents.__getitem__)[1]


def refusal_of(manifest: bytes, files: list[str] = ()) -> str:
    with pytest.raises(ManifestError) as refused:
        read_files(manifest, list(files))
    return str(refused.value)


def test_no_organization_plays_the_one_sco_resource():
    data = manifest_xml("", '<resource identifier="R" type="webcontent" adlcp:scormtype="sco" href="a/start.html"/>',
                        head="<metadata><lom><general><title><langstring>Bài giảng</langstring></title>"
                             "</general></lom></metadata>")
    manifest = read_files(data, ["a/start.html"])
    assert manifest.title == "Bài giảng"
    assert launches(manifest) == [("R", "a/start.html", "")]
    assert only(manifest).is_sco


def test_unnamespaced_manifest_and_attribute_spellings():
    data = (b'<manifest identifier="M"><organizations><organization identifier="O"><title>  T\n  x </title>'
            b'<item identifier="I" identifierref="R" isvisible="false"><title>\n   B\xc3\xa0i 1  </title>'
            b"<masteryscore> 75 </masteryscore></item></organization></organizations>"
            b'<resources><resource identifier="R" scormType="SCO" href="i.html"/></resources></manifest>')
    manifest = read_files(data, ["i.html"])
    assert (manifest.standard, manifest.title) == ("scorm2004", "T x")  # scormType is 2004's spelling
    item = only(manifest)
    assert (item.title, item.is_sco, item.visible) == ("Bài 1", True, False)
    lowercase = read_files(data.replace(b"scormType", b"scormtype"), ["i.html"])
    assert (lowercase.standard, only(lowercase).is_sco, only(lowercase).mastery_score) == ("scorm12", True, 75.0)


@pytest.mark.parametrize("schema_version, features, expected", [
    ("", "", ("scorm2004", "3rd")),
    ("", '<adlcp:completionThreshold minProgressMeasure="0.5"/>', ("scorm2004", "4th")),
    ("2004 4th Edition", "", ("scorm2004", "4th")),
    ("CAM 1.3", "<adlcp:completionThreshold>0.5</adlcp:completionThreshold>", ("scorm2004", "2nd")),
])
def test_scorm2004_edition(schema_version, features, expected):
    head = f"<metadata><schemaversion>{schema_version}</schemaversion></metadata>" if schema_version else ""
    data = manifest_xml(
        f'<organization identifier="O"><title>T</title><item identifier="I" identifierref="R"><title>I</title>'
        f"{features}</item></organization>",
        '<resource identifier="R" adlcp:scormType="sco" href="i.html"/>', head=head, namespaces=packages.NS_2004)
    manifest = read_files(data, ["i.html"])
    assert (manifest.standard, manifest.edition) == expected
    assert only(manifest).completion_threshold == (0.5 if features else None)


def test_schemaversion_12_wins_over_the_content_packaging_namespace():
    data = manifest_xml(
        '<organization identifier="O"><title>T</title><item identifier="I" identifierref="R"><title>I</title>'
        "</item></organization>",
        '<resource identifier="R" adlcp:scormtype="sco" href="i.html"/>',
        head="<metadata><schemaversion>1.2</schemaversion></metadata>",
        namespaces='xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"')
    assert read_files(data, ["i.html"]).standard == "scorm12"


def test_xml_base_launch_parameters_and_default_organization():
    items = "".join(
        f'<item identifier="I{n}" identifierref="R{n}" parameters="{params}"><title>{n}</title></item>'
        for n, params in enumerate(["?lang=vi", "#p1", "&amp;a=1", "  b=2", "#p2", "c=3"]))
    organizations = ('<organization identifier="A"><title>Không phát</title></organization>'
                     f'<organization identifier="B"><title>Phát</title>{items}</organization>')
    resources = "".join([
        '<resource identifier="R0" adlcp:scormtype="sco" href="index.html"/>',
        '<resource identifier="R1" adlcp:scormtype="sco" href="index.html"/>',
        '<resource identifier="R2" adlcp:scormtype="sco" href="index.html?x=1"/>',
        '<resource identifier="R3" adlcp:scormtype="sco" xml:base="bai" href="./trang/../index.html"/>',
        '<resource identifier="R4" adlcp:scormtype="sco" href="index.html#dau"/>',
        '<resource identifier="R5" adlcp:scormtype="sco" xml:base="../khoahoc/" href="index.html?x=1#dau"/>',
    ])
    data = manifest_xml(organizations, resources, attributes=' xml:base="goc/"', default="B")
    data = data.replace(b"<resources>", b'<resources xml:base="noidung/">')
    manifest = read_files(data, ["goc/noidung/index.html", "goc/noidung/bai/index.html", "goc/khoahoc/index.html"])
    assert (manifest.title, manifest.organization) == ("Phát", "B")
    assert launches(manifest) == [
        ("I0", "goc/noidung/index.html", "?lang=vi"),
        ("I1", "goc/noidung/index.html", "#p1"),
        ("I2", "goc/noidung/index.html", "?x=1&a=1"),
        ("I3", "goc/noidung/bai/index.html", "?b=2"),
        ("I4", "goc/noidung/index.html", "#dau"),  # the href's own fragment wins
        ("I5", "goc/khoahoc/index.html", "?x=1&c=3#dau"),
    ]


def test_launch_files_found_through_escapes_normal_forms_and_letter_case():
    resources = "".join([
        '<resource identifier="R0" adlcp:scormtype="sco" href="B%C3%A0i%201/index.html"/>',
        '<resource identifier="R1" adlcp:scormtype="sco" href="Index.HTML"/>',
        f'<resource identifier="R2" adlcp:scormtype="sco" href="{unicodedata.normalize("NFC", "Giới.html")}"/>',
        '<resource identifier="R3" adlcp:scormtype="sco" href="bai\\trang.html"/>',
    ])
    items = "".join(f'<item identifier="I{n}" identifierref="R{n}"><title>{n}</title></item>' for n in range(4))
    nfd = unicodedata.normalize("NFD", "Giới.html")  # as macOS names files
    manifest = read_files(manifest_xml(f'<organization identifier="O"><title>T</title>{items}</organization>',
                                       resources), ["Bài 1/index.html", "index.html", nfd, "bai/trang.html"])
    assert [item.href for item in manifest.scos()] == ["Bài 1/index.html", "index.html", nfd, "bai/trang.html"]


def test_nested_items_in_table_of_contents_order():
    def item(name, inner=""):
        ref = f' identifierref="R{name}"' if not inner else ""
        return f'<item identifier="{name}"{ref}><title>{name}</title>{inner}</item>'
    tree = item("A", item("A1", item("A1a") + item("A1b")) + item("A2")) + item("B")
    resources = "".join(f'<resource identifier="R{n}" adlcp:scormtype="sco" href="{n}.html"/>'
                        for n in ("A1a", "A1b", "A2", "B"))
    manifest = read_files(manifest_xml(f'<organization identifier="O"><title>T</title>{tree}</organization>',
                                       resources), ["A1a.html", "A1b.html", "A2.html", "B.html"])
    assert [i.identifier for i in manifest.scos()] == ["A1a", "A1b", "A2", "B"]
    assert manifest.items[0].children[0].children[1].href == "A1b.html"

    deep = "".join(f'<item identifier="D{n}"><title>{n}</title>' for n in range(MAX_DEPTH + 2))
    deep += "</item>" * (MAX_DEPTH + 2)
    assert refusal_of(manifest_xml(f'<organization identifier="O"><title>T</title>{deep}</organization>', "")) == (
        f"The package's table of contents nests more than {MAX_DEPTH} levels deep.")


def test_scorm2004_sequencing_rules_and_defaults():
    sequencing = """<imsss:sequencing>
      <imsss:controlMode choice="false" choiceExit="false" flow="true" forwardOnly="true"/>
      <imsss:sequencingRules>
        <imsss:preConditionRule>
          <imsss:ruleConditions conditionCombination="any">
            <imsss:ruleCondition condition="satisfied"/>
            <imsss:ruleCondition operator="not" condition="attempted" referencedObjective="o1"/>
          </imsss:ruleConditions>
          <imsss:ruleAction action="skip"/>
        </imsss:preConditionRule>
        <imsss:postConditionRule>
          <imsss:ruleConditions><imsss:ruleCondition condition="objectiveMeasureLessThan" measureThreshold="0.5"/>
          </imsss:ruleConditions><imsss:ruleAction action="retry"/>
        </imsss:postConditionRule>
      </imsss:sequencingRules>
      <imsss:rollupRules objectiveMeasureWeight="0.5">
        <imsss:rollupRule childActivitySet="atLeastCount" minimumCount="2">
          <imsss:rollupConditions><imsss:rollupCondition condition="completed"/></imsss:rollupConditions>
          <imsss:rollupAction action="completed"/>
        </imsss:rollupRule>
      </imsss:rollupRules>
      <imsss:randomizationControls selectCount="1" selectionTiming="onEachNewAttempt"/>
      <adlseq:constrainedChoiceConsiderations constrainChoice="true"/>
      <adlseq:rollupConsiderations requiredForSatisfied="ifAttempted"/>
    </imsss:sequencing>"""
    data = manifest_xml(
        f'<organization identifier="O"><title>T</title><item identifier="C"><title>C</title>'
        f'<item identifier="I" identifierref="R"><title>I</title></item>{sequencing}</item></organization>',
        '<resource identifier="R" adlcp:scormType="sco" href="i.html"/>', namespaces=packages.NS_2004)
    manifest = read_files(data, ["i.html"])
    cluster = manifest.items[0]
    seq = cluster.sequencing
    assert (seq["choice"], seq["choice_exit"], seq["flow"], seq["forward_only"]) == (False, False, True, True)
    assert seq["pre_condition_rules"] == [{
        "condition_combination": "any", "action": "skip", "conditions": [
            {"condition": "satisfied", "operator": "noOp", "referenced_objective": "", "measure_threshold": 0.0},
            {"condition": "attempted", "operator": "not", "referenced_objective": "o1", "measure_threshold": 0.0},
        ]}]
    assert seq["post_condition_rules"][0]["conditions"][0]["measure_threshold"] == 0.5
    assert seq["post_condition_rules"][0]["condition_combination"] == "all"
    assert seq["exit_condition_rules"] == []
    assert seq["rollup_rules"] == [{"child_activity_set": "atLeastCount", "minimum_count": 2, "minimum_percent": 0.0,
                                    "condition_combination": "any", "action": "completed",
                                    "conditions": [{"condition": "completed", "operator": "noOp"}]}]
    assert (seq["objective_measure_weight"], seq["select_count"], seq["selection_timing"]) == (0.5, 1, "onEachNewAttempt")
    assert (seq["constrain_choice"], seq["prevent_activation"], seq["required_for_satisfied"]) == (True, False, "ifAttempted")
    # an item without <sequencing> has the spec's defaults; the organization too
    defaults = {"choice": True, "choice_exit": True, "flow": False, "forward_only": False, "tracked": True,
                "attempt_limit": None, "pre_condition_rules": [], "objectives": []}
    for sequencing in (only(manifest).sequencing, manifest.sequencing):
        assert {key: sequencing[key] for key in defaults} == defaults


def test_scaled_passing_score_only_when_satisfied_by_measure():
    def passing(objectives):
        data = manifest_xml(
            '<organization identifier="O"><title>T</title><item identifier="I" identifierref="R"><title>I</title>'
            f"<imsss:sequencing><imsss:objectives>{objectives}</imsss:objectives></imsss:sequencing>"
            "</item></organization>",
            '<resource identifier="R" adlcp:scormType="sco" href="i.html"/>', namespaces=packages.NS_2004)
        return only(read_files(data, ["i.html"])).scaled_passing_score

    assert passing('<imsss:primaryObjective satisfiedByMeasure="true"/>') == 1.0  # the default measure
    assert passing('<imsss:primaryObjective satisfiedByMeasure="true"><imsss:minNormalizedMeasure>0.75'
                   "</imsss:minNormalizedMeasure></imsss:primaryObjective>") == 0.75
    assert passing('<imsss:primaryObjective><imsss:minNormalizedMeasure>0.75</imsss:minNormalizedMeasure>'
                   "</imsss:primaryObjective>") is None


ONE_ITEM = '<organization identifier="O"><title>T</title><item identifier="I" identifierref="R"><title>Bài 1</title></item></organization>'


def test_manifest_refusals():
    assert refusal_of(manifest_xml(ONE_ITEM, '<resource identifier="X" adlcp:scormtype="sco" href="i.html"/>'),
                      ["i.html"]) == "The lesson “Bài 1” refers to a resource (“R”) that the manifest does not list."
    for href in ("../ngoai.html", "http://example.com/bai.html", "/etc/passwd", "a/../../b.html"):
        assert refusal_of(manifest_xml(ONE_ITEM, f'<resource identifier="R" adlcp:scormtype="sco" href="{href}"/>'),
                          ["i.html"]) == (f"The lesson “Bài 1” launches “{href}”, outside the package: "
                                          "only files inside the package can be played.")
    assert refusal_of(manifest_xml('<organization identifier="O"><title>T</title></organization>', "")) == (
        "The package's manifest (imsmanifest.xml) names no lesson to launch.")
    assert refusal_of(b"<?xml version='1.0'?><html><body/></html>") == (
        "The package's manifest (imsmanifest.xml) is not a SCORM manifest: its root element is “html”, "
        "not “manifest”.")
    assert refusal_of(b"") == "The package's manifest (imsmanifest.xml) is not valid XML: line 1: no element found."
    assert refusal_of(b"<manifest>\n<a>&nbsp;</a></manifest>") == (
        "The package's manifest (imsmanifest.xml) is not valid XML: line 2: undefined entity.")
    assert refusal_of(b"x" * (MAX_MANIFEST_BYTES + 1)) == (
        "The package's manifest (imsmanifest.xml) is larger than 5 MB: it is not read.")


def test_blank_lines_before_the_xml_declaration_are_tolerated():
    data = manifest_xml(ONE_ITEM, '<resource identifier="R" adlcp:scormtype="sco" href="i.html"/>')
    assert launches(read_files(b"\xef\xbb\xbf\n\n  " + data, ["i.html"])) == [("I", "i.html", "")]
    broken = b"\n\n" + data.replace(b"</title></item>", b"</titel></item>")
    assert refusal_of(broken, ["i.html"]).endswith(": line 5: mismatched tag.")


def test_manifest_error_crosses_a_process_boundary_and_speaks_vietnamese():
    try:
        parse_manifest(b"<manifest><a></b></manifest>")
    except ManifestError as error:
        copy = pickle.loads(pickle.dumps(error))
    assert str(copy) == "The package's manifest (imsmanifest.xml) is not valid XML: line 1: mismatched tag."
    with translation.override("vi"):
        assert str(copy) == ("Tệp kê khai của gói (imsmanifest.xml) không phải XML hợp lệ: dòng 1: "
                             "thẻ đóng không khớp thẻ mở.")


def test_detect_tool_from_words_and_generator():
    assert detect_tool([], b"<manifest><!-- Generated by Adobe Captivate --></manifest>") == "Adobe Captivate"
    assert detect_tool(["h5p.json", "index.html"]) == "H5P"
    assert detect_tool(["a001index.html"]) == "Lectora"
    assert detect_tool([], b"", b'<html><head><meta name="generator" content="Elucidat 2.0"></head>') == "Elucidat"
    assert detect_tool([], b"", '<meta name="generator" content="Trình soạn bài">'.encode()) == "Trình soạn bài"
    # a title naming a tool is not a tool's mark
    assert detect_tool([], b"<manifest><organizations><organization><title>Storyline</title>") == ""
