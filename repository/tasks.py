"""Background work of the repository. Tasks named `repository.*` go to the `ingest`
queue (CELERY_TASK_ROUTES); they only look up their object and call the service."""

from celery import shared_task

from repository import processing

# Each file is read in a child process with its own CPU, wall-time and memory limits
# (PROCESSING_* settings, lms/core/sandbox.py), in every pool and in eager runs. This
# limit of the prefork pool is only a backstop, for the task's own work around it.
SOFT_TIME_LIMIT = 10 * 60


@shared_task(name="repository.process_document", soft_time_limit=SOFT_TIME_LIMIT,
             time_limit=SOFT_TIME_LIMIT + 60)
def process_document(document_id: int) -> str | None:
    """Text, thumbnail, page count or duration of an uploaded file; its new status."""
    from repository.models import ResourceDocument

    document = ResourceDocument.objects.filter(pk=document_id).first()
    if document is None:
        return None  # deleted before its turn came
    processing.process_document(document)
    return document.processing


@shared_task(name="repository.read_question_import", soft_time_limit=SOFT_TIME_LIMIT,
             time_limit=SOFT_TIME_LIMIT + 60)
def read_question_import(job_id: int) -> str | None:
    """Read a teacher's file of questions (in the sandbox) for the preview."""
    from repository.models import QuestionImport
    from repository.questions import services

    job = QuestionImport.objects.filter(pk=job_id).select_related("bank__subject_group__school").first()
    if job is None:
        return None
    services.import_read(job)
    return job.status


@shared_task(name="repository.save_question_import", soft_time_limit=SOFT_TIME_LIMIT,
             time_limit=SOFT_TIME_LIMIT + 60)
def save_question_import(job_id: int) -> str | None:
    """Save the questions a teacher chose from a read file (one transaction), progress on
    the import; its new status (saved, or read again with the reason)."""
    from repository.models import QuestionImport
    from repository.questions import services

    job = (QuestionImport.objects.filter(pk=job_id)
           .select_related("bank__subject_group__school", "bank__level", "bank__subject", "created_by").first())
    if job is None:
        return None
    services.import_save_chosen(job)
    return job.status


@shared_task(name="repository.exam_pdfs", soft_time_limit=SOFT_TIME_LIMIT, time_limit=SOFT_TIME_LIMIT + 60)
def exam_pdfs(exam_id: int) -> str | None:
    """An exam's variants as PDFs (LibreOffice in the sandbox), progress on the exam."""
    from repository.models import Exam
    from repository.questions import exam_services

    exam = Exam.objects.filter(pk=exam_id).select_related("bank__subject_group__school", "blueprint").first()
    if exam is None:
        return None
    exam_services.pdf_make(exam)
    return exam.pdf_state.get("status")
