"""Remove images uploaded in the question editor that no question holds (the form was
left without saving the question), once older than a day and an hour (their token no
longer saves them): repository/questions/question_images.py `purge_strays`. An image
any QuestionMedia row or any revision of a question names is kept.

The project has no periodic scheduler: run it from cron, e.g. nightly
    40 2 * * *  cd /srv/lms && .venv/bin/python manage.py purge_question_images
"""

from django.core.management import BaseCommand

from repository.questions import question_images


class Command(BaseCommand):
    help = "Remove images uploaded in the question editor that no question holds."

    def handle(self, *args, **options):
        removed = question_images.purge_strays()
        self.stdout.write(f"Removed {removed} stray question image(s).")
