"""Images a teacher adds to a question in the editor (editor_views.py, question_forms.py).

An upload is checked as every other file of the platform: its type by what it holds
(repository.filetypes.detect, python-magic), never its name — PNG, JPEG, GIF or WebP —,
at most MAX_BYTES, then opened and re-encoded by Pillow in a bounded child process
(lms.core.sandbox, as repository/processing.py makes thumbnails): a damaged file or a
decompression bomb is refused there, a photo is turned upright, stripped of its metadata
(a phone's location) and made at most MAX_SIDE pixels wide. What is kept is stored at
once (so a form refused for another reason keeps it: `keep_upload` gives a signed token
the page carries) and becomes one of the question's QuestionMedia rows when it is saved,
named in its stem as `<img src="media:NAME" alt="…">` (interchange.py). Uploads are
stored under UPLOADS_DIR; one no question came to hold (the form left unsaved) is
removed by `manage.py purge_question_images` (`purge_strays`) after STRAY_AFTER.

The helpers below change a neutral question's texts: made html (an image in plain text
turns the text into html, as the readers do), an image's reference added, described or
removed.
"""

from __future__ import annotations

import html
import io
import logging
import re
import unicodedata
import uuid
from datetime import timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.core import sandbox
from repository import filetypes
from repository.questions import interchange as qi

MB = 1024 * 1024
MAX_BYTES = 5 * MB  # as an image inside an imported file (formats/images.py)
MAX_PIXELS = 50_000_000  # as repository/processing.py: refused before it is decoded
MAX_SIDE = 2400  # a bigger photo is made smaller: a question needs no more
MAX_ALT_CHARS = 500  # QuestionMedia.alt
ACCEPTED = {filetypes.PNG: "png", filetypes.JPEG: "jpg", filetypes.GIF: "gif", filetypes.WEBP: "webp"}
_PILLOW_FORMATS = {filetypes.PNG: "PNG", filetypes.JPEG: "JPEG", filetypes.GIF: "GIF", filetypes.WEBP: "WEBP"}
SALT = "repository.questions.image"
TOKEN_MAX_AGE = 24 * 3600
UPLOADS_DIR = "repository/questions/editor/"  # the editor's uploads (purge_strays)
# An upload no question holds is removed once older than its token (it can no longer be
# saved), with an hour's room for a save under way.
STRAY_AFTER = timedelta(seconds=TOKEN_MAX_AGE + 3600)

logger = logging.getLogger(__name__)

_IMG = re.compile(r"<img\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>"']+))?""")
_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|&nbsp;|<br\s*/?>)*</p>", re.IGNORECASE)


# --- an upload -------------------------------------------------------------------------------


