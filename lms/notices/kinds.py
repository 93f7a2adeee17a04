"""The kinds of notice, each with its sentence: apps register theirs (the repository's
in repository/notices.py) and the site renders a notice through its kind when it is
shown, in the reader's language. lms knows no kind of its own."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NoticeKind:
    key: str
    # A lazy translation with %(actor)s and %(title)s: "%(actor)s submitted “%(title)s” for review".
    sentence: object
    # What the notice's detail is (the reviewer's comment, the reason), if it has one.
    detail_label: object | None = None


_KINDS: dict[str, NoticeKind] = {}


class UnknownKind(KeyError):
    pass


def register_kind(key: str, sentence, detail_label=None) -> NoticeKind:
    """Register a kind once (AppConfig.ready or module import); the same twice is fine."""
    kind = NoticeKind(key, sentence, detail_label)
    if _KINDS.get(key, kind) != kind:
        raise ValueError(f"notice kind {key!r} is registered already, differently")
    _KINDS[key] = kind
    return kind


def get_kind(key: str) -> NoticeKind:
    try:
        return _KINDS[key]
    except KeyError:
        raise UnknownKind(key) from None


def is_registered(key: str) -> bool:
    return key in _KINDS


# A notice whose kind is no longer registered (its app removed) still reads sensibly.
FALLBACK = NoticeKind("", _("“%(title)s”"))


def sentence(key: str, *, actor: str, title: str) -> str:
    kind = _KINDS.get(key, FALLBACK)
    return str(kind.sentence) % {"actor": actor, "title": title}


def detail_label(key: str) -> str:
    kind = _KINDS.get(key, FALLBACK)
    return str(kind.detail_label) if kind.detail_label else ""
