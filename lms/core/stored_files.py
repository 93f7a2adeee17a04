"""Stored files as programs that want a path see them."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile

COPY_CHUNK = 1024 * 1024


@contextlib.contextmanager
def local_path(fieldfile, *, suffix: str = "", missing=None):
    """A local path of a stored file: the file itself on local storage, otherwise a
    temporary copy made chunk by chunk (object storage) and removed afterwards. When the
    storage has no such file: FileNotFoundError, or the exception `missing()` makes."""
    try:
        path = fieldfile.path
    except NotImplementedError:
        path = None
    if path and os.path.isfile(path):
        yield path
        return
    with tempfile.NamedTemporaryFile(prefix="lms-stored-", suffix=suffix) as copy:
        try:
            source = fieldfile.storage.open(fieldfile.name, "rb")
        except FileNotFoundError as exc:
            if missing is None:
                raise
            raise missing() from exc
        with source:
            shutil.copyfileobj(source, copy, COPY_CHUNK)
        copy.flush()
        yield copy.name
