"""The platform's short Vietnamese guide replaces Wagtail's English editor guide."""

import re

from django.test import Client

from factories import client_for


def test_the_guide_is_in_vietnamese_and_linked_from_every_page(demo):
    page = Client().get("/huong-dan/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<h1>Hướng dẫn sử dụng</h1>" in html
    assert "Chọn “Duyệt” (không bắt buộc nhận xét) hoặc “Trả lại”" in html
    assert '<a href="/huong-dan/">Hướng dẫn</a>' in Client().get("/hoc-lieu/").content.decode()


def test_the_admin_links_to_the_platforms_guide_not_wagtails(demo):
    officer = client_for(demo.user("chuyenvien"))
    dashboard = officer.get("/admin/")
    assert dashboard.status_code == 200
    html = dashboard.content.decode()
    assert "guide.wagtail.org" not in html
    assert 'href="/huong-dan/" data-guide>Hướng dẫn sử dụng</a>' in html
    # the help menu, drawn by the admin's sidebar from its JSON props: the guide comes first
    names = re.findall(r'"name": "([\w.-]+)"', html)
    assert names.count("guide") == 1 and names[names.index("help") + 1] == "guide"
    assert "editor-guide" not in names and not [n for n in names if n.startswith("whats-new")]
    assert '"name": "guide", "label": "H\\u01b0\\u1edbng d\\u1eabn s\\u1eed d\\u1ee5ng", "icon_name": "help", ' \
           '"classname": "", "attrs": {}, "url": "/huong-dan/"' in html
