"""lms/core/bulk_insert.py: rows written in batches (100 a statement on PostgreSQL, 500 on
SQLite) come back with their own ids in order, whether the database returns them or they
were allocated first, inside psycopg's pipeline with the keys checked as written or not;
a row naming one not written yet is refused (at its statement's end, or at commit)."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from lms.accounts.models import User
from lms.core.bulk_insert import allocate_ids, checked_when_written, insert_rows, pipelined
from lms.notices.models import Notice

COUNT = 250  # two whole statements of 100 and a part on PostgreSQL


@pytest.fixture
def recipient(db):
    return User.objects.create_user(username="gv.hangloat", password="x")


def rows(recipient, prefix):
    now = timezone.now()
    return [{"recipient_id": recipient.pk, "kind": "test", "title": f"{prefix} {n}", "url": f"/{n}/",
             "actor_id": None, "detail": "", "created_at": now, "read_at": None} for n in range(COUNT)]


def titles_by_id(ids):
    return dict(Notice.objects.filter(pk__in=ids).values_list("pk", "title"))


def test_rows_come_back_with_their_ids_in_order(recipient):
    ids = insert_rows(Notice, rows(recipient, "trả về"))
    assert len(set(ids)) == COUNT
    found = titles_by_id(ids)
    assert [found[pk] for pk in ids] == [f"trả về {n}" for n in range(COUNT)]


def test_rows_written_with_allocated_ids_in_the_pipeline(recipient):
    ids = allocate_ids(Notice, COUNT)
    if connection.vendor == "sqlite":
        assert ids is None  # no sequence: the INSERTs give the ids
    with transaction.atomic(), pipelined(Notice), checked_when_written(Notice):
        written = insert_rows(Notice, rows(recipient, "cấp trước"), ids=ids)
        insert_rows(Notice, rows(recipient, "không trả về"), returning=False)
    if ids is not None:
        assert written == ids
    found = titles_by_id(written)
    assert [found[pk] for pk in written] == [f"cấp trước {n}" for n in range(COUNT)]
    assert Notice.objects.filter(title__startswith="không trả về ").count() == COUNT


def test_a_row_naming_a_missing_one_is_refused_and_nothing_is_kept(recipient):
    import psycopg

    bad = rows(recipient, "hỏng")
    bad[-1]["recipient_id"] = recipient.pk + 1000
    with pytest.raises((IntegrityError, psycopg.IntegrityError)):  # Django's, or the raw cursor's
        with transaction.atomic(), pipelined(Notice), checked_when_written(Notice):
            insert_rows(Notice, bad, returning=False)
            if connection.vendor == "sqlite":  # checked at commit there (the test's is not one)
                connection.check_constraints(table_names=[Notice._meta.db_table])
    assert not Notice.objects.filter(title__startswith="hỏng ").exists()
