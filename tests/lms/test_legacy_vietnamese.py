"""Vietnamese typed in the legacy TCVN3 (.VnTime) and VNI fonts, back to Unicode NFC,
and told apart from Unicode text (lms/core/legacy_vietnamese.py). The legacy spellings
come from published converters' own examples, not from this module's tables."""

import unicodedata

import pytest

from lms.core import legacy_vietnamese as lv


@pytest.mark.parametrize("legacy, unicode_text", [
    ("hép møt tÕt", "hộp mứt tết"),
    ("B¶o Th¾ng", "Bảo Thắng"),
    ("M\u00ad\u00eang Kh\u00ad\u00acng", "Mường Khương"),  # ư is a soft hyphen in TCVN3
    ("KÕ ho¹ch bµi d¹y To¸n 6", "Kế hoạch bài dạy Toán 6"),
])
def test_tcvn3(legacy, unicode_text):
    assert lv.tcvn3_to_unicode(legacy) == unicode_text
    assert lv.detect(legacy) == lv.TCVN3
    assert lv.to_unicode(legacy) == (unicode_text, lv.TCVN3)


def test_tcvn3_capitals_come_from_the_font():
    assert lv.tcvn3_to_unicode("b¶o th¾ng", capitals=True) == "BẢO THẮNG"  # a .VnTimeH run
    assert lv.tcvn3_to_unicode("§¹i häc") == "Đại học"  # the capital Đ is in .VnTime itself


@pytest.mark.parametrize("legacy, unicode_text", [
    ("Xin chaøo caùc baïn", "Xin chào các bạn"),
    ("Keá hoaïch baøi daïy Toaùn 6", "Kế hoạch bài dạy Toán 6"),
    ("Ñeà kieåm tra giöõa hoïc kyø 1", "Đề kiểm tra giữa học kỳ 1"),
    ("Tröôøng THCS Nguyeãn Traõi", "Trường THCS Nguyễn Trãi"),
    ("ÑAÏI HOÏC SÖ PHAÏM", "ĐẠI HỌC SƯ PHẠM"),
    ("Ngöôøi ñaëng caâu hoûi: thaày Phaïm Vaên AÂn", "Người đặng câu hỏi: thầy Phạm Văn Ân"),
])
def test_vni(legacy, unicode_text):
    assert lv.vni_to_unicode(legacy) == unicode_text
    assert lv.detect(legacy) == lv.VNI
    assert lv.to_unicode(legacy) == (unicode_text, lv.VNI)


@pytest.mark.parametrize("text", [
    "Trường THCS Nguyễn Trãi", "Bài ca", "Ôn tập chương 1", "café crème brûlée", "Góc 30°",
    "Góc 90° là góc gì?", "Hình µ là", "Nhiệt độ 25 °C",
    "hello world", "x ≥ 2", "", "Toán 6 – Chương 1 ©",
])
def test_unicode_and_other_text_is_left_as_it_is(text):
    assert lv.detect(text) is None
    assert lv.to_unicode(text) == (unicodedata.normalize("NFC", text), None)


def test_decomposed_unicode_is_composed():
    nfd = unicodedata.normalize("NFD", "Trường học")
    assert lv.to_unicode(nfd) == ("Trường học", None)