def _reencoded(data: bytes, mime: str, max_pixels: int, max_side: int) -> tuple[str, bytes | None]:
    """In the bounded child: ("ok", the image re-encoded), ("large", None) or
    ("damaged", None). A GIF is only checked (re-encoding would lose its frames)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = max_pixels
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != _PILLOW_FORMATS[mime]:
                return "damaged", None
            if image.width * image.height > max_pixels:
                return "large", None
            image.load()
            if mime == filetypes.GIF:
                return "ok", data
            image = ImageOps.exif_transpose(image)
            if max(image.size) > max_side:
                image.thumbnail((max_side, max_side), reducing_gap=2.0)
            out = io.BytesIO()
            if mime == filetypes.JPEG:
                image.convert("RGB").save(out, "JPEG", quality=88, optimize=True)
            elif mime == filetypes.PNG:
                image.save(out, "PNG", optimize=True)
            else:
                image.save(out, "WEBP", quality=88)
            return "ok", out.getvalue()
    except Image.DecompressionBombError:
        return "large", None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return "damaged", None


def checked(upload) -> tuple[str, bytes]:
    """(type, bytes) of an uploaded image made safe to show, or ValidationError with the
    reason in the teacher's language."""
    name = upload.name or ""
    if upload.size > MAX_BYTES:
        raise ValidationError(_("The image “%(name)s” is larger than %(size)d MB: make it smaller and choose it "
                                "again.") % {"name": name, "size": MAX_BYTES // MB})
    mime = filetypes.detect(upload)
    if mime not in ACCEPTED:
        raise ValidationError(_("“%(name)s” is not an image the question can show (%(type)s): choose a PNG, JPEG, "
                                "GIF or WebP file.") % {"name": name, "type": filetypes.NAMES.get(mime, mime)})
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    try:
        outcome, made = sandbox.run_bounded(_reencoded, data, mime, MAX_PIXELS, MAX_SIDE)
    except sandbox.SandboxError:
        outcome, made = "damaged", None
    if outcome == "large":
        raise ValidationError(_("The image “%(name)s” has more than %(limit)d megapixels: make it smaller and "
                                "choose it again.") % {"name": name, "limit": MAX_PIXELS // 1_000_000})
    if outcome != "ok" or not made:
        raise ValidationError(_("The image “%(name)s” could not be read: the file is damaged.") % {"name": name})
    return mime, made


def upload_path() -> str:
    """Where an upload is stored: the QuestionMedia made of it keeps the path, and
    `purge_strays` looks only here."""
    name = uuid.uuid4().hex
    return f"{UPLOADS_DIR}{name[:2]}/{name}"


def keep_upload(*, user, upload) -> str:
    """Check and store an uploaded image; a signed token (for this user) the form
    carries until the question is saved."""
    mime, data = checked(upload)
    path = default_storage.save(upload_path(), ContentFile(data))
    shown = unicodedata.normalize("NFC", (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1])[:100]
    return signing.dumps({"u": user.pk, "p": path, "m": mime, "n": shown}, salt=SALT, compress=True)


def kept(*, user, token: str) -> dict | None:
    """{"path", "mime", "filename"} of an image kept for `user`, or None."""
    try:
        value = signing.loads(token or "", salt=SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict) or value.get("u") != user.pk or value.get("m") not in ACCEPTED:
        return None
    return {"path": value["p"], "mime": value["m"], "filename": value.get("n", "")}


def purge_strays(*, now=None) -> int:
    """Remove the uploads no question holds (a form left without saving the question),
    once older than STRAY_AFTER; returns how many went (manage.py
    purge_question_images). An upload is held by a QuestionMedia row or by any
    revision of a question (an image removed from a later version stays in the
    versions, and the exams, that showed it)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Revision

    from repository.models import Question, QuestionMedia

    cutoff = (now or timezone.now()) - STRAY_AFTER
    old = [path for path in _stored_uploads() if default_storage.get_modified_time(path) < cutoff]
    if not old:
        return 0
    held = set(QuestionMedia.objects.filter(file__startswith=UPLOADS_DIR).values_list("file", flat=True))
    revisions = Revision.objects.filter(base_content_type=ContentType.objects.get_for_model(Question))
    removed = 0
    for path in old:
        if path in held or revisions.filter(content__icontains=path).exists():
            continue
        default_storage.delete(path)
        logger.info("Question image upload %s removed: no question holds it", path)
        removed += 1
    return removed


def _stored_uploads() -> list[str]:
    try:
        folders, _files = default_storage.listdir(UPLOADS_DIR)
    except FileNotFoundError:
        return []
    return [f"{UPLOADS_DIR}{folder}/{name}" for folder in sorted(folders)
            for name in sorted(default_storage.listdir(f"{UPLOADS_DIR}{folder}")[1])]


def media_name(filename: str, mime: str, taken) -> str:
    """A readable name, unique among `taken`: "hinh-tam-giac.png"."""
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename
    folded = unicodedata.normalize("NFKD", stem.replace("đ", "d").replace("Đ", "D"))
    stem = re.sub(r"[^a-z0-9]+", "-", folded.encode("ascii", "ignore").decode().lower()).strip("-")[:60] or "hinh"
    extension = ACCEPTED[mime]
    name, n = f"{stem}.{extension}", 2
    while name in taken:
        name, n = f"{stem}-{n}.{extension}", n + 1
    return name


# --- the question's texts ------------------------------------------------------------------


def _texts(question: qi.Question):
    """(getter, setter) of every text of the question that may show an image."""
    for name in ("stem", "general_feedback", "model_answer", "rubric"):
        yield (lambda n=name: getattr(question, n)), (lambda v, n=name: setattr(question, n, v))
    for option in [*question.options, *(o for blank in question.blanks for o in blank)]:
        for attr in ("text", "feedback"):
            yield (lambda o=option, a=attr: getattr(o, a)), (lambda v, o=option, a=attr: setattr(o, a, v))
    for statement in question.statements:
        for attr in ("text", "feedback"):
            yield (lambda s=statement, a=attr: getattr(s, a)), (lambda v, s=statement, a=attr: setattr(s, a, v))
    for answer in question.numeric:
        yield (lambda a=answer: a.feedback), (lambda v, a=answer: setattr(a, "feedback", v))


def plain_to_html(text: str) -> str:
    return html.escape(text or "", quote=False).replace("\r\n", "\n").replace("\n", "<br>")


def make_html(question: qi.Question) -> None:
    """A plain question's texts written as html showing the same (the stem a paragraph)."""
    if question.text_format == qi.HTML:
        return
    for get, put in _texts(question):
        put(plain_to_html(get()))
    if question.stem:
        question.stem = f"<p>{question.stem}</p>"
    question.pairs = [(plain_to_html(a), plain_to_html(b)) for a, b in question.pairs]
    question.distractors = [plain_to_html(d) for d in question.distractors]
    question.text_format = qi.HTML


def image_tag(name: str, alt: str) -> str:
    return f'<img src="{qi.MEDIA_PREFIX}{html.escape(name)}" alt="{html.escape(alt)}">'


def add_to_stem(question: qi.Question, name: str, alt: str) -> None:
    """The image shown after the stem, in a paragraph of its own."""
    question.stem = f"{question.stem}<p>{image_tag(name, alt)}</p>"


def _names(tag: str) -> str | None:
    for attribute in _ATTRIBUTE.finditer(tag[4:-1]):
        if attribute.group(1).lower() == "src" and attribute.group(2):
            value = html.unescape(attribute.group(2).strip("\"'"))
            return value[len(qi.MEDIA_PREFIX):] if value.startswith(qi.MEDIA_PREFIX) else None
    return None


def _each_tag(question: qi.Question, change) -> None:
    def changed(text):
        return _IMG.sub(lambda m: change(m.group(0), _names(m.group(0))), text) if text else text

    for get, put in _texts(question):
        put(changed(get()))
    question.pairs = [(changed(a), changed(b)) for a, b in question.pairs]
    question.distractors = [changed(d) for d in question.distractors]


def remove(question: qi.Question, name: str) -> None:
    """Every reference to the image gone from the texts (an emptied paragraph too)."""
    _each_tag(question, lambda tag, named: "" if named == name else tag)
    for get, put in _texts(question):
        text = get()
        if text and "<p" in text:
            put(_EMPTY_PARAGRAPH.sub("", text))


def describe(question: qi.Question, name: str, alt: str) -> None:
    """The image's description (alt) where the texts show it."""
    def described(tag, named):
        if named != name:
            return tag
        kept = [m.group(0) for m in _ATTRIBUTE.finditer(tag[4:].rstrip(">").rstrip("/"))
                if m.group(1).lower() not in ("alt", "src")]
        return image_tag(name, alt)[:-1] + "".join(" " + k for k in kept) + ">"

    _each_tag(question, described)


def named_images(question: qi.Question) -> set[str]:
    """The images the texts name."""
    found: set[str] = set()

    def note(tag, named):
        if named is not None:
            found.add(named)
        return tag

    _each_tag(question, note)
    return found
