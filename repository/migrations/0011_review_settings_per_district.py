"""Review settings belong to a district (they were one setting for the whole instance).
The old single row cannot be given to one district safely: it is dropped, and each
district's officers choose again."""

import django.db.models.deletion
from django.db import migrations, models


def drop_instance_wide_settings(apps, schema_editor):
    apps.get_model("repository", "ReviewSettings").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("organisation", "0002_default_levels"),
        ("repository", "0010_downloadmark"),
    ]

    operations = [
        migrations.RunPython(drop_instance_wide_settings, migrations.RunPython.noop),
        migrations.AddField(
            model_name="reviewsettings",
            name="district",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE, related_name="review_settings",
                to="organisation.district", verbose_name="district",
            ),
            preserve_default=False,
        ),
        migrations.AlterModelOptions(
            name="reviewsettings",
            options={"verbose_name": "review settings", "verbose_name_plural": "review settings"},
        ),
    ]
