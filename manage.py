#!/usr/bin/env python
import os
import sys

# Commands whose first work is reading a file in the processing sandbox: its fork
# server is started before Django is set up here, so that both set up at once.
SANDBOX_FIRST = {"import_questions"}

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
    if sys.argv[1:2] and sys.argv[1] in SANDBOX_FIRST:
        from lms.core import sandbox

        sandbox.start_early()
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    finally:
        # The process ends: its garbage collected once, then what is still alive kept out
        # of the collector's way, which would otherwise walk Django's whole heap again and
        # again while the interpreter unloads its modules (~0.4 s at the end of every command).
        import gc

        gc.collect()
        gc.freeze()
