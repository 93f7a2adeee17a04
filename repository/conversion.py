"""Office files (Word, PowerPoint, Excel, OpenDocument) turned into PDF for their preview,
so that a reviewer reads them in the browser without downloading them; the same sandbox
(`convert_in_sandbox`) turns imported questions' WMF/EMF images into PNG
(repository/questions/media.py).

LibreOffice headless does the work, in bubblewrap: no network, no view of the platform's
files (only a scratch folder holding the input), its own process and IPC namespaces, and
the kernel's limits on CPU time, address space and the size of what it writes; the
caller kills it once the wall time is up. A converter that is missing (LibreOffice or
bubblewrap not installed) is a ConversionError like any other: the file stays
downloadable, its preview says it could not be made.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import tempfile

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from repository import filetypes

CONVERTIBLE = {
    filetypes.DOCX: "docx", filetypes.DOC: "doc", filetypes.ODT: "odt",
    filetypes.PPTX: "pptx", filetypes.PPT: "ppt", filetypes.ODP: "odp",
    filetypes.XLSX: "xlsx", filetypes.XLS: "xls", filetypes.ODS: "ods",
}
MB = 1024 * 1024


class ConversionError(Exception):
    """No PDF came out; the message is for the people who read the preview."""


def convertible(mime: str) -> bool:
    return mime in CONVERTIBLE


def _limits():
    # In the child, before bwrap starts: inherited by LibreOffice inside the sandbox.
    cpu = settings.PREVIEW_CPU_SECONDS
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    memory = settings.PREVIEW_MEMORY_MB * MB
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    written = settings.PREVIEW_MAX_PDF_MB * MB
    resource.setrlimit(resource.RLIMIT_FSIZE, (written, written))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _command(bwrap: str, soffice: str, work: str, names: list[str], target: str = "pdf") -> list[str]:
    binds = ["--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
             "--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin"]
    for folder in ("/etc/fonts", "/etc/libreoffice"):  # fonts and LibreOffice's own set-up only
        if os.path.isdir(folder):
            binds += ["--ro-bind", folder, folder]
    return [
        bwrap, "--unshare-all", "--die-with-parent", "--new-session", *binds,
        "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp", "--bind", work, "/work", "--chdir", "/work",
        "--clearenv", "--setenv", "HOME", "/tmp", "--setenv", "PATH", "/usr/bin", "--setenv", "LANG", "C.UTF-8",
        soffice, "--headless", "--norestore", "--nolockcheck", "--nodefault",
        "-env:UserInstallation=file:///tmp/profile", "--convert-to", target, "--outdir", "/work/out",
        *(f"/work/{name}" for name in names),
    ]


def convert_in_sandbox(work: str, names: list[str], target: str) -> int:
    """LibreOffice, in the sandbox, converts the files `names` of the folder `work` to
    `target` ("pdf", "png"…), into work/out (one run for them all; a file it could not
    convert is missing there); its exit status. ConversionError when it cannot run or
    takes too long."""
    bwrap, soffice = shutil.which("bwrap"), shutil.which(settings.PREVIEW_OFFICE_COMMAND)
    if not bwrap or not soffice:
        raise ConversionError(_("Previews of office files are not available on this server."))
    try:
        done = subprocess.run(  # noqa: S603 - fixed command, the files are only arguments
            _command(bwrap, soffice, work, names, target), preexec_fn=_limits, stdin=subprocess.DEVNULL,
            capture_output=True, timeout=settings.PREVIEW_WALL_SECONDS, check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ConversionError(_("Preparing the preview took too long.")) from exc
    return done.returncode


def to_pdf(source_path: str, mime: str) -> bytes:
    """The PDF of an office file, made in the sandbox; ConversionError when none came out."""
    if mime not in CONVERTIBLE:
        raise ConversionError(_("This type of file has no preview."))
    with tempfile.TemporaryDirectory(prefix="lms-preview-") as work:
        name = f"input.{CONVERTIBLE[mime]}"
        shutil.copyfile(source_path, os.path.join(work, name))
        status = convert_in_sandbox(work, [name], "pdf")
        out = os.path.join(work, "out", "input.pdf")
        if status != 0 or not os.path.isfile(out) or os.path.getsize(out) == 0:
            raise ConversionError(_("The preview could not be made: the file may be damaged."))
        with open(out, "rb") as f:
            return f.read()
