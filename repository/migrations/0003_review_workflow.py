from django.db import migrations


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    ReviewTask = apps.get_model("repository", "SubjectGroupReviewTask")

    task_type, _ = ContentType.objects.get_or_create(app_label="repository", model="subjectgroupreviewtask")
    resource_type, _ = ContentType.objects.get_or_create(app_label="repository", model="resource")
    task = ReviewTask.objects.create(name="Thẩm định của tổ chuyên môn", content_type=task_type, active=True)
    workflow = Workflow.objects.create(name="Thẩm định học liệu", active=True)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowContentType.objects.update_or_create(content_type=resource_type, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [("repository", "0002_curriculum_vocabularies"), ("wagtailcore", "0098_apitoken")]
    operations = [migrations.RunPython(create_workflow, migrations.RunPython.noop)]
