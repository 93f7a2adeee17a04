"""Background work of the player. Tasks named `player.*` go to the `ingest` queue
(CELERY_TASK_ROUTES); they only look up their object and call the service."""

from celery import shared_task

# The unpacking itself runs in a bounded child process (PLAYER_INGEST_* settings); this
# limit of the prefork pool is a backstop for the sending of files around it.
SOFT_TIME_LIMIT = 30 * 60


@shared_task(name="player.ingest_package", soft_time_limit=SOFT_TIME_LIMIT, time_limit=SOFT_TIME_LIMIT + 60)
def ingest_package(package_id: int) -> str | None:
    """Unpack an uploaded package; its new status."""
    from lms.player import services
    from lms.player.models import Package

    package = Package.objects.filter(pk=package_id).first()
    if package is None:
        return None
    return services.ingest(package).status
