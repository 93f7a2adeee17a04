"""A secret key for local use, generated once and kept in var/."""

import os
import secrets
from pathlib import Path


def local_secret_key(var_dir: Path) -> str:
    path = var_dir / "secret_key"
    if not path.exists():
        key = secrets.token_urlsafe(64)
        # O_EXCL: when two processes start together, one writes and both read it.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(key)
    return path.read_text().strip()
