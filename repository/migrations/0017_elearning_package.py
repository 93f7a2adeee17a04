"""E-learning lectures: a resource of kind "elearning" points at its player package."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("player", "0002_attempts"),
        ("repository", "0016_sqlite_catalogue_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="resource",
            name="package",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="player.package", verbose_name="e-learning package"),
        ),
        migrations.AlterField(
            model_name="resource",
            name="kind",
            field=models.CharField(choices=[("lesson_plan", "Lesson plan"), ("slides", "Slides"),
                                            ("worksheet", "Worksheet or test paper"), ("video", "Video"),
                                            ("image", "Image"), ("audio", "Audio"),
                                            ("document", "Other document"), ("elearning", "E-learning lecture")],
                                   max_length=20, verbose_name="kind"),
        ),
    ]
