"""Office files are read in the browser as the PDF LibreOffice makes of them in the
background (repository/conversion.py, in bubblewrap): the reviewer reads a Word or
PowerPoint file without downloading it; the PDF goes only to who may see the file."""

import contextlib
import re

import pytest
from django.test import Client

import samples
from factories import ADD, client_for, resource_form, uploaded
from repository.models import Resource, ResourceDocument

TITLE = "Kế hoạch bài dạy Toán 6 – Tập hợp"


def figures(html: str) -> dict[str, str]:
    """File name shown -> its preview kind."""
    found = re.findall(r'data-preview="(\w*)">.*?<p class="file-name"><strong>(.*?)</strong>', html, re.S)
    return {name: kind for kind, name in found}


def submit_office_files(demo, capture):
    author = client_for(demo.user("giaovien.toan"))
    with capture(execute=True):
        docs = [uploaded(author, "giao-an.docx", samples.docx("Kế hoạch bài dạy: Địa lí")),
                uploaded(author, "bai-giang.pptx", samples.pptx(["Bài 1", "Bài 2"]))]
    response = author.post(ADD, resource_form(demo, docs, action="submit"))
    assert response.status_code == 302
    return Resource.objects.get(title=TITLE), docs


@pytest.mark.process
def test_the_reviewer_reads_a_docx_and_a_pptx_as_pdf_and_nobody_else_gets_them(
    demo, settings, django_capture_on_commit_callbacks,
):
    settings.PREVIEW_OFFICE_FILES = True
    resource, (docx, pptx) = submit_office_files(demo, django_capture_on_commit_callbacks)
    for doc in (docx, pptx):
        doc.refresh_from_db()
        assert doc.processing == "done" and doc.preview_error == ""
        assert doc.preview_pdf.name.startswith("repository/previews/")
        assert doc.thumbnail  # the first page of the PDF, where the file itself has none to draw
    assert pptx.page_count == 2

    reviewer = client_for(demo.user("thamdinh.toan"))
    page = reviewer.get(f"/hoc-lieu/{resource.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert figures(html) == {"giao-an.docx": "pdf", "bai-giang.pptx": "pdf"}
    assert f'<iframe class="preview-pdf" src="/hoc-lieu/tep/{docx.pk}/xem/"' in html
    assert "Mở bản xem trước (PDF) trong thẻ mới" in html

    inline = reviewer.get(f"/hoc-lieu/tep/{docx.pk}/xem/")
    assert inline.status_code == 200
    assert inline["Content-Type"] == "application/pdf"
    assert 'filename="giao-an.pdf"' in inline["Content-Disposition"]
    assert inline["Content-Disposition"].startswith("inline")
    assert b"".join(inline.streaming_content).startswith(b"%PDF")
    # the download is still the teacher's own file
    download = reviewer.get(f"/hoc-lieu/tep/{docx.pk}/tai-ve/")
    assert 'filename="giao-an.docx"' in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"PK")

    # another group's teacher, another school's teacher and a visitor get nothing
    for other in (client_for(demo.user("giaovien.van")), client_for(demo.user("giaovien.th")), Client()):
        assert other.get(f"/hoc-lieu/tep/{docx.pk}/xem/").status_code == 404
    # the stored PDF is not reachable at its media address either
    assert Client().get(f"/media/{docx.preview_pdf.name}").status_code == 404


def test_an_office_file_waiting_for_its_pdf_says_the_preview_is_being_prepared(demo, settings):
    settings.PREVIEW_OFFICE_FILES = True
    # the uploads' processing, sent on commit, never runs
    resource, (docx, _pptx) = submit_office_files(demo, lambda execute: contextlib.nullcontext())
    assert ResourceDocument.objects.get(pk=docx.pk).processing == "pending"
    html = client_for(demo.user("giaovien.toan")).get(f"/hoc-lieu/{resource.pk}/").content.decode()
    assert figures(html)["giao-an.docx"] == "preparing"
    assert "Bản xem trước đang được chuẩn bị" in html
    assert client_for(demo.user("giaovien.toan")).get(f"/hoc-lieu/tep/{docx.pk}/xem/").status_code == 404


def test_without_libreoffice_the_file_is_processed_and_its_page_says_why_there_is_no_preview(
    demo, settings, django_capture_on_commit_callbacks,
):
    settings.PREVIEW_OFFICE_FILES = True
    settings.PREVIEW_OFFICE_COMMAND = "no-such-office-suite"
    resource, (docx, _pptx) = submit_office_files(demo, django_capture_on_commit_callbacks)
    docx.refresh_from_db()
    assert docx.processing == "done" and not docx.preview_pdf
    assert docx.text.startswith("Kế hoạch bài dạy: Địa lí")
    html = client_for(demo.user("giaovien.toan")).get(f"/hoc-lieu/{resource.pk}/").content.decode()
    assert figures(html)["giao-an.docx"] == ""
    assert "Máy chủ này chưa có chức năng xem trước tệp văn phòng." in html


@pytest.mark.process
def test_the_demo_has_a_submission_waiting_with_a_docx_and_a_pptx_the_reviewer_reads(demo_content, settings):
    demo = demo_content
    from repository import processing

    settings.PREVIEW_OFFICE_FILES = True
    waiting = Resource.objects.get(title="Kế hoạch bài dạy Toán 7 – Biểu thức đại số")
    names = [f.document.filename for f in waiting.files.all()]
    assert names == ["Kế hoạch bài dạy Toán 7 – Biểu thức đại số.docx",
                     "Kế hoạch bài dạy Toán 7 – Biểu thức đại số.pptx"]
    for item in waiting.files.all():
        processing.process_document(item.document)  # what the worker does after seed_demo
    html = client_for(demo.user("thamdinh.toan")).get(f"/hoc-lieu/{waiting.pk}/").content.decode()
    assert set(figures(html).values()) == {"pdf"}
    assert "Đang chờ duyệt" in html
