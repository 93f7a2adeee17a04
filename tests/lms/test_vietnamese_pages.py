"""Vietnamese first: every page a teacher, a reviewer, a group leader, a school leader or
the district's officer uses is Vietnamese when nobody chose a language, whatever the
browser asks for (Accept-Language: en).

The pages: the site's menu entries of each role and the repository's own pages (a
published item, a draft, a submission to review), the people pages; in the admin, every
menu entry of the role (sub-menus too), the add form and an edit form of every model
whose listing the menu offers, the documents' upload and edit forms, the account.

A page fails on any visible text (tags, scripts, styles and attributes left out, but
placeholders and the admin's menus drawn from JSON kept) that is an English message of Wagtail's, Django's or the platform's own catalogs: a whole text
that is one of their msgids, or a long msgid (or the long part of one around its
placeholders) anywhere in the page's text.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import django
import polib
import pytest
import taggit
import wagtail
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, RequestFactory
from django.urls import reverse
from wagtail.admin.menu import SubmenuMenuItem, admin_menu
from wagtail.permissions import policy_registry
from wagtail.snippets.models import get_snippet_models

from lms.accounts.selectors import people_of_school
from lms.core.navigation import menu_for
from lms.permissions import can, schools_managed_by
from lms.player import access
from lms.player.models import Package
from repository.models import Resource, ResourceDocument
from repository.selectors import review_queue

ROLES = ("giaovien.toan", "thamdinh.toan", "totruong.toan", "hieutruong.nt", "chuyenvien", "hocsinh.6a")
ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en"}

WAGTAIL = Path(wagtail.__file__).parent
DJANGO = Path(django.__file__).parent
CATALOGS = [
    *(WAGTAIL / app / "locale" for app in (
        "", "admin", "snippets", "users", "documents", "images", "search", "sites", "locales",
        "contrib/settings", "contrib/forms", "contrib/redirects",
    )),
    DJANGO / "conf" / "locale",
    DJANGO / "contrib" / "auth" / "locale",
    Path(taggit.__file__).parent / "locale",
]
# Seen on Vietnamese pages before: admin columns named after a field, and the refusal of
# a file's extension (Django's validator).
SEEN = {"Is active", "Is current", "Unit", "Name", "Sign out", "Dashboard", "Search", "Edit", "Delete"}
SEEN_FRAGMENTS = ("File extension", "is not allowed")
# Msgids that are also right on a Vietnamese page: names, and words Vietnamese uses as is.
SAME_IN_VIETNAMESE = {
    "English", "Wagtail", "Email", "email", "PDF", "URL", "HTML", "Slug", "slug", "ID",
}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|<[^>]+>")


def _msgids(locale_dir: Path) -> set[str]:
    found = set()
    for domain in ("django",):
        path = locale_dir / "en" / "LC_MESSAGES" / f"{domain}.po"
        if path.exists():
            for entry in polib.pofile(str(path)):
                if not entry.obsolete:
                    found.update(m for m in (entry.msgid, entry.msgid_plural) if m)
    return found


@lru_cache(maxsize=1)
def english() -> tuple[frozenset[str], tuple[str, ...]]:
    """(whole texts, fragments): the English msgids a Vietnamese page must not show."""
    msgids = set().union(*(_msgids(path) for path in CATALOGS))
    # the platform's own English msgids (all translated in locale/vi)
    own = polib.pofile(str(Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
    msgids |= {e.msgid for e in own if not e.obsolete and e.msgid != e.msgstr}
    whole = {" ".join(m.split()) for m in msgids if not PLACEHOLDER.search(m)}
    whole = {m for m in whole if len(m) >= 3 and re.search(r"[A-Za-z]{3}", m)} - SAME_IN_VIETNAMESE
    fragments = set(SEEN_FRAGMENTS)
    for m in msgids:
        for part in PLACEHOLDER.split(m):
            part = " ".join(part.split()).strip(" .,:;“”\"'()")
            if len(part) > 12 and " " in part:
                fragments.add(part)
    return frozenset(whole | SEEN), tuple(sorted(fragments))


class _VisibleText(HTMLParser):
    """The text a person sees: the page's text nodes, the fields' placeholders, and the
    strings the admin's sidebar and its scripts draw from JSON data (<script
    type="application/json">)."""

    SKIP = {"script", "style", "noscript"}
    # the JSON keys whose values the scripts show as text (the sidebar's menu, say)
    SHOWN = {"label", "footer_text", "title", "text", "heading", "help_text"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self._skipping, self._json = [], 0, None

    def handle_starttag(self, tag, attrs):
        placeholder = dict(attrs).get("placeholder")  # shown in an empty field
        if placeholder and not self._skipping:
            self.texts.append(" ".join(placeholder.split()))
        if tag in self.SKIP:
            self._skipping += 1
            if tag == "script" and dict(attrs).get("type") == "application/json":
                self._json = []

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1
            if self._json is not None:
                self.texts += self._json_strings(json.loads("".join(self._json)))
                self._json = None

    def handle_data(self, data):
        if self._json is not None:
            self._json.append(data)
            return
        text = " ".join(data.split())
        if text and not self._skipping:
            self.texts.append(text)

    def _json_strings(self, value, key=None):
        if isinstance(value, dict):
            return [t for k, v in value.items() for t in self._json_strings(v, k)]
        if isinstance(value, list):
            return [t for v in value for t in self._json_strings(v, key)]
        if isinstance(value, str) and key in self.SHOWN:
            return [" ".join(value.split())]
        return []


def visible_texts(html: str) -> list[str]:
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return parser.texts


def english_on(html: str) -> list[str]:
    whole, fragments = english()
    texts = visible_texts(html)
    found = [t for t in texts if t in whole or t.rstrip(":*") in whole]
    page = "\n".join(texts)
    found += [f for f in fragments if f in page]
    return sorted(set(found))


# --- the pages each role uses -----------------------------------------------------------


def _site_pages(user) -> list[str]:
    urls = ["/", "/hoc-lieu/", "/hoc-lieu/?q=to%C3%A1n", "/me/", "/huong-dan/", reverse("accounts:password_change")]
    urls += [entry["url"] for entry in menu_for(user) if entry["key"] != "admin"]
    published = Resource.objects.filter(live=True, subject_group__name="Tổ Toán – Tin").order_by("pk").first()
    urls.append(reverse("repository:resource", args=[published.pk]))
    for resource in Resource.objects.filter(owner=user, live=False).order_by("pk"):  # in review, sent back
        urls.append(reverse("repository:resource", args=[resource.pk]))
        urls.append(reverse("repository:resource_edit", args=[resource.pk]))  # the edit or "waiting" page
    if can(user, "resource.add"):
        urls.append(reverse("repository:resource_add"))
    urls += [item.review_url for item in review_queue(user=user)]
    for package in Package.objects.filter(status=Package.Status.READY).order_by("pk"):  # the demo's lectures
        if access.mode_for(user, package):
            urls.append(reverse("player:play", args=[package.uuid]))
        if access.may_read_report(user, package):
            urls.append(reverse("player:report", args=[package.uuid]))
    urls += _question_bank_pages(user)
    schools = [s for s in schools_managed_by(user).order_by("pk") if people_of_school(school=s, role="", q="")]
    for school in schools[:1]:  # the first school with people
        people = reverse("accounts:school_people", args=[school.pk])
        urls += [people, people + "?role=teacher", reverse("accounts:people_import", args=[school.pk])]
        person = people_of_school(school=school, role="", q="").exclude(pk=user.pk).first()
        urls.append(reverse("accounts:person", args=[person.pk]))
    return list(dict.fromkeys(urls))


def _question_bank_pages(user) -> list[str]:
    """The bank pages a teacher, reviewer or officer uses: their banks, a question, the
    import page, blueprints, the export page, their exams; the batch review."""
    from repository.models import Exam
    from repository.questions import selectors as bank_selectors
    from repository.questions.services import may_add_to

    urls = []
    for bank in bank_selectors.banks_of(user=user).order_by("pk")[:2]:
        urls += [reverse("questions:bank", args=[bank.pk]), reverse("questions:bank_export", args=[bank.pk])]
        urls += [reverse("questions:question", args=[q.pk]) for q in bank_selectors.questions_in(user=user, bank=bank)[:2]]
        if may_add_to(user, bank):
            urls += [reverse("questions:import_start", args=[bank.pk]), reverse("questions:blueprints", args=[bank.pk])]
            urls += [reverse("questions:blueprint", args=[b.pk]) for b in bank.blueprints.all()[:1]]
    urls += [reverse("questions:exam", args=[e.pk]) for e in Exam.objects.filter(created_by=user)[:1]]
    if bank_selectors.questions_to_review(user=user):
        urls.append(reverse("questions:batch_review"))
    return urls


def _admin_menu_urls(user) -> list[str]:
    request = RequestFactory().get("/admin/")
    request.user = user

    def walk(menu):
        for item in menu.menu_items_for_request(request):
            if isinstance(item, SubmenuMenuItem):
                yield from walk(item.menu)
            elif item.url.startswith("/admin/"):
                yield item.url

    return list(walk(admin_menu))


def _admin_pages(user) -> list[str]:
    urls = ["/admin/", "/admin/account/", *_admin_menu_urls(user)]
    listed = {urlsplit(u).path for u in urls}
    for model in get_snippet_models():
        viewset = model.snippet_viewset
        if reverse(viewset.get_url_name("list")) not in listed:
            continue
        if viewset.permission_policy.user_has_permission(user, "add"):
            urls.append(reverse(viewset.get_url_name("add")))
        obj = _first(user, viewset.model, _listed(user, viewset))
        if obj is not None:
            urls.append(reverse(viewset.get_url_name("edit"), args=[obj.pk]))
            if model is Resource:  # the teacher follows his resource's history
                urls.append(reverse(viewset.get_url_name("history"), args=[obj.pk]))
    if "/admin/documents/" in listed:
        urls += [reverse("wagtaildocs:add_multiple"), reverse("wagtaildocs:add")]
        doc = _first(user, ResourceDocument, ResourceDocument.objects.all())
        if doc is not None:
            urls.append(reverse("wagtaildocs:edit", args=[doc.pk]))
    return list(dict.fromkeys(urls))


def _listed(user, viewset):
    request = RequestFactory().get("/")
    request.user = user
    queryset = viewset.get_queryset(request)
    return viewset.model._default_manager.all() if queryset is None else queryset


def _first(user, model, queryset):
    """The first object of the listing the user may change (his own document, say)."""
    policy = policy_registry.get_by_type(model)
    return next((obj for obj in queryset.order_by("pk")[:50]
                 if policy.user_has_permission_for_instance(user, "change", obj)), None)


def _english_on_pages(client, pages) -> tuple[dict, list]:
    english_seen, broken = {}, []
    for url in pages:
        response = client.get(url, follow=True)
        landed = response.redirect_chain[-1][0] if response.redirect_chain else url
        if response.status_code != 200 or landed.startswith(("/accounts/login/", "/admin/login/")) or (
            landed == "/admin/" != url
        ):
            broken.append(f"{url}: {response.status_code} at {landed}")
            continue
        if "text/html" not in response.headers.get("Content-Type", ""):
            continue
        html = response.content.decode()
        if 'lang="vi"' not in html:
            broken.append(f"{url}: not lang=vi")
        found = english_on(html)
        if found:
            english_seen[url] = found
    return english_seen, broken


@pytest.mark.parametrize("username", ROLES)
def test_every_page_a_role_uses_is_vietnamese_whatever_the_browser_asks(demo_content, username):
    user = demo_content.user(username)
    client = Client(**ENGLISH_BROWSER)
    client.force_login(user)
    pages = _site_pages(user)
    if user.has_perm("wagtailadmin.access_admin"):
        pages += _admin_pages(user)
    else:  # teachers, reviewers, leaders: the admin's refusal, in Vietnamese too
        refused = client.get("/admin/")
        html = refused.content.decode()
        assert refused.status_code == 403 and 'lang="vi"' in html
        assert "Khu quản trị dành cho chuyên viên Phòng GD&amp;ĐT và quản trị viên." in html
        assert english_on(html) == [], english_on(html)
    english_seen, broken = _english_on_pages(client, pages)
    assert not broken, broken
    assert not english_seen, "\n".join(f"{url}: {found}" for url, found in english_seen.items())


def test_the_walk_reaches_the_officers_admin_and_the_people_pages(demo_content):
    """The walk above is not empty: the officer's admin forms, the leader's people."""
    officer = _admin_pages(demo_content.user("chuyenvien"))
    for must in ("/admin/snippets/organisation/school/add/", "/admin/snippets/organisation/schoolyear/",
                 "/admin/snippets/accounts/roleassignment/", "/admin/reports/site-history/",
                 "/admin/documents/add/", "/admin/account/"):
        assert must in officer, must
    assert any(re.fullmatch(r"/admin/snippets/organisation/school/edit/\d+/", u) for u in officer)
    leader = _site_pages(demo_content.user("hieutruong.nt"))
    assert any(re.fullmatch(r"/accounts/people/\d+/", u) for u in leader)
    reviewer = _site_pages(demo_content.user("thamdinh.toan"))
    assert any(re.fullmatch(r"/hoc-lieu/cho-duyet/\d+/", u) for u in reviewer)
    # The e-learning lectures: the author's player and report pages, the student's own list.
    author = _site_pages(demo_content.user("giaovien.toan"))
    assert any(re.fullmatch(r"/bai-giang/[0-9a-f-]{36}/bao-cao/", u) for u in author)
    student = _site_pages(demo_content.user("hocsinh.6a"))
    assert "/bai-giang/cua-toi/" in student
    assert any(re.fullmatch(r"/bai-giang/[0-9a-f-]{36}/", u) for u in student)


def test_the_check_finds_english_on_the_same_pages_in_english(demo_content):
    """The user who chose English gets English: the check sees it (it would not pass a
    page whatever it shows)."""
    client = Client()
    client.force_login(demo_content.user("chuyenvien"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/admin/snippets/organisation/school/").content.decode()
    assert {"Log out", "Reports", "Search", "Active"} <= set(english_on(html))


def test_a_refused_file_extension_is_told_in_vietnamese(demo_content):
    """Django's FileExtensionValidator (Wagtail's documents check WAGTAILDOCS_EXTENSIONS
    with it) has no Vietnamese upstream: the admin overlay gives it one, for the upload
    form, the multiple upload and the chooser's upload tab."""
    client = Client(**ENGLISH_BROWSER)
    client.force_login(demo_content.user("chuyenvien"))  # the admin is the officers'
    refusal = "Phần mở rộng tệp “txt” không được phép. Các phần mở rộng được phép: pdf, docx,"
    response = client.post("/admin/documents/add/", {
        "title": "Ghi chú", "file": SimpleUploadedFile("ghi-chu.txt", b"hello"),
    })
    assert response.status_code == 200
    assert refusal in response.content.decode() and english_on(response.content.decode()) == []
    response = client.post("/admin/documents/multiple/add/", {"files[]": SimpleUploadedFile("ghi-chu.txt", b"hello")})
    assert response.status_code == 200
    assert response.json()["success"] is False and response.json()["error_message"].startswith(refusal)
    response = client.post("/admin/documents/chooser/create/", {
        "document-chooser-upload-title": "Ghi chú",
        "document-chooser-upload-file": SimpleUploadedFile("ghi-chu.txt", b"hello"),
    })
    html = response.json()["htmlFragment"]
    assert refusal in html and english_on(html) == []
    assert not ResourceDocument.objects.filter(title="Ghi chú").exists()


