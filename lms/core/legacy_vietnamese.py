"""Vietnamese typed with the legacy 8-bit fonts, back to Unicode (NFC).

Before Unicode, Vietnamese was typed with fonts whose glyphs sit on Latin-1 codes: read
as text, "hộp mứt tết" in TCVN3 (ABC, the ".VnTime" fonts) is "hép møt tÕt", and
"Xin chào các bạn" in VNI ("VNI-Times") is "Xin chaøo caùc baïn". Teachers' Word and
Excel files and old exports still hold such text; imports convert it here.

- TCVN3: one code per letter. Its fonts come in pairs: ".VnTime" holds lower-case letters
  and the seven capitals Ă Â Đ Ê Ô Ơ Ư; ".VnTimeH" draws the same codes as capitals. A
  caller that knows the font says `capitals=True`.
- VNI: a base letter followed by one or two marks ("a" + "ø" = "à", "a" + "à" = "ầ"),
  with a few letters of one code ("ñ" đ, "ô" ơ, "ö" ư, "ì í æ ó ò" for i).

`detect` tells which one a text without font information is in: the conversion whose
accented words are Vietnamese syllables and that leaves no stray symbols, and never for a
text that holds letters only Unicode has.
"""

from __future__ import annotations

import re
import unicodedata

TCVN3 = "TCVN3"
VNI = "VNI"

# --- TCVN3 ---------------------------------------------------------------------------------

_TCVN3_CODES = ("µ¸¶·¹" "¨»¾¼½Æ" "©ÇÊÈÉË" "®" "ÌÐÎÏÑ" "ªÒÕÓÔÖ" "×ÝØÜÞ" "ßãáâä" "«åèæçé" "¬êíëìî"
                "ïóñòô" "\u00adõøö÷ù" "úýûüþ" "¡¢§£¤¥¦")
_TCVN3_LETTERS = ("àáảãạ" "ăằắẳẵặ" "âầấẩẫậ" "đ" "èéẻẽẹ" "êềếểễệ" "ìíỉĩị" "òóỏõọ" "ôồốổỗộ" "ơờớởỡợ"
                  "ùúủũụ" "ưừứửữự" "ỳýỷỹỵ" "ĂÂĐÊÔƠƯ")
assert len(_TCVN3_CODES) == len(_TCVN3_LETTERS) == 74
_TCVN3_LOWER = str.maketrans(_TCVN3_CODES, _TCVN3_LETTERS)
_TCVN3_UPPER = str.maketrans(_TCVN3_CODES, _TCVN3_LETTERS.upper())


def tcvn3_to_unicode(text: str, *, capitals: bool = False) -> str:
    """Text typed in a TCVN3 font (`capitals`: a ".VnTimeH" font, whose letters are capitals)."""
    converted = text.translate(_TCVN3_UPPER if capitals else _TCVN3_LOWER)
    return unicodedata.normalize("NFC", converted.upper() if capitals else converted)


# --- VNI -------------------------------------------------------------------------------------

