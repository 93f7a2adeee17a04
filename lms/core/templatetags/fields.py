"""A form field's widget tied to its help text and errors, for screen readers."""

from django import template

register = template.Library()


@register.simple_tag
def described_widget(field, **attrs):
    """The widget with aria-describedby naming its help and error texts (ids as
    templates/includes/field.html writes them) and aria-invalid when it has errors."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_help")
    if field.errors:
        ids.append(f"{field.auto_id}_errors")
        attrs["aria-invalid"] = "true"
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    if field.field.required:
        attrs["aria-required"] = "true"
    return field.as_widget(attrs=attrs)
