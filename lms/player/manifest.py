"""What an e-learning package is, from its file names and its manifest.

A package is a zip of web files. SCORM 1.2 and SCORM 2004 packages describe themselves in
`imsmanifest.xml` (IMS Content Packaging): organizations of nested items (the table of
contents), each item launching a resource's file; SCORM 2004 adds sequencing (IMS Simple
Sequencing) to the items. A package with no manifest but an `index.html` is a plain web
package, played untracked. xAPI (`tincan.xml`), cmi5 (`cmi5.xml`) and AICC packages are
recognised only to be refused with a clear reason.

Pure functions: no models, no database, no app registry at import time, so that they run
in a bounded child process (lms/core/sandbox.py). Every XML parse goes through defusedxml:
entity declarations (billion laughs, XXE) and external references are refused. Refusals
are `ManifestError`s whose message is for the uploader, translated when shown.

Leniency follows the leading players: namespaces are matched by local name (older iSpring
versions write adlcp attributes without a prefix), attribute names of SCORM extensions
case-insensitively (`scormtype`/`scormType`), `xml:base` without its trailing slash is a
folder, launch files are found through percent-escapes, Unicode normalisation, legacy zip
name encodings and letter case when the manifest and the zip disagree.
"""

from __future__ import annotations

import html
import math
import posixpath
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from urllib.parse import unquote
from xml.etree.ElementTree import Element
from xml.parsers import expat

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lms.core import untrusted_xml

MB = 1024 * 1024
MAX_MANIFEST_BYTES = 5 * MB  # the caller reads imsmanifest.xml with this bound
MAX_DEPTH = 64  # items nested deeper than this are refused (no package needs it)
SNIFF_BYTES = 64 * 1024  # how much of a launch page is looked at to name the authoring tool

MANIFEST_NAME = "imsmanifest.xml"
HTML_INDEX_NAMES = ("index.html", "index.htm")
# Files archivers add that are not part of a package (macOS, Windows).
_JUNK_FOLDERS = ("__MACOSX/",)
_JUNK_FILES = {".ds_store", "thumbs.db", "desktop.ini"}

_XML_NS = "http://www.w3.org/XML/1998/namespace"
_ADLSEQ_NS = "http://www.adlnet.org/xsd/adlseq_v1p3"
_NS_12 = ("http://www.adlnet.org/xsd/adlcp_rootv1p2", "http://www.imsproject.org/xsd/imscp_rootv1p1p2")
_NS_2004 = ("http://www.adlnet.org/xsd/adlcp_v1p3", _ADLSEQ_NS, "http://www.imsglobal.org/xsd/imsss",
            "http://www.adlnet.org/xsd/adlnav_v1p3")


class ManifestError(Exception):
    """A package refused for what it is or what its manifest says; str() is the reason,
    in the active language."""

    def __init__(self, message, params: dict | None = None):
        super().__init__(message, params)  # both picklable: it crosses a process boundary
        self.message = message
        self.params = params or {}

    def __str__(self):
        return str(self.message) % self.params if self.params else str(self.message)


@dataclass(frozen=True)
class Item:
    """One node of the table of contents (an <item>)."""

    identifier: str
    title: str
    href: str  # launch file relative to the package root, as named in the zip; "" for a container
    parameters: str  # what follows the file in the launch URL ("?lang=vi", "#p1", "")
    is_sco: bool
    visible: bool
    mastery_score: float | None  # SCORM 1.2, 0-100
    data_from_lms: str
    time_limit_action: str
    max_time_allowed: str
    completion_threshold: float | None  # SCORM 2004, 0-1
    scaled_passing_score: float | None  # SCORM 2004, -1-1
    objectives: tuple[str, ...]  # SCORM 2004 objective ids, the primary one first
    sequencing: dict  # SCORM 2004 sequencing definition (see `_sequencing`); {} for 1.2
    children: tuple[Item, ...]
    resource: str = ""  # the identifier of the resource it launches
    prerequisites: str = ""  # SCORM 1.2 adlcp:prerequisites, as written
    hide_lms_ui: tuple[str, ...] = ()  # SCORM 2004 adlnav:hideLMSUI ("continue", "previous"...)


@dataclass(frozen=True)
class Manifest:
    standard: str  # "scorm12", "scorm2004" or "html"
    edition: str  # SCORM 2004: "2nd", "3rd" or "4th"; "" otherwise
    identifier: str
    title: str
    items: tuple[Item, ...]  # the default organization's top-level items
    tool: str  # the authoring tool when it can tell ("iSpring", "Articulate Storyline"...), else ""
    organization: str = ""  # the identifier of the organization played
    sequencing: dict = field(default_factory=dict)  # SCORM 2004: the organization's own (the root activity)
    objectives_global_to_system: bool = True  # SCORM 2004 adlseq:objectivesGlobalToSystem

    def scos(self) -> list[Item]:
        """Every launchable item (href != ""), in table-of-contents order."""
        found: list[Item] = []

        def walk(items):
            for item in items:
                if item.href:
                    found.append(item)
                walk(item.children)

        walk(self.items)
        return found


