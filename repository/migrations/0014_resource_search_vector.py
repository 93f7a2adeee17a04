"""The catalogue's own search on PostgreSQL (repository/search.py): a weighted
`tsvector` of each resource's folded words with a GIN index, filled here for the
resources already there; pg_trgm and the vocabulary of folded words for spelling
suggestions. On SQLite the column stays empty and nothing else is made."""

from django.contrib.postgres.search import SearchVectorField
from django.db import migrations

INDEX = "resource_search_vector_gin"
WORDS = "repository_search_word"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from repository import search

    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON repository_resource USING gin (search_vector)")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE TABLE IF NOT EXISTS {WORDS} (word text PRIMARY KEY, documents integer NOT NULL DEFAULT 0)"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {WORDS}_trgm ON {WORDS} USING gin (word gin_trgm_ops)"
    )
    search.refresh_all(resource_model=apps.get_model("repository", "Resource"))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TABLE IF EXISTS {WORDS}")
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ("repository", "0013_document_preview_pdf"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.AddField(
            model_name="resource",
            name="search_vector",
            field=SearchVectorField(editable=False, null=True, serialize=False),
        ),
        migrations.RunPython(create, drop, elidable=False),
    ]
