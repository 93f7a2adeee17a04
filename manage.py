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

    execute_from_command_line(sys.argv)
