"""Reads about e-learning packages."""

from lms.player.models import Package

EDITIONS = {"2nd": "2nd Edition", "3rd": "3rd Edition", "4th": "4th Edition"}


def package_version(package: Package) -> str:
    """"SCORM 1.2", "SCORM 2004 4th Edition", "HTML5"…: what the package is made to."""
    if package.standard == Package.Standard.SCORM2004:
        return " ".join(filter(None, ["SCORM 2004", EDITIONS.get(package.edition, "")]))
    if package.standard == Package.Standard.HTML:
        return "HTML5"
    return package.get_standard_display()


def package_summary(package: Package) -> dict:
    """What `manage.py ingest_package` prints of a package it unpacked."""
    items = list(package.items.all())
    return {
        "id": package.pk,
        "version": package_version(package),
        "title": package.title,
        "tool": package.tool,
        "scos": sum(1 for item in items if item.is_sco),
        "items": sum(1 for item in items if item.href),
        "files": package.file_count,
        "size": package.unpacked_bytes,
    }
