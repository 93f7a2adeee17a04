"""A bank's questions exported from its page in each format and read back by the matching
reader (the round trip a teacher makes between the platform and Moodle, Excel or Word);
what a format cannot hold listed before the download; others refused."""

import pytest
from django.urls import reverse
from django.utils import translation

from factories import make_bank, make_question
from repository.questions import formats

ESSAY = {"kind": "essay", "stem": "Trình bày cách giải phương trình \\(x^2 - 4 = 0\\).", "text_format": "plain",
         "model_answer": "x = 2 hoặc x = -2", "rubric": "Mỗi nghiệm 0,5 điểm"}
NUMERIC = {"kind": "numeric", "stem": "Căn bậc hai của 2 là bao nhiêu?", "text_format": "plain",
           "numeric": [{"value": 1.414, "tolerance": 0.001, "fraction": 1.0, "feedback": ""}]}


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


@pytest.fixture
def bank(demo):
    bank = make_bank(demo)
    make_question(bank, "Kết quả của \\(2 + 3\\) là")
    make_question(bank, content=NUMERIC)
    make_question(bank, content=ESSAY, state="in_review")
    return bank


@pytest.mark.parametrize("fmt", ["moodlexml", "qti", "xlsx", "docx"])
def test_exported_file_reads_back(demo, bank, login, fmt):
    client = login(bank.created_by)
    response = client.get(reverse("questions:bank_export_format", args=[bank.pk, fmt]) + "?tai=1")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    read = formats.read_file(response.content, fmt=fmt)
    assert not read.problems
    by_kind = {q.kind: q for q in read.questions}
    assert "Kết quả của \\(2+3\\) là" in by_kind["single"].stem.replace(" + ", "+")
    assert [o.text for o in by_kind["single"].options if o.correct] == ["5"]
    assert by_kind["numeric"].numeric[0].value == pytest.approx(1.414)
    # The Word layout reads "Đáp án: 1,414"; the tolerance is printed in its grading guide, for people.
    assert by_kind["numeric"].numeric[0].tolerance == pytest.approx(0 if fmt == "docx" else 0.001)
    # Moodle XML has no place for an essay's model answer: the essay is listed, not written.
    assert ("essay" in by_kind) == (fmt != "moodlexml")


def test_gift_lists_what_it_cannot_hold_first(demo, bank, login):
    client = login(bank.created_by)
    page = client.get(reverse("questions:bank_export_format", args=[bank.pk, "gift"]))
    html = page.content.decode()
    assert page.status_code == 200 and "data-export-problems" in html
    download = client.get(reverse("questions:bank_export_format", args=[bank.pk, "gift"]) + "?tai=1")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    read = formats.read_file(download.content, fmt="gift")
    assert {q.kind for q in read.questions} == {"single", "numeric"}


def test_others_see_only_what_they_may_read(demo, bank, login):
    other_group = login(demo.user("giaovien.van"))
    assert other_group.get(reverse("questions:bank_export", args=[bank.pk])).status_code == 404
    reviewer = login(demo.user("thamdinh.toan"))
    read = formats.read_file(reviewer.get(reverse("questions:bank_export_format", args=[bank.pk, "qti"])).content,
                             fmt="qti")
    assert len(read.questions) == 3  # the published two and the one in review
    assert reviewer.get(reverse("questions:bank_export_format", args=[bank.pk, "pdf"])).status_code == 404
