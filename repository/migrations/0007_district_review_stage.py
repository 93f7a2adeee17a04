from django.db import migrations


def add_district_stage(apps, schema_editor):
    """The review workflow gets a second task, skipped unless the district chose the
    resource's kind in ReviewSettings."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    DistrictTask = apps.get_model("repository", "DistrictReviewTask")
    workflow = Workflow.objects.filter(name="Thẩm định học liệu").first()
    if workflow is None:
        return
    task_type, _ = ContentType.objects.get_or_create(app_label="repository", model="districtreviewtask")
    task = DistrictTask.objects.create(name="Phê duyệt của Phòng GD&ĐT", content_type=task_type, active=True)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=1)


class Migration(migrations.Migration):
    dependencies = [("repository", "0006_district_review")]
    operations = [migrations.RunPython(add_district_stage, migrations.RunPython.noop)]
