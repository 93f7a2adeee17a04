"""{% chunked_file_input %}: a file input whose file goes up in resumable parts (tus),
with a progress bar, and a hidden input that the form submits instead of the file.

    {% load uploads %}
    {% chunked_file_input "player.package" "package" label=_("E-learning package (.zip)") accept=".zip,application/zip" errors=form.package.errors %}

The form then posts `package=<upload id>`; the view takes the file with
lms.uploads.selectors.completed_upload(request.user, id, purpose="player.package").
After a refused form the page shows the same upload again (from the POST data), so a
large file is not sent twice.
"""

from django import template
from django.conf import settings
from django.urls import reverse

from lms.uploads import purposes, selectors

register = template.Library()


@register.inclusion_tag("uploads/chunked_file_input.html", takes_context=True)
def chunked_file_input(context, purpose: str, name: str, *, label: str = "", help_text: str = "",
                       accept: str = "", input_id: str = "", chunk_mb: int | None = None,
                       errors=None, value=None):
    wanted = purposes.get(purpose)
    if wanted is None:
        raise template.TemplateSyntaxError(f"chunked_file_input: unknown upload purpose {purpose!r}")
    request = context.get("request")
    user = getattr(request, "user", None)
    if value is None and request is not None and request.method == "POST":
        value = request.POST.get(name)
    completed = selectors.completed_upload(user, value, purpose=purpose) if value and user else None
    max_bytes = wanted.max_bytes()
    input_id = input_id or f"id_{name}_file"
    return {
        "purpose": purpose,
        "name": name,
        "input_id": input_id,
        "label": label,
        "help_text": help_text,
        "accept": accept,
        "errors": errors or [],
        "endpoint": reverse("uploads:create"),
        "max_bytes": max_bytes,
        "max_mb": max_bytes // purposes.MB,
        "chunk_bytes": (chunk_mb or settings.UPLOADS_CHUNK_MB) * purposes.MB,
        "completed": completed,
        "csrf_token": context.get("csrf_token"),
    }
