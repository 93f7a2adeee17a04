"""Unpacking an uploaded package, in a bounded child process (lms/core/sandbox.py).

`unpack` opens the zip, gives every entry its real name (see `decoded_name`), refuses
what lms/core/archives.py refuses (links, `..`, absolute names, too many or too big
entries, zip bombs), reads the manifest (manifest.py, defusedxml) and only then writes
the files, block by block, under the folder it is given: never the whole archive in
memory, never outside that folder. It touches no database: the parent stores the result.
"""

from __future__ import annotations

import os
import shutil
import unicodedata
import zipfile
from dataclasses import dataclass

from lms.core import archives
from lms.player import manifest as manifests

UTF8_FLAG = 0x800
PROGRESS_EVERY = 4 * archives.MB  # bytes written between two progress notes
# Letters only Vietnamese text holds (and the combining tone marks of Windows-1258):
# a legacy name that decodes to some of them in cp1258 was written in that code page.
_VIETNAMESE = set("ăâđêôơưĂÂĐÊÔƠƯ\u0300\u0301\u0303\u0309\u0323")


@dataclass(frozen=True)
class Unpacked:
    root: str  # "" or the one folder the package sits in ("course/")
    manifest: manifests.Manifest
    file_count: int
    total_bytes: int


def legacy_encoding(infos: list[zipfile.ZipInfo]) -> str:
    """The encoding of the names not flagged UTF-8, one for the whole archive (a tool
    writes all its names one way): zipfile reads them as CP437, the zip format's
    default, but tools also write UTF-8 without the flag (macOS, Linux) and Vietnamese
    Windows writes its code page 1258."""
    raws = [info.filename.encode("cp437") for info in infos
            if not info.flag_bits & UTF8_FLAG and not info.filename.isascii()]
    if not raws:
        return "cp437"
    try:
        for raw in raws:
            raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    for raw in raws:
        try:
            if _VIETNAMESE & set(raw.decode("cp1258")):
                return "cp1258"
        except UnicodeDecodeError:
            continue
    return "cp437"


def decoded_name(info: zipfile.ZipInfo, encoding: str) -> str:
    """The entry's name as its author wrote it (names flagged UTF-8 as they are, others
    in the archive's `legacy_encoding`), NFC."""
    name = info.filename
    if not info.flag_bits & UTF8_FLAG and encoding != "cp437":
        try:
            name = name.encode("cp437").decode(encoding)
        except UnicodeDecodeError:
            pass  # a byte the code page lacks: the name as zipfile read it
    return unicodedata.normalize("NFC", name)


def open_package(path: str, limits: archives.Limits) -> zipfile.ZipFile:
    """The zip at `path` with its entries renamed (decoded_name) and checked."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise archives.damaged() from exc
    try:
        encoding = legacy_encoding(archive.infolist())
        for info in archive.infolist():
            info.filename = decoded_name(info, encoding)  # zipfile checks headers against orig_filename
        archive.NameToInfo = {info.filename: info for info in archive.infolist()}
        archives.check(archive, limits)
    except BaseException:
        archive.close()
        raise
    return archive


def unpack(path: str, dest: str, limits: archives.Limits, progress_path: str | None = None) -> Unpacked:
    """Check the package at `path`, read its manifest, then unpack it under `dest`.
    Raises archives.ArchiveError or manifest.ManifestError with the uploader's reason.
    `progress_path`: a file where "written total" (bytes) is noted as the work goes."""
    with open_package(path, limits) as archive:
        entries = archive.infolist()
        names = [info.filename for info in entries if not info.is_dir()]
        total = sum(info.file_size for info in entries)

        def read(name: str) -> bytes:
            return archives.read_member(archive, name, manifests.MAX_MANIFEST_BYTES)

        root, manifest = manifests.read_package(names, read)
        note = _progress_writer(progress_path, total)
        written = archives.extract_all(archive, dest, limits, progress=note)
        note(total, force=True)
    return Unpacked(root=root, manifest=manifest, file_count=len(written), total_bytes=total)


def _progress_writer(path: str | None, total: int):
    last = [0]

    def note(done: int, force: bool = False) -> None:
        if path is None or (not force and done - last[0] < PROGRESS_EVERY):
            return
        last[0] = done
        with open(path, "w") as out:
            out.write(f"{done} {total}\n")

    return note


def read_progress(path: str) -> float | None:
    """The share (0–1) of the package written so far, as `unpack` noted it; None if
    nothing was noted yet."""
    try:
        with open(path) as f:
            done, total = (int(x) for x in f.read().split())
    except (OSError, ValueError):
        return None
    return min(done / total, 1.0) if total else 1.0


def remove_tree(path: str) -> None:
    """Remove a folder this module wrote, without following links."""
    if os.path.lexists(path):
        shutil.rmtree(path, ignore_errors=True)
