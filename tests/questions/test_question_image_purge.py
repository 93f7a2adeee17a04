"""Images uploaded in the question editor whose question is never saved leave the
storage through `manage.py purge_question_images`, once older than a day and an hour;
an image a question holds, or only a revision of one (removed from a later version),
stays, as does a recent upload whose form may still be saved."""

import io
import os
import time

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

import samples
from repository.models import Question
from repository.questions import question_images

FIELDS = {"kind": "single", "options": "*4\n5", "points": "1", "action": "save"}



def upload(name):
    return SimpleUploadedFile(name, samples.png((20, 10)), content_type="image/png")


def age(path, hours):
    then = time.time() - hours * 3600
    os.utime(default_storage.path(path), (then, then))


def test_stray_uploads_go_and_held_ones_stay(demo, login, bank):
    user = demo.user("giaovien.toan")
    client = login(user)
    new_url = reverse("questions:question_new", args=[bank.pk])

    def refused_upload(name) -> str:  # the form refused (no stem): the image kept, never saved
        response = client.post(new_url, {**FIELDS, "stem": "", "new_image": upload(name), "new_image_alt": "Hình"})
        assert response.status_code == 400
        token = response.content.decode().split('name="kept_image" value="', 1)[1].split('"', 1)[0]
        return question_images.kept(user=user, token=token)["path"]

    stray, recent = refused_upload("bo-do.png"), refused_upload("moi.png")
    response = client.post(new_url, {**FIELDS, "stem": "Hình bên có mấy cạnh?", "new_image": upload("giu.png"),
                                      "new_image_alt": "Hình giữ"})
    assert response.status_code == 302
    held_question = Question.objects.get()
    held = held_question.media.get().file.name
    # An image saved, then removed from the (draft) question: only its first revision names it.
    response = client.post(new_url, {**FIELDS, "stem": "Câu thứ hai", "new_image": upload("cu.png"),
                                      "new_image_alt": "Hình cũ"})
    assert response.status_code == 302
    second = Question.objects.exclude(pk=held_question.pk).get()
    in_revision = second.media.get().file.name
    response = client.post(reverse("questions:question_edit", args=[second.pk]),
                           {**FIELDS, "stem": second.content["stem"], "image_0_alt": "Hình cũ",
                            "image_0_remove": "on"})
    assert response.status_code == 302
    assert not second.media.exists()
    paths = [stray, recent, held, in_revision]
    assert all(p.startswith(question_images.UPLOADS_DIR) and default_storage.exists(p) for p in paths)
    for path in (stray, held, in_revision):
        age(path, 25.5)
    age(recent, 24.5)  # its token just expired: room for a save under way

    out = io.StringIO()
    call_command("purge_question_images", stdout=out)
    assert out.getvalue() == "Removed 1 stray question image(s).\n"
    assert [default_storage.exists(p) for p in paths] == [False, True, True, True]
    image = held_question.media.get()
    response = client.get(reverse("questions:media", args=[image.pk]))
    assert response.status_code == 200
    with image.file.open("rb") as f:
        assert b"".join(response.streaming_content) == f.read()

    age(recent, 26)
    out = io.StringIO()
    call_command("purge_question_images", stdout=out)
    assert out.getvalue() == "Removed 1 stray question image(s).\n"
    assert [default_storage.exists(p) for p in paths] == [False, False, True, True]
