"""The catalogue's own index on SQLite (repository/search.py): a table of each
resource's folded words (and its title's words as typed), followed by an FTS5 index
through triggers, filled here for the resources already there; a narrow index of the
resources' facet fields for the matches. Nothing on PostgreSQL
(which has `search_vector`, migration 0014) nor where SQLite lacks FTS5."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from modelsearch.backends.database.sqlite.utils import fts5_available

    from repository import search

    if not fts5_available():
        return
    for statement in search.sqlite_schema():
        schema_editor.execute(statement)
    search._sqlite_checked.clear()
    search.refresh_all(resource_model=apps.get_model("repository", "Resource"))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from repository import search

    schema_editor.execute(f"DROP TRIGGER IF EXISTS {search.SQLITE_TEXT}_resource_ad")
    schema_editor.execute("DROP INDEX IF EXISTS repository_resource_search_idx")
    schema_editor.execute(f"DROP TABLE IF EXISTS {search.SQLITE_FTS}")
    schema_editor.execute(f"DROP TABLE IF EXISTS {search.SQLITE_TEXT}")
    search._sqlite_checked.clear()


class Migration(migrations.Migration):

    dependencies = [
        ("repository", "0015_catalogue_covering_indexes"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
