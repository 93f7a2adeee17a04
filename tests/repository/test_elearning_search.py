"""An e-learning lecture is found by the words of its package: the package's own title
and the titles of its parts (its table of contents), typed without accents, once the
package is unpacked, also when that happens after the lecture was saved."""

import io

import pytest

from factories import CATALOGUE, client_for
from lectures import make_lecture, ready_package
from lms.player import services as player_services
from lms.player.models import Package, PackageItem
from player import packages
from test_catalogue_pages import parse

pytestmark = pytest.mark.django_db


def found(**params) -> list[int]:
    return parse(client_for().get(CATALOGUE, params)).results


def test_a_lecture_is_found_by_its_parts_titles(empty_catalogue):
    demo = empty_catalogue
    package = ready_package(demo.user("giaovien.toan"), title="Ôn tập hình học không gian")
    PackageItem.objects.create(package=package, sort_order=9, depth=1, parent_identifier="CH-1",
                               identifier="SCO-9", title="Thể tích khối lăng trụ", href="bai9/index.html",
                               is_sco=True)
    lecture = make_lecture(demo, "Bài giảng Toán 9 – Chương 4", package)

    assert found(q="the tich lang tru") == [lecture.pk]  # a part's title, without accents
    assert found(q="hinh hoc khong gian") == [lecture.pk]  # the package's own title
    assert found(q="lang tru dung") == []


def test_words_of_a_package_unpacked_after_the_save_are_found(empty_catalogue):
    demo = empty_catalogue
    teacher = demo.user("giaovien.toan")
    data = packages.scorm12_single()  # one SCO: "Phân số bằng nhau"
    package = player_services.package_create(owner=teacher, fileobj=io.BytesIO(data), name="bai-giang.zip",
                                             size=len(data), process=False)
    lecture = make_lecture(demo, "Bài giảng Toán 6 – Chương 2", package)
    assert Package.objects.get(pk=package.pk).status == Package.Status.WAITING
    assert found(q="phan so bang nhau") == []

    player_services.ingest(package)

    assert Package.objects.get(pk=package.pk).status == Package.Status.READY
    assert found(q="phan so bang nhau") == [lecture.pk]
