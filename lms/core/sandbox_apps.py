"""Imported by the sandbox's fork server (settings.SANDBOX_PRELOAD): Django's apps loaded
once, so that children forked from it can translate the messages they write (the
question readers explain each refused question in the teacher's language). Loading the
apps opens no database connection; children still must not open one."""

import django
from django.apps import apps

if not apps.ready:
    django.setup()