# The marks that follow a base letter: tone alone, or a vowel's shape with its tone.
_TONES = {"ø": "\u0300", "ù": "\u0301", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_CIRCUMFLEX = {"â": "", "à": "\u0300", "á": "\u0301", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_BREVE = {"ê": "", "è": "\u0300", "é": "\u0301", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
# Letters of one code: đ, ơ, ư (which then take a tone mark like a base letter), and i's.
_SINGLE = {"ñ": "đ", "Ñ": "Đ", "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư",
           "ì": "ì", "í": "í", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "Ì": "Ì", "Í": "Í", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị"}
_VOWELS = "aeiouyAEIOUY"


def _mark(mark: str) -> str:
    return mark.lower()


def vni_to_unicode(text: str) -> str:
    """Text typed in a VNI font."""
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if ch in _SINGLE:
            base = _SINGLE[ch]
            if base in "ơƠưƯ" and _mark(nxt) in _TONES:
                out.append(base + _TONES[_mark(nxt)])
                i += 2
                continue
            out.append(base)
            i += 1
            continue
        if ch in _VOWELS and nxt:
            mark = _mark(nxt)
            if mark in _TONES:
                out.append(ch + _TONES[mark])
                i += 2
                continue
            if ch.lower() in "aeo" and mark in _CIRCUMFLEX:
                out.append(ch + "\u0302" + _CIRCUMFLEX[mark])
                i += 2
                continue
            if ch.lower() == "a" and mark in _BREVE:
                out.append(ch + "\u0306" + _BREVE[mark])
                i += 2
                continue
        out.append(ch)
        i += 1
    return unicodedata.normalize("NFC", "".join(out))


# --- which one -----------------------------------------------------------------------------------

# Letters only Unicode has (not in Latin-1, which legacy fonts' text is made of).
_UNICODE_ONLY = re.compile("[ăđĩũơưĂĐĨŨƠƯ\u1ea0-\u1ef9]")
# Latin-1 characters Vietnamese does not use: what a legacy font's text shows, and what a
# wrong conversion leaves behind.
_VIETNAMESE_LATIN1 = "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý"
_FOREIGN = re.compile("[" + "".join(chr(c) for c in range(0xA0, 0x100) if chr(c) not in _VIETNAMESE_LATIN1) + "]")


# A Vietnamese syllable without its tone: initial, vowels, final.
_SYLLABLE = re.compile(
    "^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    "(uyê|uya|uyu|iêu|yêu|oai|oay|oeo|uây|uôi|ươi|ươu|ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi"
    "|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ươ|ưu|yê|[aăâeêioôơuưy])"
    "(ch|ng|nh|[cmnpt])?$")
_TONE_MARKS = dict.fromkeys(map(ord, "\u0300\u0301\u0303\u0309\u0323"))


def _is_syllable(word: str) -> bool:
    """A Vietnamese syllable (one tone at most, its vowels in an order the language has)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(1 for ch in decomposed if ord(ch) in _TONE_MARKS) > 1:
        return False
    return bool(_SYLLABLE.match(unicodedata.normalize("NFC", decomposed.translate(_TONE_MARKS))))


def plausibility(text: str) -> int:
    """How Vietnamese a text reads: its accented words that are syllables, less those that
    are not and the stray symbols (compare readings of the same bytes with it)."""
    return _score(text)


def _score(converted: str) -> int:
    """Syllables with accents that are Vietnamese, less stray symbols left."""
    accented = [word for word in re.findall(r"\w+", converted) if not word.isascii()]
    return sum(1 if _is_syllable(word) else -1 for word in accented) - 2 * len(_FOREIGN.findall(converted))


_ASCII_LETTER = re.compile("[A-Za-z]")


def _legacy_words(text: str) -> int:
    """Words where a symbol Vietnamese does not use sits among letters ("møt", "ho¹ch",
    "chaøo"): what legacy fonts leave. A symbol on its own or by digits ("µ", "90°")
    is a symbol."""
    return sum(1 for word in text.split() if _FOREIGN.search(word) and _ASCII_LETTER.search(word))


def detect(text: str) -> str | None:
    """TCVN3, VNI or None (Unicode already, or nothing that either would turn into
    Vietnamese): of the two conversions, the one whose accented words are Vietnamese
    syllables and that leaves the fewest stray symbols, if the text shows the traces
    of a legacy font at all."""
    if not text or text.isascii() or _UNICODE_ONLY.search(text) or not _FOREIGN.search(text) \
            or not _legacy_words(text):  # (the traces are Latin-1 symbols: never in ASCII)
        return None
    score, found = max((_score(vni_to_unicode(text)), VNI), (_score(tcvn3_to_unicode(text)), TCVN3))
    return found if score > 0 else None


def convert(text: str, encoding: str | None) -> str:
    """`text` typed in `encoding` (TCVN3, VNI, or None: Unicode already), in Unicode NFC;
    for a text whose encoding was told from a larger whole (a row, an item)."""
    if encoding == VNI:
        return vni_to_unicode(text)
    if encoding == TCVN3:
        return tcvn3_to_unicode(text)
    return unicodedata.normalize("NFC", text)


def to_unicode(text: str) -> tuple[str, str | None]:
    """(the text in Unicode NFC, the legacy encoding it was found in or None)."""
    if text.isascii():
        return text, None
    found = detect(text)
    return convert(text, found), found
