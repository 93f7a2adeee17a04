"""The catalogue's cached pages (lms/core/page_cache.py) go out of date whenever a
resource, a curriculum term, a school level or a school changes: publishing,
unpublishing, an edit, a renamed subject or school. The same version tells the
selectors' per-process copy of the vocabularies (selectors._vocabulary) to read them
again. Counters updated in place (downloads, ratings) are at most the cache's timeout
old."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from lms.core import page_cache

NAMESPACE = "catalogue"


def catalogue_changed(sender, raw=False, using=None, **kwargs):
    if raw:
        return
    page_cache.bump(NAMESPACE)
    # Again after commit: a page made from the old rows between the first bump and the
    # commit would otherwise stay cached under the new version.
    transaction.on_commit(lambda: page_cache.bump(NAMESPACE), using=using)


def connect() -> None:
    from lms.organisation.models import Level, School
    from repository.models import Grade, Resource, Subject, TextbookSeries

    for model in (Resource, Grade, Subject, TextbookSeries, Level, School):
        for signal in (post_save, post_delete):
            signal.connect(catalogue_changed, sender=model, dispatch_uid=f"catalogue-cache-{model.__name__}-{id(signal)}")
