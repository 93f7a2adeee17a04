"""Thumbnails move under repository/, which MEDIA_URL never serves: a draft's thumbnail
shows its first page. Files already stored are moved along with their rows."""

from functools import partial

from django.db import migrations, models, transaction

OLD, NEW = "thumbnails/", "repository/thumbnails/"


def move_thumbnails(apps, schema_editor, *, source, target):
    Document = apps.get_model("repository", "ResourceDocument")
    rows = Document.objects.using(schema_editor.connection.alias).filter(thumbnail__startswith=source)
    for document in rows.iterator():
        storage, old = document.thumbnail.storage, document.thumbnail.name
        try:
            with storage.open(old, "rb") as content:
                new = storage.save(target + old[len(source):], content)
        except FileNotFoundError:
            new = ""  # lost already; `manage.py reprocess_documents --id` makes another
        type(document).objects.filter(pk=document.pk).update(thumbnail=new)
        if new:
            # Only once the rows point at the copies: a failed migration keeps the originals.
            transaction.on_commit(partial(storage.delete, old), using=schema_editor.connection.alias)


class Migration(migrations.Migration):

    dependencies = [
        ("repository", "0008_catalogue_indexes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="resourcedocument",
            name="thumbnail",
            field=models.ImageField(blank=True, editable=False, upload_to="repository/thumbnails", verbose_name="thumbnail"),
        ),
        migrations.RunPython(
            partial(move_thumbnails, source=OLD, target=NEW),
            partial(move_thumbnails, source=NEW, target=OLD),
        ),
    ]
