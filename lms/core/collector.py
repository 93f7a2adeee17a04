"""Python's cycle collector paused while a process builds many objects at once.

CPython 3.11 runs a full collection each time the objects created since the last one
reach a quarter of those that survived it: while an import of 10,000 questions builds its
rows (a few million objects: dicts, strings, model instances), that is a dozen passes
over the whole heap, about a fifth of the import's CPU. The work below creates few
cycles; they are collected as usual once it is over.
"""

from __future__ import annotations

import contextlib
import functools
import gc


@contextlib.contextmanager
def paused():
    """No automatic collection inside; as it was after (nested uses keep it paused)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def pausing(func):
    """`func` run with the collector paused."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with paused():
            return func(*args, **kwargs)

    return wrapper
