"""Points are printed in the plural form their value takes: "1 point", "0.50 points" in
English, "1 điểm", "0,50 điểm" in Vietnamese (one form: Plural-Forms nplurals=1) — on the
bank's pages and in the Word papers."""

import pytest
from django.template import Context, Template
from django.utils import translation

from repository.questions.word.layout import points_text, question_label

PAGE = Template('{% load i18n question_points %}{% blocktranslate count counter=p|point_count '
                'with points=p|floatformat:"-2" %}{{ points }} point{% plural %}{{ points }} points'
                '{% endblocktranslate %}')


@pytest.mark.parametrize(("language", "value", "expected"), [
    ("en", 1, "1 point"), ("en", "1.00", "1 point"), ("en", 0.5, "0.50 points"), ("en", 2, "2 points"),
    ("vi", 1, "1 điểm"), ("vi", 0.25, "0,25 điểm"), ("vi", 1.5, "1,50 điểm"),
])
def test_the_pages_print_points_in_their_plural_form(language, value, expected):
    from decimal import Decimal

    with translation.override(language):
        assert PAGE.render(Context({"p": Decimal(str(value))})) == expected


def test_the_word_papers_too():
    with translation.override("en"):
        assert points_text(1.0) == "1 point" and points_text(1.5) == "1,5 points"
        assert question_label(3, 1.0) == "Question 3 (1 point): "
    with translation.override("vi"):
        assert points_text(1.0) == "1 điểm" and question_label(3, 0.5) == "Câu 3 (0,5 điểm): "
