"""The platform's player page (/bai-giang/<package>/) and the launcher on the content
origin (/content/launch/<token>/): who may open them (access.py policies, deny by
default), what the launcher is given (the table of contents, each file's URL on the
content origin, commit URLs and resume state for a tracked learner only), and their
headers."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from lms.player import access, runtime
from lms.player.models import Attempt, Package, PackageItem

CONTENT_HOST = "localhost:8000"
PLATFORM = "http://127.0.0.1:8000"
LAUNCHER = re.compile(r'<iframe class="player-frame" src="(http://localhost:8000/content/launch/[^/"]+/)"')


@pytest.fixture(autouse=True)
def _origins(settings):
    settings.CONTENT_ORIGIN = "http://localhost"
    settings.PLATFORM_ORIGIN = ""
    settings.WAGTAILADMIN_BASE_URL = PLATFORM


@pytest.fixture
def people(db):
    make = get_user_model().objects.create_user
    return {"owner": make("gv.tacgia", password="x", full_name="Trần Thị Tác Giả"),
            "student": make("hs.hoc", password="x", full_name="Lê Văn Học"),
            "other": make("gv.khac", password="x", full_name="Phạm Khác")}


def client_for(user=None) -> Client:
    client = Client(HTTP_HOST="127.0.0.1:8000")
    if user is not None:
        client.force_login(user)
    return client


def make_package(owner, standard=Package.Standard.SCORM12, status=Package.Status.READY, scos=2, **fields):
    package = Package.objects.create(owner=owner, status=status, standard=standard, title="Phân số bằng nhau",
                                     original="player/originals/t.zip", **fields)
    PackageItem.objects.create(package=package, sort_order=0, identifier="CH-1", title="Chương 1")
    for n in range(1, scos + 1):
        PackageItem.objects.create(package=package, sort_order=n, depth=1, parent_identifier="CH-1",
                                   identifier=f"SCO-{n}", title=f"Bài {n}", href=f"bai{n}/index.html",
                                   parameters="?lang=vi" if n == 1 else "", is_sco=standard != Package.Standard.HTML,
                                   mastery_score=80 if n == 1 else None)
    return package


@pytest.fixture
def track_everyone():
    def policy(user, package):
        return access.TRACK if user.is_authenticated else access.PUBLIC

    access.register(policy)
    yield
    access.unregister(policy)


def launcher_src(response) -> str:
    found = LAUNCHER.search(response.content.decode())
    assert found, "no launcher frame"
    return found.group(1)


def launcher_config(src: str) -> dict:
    response = Client().get(src.removeprefix("http://localhost:8000"), HTTP_HOST=CONTENT_HOST)
    assert response.status_code == 200
    text = response.content.decode()
    return json.loads(re.search(r'<script id="launch-config" type="application/json">(.*?)</script>', text, re.S)
                      .group(1))


def test_the_uploader_previews_their_package_and_nothing_is_recorded(people):
    package = make_package(people["owner"])

    response = client_for(people["owner"]).get(f"/bai-giang/{package.uuid}/")

    assert response.status_code == 200
    assert response.context["mode"] == access.PREVIEW
    assert "Xem trước: không ghi lại kết quả học." in response.content.decode()
    assert response["Content-Security-Policy"] == (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "frame-src http://localhost:8000; object-src 'none'; base-uri 'self'; form-action 'self'; "
        "frame-ancestors 'none'")
    config = launcher_config(launcher_src(response))
    assert config["tracked"] is False
    assert [(i["title"], i["depth"], i["commit"], i["state"]) for i in config["items"]] == [
        ("Chương 1", 0, "", None), ("Bài 1", 1, "", None), ("Bài 2", 1, "", None)]
    assert re.fullmatch(r"http://localhost:8000/content/p/[^/]+/bai1/index\.html\?lang=vi", config["items"][1]["url"])
    assert config["items"][0]["url"] == "" and config["start"] == 1
    assert not Attempt.objects.exists()
    assert f'href="/bai-giang/{package.uuid}/bao-cao/"' in response.content.decode()  # the uploader reads it


def test_a_learner_is_not_offered_the_report(people, track_everyone):
    package = make_package(people["owner"])
    response = client_for(people["student"]).get(f"/bai-giang/{package.uuid}/")
    assert response.status_code == 200 and "/bao-cao/" not in response.content.decode()


@pytest.mark.parametrize("who", ["other", "student", None])
def test_nobody_else_finds_a_package_no_policy_grants(people, who):
    package = make_package(people["owner"])

    response = client_for(people[who] if who else None).get(f"/bai-giang/{package.uuid}/")

    assert response.status_code == 404


@pytest.mark.parametrize("status", [Package.Status.WAITING, Package.Status.PROCESSING, Package.Status.FAILED])
def test_a_package_not_ready_is_not_found_even_by_its_uploader(people, status):
    package = make_package(people["owner"], status=status)
    assert client_for(people["owner"]).get(f"/bai-giang/{package.uuid}/").status_code == 404


def test_a_tracked_learner_gets_an_attempt_per_sco_commit_urls_and_their_state(people, track_everyone):
    package = make_package(people["owner"])
    student = people["student"]

    response = client_for(student).get(f"/bai-giang/{package.uuid}/")

    assert response.status_code == 200 and response.context["mode"] == access.TRACK
    config = launcher_config(launcher_src(response))
    assert config["tracked"] is True and config["standard"] == "scorm12"
    assert Attempt.objects.filter(learner=student).count() == 2  # one per SCO
    sco1 = config["items"][1]
    assert re.fullmatch(r"http://localhost:8000/content/api/[^/]+/LAUNCH/commit", sco1["commit"])
    assert sco1["state"]["core"]["entry"] == "ab-initio"
    assert sco1["state"]["core"]["student_id"] == str(student.pk)
    assert sco1["state"]["student_data"] == {"mastery_score": "80"}
    # Another visit reopens the same attempts.
    client_for(student).get(f"/bai-giang/{package.uuid}/")
    assert Attempt.objects.filter(learner=student).count() == 2


def test_a_learner_goes_back_to_the_sco_they_left(people, track_everyone):
    package = make_package(people["owner"], scos=3)
    student = people["student"]
    left = runtime.start_attempt(student, package.items.get(identifier="SCO-2"))
    Attempt.objects.filter(pk=left.pk).update(exit="suspend", location="4")

    config = launcher_config(launcher_src(client_for(student).get(f"/bai-giang/{package.uuid}/")))

    assert config["items"][config["start"]]["id"] == "SCO-2"


def test_visitors_play_untracked_and_an_html5_package_is_never_tracked(people, track_everyone):
    package = make_package(people["owner"])
    web = make_package(people["owner"], standard=Package.Standard.HTML, scos=1)

    visitor = client_for().get(f"/bai-giang/{package.uuid}/")
    student = client_for(people["student"]).get(f"/bai-giang/{web.uuid}/")

    assert visitor.context["mode"] == access.PUBLIC
    assert "Hãy đăng nhập để quá trình học được lưu lại." in visitor.content.decode()
    assert student.context["mode"] == access.PUBLIC
    assert launcher_config(launcher_src(student))["tracked"] is False
    assert not Attempt.objects.exists()


def test_a_scorm_2004_package_is_navigated_as_its_organization_allows(people):
    package = make_package(people["owner"], Package.Standard.SCORM2004,
                           sequencing={"choice": False, "flow": True})
    config = launcher_config(launcher_src(client_for(people["owner"]).get(f"/bai-giang/{package.uuid}/")))
    assert (config["choice"], config["flow"]) == (False, True)

    Package.objects.filter(pk=package.pk).update(sequencing={})
    config = launcher_config(launcher_src(client_for(people["owner"]).get(f"/bai-giang/{package.uuid}/")))
    assert (config["choice"], config["flow"]) == (True, False)  # SCORM 2004's defaults


def test_the_launcher_is_framed_by_the_platform_only_and_refuses_bad_tokens(people):
    package = make_package(people["owner"])
    src = launcher_src(client_for(people["owner"]).get(f"/bai-giang/{package.uuid}/"))
    path = src.removeprefix("http://localhost:8000")

    response = Client().get(path, HTTP_HOST=CONTENT_HOST, HTTP_COOKIE="lms_session=abc")
    tampered = Client().get(path[:-3] + "xx/", HTTP_HOST=CONTENT_HOST)
    on_platform = client_for(people["owner"]).get(path)

    assert response["Content-Security-Policy"] == "frame-ancestors http://127.0.0.1:8000 http://localhost:8000"
    assert "X-Frame-Options" not in response and response["Cache-Control"] == "no-store"
    assert not response.cookies
    assert tampered.status_code == 403
    assert on_platform.status_code == 404
