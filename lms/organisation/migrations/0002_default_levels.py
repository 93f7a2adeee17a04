from django.db import migrations

LEVELS = [
    ("mam-non", "Mầm non", None, None, 1),
    ("tieu-hoc", "Tiểu học", 1, 5, 2),
    ("thcs", "Trung học cơ sở", 6, 9, 3),
    ("thpt", "Trung học phổ thông", 10, 12, 4),
]


def create_levels(apps, schema_editor):
    Level = apps.get_model("organisation", "Level")
    for code, name, grade_from, grade_to, order in LEVELS:
        Level.objects.get_or_create(
            code=code,
            defaults={"name": name, "grade_from": grade_from, "grade_to": grade_to, "sort_order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("organisation", "0001_initial")]
    operations = [migrations.RunPython(create_levels, migrations.RunPython.noop)]
