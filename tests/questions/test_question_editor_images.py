"""Images in the teacher's question editor (issue 16): an image uploaded with its
description is checked by its content and re-encoded in the bounded child, stored as the
question's QuestionMedia and shown after the stem as `<img src="media:NAME" alt="…">` (a
plain question becoming html); bad input refused with a Vietnamese message and nothing
else lost; a published question's new image, changed description and removed image wait
in its revision until approved."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

import samples
from factories import approve_group_stage, make_question
from repository.models import Question, QuestionMedia
from repository.questions import question_images


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield



def png_upload(name="Hình tam giác.PNG", size=(64, 48)):
    return SimpleUploadedFile(name, samples.png(size), content_type="image/png")


def fields(**more):
    return {"kind": "single", "stem": "Tam giác ABC có \\(AB < AC\\). Góc nào lớn hơn?",
            "options": "*\\(\\widehat{B}\\) // Góc đối diện cạnh lớn hơn thì lớn hơn.\n\\(\\widehat{C}\\)",
            "points": "1", "action": "save", **more}


def test_an_image_is_added_to_a_new_question_which_becomes_html(demo, login, bank):
    client = login(demo.user("giaovien.toan"))
    response = client.post(reverse("questions:question_new", args=[bank.pk]),
                           fields(new_image=png_upload(size=(3000, 1500)), new_image_alt=" Tam giác  ABC "))
    assert response.status_code == 302, response.content.decode()[-2000:]
    question = Question.objects.get()
    image = question.media.get()
    assert (image.name, image.mime, image.alt) == ("hinh-tam-giac.png", "image/png", "Tam giác ABC")
    with image.file.open("rb") as f, Image.open(io.BytesIO(f.read())) as stored:
        assert stored.format == "PNG" and stored.size == (2400, 1200)  # made at most MAX_SIDE wide
    content = question.content
    assert content["text_format"] == "html"
    assert content["stem"] == ('<p>Tam giác ABC có \\(AB &lt; AC\\). Góc nào lớn hơn?</p>'
                               '<p><img src="media:hinh-tam-giac.png" alt="Tam giác ABC"></p>')
    assert [(o["text"], o["feedback"]) for o in content["options"]] == [
        ("\\(\\widehat{B}\\)", "Góc đối diện cạnh lớn hơn thì lớn hơn."), ("\\(\\widehat{C}\\)", "")]
    assert question.latest_revision.content["media"][0]["name"] == "hinh-tam-giac.png"
    page = client.get(reverse("questions:question", args=[question.pk])).content.decode()
    url = reverse("questions:media", args=[image.pk])
    assert f'<img src="{url}" alt="Tam giác ABC">' in page
    assert client.get(url).status_code == 200
    edit = client.get(reverse("questions:question_edit", args=[question.pk])).content.decode()
    assert f'<img src="{url}" alt="Tam giác ABC" width="160">' in edit
    assert 'value="Tam giác ABC"' in edit and 'enctype="multipart/form-data"' in edit


# (the file, its description, the field the message is tied to, the exact message)
BAD = [
    (SimpleUploadedFile("hinh.png", b"%PDF-1.4 not an image at all", content_type="image/png"), "Hình",
     "new_image", "“hinh.png” không phải là ảnh mà câu hỏi hiển thị được (PDF): hãy chọn tệp PNG, "
     "JPEG, GIF hoặc WebP."),
    (SimpleUploadedFile("lon.png", samples.png() + b"\0" * question_images.MAX_BYTES, content_type="image/png"),
     "Hình", "new_image", "Ảnh “lon.png” lớn hơn 5 MB: hãy làm ảnh nhỏ hơn rồi chọn lại."),
    (SimpleUploadedFile("hong.png", samples.png()[:60], content_type="image/png"), "Hình", "new_image",
     "Không đọc được ảnh “hong.png”: tệp bị hỏng."),
    (png_upload("hinh.png"), "  ", "new_image_alt", "Hãy mô tả ảnh cho học sinh không nhìn thấy ảnh."),
]


def test_bad_images_are_refused_in_vietnamese_and_nothing_else_is_lost(demo, login, bank):
    client = login(demo.user("giaovien.toan"))
    url = reverse("questions:question_new", args=[bank.pk])
    for upload, alt, field, message in BAD:
        response = client.post(url, fields(new_image=upload, new_image_alt=alt, topic="Tam giác"))
        html = response.content.decode()
        assert response.status_code == 400, message
        assert f'<ul class="errorlist" id="id_{field}_errors"><li>{message}</li></ul>' in html, html[-4000:]
        assert "Tam giác ABC có \\(AB &lt; AC\\). Góc nào lớn hơn?</textarea>" in html
        assert "// Góc đối diện cạnh lớn hơn thì lớn hơn." in html and 'value="Tam giác"' in html
    assert not Question.objects.exists()
    # The image without a description is kept on the page: described, it is saved.
    kept = html.split('name="kept_image" value="', 1)[1].split('"', 1)[0]
    assert "Ảnh “hinh.png” đã được tải lên: ảnh sẽ được thêm khi lưu câu hỏi." in html
    response = client.post(url, fields(kept_image=kept, new_image_alt="Hình vẽ"))
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.media.get().alt == "Hình vẽ" and 'alt="Hình vẽ"' in question.content["stem"]
    # A forged token adds nothing.
    forged = client.post(url, fields(kept_image=kept[:-2] + "xx", new_image_alt="Hình"))
    assert forged.status_code == 400
    assert "Không thêm được ảnh đã chọn trước đó: hãy chọn lại ảnh." in forged.content.decode()


def test_a_published_question_s_images_change_only_when_approved(demo, login, bank):
    question = make_question(bank, "Hình bên có mấy cạnh?", image=True, state="published")
    old = question.media.get()
    client = login(demo.user("giaovien.toan"))
    url = reverse("questions:question_edit", args=[question.pk])
    stem = question.content["stem"]
    response = client.post(url, {"kind": "single", "stem": stem, "options": "3\n*4\n5\n6", "points": "1",
                                 "image_0_alt": "Hình vuông ABCD", "new_image": png_upload("canh.png"),
                                 "new_image_alt": "Cạnh AB", "action": "save"})
    assert response.status_code == 302, response.content.decode()[-3000:]
    question.refresh_from_db()
    assert question.content["stem"] == stem and question.media.get(name="hinh.png").alt == "Hình 1"
    new = QuestionMedia.objects.get(name="canh.png")  # its row, for the authors' and reviewers' pages
    draft = question.get_latest_revision_as_object()
    assert draft.content["stem"] == ('<p>Hình bên có mấy cạnh?</p><p><img src="media:hinh.png" alt="Hình vuông ABCD">'
                                     '</p><p><img src="media:canh.png" alt="Cạnh AB"></p>')
    page = client.get(reverse("questions:question", args=[question.pk])).content.decode()
    changes = page.split("data-changes", 1)[1]
    assert f'<img src="{reverse("questions:media", args=[new.pk])}" alt="Cạnh AB">' in changes
    # Removing the first image takes it out of the text too.
    response = client.post(url, {"kind": "single", "stem": draft.content["stem"], "options": "3\n*4\n5\n6",
                                 "points": "1", "image_0_alt": "Hình vuông ABCD", "image_0_remove": "on",
                                 "image_1_alt": "Cạnh AB", "action": "submit"})
    assert response.status_code == 302, response.content.decode()[-3000:]
    question.refresh_from_db()
    assert question.media.count() == 2  # the approved version still shows its image
    approve_group_stage(question)
    question.refresh_from_db()
    assert question.content["stem"] == '<p>Hình bên có mấy cạnh?</p><p><img src="media:canh.png" alt="Cạnh AB"></p>'
    assert list(question.media.values_list("pk", "name", "alt")) == [(new.pk, "canh.png", "Cạnh AB")]
    assert not QuestionMedia.objects.filter(pk=old.pk).exists()


def test_a_description_may_not_be_emptied_nor_the_text_name_a_missing_image(demo, login, bank):
    question = make_question(bank, "Hình bên có mấy cạnh?", image=True, state="draft")
    client = login(demo.user("giaovien.toan"))
    url = reverse("questions:question_edit", args=[question.pk])
    base = {"kind": "single", "options": "3\n*4", "points": "1", "action": "save"}
    response = client.post(url, {**base, "stem": question.content["stem"], "image_0_alt": ""})
    assert response.status_code == 400
    assert ('<ul class="errorlist" id="id_image_0_alt_errors"><li>Hãy mô tả ảnh cho học sinh không nhìn thấy ảnh.'
            '</li></ul>') in response.content.decode()
    response = client.post(url, {**base, "stem": '<p>Xem <img src="media:khac.png" alt="?"></p>',
                                 "image_0_alt": "Hình 1"})
    assert response.status_code == 400
    assert ("Nội dung hiển thị một ảnh mà câu hỏi không có: “khac.png”. Hãy thêm ảnh ở dưới, hoặc bỏ thẻ &lt;img&gt; "
            "của ảnh khỏi nội dung.") in response.content.decode()
    question.refresh_from_db()
    assert question.media.get().alt == "Hình 1"
