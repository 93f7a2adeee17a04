"""The 2018 general education programme's defaults; district officers may edit them."""

from django.db import migrations

GRADES = [("mam-non", None, "Nhà trẻ (dưới 3 tuổi)"), ("mam-non", None, "Mẫu giáo bé (3–4 tuổi)"),
          ("mam-non", None, "Mẫu giáo nhỡ (4–5 tuổi)"), ("mam-non", None, "Mẫu giáo lớn (5–6 tuổi)")]
GRADES += [("tieu-hoc", n, f"Lớp {n}") for n in range(1, 6)]
GRADES += [("thcs", n, f"Lớp {n}") for n in range(6, 10)]
GRADES += [("thpt", n, f"Lớp {n}") for n in range(10, 13)]

MN, TH, THCS, THPT = "mam-non", "tieu-hoc", "thcs", "thpt"
SUBJECTS = [
    ("phat-trien-the-chat", "Phát triển thể chất", [MN]),
    ("phat-trien-nhan-thuc", "Phát triển nhận thức", [MN]),
    ("phat-trien-ngon-ngu", "Phát triển ngôn ngữ", [MN]),
    ("phat-trien-tinh-cam-xa-hoi", "Phát triển tình cảm, kỹ năng xã hội", [MN]),
    ("phat-trien-tham-my", "Phát triển thẩm mỹ", [MN]),
    ("tieng-viet", "Tiếng Việt", [TH]),
    ("ngu-van", "Ngữ văn", [THCS, THPT]),
    ("toan", "Toán", [TH, THCS, THPT]),
    ("tieng-anh", "Tiếng Anh", [TH, THCS, THPT]),
    ("dao-duc", "Đạo đức", [TH]),
    ("gdcd", "Giáo dục công dân", [THCS]),
    ("gd-kinh-te-phap-luat", "Giáo dục kinh tế và pháp luật", [THPT]),
    ("tu-nhien-xa-hoi", "Tự nhiên và Xã hội", [TH]),
    ("khoa-hoc", "Khoa học", [TH]),
    ("khoa-hoc-tu-nhien", "Khoa học tự nhiên", [THCS]),
    ("vat-li", "Vật lí", [THPT]),
    ("hoa-hoc", "Hóa học", [THPT]),
    ("sinh-hoc", "Sinh học", [THPT]),
    ("lich-su-dia-li", "Lịch sử và Địa lí", [TH, THCS]),
    ("lich-su", "Lịch sử", [THPT]),
    ("dia-li", "Địa lí", [THPT]),
    ("tin-hoc", "Tin học", [TH, THCS, THPT]),
    ("cong-nghe", "Công nghệ", [TH, THCS, THPT]),
    ("am-nhac", "Âm nhạc", [TH, THCS, THPT]),
    ("mi-thuat", "Mĩ thuật", [TH, THCS, THPT]),
    ("gd-the-chat", "Giáo dục thể chất", [TH, THCS, THPT]),
    ("gd-quoc-phong", "Giáo dục quốc phòng và an ninh", [THPT]),
    ("hd-trai-nghiem", "Hoạt động trải nghiệm, hướng nghiệp", [TH, THCS, THPT]),
    ("gd-dia-phuong", "Nội dung giáo dục địa phương", [TH, THCS, THPT]),
]
SERIES = [("ket-noi", "Kết nối tri thức với cuộc sống"), ("chan-troi", "Chân trời sáng tạo"),
          ("canh-dieu", "Cánh diều"), ("khac", "Khác")]


def load(apps, schema_editor):
    Level = apps.get_model("organisation", "Level")
    Grade = apps.get_model("repository", "Grade")
    Subject = apps.get_model("repository", "Subject")
    TextbookSeries = apps.get_model("repository", "TextbookSeries")
    levels = {level.code: level for level in Level.objects.all()}
    for order, (level, number, name) in enumerate(GRADES):
        Grade.objects.get_or_create(level=levels[level], name=name, defaults={"number": number, "sort_order": order})
    for order, (code, name, codes) in enumerate(SUBJECTS):
        subject, _ = Subject.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})
        subject.levels.add(*[levels[c] for c in codes])
    for order, (code, name) in enumerate(SERIES):
        TextbookSeries.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("repository", "0001_initial"), ("organisation", "0002_default_levels")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