def test_refusals_and_forms_with_errors_are_vietnamese(demo_content):
    """What a person sees when something is refused: a wrong password, a page not found
    or forbidden, the admin refused to a teacher (its page and its chooser's JSON), the
    officer's admin forms sent back empty, the teacher's resource form sent without a title."""
    visitor = Client(**ENGLISH_BROWSER)
    pages = {
        "wrong password": visitor.post("/accounts/login/", {"username": "giaovien.toan", "password": "sai"}),
        "not found": visitor.get("/hoc-lieu/999999/"),
    }
    teacher = Client(**ENGLISH_BROWSER)
    teacher.force_login(demo_content.user("giaovien.toan"))
    pages["forbidden"] = teacher.get("/accounts/people/")
    pages["the admin refused"] = teacher.get("/admin/snippets/repository/resource/add/")
    teachers_chooser = teacher.get("/admin/documents/chooser/")
    assert teachers_chooser.status_code == 403
    assert teachers_chooser.json() == {"error": "Khu quản trị dành cho chuyên viên Phòng GD&ĐT và quản trị viên."}
    pages["the site's resource form without title"] = teacher.post("/hoc-lieu/dang/", {"title": "", "action": "submit"})
    officer = Client(**ENGLISH_BROWSER)
    officer.force_login(demo_content.user("chuyenvien"))
    pages["the document chooser"] = officer.get("/admin/documents/chooser/")
    for url in _admin_pages(demo_content.user("chuyenvien")):
        if url.endswith("/add/") and "/snippets/" in url:
            with transaction.atomic():
                pages[f"POST {url}"] = officer.post(url, {})
                transaction.set_rollback(True)
    expected = {"wrong password": 200, "not found": 404, "forbidden": 403, "the document chooser": 200,
                "the admin refused": 403, "the site's resource form without title": 400}
    english_seen = {}
    for name, response in pages.items():
        assert response.status_code == expected.get(name, 200), name  # a form sent back with its errors
        html = response.json()["html"] if name == "the document chooser" else response.content.decode()
        assert 'lang="vi"' in html or name == "the document chooser", name
        if english_on(html):
            english_seen[name] = english_on(html)
    assert "Trường này là bắt buộc." in pages["the site's resource form without title"].content.decode()
    assert len([n for n in pages if n.startswith("POST")]) >= 8
    assert not english_seen, english_seen


def test_the_document_forms_have_no_tags_field(demo_content):
    """Teachers took Wagtail's "Thẻ" (tags) for a field to fill in: a resource has its
    own keywords. The admin's upload forms (one file, several) and the edit form, which
    officers use, have none."""
    from factories import make_document

    officer = demo_content.user("chuyenvien")
    client = Client()
    client.force_login(officer)
    doc = make_document(officer, "Công văn.pdf")
    for url in ("/admin/documents/add/", "/admin/documents/multiple/add/", f"/admin/documents/edit/{doc.pk}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert 'name="title"' in html or url.endswith("/multiple/add/"), url
        assert 'name="tags"' not in html and "Thẻ" not in visible_texts(html), url
    response = client.post(f"/admin/documents/edit/{doc.pk}/", {"title": "Tên mới", "tags": "bí mật"})
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.title == "Tên mới" and list(doc.tags.names()) == []