# --- which files make the package ------------------------------------------------------------


def _is_junk(name: str) -> bool:
    return name.startswith(_JUNK_FOLDERS) or posixpath.basename(name).lower() in _JUNK_FILES


def _candidates(files: list[str], wanted: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """The names among `files` whose base name is one of `wanted` (any letter case): at the
    root, and one folder down."""
    top, below = [], []
    for name in files:
        parts = name.split("/")
        if parts[-1].lower() not in wanted:
            continue
        if len(parts) == 1:
            top.append(name)
        elif len(parts) == 2:
            below.append(name)
    return top, below


def _folder_of(name: str) -> str:
    return name.rsplit("/", 1)[0] + "/" if "/" in name else ""


def _find(files: list[str], wanted: tuple[str, ...], *, wrapped_only: bool) -> str | None:
    """The name of the first of `wanted` at the root, or one folder down (the root being
    that folder); None if neither. A second candidate one folder down is a second package.
    With `wrapped_only`, one folder down counts only when every file is in that folder."""
    top, below = _candidates(files, wanted)
    if top:
        return min(top, key=lambda n: wanted.index(n.lower()))
    folders = sorted({_folder_of(name) for name in below})
    if len(folders) > 1:
        raise ManifestError(
            _("This file holds several packages (in the folders “%(first)s” and “%(second)s”): "
              "upload one lecture per file."),
            {"first": folders[0].rstrip("/"), "second": folders[1].rstrip("/")})
    if not folders:
        return None
    folder = folders[0]
    if wrapped_only and any(not name.startswith(folder) for name in files):
        return None
    return min((n for n in below if n.startswith(folder)), key=lambda n: wanted.index(n.rsplit("/", 1)[1].lower()))


def _package_files(names: list[str]) -> list[str]:
    return [name for name in names if name and not name.endswith("/") and not _is_junk(name)]


def _locate(names: list[str]) -> tuple[str, str, str]:
    """(root, kind, the name of the file that says so): kind "scorm" or "html"."""
    files = _package_files(names)
    manifest = _find(files, (MANIFEST_NAME,), wrapped_only=False)
    if manifest is not None:
        return _folder_of(manifest), "scorm", manifest
    for wanted, message in (
        (("tincan.xml",), _("This is an xAPI (Tin Can) package: xAPI packages cannot be played here. "
                            "Export the lecture from its authoring tool as SCORM 1.2 or SCORM 2004.")),
        (("cmi5.xml",), _("This is a cmi5 package: cmi5 packages cannot be played here. "
                          "Export the lecture from its authoring tool as SCORM 1.2 or SCORM 2004.")),
    ):
        if _find(files, wanted, wrapped_only=False) is not None:
            raise ManifestError(message)
    if _is_aicc(files):
        raise ManifestError(_("This is an AICC package: AICC packages cannot be played here. "
                              "Export the lecture from its authoring tool as SCORM 1.2 or SCORM 2004."))
    index = _find(files, HTML_INDEX_NAMES, wrapped_only=True)
    if index is None:
        raise ManifestError(_("This file is not an e-learning package: it holds neither a SCORM manifest "
                              "(imsmanifest.xml) nor a web page to start from (index.html)."))
    return _folder_of(index), "html", index


def _is_aicc(files: list[str]) -> bool:
    """AICC course structure files (.crs and .au, with .des and .cst) at the root or one down."""
    found = {name.rsplit(".", 1)[-1].lower() for name in files if name.count("/") <= 1 and "." in name}
    return {"crs", "au"} <= found


def package_root(names: list[str]) -> str:
    """The folder holding the package ("" or "course/"): imsmanifest.xml at the root, or one
    folder down when the zip wraps the package in a folder; for web packages the same with
    index.html (one folder down only when every file is in that folder). ManifestError when
    it is none of these, or an xAPI, cmi5 or AICC package."""
    return _locate(names)[0]


# --- reading the manifest ----------------------------------------------------------------------


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _ns(tag) -> str:
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def _children(element: Element | None, name: str, *, adlseq: bool | None = None) -> list[Element]:
    """Child elements of that local name, whatever their namespace (case-insensitive);
    `adlseq` True/False keeps only those in / not in the adlseq namespace, which reuses some
    of imsss's names (objectives)."""
    if element is None:
        return []
    name = name.lower()
    found = []
    for child in element:
        if _local(child.tag).lower() != name:
            continue
        if adlseq is not None and (_ns(child.tag) == _ADLSEQ_NS) != adlseq:
            continue
        found.append(child)
    return found


def _child(element: Element | None, name: str, **kw) -> Element | None:
    found = _children(element, name, **kw)
    return found[0] if found else None


def _attr(element: Element | None, name: str, default: str = "") -> str:
    """An attribute by local name, whatever its namespace or prefix, case-insensitively;
    an exact match first."""
    if element is None:
        return default
    if name in element.attrib:
        return element.attrib[name]
    wanted = name.lower()
    for key, value in element.attrib.items():
        local = _local(key).lower()
        if local == wanted or local.split(":")[-1] == wanted:  # "adlcp:scormtype" unbound prefix
            return value
    return default


def _text(element: Element | None) -> str:
    """The element's text with runs of white space made one space, trimmed."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def _bool(value: str, default: bool) -> bool:
    value = value.strip().lower()
    if value in ("true", "1"):
        return True
    if value in ("false", "0"):
        return False
    return default


def _float(value: str | None, default: float | None = None) -> float | None:
    try:
        number = float((value or "").strip())
    except ValueError:
        return default
    return number if math.isfinite(number) else default


def _int(value: str, default: int | None = None) -> int | None:
    try:
        return int(value.strip())
    except ValueError:
        return default


# The reasons expat gives (its messages), in words the uploader's language has.
_XML_REASONS = {
    expat.errors.XML_ERROR_SYNTAX: pgettext_lazy("XML parser", "syntax error"),
    expat.errors.XML_ERROR_NO_ELEMENTS: pgettext_lazy("XML parser", "no element found"),
    expat.errors.XML_ERROR_INVALID_TOKEN: pgettext_lazy("XML parser", "not well-formed (invalid token)"),
    expat.errors.XML_ERROR_UNCLOSED_TOKEN: pgettext_lazy("XML parser", "unclosed token"),
    expat.errors.XML_ERROR_PARTIAL_CHAR: pgettext_lazy("XML parser", "partial character"),
    expat.errors.XML_ERROR_TAG_MISMATCH: pgettext_lazy("XML parser", "mismatched tag"),
    expat.errors.XML_ERROR_DUPLICATE_ATTRIBUTE: pgettext_lazy("XML parser", "duplicate attribute"),
    expat.errors.XML_ERROR_JUNK_AFTER_DOC_ELEMENT: pgettext_lazy("XML parser", "junk after document element"),
    expat.errors.XML_ERROR_UNDEFINED_ENTITY: pgettext_lazy("XML parser", "undefined entity"),
    expat.errors.XML_ERROR_UNBOUND_PREFIX: pgettext_lazy("XML parser", "unbound prefix"),
    expat.errors.XML_ERROR_MISPLACED_XML_PI: pgettext_lazy(
        "XML parser", "XML or text declaration not at start of entity"),
    expat.errors.XML_ERROR_UNKNOWN_ENCODING: pgettext_lazy("XML parser", "unknown encoding"),
    expat.errors.XML_ERROR_INCORRECT_ENCODING: pgettext_lazy(
        "XML parser", "encoding specified in XML declaration is incorrect"),
}


def _parse_xml(data: bytes) -> Element:
    if len(data) > MAX_MANIFEST_BYTES:
        raise ManifestError(_("The package's manifest (imsmanifest.xml) is larger than %(size)d MB: "
                              "it is not read."), {"size": MAX_MANIFEST_BYTES // MB})
    try:
        return untrusted_xml.parse(data)
    except untrusted_xml.Hostile as exc:
        raise ManifestError(_("The package's manifest (imsmanifest.xml) declares entities or external "
                              "references, which are refused for safety.")) from exc
    except untrusted_xml.Malformed as exc:
        reason = _XML_REASONS.get(exc.reason)  # lazy: `or` would translate it here, in a child without apps
        raise _not_xml(exc.line, exc.reason if reason is None else reason) from exc


def _not_xml(line: int, reason) -> ManifestError:
    return ManifestError(_("The package's manifest (imsmanifest.xml) is not valid XML: line %(line)d: %(reason)s."),
                         {"line": line, "reason": reason})


def _namespaces(root: Element) -> set[str]:
    found = set()
    for element in root.iter():
        found.add(_ns(element.tag))
        found.update(_ns(key) for key in element.attrib)
    found.discard("")
    return found


def _standard(root: Element, schema_version: str) -> tuple[str, str]:
    """("scorm12" or "scorm2004", edition) from <schemaversion>, else the namespaces, else
    the spelling of the SCO attribute; SCORM 1.2 when nothing tells (the lenient guess)."""
    version = schema_version.strip().lower()
    edition = ""
    if "2004" in version or version in ("cam 1.3", "1.3"):
        match = re.search(r"(2nd|3rd|4th)", version)
        edition = match.group(1) if match else ("2nd" if "1.3" in version else "")
        return "scorm2004", edition or _edition_from_features(root)
    if re.search(r"\b1\.[012]\b", version):
        return "scorm12", ""
    namespaces = _namespaces(root)
    if namespaces & set(_NS_2004):
        return "scorm2004", _edition_from_features(root)
    if namespaces & set(_NS_12):
        return "scorm12", ""
    for element in root.iter():
        for key in element.attrib:
            if _local(key).split(":")[-1] == "scormType":
                return "scorm2004", _edition_from_features(root)
    return "scorm12", ""


def _edition_from_features(root: Element) -> str:
    """A SCORM 2004 manifest that names no edition: 4th when it uses what only the 4th has
    (completionThreshold attributes, adlseq objectives, shared data), else 3rd."""
    for element in root.iter():
        local = _local(element.tag)
        if local == "completionThreshold" and element.attrib:
            return "4th"
        if local in ("objectives", "data") and _ns(element.tag) in (_ADLSEQ_NS, "http://www.adlnet.org/xsd/adlcp_v1p3"):
            return "4th"
    return "3rd"


def _lom_title(metadata: Element | None) -> str:
    """The package's own title in its LOM metadata (general/title/langstring or string)."""
    lom = _child(metadata, "lom")
    title = _child(_child(lom, "general"), "title")
    if title is None:
        return ""
    for name in ("string", "langstring"):
        for element in _children(title, name):
            if text := _text(element):
                return text
    return _text(title)


@dataclass
class _Resource:
    identifier: str
    href: str  # as written, xml:base applied, not yet decoded
    is_sco: bool


def _base_join(base: str, href: str) -> str:
    """`href` under an xml:base (a folder, with or without its trailing slash)."""
    base = base.strip().replace("\\", "/")
    if not base or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", href) or href.startswith("/"):
        return href
    return base if not href else (base if base.endswith("/") else base + "/") + href


def _resources(root: Element, manifest_base: str) -> dict[str, _Resource]:
    resources_element = _child(root, "resources")
    base = _base_join(manifest_base, _attr(resources_element, f"{{{_XML_NS}}}base"))
    found: dict[str, _Resource] = {}
    for element in _children(resources_element, "resource"):
        identifier = _attr(element, "identifier").strip()
        href = _attr(element, "href").strip()
        resource_base = _base_join(base, element.attrib.get(f"{{{_XML_NS}}}base", ""))
        kind = _attr(element, "scormtype") or _attr(element, "scormType")
        found.setdefault(identifier, _Resource(
            identifier=identifier,
            href=_base_join(resource_base, href) if href else "",
            is_sco=kind.strip().lower() == "sco",
        ))
    return found


def _launch(href: str, parameters: str) -> tuple[str, str]:
    """(file, what follows it in the launch URL): the href's own query and fragment and
    the item's parameters, combined as SCORM's content aggregation model says: leading
    "?" and "&" dropped; "#..." appended unless the href has a fragment; else appended to
    the query with "&", or as one with "?"."""
    path, fragment = (href.split("#", 1) + [""])[:2]
    path, query = (path.split("?", 1) + [""])[:2]
    parameters = parameters.strip().lstrip("?&")
    if parameters.startswith("#"):
        if not fragment:
            fragment = parameters[1:]
    elif parameters:
        query = f"{query}&{parameters}" if query else parameters
    suffix = (f"?{query}" if query else "") + (f"#{fragment}" if fragment else "")
    return path, suffix


def _sequencing_collection(root: Element) -> dict[str, Element]:
    collection = _child(root, "sequencingCollection")
    return {_attr(element, "ID"): element for element in _children(collection, "sequencing") if _attr(element, "ID")}


def _sequencing_parts(element: Element | None, collection: dict[str, Element]) -> dict[str, Element]:
    """The parts of an item's <sequencing>, by (namespace-qualified) name: those of the
    collection's <sequencing> it refers to (IDRef), overridden part by part by its own."""
    parts: dict[str, Element] = {}
    if element is None:
        return parts
    shared = collection.get(_attr(element, "IDRef"))
    for source in (shared, element):
        if source is None:
            continue
        for child in source:
            if isinstance(child.tag, str):
                key = ("adlseq:" if _ns(child.tag) == _ADLSEQ_NS else "") + _local(child.tag)
                parts[key] = child
    return parts


def _rules(container: Element | None, name: str) -> list[dict]:
    rules = []
    for rule in _children(container, name):
        conditions_element = _child(rule, "ruleConditions")
        rules.append({
            "condition_combination": _attr(conditions_element, "conditionCombination", "all") or "all",
            "conditions": [{
                "condition": _attr(condition, "condition"),
                "operator": _attr(condition, "operator", "noOp") or "noOp",
                "referenced_objective": _attr(condition, "referencedObjective"),
                "measure_threshold": _float(_attr(condition, "measureThreshold"), 0.0),
            } for condition in _children(conditions_element, "ruleCondition")],
            "action": _attr(_child(rule, "ruleAction"), "action"),
        })
    return rules


def _objective(element: Element, primary: bool) -> dict:
    return {
        "id": _attr(element, "objectiveID").strip(),
        "primary": primary,
        "satisfied_by_measure": _bool(_attr(element, "satisfiedByMeasure"), False),
        "min_normalized_measure": _float(_text(_child(element, "minNormalizedMeasure")), 1.0),
        "maps": [{
            "target": _attr(info, "targetObjectiveID"),
            "read_satisfied_status": _bool(_attr(info, "readSatisfiedStatus"), True),
            "read_normalized_measure": _bool(_attr(info, "readNormalizedMeasure"), True),
            "write_satisfied_status": _bool(_attr(info, "writeSatisfiedStatus"), False),
            "write_normalized_measure": _bool(_attr(info, "writeNormalizedMeasure"), False),
        } for info in _children(element, "mapInfo")],
    }


def _sequencing(parts: dict[str, Element], completion: Element | None) -> dict:
    """An activity's sequencing definition (IMS SS / SCORM 2004 SN), every value present
    with the spec's default when the manifest leaves it out."""
    control = parts.get("controlMode")
    limits = parts.get("limitConditions")
    rollup = parts.get("rollupRules")
    randomization = parts.get("randomizationControls")
    delivery = parts.get("deliveryControls")
    choice = parts.get("adlseq:constrainedChoiceConsiderations")
    considerations = parts.get("adlseq:rollupConsiderations")
    rules = parts.get("sequencingRules")
    objectives_element = parts.get("objectives")
    objectives = []
    if objectives_element is not None:
        objectives += [_objective(e, True) for e in _children(objectives_element, "primaryObjective")[:1]]
        objectives += [_objective(e, False) for e in _children(objectives_element, "objective")]
    return {
        "choice": _bool(_attr(control, "choice"), True),
        "choice_exit": _bool(_attr(control, "choiceExit"), True),
        "flow": _bool(_attr(control, "flow"), False),
        "forward_only": _bool(_attr(control, "forwardOnly"), False),
        "use_current_attempt_objective_info": _bool(_attr(control, "useCurrentAttemptObjectiveInfo"), True),
        "use_current_attempt_progress_info": _bool(_attr(control, "useCurrentAttemptProgressInfo"), True),
        "attempt_limit": _int(_attr(limits, "attemptLimit")),
        "attempt_absolute_duration_limit": _attr(limits, "attemptAbsoluteDurationLimit").strip(),
        "tracked": _bool(_attr(delivery, "tracked"), True),
        "completion_set_by_content": _bool(_attr(delivery, "completionSetByContent"), False),
        "objective_set_by_content": _bool(_attr(delivery, "objectiveSetByContent"), False),
        "prevent_activation": _bool(_attr(choice, "preventActivation"), False),
        "constrain_choice": _bool(_attr(choice, "constrainChoice"), False),
        "rollup_objective_satisfied": _bool(_attr(rollup, "rollupObjectiveSatisfied"), True),
        "rollup_progress_completion": _bool(_attr(rollup, "rollupProgressCompletion"), True),
        "objective_measure_weight": _float(_attr(rollup, "objectiveMeasureWeight"), 1.0),
        "required_for_satisfied": _attr(considerations, "requiredForSatisfied", "always"),
        "required_for_not_satisfied": _attr(considerations, "requiredForNotSatisfied", "always"),
        "required_for_completed": _attr(considerations, "requiredForCompleted", "always"),
        "required_for_incomplete": _attr(considerations, "requiredForIncomplete", "always"),
        "measure_satisfaction_if_active": _bool(_attr(considerations, "measureSatisfactionIfActive"), True),
        "randomization_timing": _attr(randomization, "randomizationTiming", "never"),
        "select_count": _int(_attr(randomization, "selectCount")),
        "reorder_children": _bool(_attr(randomization, "reorderChildren"), False),
        "selection_timing": _attr(randomization, "selectionTiming", "never"),
        "completed_by_measure": _bool(_attr(completion, "completedByMeasure"), False),
        "progress_weight": _float(_attr(completion, "progressWeight"), 1.0),
        "pre_condition_rules": _rules(rules, "preConditionRule"),
        "exit_condition_rules": _rules(rules, "exitConditionRule"),
        "post_condition_rules": _rules(rules, "postConditionRule"),
        "rollup_rules": [{
            "child_activity_set": _attr(rule, "childActivitySet", "all"),
            "minimum_count": _int(_attr(rule, "minimumCount"), 0),
            "minimum_percent": _float(_attr(rule, "minimumPercent"), 0.0),
            "condition_combination": _attr(_child(rule, "rollupConditions"), "conditionCombination", "any"),
            "conditions": [{
                "condition": _attr(condition, "condition"),
                "operator": _attr(condition, "operator", "noOp") or "noOp",
            } for condition in _children(_child(rule, "rollupConditions"), "rollupCondition")],
            "action": _attr(_child(rule, "rollupAction"), "action"),
        } for rule in _children(rollup, "rollupRule")],
        "objectives": objectives,
    }


def _completion_threshold(element: Element | None) -> float | None:
    """adlcp:completionThreshold: its text (2nd and 3rd editions) or its minProgressMeasure
    attribute (4th edition, default 1.0 when completedByMeasure is set)."""
    if element is None:
        return None
    if "minProgressMeasure" in {_local(key) for key in element.attrib}:
        return _float(_attr(element, "minProgressMeasure"))
    if text := _text(element):
        return _float(text)
    return 1.0 if _bool(_attr(element, "completedByMeasure"), False) else None


class _Reader:
    def __init__(self, root: Element, standard: str):
        self.standard = standard
        self.resources = _resources(root, _attr(root, f"{{{_XML_NS}}}base"))
        self.collection = _sequencing_collection(root) if standard == "scorm2004" else {}

    def items(self, parent: Element, depth: int = 0) -> tuple[Item, ...]:
        if depth > MAX_DEPTH:
            raise ManifestError(_("The package's table of contents nests more than %(depth)d levels deep."),
                                {"depth": MAX_DEPTH})
        return tuple(self.item(element, depth) for element in _children(parent, "item"))

    def item(self, element: Element, depth: int) -> Item:
        identifier = _attr(element, "identifier").strip()
        title = _text(_child(element, "title")) or identifier
        ref = _attr(element, "identifierref").strip()
        href, parameters, is_sco = "", "", False
        if ref:
            resource = self.resources.get(ref)
            if resource is None:
                raise ManifestError(_("The lesson “%(item)s” refers to a resource (“%(ref)s”) that the "
                                      "manifest does not list."), {"item": _shown(title), "ref": _shown(ref)})
            if resource.href:
                href, parameters = _launch(resource.href, _attr(element, "parameters"))
                is_sco = resource.is_sco
        scorm2004 = self.standard == "scorm2004"
        parts = _sequencing_parts(_child(element, "sequencing"), self.collection) if scorm2004 else {}
        completion = _child(element, "completionThreshold") if scorm2004 else None
        sequencing = _sequencing(parts, completion) if scorm2004 else {}
        objectives = sequencing.get("objectives", [])
        primary = next((o for o in objectives if o["primary"]), None)
        max_time = _text(_child(element, "maxtimeallowed"))
        if scorm2004:
            max_time = sequencing["attempt_absolute_duration_limit"] or max_time
        presentation = _child(_child(element, "presentation"), "navigationInterface")
        return Item(
            identifier=identifier,
            title=title,
            href=href,
            parameters=parameters,
            is_sco=is_sco,
            visible=_bool(_attr(element, "isvisible"), True),
            mastery_score=None if scorm2004 else _float(_text(_child(element, "masteryscore"))),
            data_from_lms=_text(_child(element, "datafromlms")),
            time_limit_action=_text(_child(element, "timelimitaction")),
            max_time_allowed=max_time,
            completion_threshold=_completion_threshold(completion),
            scaled_passing_score=(primary["min_normalized_measure"]
                                  if primary and primary["satisfied_by_measure"] else None),
            objectives=tuple(dict.fromkeys(o["id"] for o in objectives if o["id"])),
            sequencing=sequencing,
            children=self.items(element, depth + 1),
            resource=ref,
            prerequisites=_text(_child(element, "prerequisites")),
            hide_lms_ui=tuple(_text(e) for e in _children(presentation, "hideLMSUI") if _text(e)),
        )

    def lone_resources(self, title: str) -> tuple[Item, ...]:
        """Items for a manifest without organizations: each SCO resource with a file (some
        tools write only the resource), else the first resource with a file."""
        launchable = [r for r in self.resources.values() if r.href]
        chosen = [r for r in launchable if r.is_sco] or launchable[:1]
        items = []
        for resource in chosen:
            href, parameters = _launch(resource.href, "")
            items.append(Item(
                identifier=resource.identifier, title=title or resource.identifier, href=href,
                parameters=parameters, is_sco=resource.is_sco, visible=True, mastery_score=None,
                data_from_lms="", time_limit_action="", max_time_allowed="", completion_threshold=None,
                scaled_passing_score=None, objectives=(),
                sequencing=_sequencing({}, None) if self.standard == "scorm2004" else {},
                children=(), resource=resource.identifier,
            ))
        return tuple(items)


def parse_manifest(data: bytes) -> Manifest:
    """The package an imsmanifest.xml describes, its launch files as the manifest names
    them (xml:base applied, not yet checked against the zip: see `read_package`)."""
    root = _parse_xml(data)
    if _local(root.tag) != "manifest":
        raise ManifestError(_("The package's manifest (imsmanifest.xml) is not a SCORM manifest: its root "
                              "element is “%(tag)s”, not “manifest”."), {"tag": _shown(_local(root.tag))})
    metadata = _child(root, "metadata")
    standard, edition = _standard(root, _text(_child(metadata, "schemaversion")))
    reader = _Reader(root, standard)
    organizations = _child(root, "organizations")
    all_organizations = _children(organizations, "organization")
    default = _attr(organizations, "default").strip()
    organization = next((o for o in all_organizations if _attr(o, "identifier").strip() == default),
                        all_organizations[0] if all_organizations else None)
    package_title = _lom_title(metadata)
    if organization is not None:
        title = _text(_child(organization, "title")) or package_title
        items = reader.items(organization)
        scorm2004 = standard == "scorm2004"
        sequencing = (_sequencing(_sequencing_parts(_child(organization, "sequencing"), reader.collection), None)
                      if scorm2004 else {})
        global_objectives = _bool(_attr(organization, "objectivesGlobalToSystem"), True) if scorm2004 else True
    else:
        title = package_title
        items = reader.lone_resources(title)
        sequencing = _sequencing({}, None) if standard == "scorm2004" else {}
        global_objectives = True
    manifest = Manifest(
        standard=standard, edition=edition, identifier=_attr(root, "identifier").strip(), title=title,
        items=items, tool="", organization=_attr(organization, "identifier").strip(),
        sequencing=sequencing, objectives_global_to_system=global_objectives,
    )
    if not manifest.scos():
        raise ManifestError(_("The package's manifest (imsmanifest.xml) names no lesson to launch."))
    return manifest


# --- launch files against the zip's names ----------------------------------------------------


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _legacy_readings(name: str) -> list[str]:
    """What a name zipfile read as CP437 (no UTF-8 flag) may have been written as: UTF-8
    (macOS, Linux, Java tools) or Vietnamese Windows' code page 1258."""
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return []
    if raw.isascii():
        return []
    readings = []
    for encoding in ("utf-8", "cp1258"):
        try:
            readings.append(raw.decode(encoding))
        except UnicodeDecodeError:
            pass
    return readings


class _Files:
    """The package's files by the names a manifest may give them."""

    def __init__(self, names: list[str], root: str):
        self.exact: dict[str, str] = {}
        self.folded: dict[str, str | None] = {}
        for name in names:
            if not name.startswith(root) or name.endswith("/"):
                continue
            relative = name[len(root):]
            for key in [relative, *_legacy_readings(relative)]:
                key = _nfc(key)
                self.exact.setdefault(key, relative)
                folded = key.casefold()
                if self.folded.get(folded, relative) != relative:
                    self.folded[folded] = None  # two files differ only in letter case
                else:
                    self.folded[folded] = relative

    def find(self, path: str) -> str | None:
        keys = [_nfc(path)]
        if (decoded := _nfc(unquote(path))) != keys[0]:
            keys.insert(0, decoded)
        for key in keys:
            if key in self.exact:
                return self.exact[key]
        for key in keys:
            if found := self.folded.get(key.casefold()):
                return found
        return None


def _clean_path(href: str) -> str | None:
    """A launch path inside the package, normalised ("a/b/index.html"); None when it
    leaves the package (an address, an absolute path, "..")."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", href) or href.startswith(("/", "\\")):
        return None
    path = posixpath.normpath(href.replace("\\", "/"))
    if path in (".", "..") or path.startswith("../"):
        return None
    return path


def _resolved(items: tuple[Item, ...], files: _Files) -> tuple[Item, ...]:
    resolved = []
    for item in items:
        href = item.href
        if href:
            path = _clean_path(href)
            if path is None:
                raise ManifestError(_("The lesson “%(item)s” launches “%(file)s”, outside the package: only "
                                      "files inside the package can be played."),
                                    {"item": _shown(item.title), "file": _shown(href)})
            href = files.find(path)
            if href is None:
                raise ManifestError(_("The lesson “%(item)s” launches “%(file)s”, which is not in the package."),
                                    {"item": _shown(item.title), "file": _shown(unquote(path))})
        resolved.append(replace(item, href=href, children=_resolved(item.children, files)))
    return tuple(resolved)


# --- which authoring tool made it ------------------------------------------------------------

# Files only one tool writes (names relative to the package root, lower case).
_TOOL_FILES: list[tuple[str, Callable[[set[str], set[str]], bool]]] = [
    ("Articulate Rise", lambda paths, bases: any(p.startswith("scormcontent/") for p in paths)
        and any(p.startswith("scormdriver/") for p in paths) or any("/lib/rise/" in "/" + p for p in paths)),
    ("Articulate Storyline", lambda paths, bases: bool({"story.html", "story_html5.html"} & paths)
        or any(p.startswith("story_content/") for p in paths)),
    ("Adobe Captivate", lambda paths, bases: bool({"cpm.js", "cpxhrloader.js", "captivate.css"} & bases)),
    ("Lectora", lambda paths, bases: any("trivantis" in b for b in bases) or "a001index.html" in bases),
    ("H5P", lambda paths, bases: "h5p.json" in bases or any("h5p-standalone" in p for p in paths)),
    ("Elucidat", lambda paths, bases: any("elucidat" in p for p in paths)),
    ("Adapt", lambda paths, bases: "adapt.min.js" in bases),
]
# Words tools leave in their manifests and pages ("<!-- Created with iSpring -->").
_TOOL_WORDS = [
    ("iSpring", re.compile(rb"ispring", re.I)),
    ("Articulate Rise", re.compile(rb"articulate\s+rise|rise\s*360", re.I)),
    ("Articulate Storyline", re.compile(rb"storyline", re.I)),
    ("Adobe Captivate", re.compile(rb"captivate", re.I)),
    ("Adobe Presenter", re.compile(rb"adobe\s+presenter", re.I)),
    ("Lectora", re.compile(rb"lectora|trivantis", re.I)),
    ("H5P", re.compile(rb"\bh5p\b", re.I)),
    ("Elucidat", re.compile(rb"elucidat", re.I)),
    ("dominKnow", re.compile(rb"dominknow", re.I)),
    ("Adapt", re.compile(rb"adapt\s+(?:learning|framework)|adaptlearning", re.I)),
]
_GENERATOR = re.compile(
    rb"""<meta\s+[^>]*name\s*=\s*["']generator["'][^>]*content\s*=\s*["']([^"']{1,80})["']""", re.I)
_COMMENT = re.compile(rb"<!--(.*?)-->", re.S)


def _tool_from_text(text: bytes, *, comments_only: bool) -> str:
    if comments_only:
        text = b"\n".join(_COMMENT.findall(text))
    for tool, pattern in _TOOL_WORDS:
        if pattern.search(text):
            return tool
    return ""


def detect_tool(relative_names: list[str], manifest_data: bytes = b"", launch_page: bytes = b"") -> str:
    """The authoring tool that made a package, from its files (names relative to its
    root), its manifest's comments and metadata, and the start of its launch page; "" if
    it cannot tell."""
    paths = {name.lower() for name in relative_names}
    bases = {posixpath.basename(p) for p in paths}
    for tool, test in _TOOL_FILES:
        if test(paths, bases):
            return tool
    metadata = re.search(rb"<(?:\w+:)?metadata\b.*?</(?:\w+:)?metadata>", manifest_data, re.S | re.I)
    manifest_hint = _tool_from_text(manifest_data, comments_only=True) or (
        _tool_from_text(metadata.group(0), comments_only=False) if metadata else "")
    if manifest_hint:
        return manifest_hint
    head = launch_page[:SNIFF_BYTES]
    if tool := _tool_from_text(head, comments_only=True):
        return tool
    if generator := _GENERATOR.search(head):
        named = generator.group(1)
        return _tool_from_text(named, comments_only=False) or named.decode("utf-8", "replace").strip()
    return ""


def _sniff(read: Callable[[str], bytes], name: str) -> bytes:
    """The start of a package's page, or nothing: naming the tool or the title must never
    refuse a package (a page too big for the caller's bound, say)."""
    try:
        return read(name)[:SNIFF_BYTES]
    except Exception:  # noqa: BLE001 - any failure only means "cannot tell"
        return b""


_HTML_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.S | re.I)


def _html_title(page: bytes) -> str:
    match = _HTML_TITLE.search(page)
    if not match:
        return ""
    charset = re.search(rb"""charset\s*=\s*["']?([\w-]+)""", page[:2048], re.I)
    encoding = charset.group(1).decode("ascii") if charset else "utf-8"
    try:
        text = match.group(1).decode(encoding, "replace")
    except LookupError:
        text = match.group(1).decode("utf-8", "replace")
    return " ".join(html.unescape(text).split())[:255]


# --- the package -------------------------------------------------------------------------------


def read_package(names: list[str], read: Callable[[str], bytes]) -> tuple[str, Manifest]:
    """(root, manifest) of a package whose member names are `names` and whose member bytes
    `read(name)` gives (bounded by the caller, at least MAX_MANIFEST_BYTES for the manifest).
    Launch files named by the manifest must be among `names` (refused otherwise, naming the
    item and the file); each item's href is the file's name in the zip, relative to root."""
    root, kind, found = _locate(names)
    files = _Files(names, root)
    relative = [name[len(root):] for name in _package_files(names) if name.startswith(root)]
    if kind == "html":
        page = _sniff(read, found)
        href = found[len(root):]
        title = _html_title(page)
        item = Item(identifier="index", title=title or href, href=href, parameters="", is_sco=False,
                    visible=True, mastery_score=None, data_from_lms="", time_limit_action="",
                    max_time_allowed="", completion_threshold=None, scaled_passing_score=None,
                    objectives=(), sequencing={}, children=())
        tool = detect_tool(relative, b"", page)
        return root, Manifest(standard="html", edition="", identifier="", title=title, items=(item,), tool=tool)
    data = read(found)
    manifest = parse_manifest(data)
    manifest = replace(manifest, items=_resolved(manifest.items, files))
    tool = detect_tool(relative, data)
    if not tool:
        tool = detect_tool([], b"", _sniff(read, root + manifest.scos()[0].href))
    return root, replace(manifest, tool=tool)


def _shown(text: str, limit: int = 80) -> str:
    """A name or title fit for a message: control characters replaced, bounded."""
    clean = "".join(c if ord(c) >= 32 else "?" for c in text)
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"
