"""lms.quiz.rendering: a question's text as the page shows it (no database)."""

from lms.quiz.rendering import bare, rich


def test_plain_text_is_escaped_with_its_line_breaks_and_formulas_kept():
    assert rich("a < b\r\nc \\(x^2\\) & <b>") == "a &lt; b<br>c \\(x^2\\) &amp; &lt;b&gt;"


def test_html_keeps_the_bank_s_subset_only():
    html = ('<p onclick="x()">H<sub>2</sub>O <b>đậm</b> <a href="http://x">liên kết</a><script>alert(1)</script>'
            '<span style="color:red">đỏ</span></p><table><tr><td colspan="2" style="x">1</td></tr></table>')
    assert rich(html, "html") == ('<p>H<sub>2</sub>O <b>đậm</b> liên kếtđỏ</p>'
                                  '<table><tbody><tr><td colspan="2">1</td></tr></tbody></table>')


def test_an_image_is_shown_only_from_the_item_s_media():
    media = {"hinh1.png": "/ngan-hang/anh/7/hinh1.png", "evil.png": "//evil.example/x.png"}
    assert rich('<img src="media:hinh1.png" alt="Tam giác ABC">', "html", media) == (
        '<img src="/ngan-hang/anh/7/hinh1.png" alt="Tam giác ABC">')
    for src in ("media:missing.png", "media:evil.png", "http://evil.example/x.png", "/static/x.png",
                "javascript:alert(1)", "data:image/png;base64,AAAA"):
        assert rich(f'<img src="{src}" alt="hình">', "html", media) == '<img alt="hình">'


def test_bare_text_for_select_options():
    assert bare("<p>H<sub>2</sub>O &amp; <b>x</b></p>", "html") == "H2O & x"
    assert bare("a <b> c") == "a <b> c"
