from django.dispatch import Signal

# Sent by `manage.py seed_demo` after the demo district is loaded, so that other parts
# (repository, contests) add their own demo content without lms depending on them.
demo_district_seeded = Signal()
