"""Points as the bank's pages print them: `{% load question_points %}` then
`{% blocktranslate count counter=value|point_count with points=value|floatformat:"-2" %}{{ points }} point{% plural %}{{ points }} points{% endblocktranslate %}`.
Points are decimals (0,25; 1,5): the singular is for exactly one point, every other
value takes the plural (English writes "0.5 points"); Vietnamese has one form."""

from django import template

register = template.Library()


@register.filter
def point_count(value) -> int:
    """The whole number ngettext picks the form by: 1 for one point, 2 for any other."""
    from repository.questions.word.layout import point_count as count

    return count(value)
