from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lms.core import background
from lms.organisation.demo import DEMO_PASSWORD, PEOPLE, seed_demo
from lms.organisation.signals import demo_district_seeded


class Command(BaseCommand):
    help = "Load the demo district (schools, groups, classes, users of every role). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--logins-only", action="store_true", help="Only print the demo logins."
        )

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("seed_demo creates users with known passwords: not in production.")
        if not options["logins_only"]:
            # Uploads are processed as each is saved, not in the background pool: the pool's
            # threads would update the search index while the seeding publishes more
            # content, and PostgreSQL may then break the seeding's transaction (deadlock).
            with background.in_this_thread():
                result = seed_demo()
                for receiver, extra in demo_district_seeded.send(sender=self.__class__):
                    if extra:
                        self.stdout.write(str(extra))
            self.stdout.write(
                f"Demo district ready: {result['schools']} schools, "
                f"{result['users_created']} new users."
            )
        self.stdout.write("Demo logins (password for all: %s):" % DEMO_PASSWORD)
        self.stdout.write(f"  {'admin':<16} Quản trị hệ thống (superuser)")
        for username, full_name, _email, grants in PEOPLE:
            roles = ", ".join(sorted({str(role.label) for role, *_ in grants}))
            self.stdout.write(f"  {username:<16} {full_name} — {roles}")
