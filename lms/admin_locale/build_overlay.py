"""Rebuild the Vietnamese Wagtail admin overlay catalogs (django / djangojs).

Every msgid is taken from the installed Wagtail ``en`` catalogs of APPS; the
Vietnamese msgstr comes from the existing overlay .po, falling back to
Wagtail's own ``vi`` catalog. The .po is rewritten and compiled with
``msgfmt --check``. Untranslated msgids (e.g. after a Wagtail upgrade) are
listed and left empty so they can be translated by hand.

Usage:  .venv/bin/python lms/admin_locale/build_overlay.py   (needs polib)
"""
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import django
import polib
import taggit
import wagtail

APPS = ["admin", "", "snippets", "users", "documents", "images", "search",
        "contrib/settings", "contrib/forms", "sites", "locales"]
WAGTAIL = Path(wagtail.__file__).parent
# Strings the admin and the site show from outside Wagtail whose upstream Vietnamese is
# missing: Django's time spans ("5 phút trước" in listings), its validators' and forms'
# messages (a refused file extension on every upload), its pagination errors and CSRF
# failure page, and taggit's help text on tag fields.
DJANGO_MESSAGES = {
    "File extension “%(extension)s” is not allowed. Allowed extensions are: %(allowed_extensions)s.",
    "Null characters are not allowed.",
    "Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.",
    "Enter a valid “slug” consisting of Unicode letters, numbers, underscores, or hyphens.",
    "That page number is not an integer", "That page number is less than 1", "That page contains no results",
    "Enter a valid duration.", "The number of days must be between {min_days} and {max_days}.",
    "Enter a complete value.", "Enter a valid UUID.", "Enter a valid JSON.", "Value must be valid JSON.",
    "The inline value did not match the parent instance.", "“%(pk)s” is not a valid value.",
    "ManagementForm data is missing or has been tampered with. Missing fields: %(field_names)s. You may need "
    "to file a bug report if the issue persists.",
    "%(datetime)s couldn’t be interpreted in time zone %(current_timezone)s; it may be ambiguous or it may "
    "not exist.",
    "Forbidden", "CSRF verification failed. Request aborted.", "More information is available with DEBUG=True.",
}
EXTRA = {
    "django": [
        (Path(django.__file__).parent / "conf" / "locale", "django/utils/timesince",
         {f"%(num)d {unit}" for unit in ("year", "month", "week", "day", "hour", "minute")}),
        (Path(django.__file__).parent / "conf" / "locale", "django", DJANGO_MESSAGES),
        (Path(taggit.__file__).parent / "locale", "taggit",
         {"A comma-separated list of tags.", "Tags"}),
    ],
}
OUT = Path(__file__).resolve().parent / "vi" / "LC_MESSAGES"
HEADER = {
    "Project-Id-Version": f"Wagtail {wagtail.__version__} admin (vi overlay)",
    "Report-Msgid-Bugs-To": "",
    "Last-Translator": "LMS team",
    "Language-Team": "Vietnamese",
    "Language": "vi",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=1; plural=0;",
}


def msgstr_of(entry):
    return entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr


def load_translations(path):
    if not path.exists():
        return {}
    return {(e.msgctxt, e.msgid): msgstr_of(e) for e in polib.pofile(str(path))
            if not e.obsolete and "fuzzy" not in e.flags and msgstr_of(e)}


def build(domain):
    po_path = OUT / f"{domain}.po"
    overlay = load_translations(po_path)
    entries, missing = {}, []
    sources = [(WAGTAIL / app / "locale", f"wagtail/{app}".rstrip("/"), None) for app in APPS]
    sources += EXTRA.get(domain, [])
    for locale, source, only in sources:
        en = locale / "en" / "LC_MESSAGES" / f"{domain}.po"
        if not en.exists():
            continue
        upstream_vi = load_translations(locale / "vi" / "LC_MESSAGES" / f"{domain}.po")
        for e in polib.pofile(str(en)):
            key = (e.msgctxt, e.msgid)
            if e.obsolete or (only is not None and e.msgid not in only):
                continue
            if key in entries:
                entries[key].occurrences.append((source, ""))
                continue
            text = overlay.get(key) or upstream_vi.get(key, "")
            if not text:
                missing.append(e.msgid)
            new = polib.POEntry(msgctxt=e.msgctxt, msgid=e.msgid, comment=e.comment,
                                flags=[f for f in e.flags if f != "fuzzy"],
                                occurrences=[(source, "")])
            if e.msgid_plural:
                new.msgid_plural, new.msgstr_plural = e.msgid_plural, {0: text}
            else:
                new.msgstr = text
            entries[key] = new

    po = polib.POFile()
    po.header = "Vietnamese overlay for the Wagtail admin. Rebuild with build_overlay.py."
    po.metadata = {**HEADER, "PO-Revision-Date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M+0000")}
    po.extend(entries.values())
    po.save(str(po_path))
    if subprocess.run(["msgfmt", "--check", "-o", str(OUT / f"{domain}.mo"), str(po_path)]).returncode:
        sys.exit(f"msgfmt --check failed for {po_path}")
    print(f"{domain}: {len(entries)} entries, {len(entries) - len(missing)} translated")
    for msgid in missing:
        print(f"  untranslated: {msgid!r}")
    return not missing


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    results = [build(domain) for domain in ("django", "djangojs")]
    sys.exit(0 if all(results) else 1)
