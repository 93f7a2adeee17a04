"""Many published resources for benchmarks: `manage.py make_synthetic_resources --count 100000`.

Titles, descriptions, topics and keywords are assembled from Vietnamese word lists
across every level, grade, subject, textbook series and kind; authors, schools and
subject groups come from the demo district (run `manage.py seed_demo` first). Every
resource is published as the catalogue understands it (`live` with a first publication
date); none has a file, which the catalogue does not need. Rows are written with
bulk_create in batches (on PostgreSQL with their catalogue search vectors,
repository/search.py), then added to the search index with the backend's bulk call (and
on SQLite to the catalogue's own index), batch by batch, instead of one save (and one
index update) per resource.

The same --seed gives the same resources. Each run adds --count more; it never deletes.
Not for production: the rows are fake.
"""

from __future__ import annotations

import datetime
import random
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Prefetch
from taggit.models import Tag
from wagtail.search.backends import get_search_backends

from lms.accounts.models import Role, User
from lms.organisation.models import Level, School, SchoolYear, SubjectGroup
from repository import facet_counts, filetypes, search
from repository.models import (
    Grade, Licence, Resource, ResourceFile, ResourceTag, Subject, TextbookSeries, Visibility,
)

# --- word lists ------------------------------------------------------------------------

# Lessons and topics by subject code; subjects without a list use GENERIC_TOPICS.
TOPICS = {
    "toan": [
        "Tập hợp", "Phép cộng và phép trừ số tự nhiên", "Phép nhân và phép chia", "Phân số",
        "Số thập phân", "Tỉ số phần trăm", "Hình tam giác", "Diện tích hình thang", "Chu vi hình tròn",
        "Số nguyên", "Ước chung lớn nhất", "Bội chung nhỏ nhất", "Lũy thừa với số mũ tự nhiên",
        "Biểu thức đại số", "Phương trình bậc nhất một ẩn", "Hệ hai phương trình bậc nhất hai ẩn",
        "Định lí Pythagore", "Tam giác đồng dạng", "Hàm số bậc hai", "Căn bậc hai", "Đường tròn",
        "Thống kê và xác suất", "Dãy số", "Cấp số cộng", "Cấp số nhân", "Giới hạn của dãy số",
        "Đạo hàm", "Nguyên hàm và tích phân", "Hình học không gian", "Vectơ trong mặt phẳng",
        "Lượng giác", "Tổ hợp và chỉnh hợp", "Bảng nhân 2", "Đo độ dài", "Xem đồng hồ",
    ],
    "ngu-van": [
        "Truyện cổ tích Thánh Gióng", "Bài thơ Lượm", "Văn bản nghị luận", "Truyện Kiều – Trao duyên",
        "Chiếc lược ngà", "Lặng lẽ Sa Pa", "Bình Ngô đại cáo", "Tây Tiến", "Việt Bắc",
        "Vợ chồng A Phủ", "Chí Phèo", "Hai đứa trẻ", "Văn bản thông tin", "Viết bài văn kể chuyện",
        "Tiếng Việt: từ đồng âm", "Ca dao Việt Nam", "Tục ngữ về thiên nhiên và lao động",
        "Thơ lục bát", "Nghị luận xã hội", "Tóm tắt văn bản",
    ],
    "tieng-viet": [
        "Đọc: Những hạt thóc giống", "Chính tả: phân biệt s/x", "Luyện từ và câu: danh từ",
        "Tập làm văn: tả cây cối", "Kể chuyện: Sự tích hồ Ba Bể", "Tập đọc: Mẹ ốm", "Học vần: âm a, b, c",
        "Luyện viết chữ hoa", "Câu kể Ai làm gì?", "Dấu chấm hỏi", "Tả con vật", "Viết đoạn văn ngắn",
        "Đọc hiểu: Quê hương", "Từ chỉ sự vật", "Mở rộng vốn từ: gia đình",
    ],
    "tieng-anh": [
        "Unit 1: Greetings", "Unit 2: My family", "Unit 3: My school", "Present simple",
        "Past simple", "Reading: Festivals in Viet Nam", "Speaking: Describing places",
        "Listening: Daily routines", "Vocabulary: Food and drink", "Writing an email",
        "Comparatives and superlatives", "Future with will", "Phonics: short vowels",
    ],
    "khoa-hoc-tu-nhien": [
        "Tế bào – đơn vị cơ sở của sự sống", "Quang hợp ở thực vật", "Hô hấp tế bào",
        "Nguyên tử và nguyên tố hóa học", "Bảng tuần hoàn các nguyên tố", "Lực và chuyển động",
        "Tốc độ", "Năng lượng và sự chuyển hóa", "Ánh sáng", "Âm thanh", "Từ trường",
        "Hệ tiêu hóa ở người", "Hệ tuần hoàn", "Phản ứng hóa học", "Acid – base – muối",
        "Đa dạng thế giới sống", "Sinh sản ở sinh vật",
    ],
    "vat-li": [
        "Động học chất điểm", "Các định luật Newton", "Động lượng", "Công và công suất",
        "Dao động điều hòa", "Sóng cơ", "Điện trường", "Dòng điện không đổi", "Từ trường",
        "Cảm ứng điện từ", "Khí lí tưởng", "Vật lí hạt nhân",
    ],
    "hoa-hoc": [
        "Cấu tạo nguyên tử", "Liên kết hóa học", "Phản ứng oxi hóa – khử", "Tốc độ phản ứng",
        "Cân bằng hóa học", "Nitrogen và sulfur", "Hydrocarbon", "Alcohol và phenol",
        "Ester – lipid", "Carbohydrate", "Polymer", "Pin điện và điện phân",
    ],
    "sinh-hoc": [
        "Thành phần hóa học của tế bào", "Trao đổi chất qua màng", "Quang hợp", "Hô hấp tế bào",
        "Nguyên phân và giảm phân", "Di truyền Mendel", "Đột biến gen", "Tiến hóa",
        "Sinh thái học quần thể", "Hệ sinh thái", "Vi sinh vật",
    ],
    "lich-su-dia-li": [
        "Khí hậu Việt Nam", "Địa hình Việt Nam", "Sông ngòi Việt Nam", "Dân cư và dân tộc",
        "Thiên nhiên vùng núi phía Bắc", "Đồng bằng sông Cửu Long", "Nhà nước Văn Lang – Âu Lạc",
        "Khởi nghĩa Hai Bà Trưng", "Chiến thắng Bạch Đằng năm 938", "Nhà Lý dời đô ra Thăng Long",
        "Ba lần kháng chiến chống Mông – Nguyên", "Khởi nghĩa Lam Sơn", "Bản đồ và lược đồ",
        "Trái Đất trong hệ Mặt Trời", "Biển đảo Việt Nam",
    ],
    "lich-su": [
        "Cách mạng tháng Tám năm 1945", "Chiến dịch Điện Biên Phủ", "Chiến tranh thế giới thứ hai",
        "Cách mạng công nghiệp", "ASEAN", "Công cuộc Đổi mới từ năm 1986", "Văn minh Đại Việt",
        "Chiến tranh lạnh", "Kháng chiến chống Mỹ cứu nước",
    ],
    "dia-li": [
        "Khí hậu Việt Nam", "Dân số thế giới", "Đô thị hóa", "Nông nghiệp Việt Nam",
        "Công nghiệp Việt Nam", "Vùng Đông Nam Bộ", "Vùng Tây Nguyên", "Thủy quyển", "Khí quyển",
        "Thương mại và du lịch", "Biển Đông",
    ],
    "tin-hoc": [
        "Thuật toán", "Mạng máy tính", "Internet và thư điện tử", "Lập trình Python",
        "Cấu trúc rẽ nhánh", "Vòng lặp", "Bảng tính điện tử", "Soạn thảo văn bản",
        "Trình chiếu", "An toàn thông tin", "Cơ sở dữ liệu", "Lập trình Scratch",
        "Trí tuệ nhân tạo", "Đạo đức số",
    ],
    "cong-nghe": [
        "Vẽ kĩ thuật", "Điện dân dụng", "Trồng trọt", "Chăn nuôi", "Nhà ở", "Bảo quản thực phẩm",
        "Thiết kế kĩ thuật", "Mạch điện đơn giản", "Lắp ráp mô hình",
    ],
    "am-nhac": ["Hát: Quê hương tươi đẹp", "Nhạc cụ: sáo recorder", "Đọc nhạc", "Dân ca các vùng miền",
                "Hát: Em yêu hòa bình", "Thường thức âm nhạc"],
    "mi-thuat": ["Vẽ tranh phong cảnh", "Nặn con vật", "Màu sắc", "Trang trí đường diềm",
                 "Tranh dân gian Đông Hồ", "Thiết kế bìa sách", "Điêu khắc"],
    "gd-the-chat": ["Đội hình đội ngũ", "Chạy cự li ngắn", "Nhảy xa", "Bóng đá", "Bóng rổ",
                    "Đá cầu", "Bơi", "Thể dục nhịp điệu"],
    "dao-duc": ["Kính trọng thầy cô", "Yêu thương gia đình", "Trung thực", "Tiết kiệm",
                "Bảo vệ môi trường", "Quý trọng thời gian"],
    "gdcd": ["Tự nhận thức bản thân", "Tiết kiệm", "Phòng chống bạo lực học đường",
             "Quyền trẻ em", "Pháp luật và đời sống", "Ứng phó với tình huống nguy hiểm"],
    "gd-kinh-te-phap-luat": ["Nền kinh tế", "Thị trường", "Ngân sách nhà nước", "Thuế",
                             "Hiến pháp", "Quyền và nghĩa vụ công dân"],
    "tu-nhien-xa-hoi": ["Gia đình em", "Trường học", "Cây xanh quanh em", "Con vật quanh em",
                        "Bầu trời và Trái Đất", "Cơ thể người"],
    "khoa-hoc": ["Nước", "Không khí", "Ánh sáng", "Âm thanh", "Nhiệt", "Thực vật cần gì để sống",
                 "Chuỗi thức ăn", "Dinh dưỡng", "Năng lượng mặt trời"],
    "gd-quoc-phong": ["Đội ngũ đơn vị", "Phòng chống ma túy", "Bảo vệ chủ quyền biển đảo",
                      "Kĩ thuật cấp cứu"],
    "hd-trai-nghiem": ["Khám phá bản thân", "Trường học thân thiện", "Hướng nghiệp",
                       "Kĩ năng sống", "Tết Trung thu", "An toàn giao thông"],
    "gd-dia-phuong": ["Lịch sử địa phương", "Làng nghề truyền thống", "Danh lam thắng cảnh quê hương",
                      "Lễ hội truyền thống"],
    "phat-trien-the-chat": ["Bò chui qua cổng", "Đi trên ghế thể dục", "Ném trúng đích",
                            "Vệ sinh cá nhân", "Bé ăn uống đủ chất"],
    "phat-trien-nhan-thuc": ["Đếm đến 5", "Nhận biết hình tròn, hình vuông", "Các con vật nuôi",
                             "Các loại quả", "Mùa xuân", "Phương tiện giao thông"],
    "phat-trien-ngon-ngu": ["Truyện: Cô bé quàng khăn đỏ", "Thơ: Hoa kết trái", "Làm quen chữ cái a, ă, â",
                            "Truyện: Chú vịt xám", "Kể chuyện theo tranh"],
    "phat-trien-tinh-cam-xa-hoi": ["Bé và các bạn", "Gia đình của bé", "Lễ phép với người lớn",
                                   "Cảm xúc của bé"],
    "phat-trien-tham-my": ["Hát: Cả nhà thương nhau", "Vẽ ông mặt trời", "Nặn quả cam",
                           "Múa: Bầu trời xanh", "Xé dán hoa"],
}
GENERIC_TOPICS = ["Ôn tập chương", "Chủ đề mở đầu", "Luyện tập tổng hợp", "Dự án học tập"]

# Title openings by kind.
KIND_TITLES = {
    "lesson_plan": ["Kế hoạch bài dạy", "Giáo án", "Kế hoạch bài dạy", "Giáo án STEM"],
    "slides": ["Bài trình chiếu", "Bài giảng điện tử", "Slide bài giảng"],
    "worksheet": ["Phiếu học tập", "Phiếu bài tập cuối tuần", "Đề kiểm tra giữa học kỳ 1",
                  "Đề kiểm tra cuối học kỳ 1", "Đề kiểm tra giữa học kỳ 2", "Đề kiểm tra cuối học kỳ 2",
                  "Đề ôn tập", "Bộ câu hỏi trắc nghiệm"],
    "video": ["Video bài giảng", "Video thí nghiệm", "Video hướng dẫn"],
    "image": ["Tranh minh họa", "Sơ đồ tư duy", "Infographic"],
    "audio": ["File nghe", "Bài hát", "Audio truyện kể"],
    "document": ["Tài liệu tham khảo", "Chuyên đề", "Tài liệu bồi dưỡng học sinh giỏi"],
}
KIND_WEIGHTS = {"lesson_plan": 34, "slides": 22, "worksheet": 24, "video": 8, "image": 4, "audio": 3,
                "document": 5}
LEVEL_WEIGHTS = {"mam-non": 8, "tieu-hoc": 34, "thcs": 36, "thpt": 22}
TITLE_SUFFIXES = ["", "", "", "", " (tiết 1)", " (tiết 2)", " (tiết 3)", " – bản chỉnh sửa", " – có đáp án"]

OPENINGS = [
    "Soạn theo Chương trình giáo dục phổ thông 2018{series}.",
    "Tài liệu dùng cho {grade}, chủ đề {topic_lower}.",
    "Biên soạn bám sát yêu cầu cần đạt của {subject}{series}.",
    "Chia sẻ từ {school}.",
]
BODIES = [
    "Mục tiêu: kiến thức, năng lực, phẩm chất; tiến trình gồm khởi động, hình thành kiến thức, "
    "luyện tập và vận dụng.",
    "Có trò chơi khởi động, hoạt động nhóm và phiếu đánh giá cuối tiết.",
    "Học sinh thảo luận theo cặp, trình bày sản phẩm và tự đánh giá.",
    "Gồm câu hỏi trắc nghiệm và tự luận, có đáp án và hướng dẫn chấm.",
    "Phát triển năng lực tự học, giải quyết vấn đề và sáng tạo.",
    "Có ví dụ gắn với thực tế địa phương và bài tập phân hóa theo trình độ.",
    "Phù hợp dạy trực tiếp hoặc trực tuyến; thời lượng 35–45 phút.",
    "Tích hợp giáo dục kĩ năng sống và bảo vệ môi trường.",
    "Hình ảnh minh họa rõ nét, dễ in cho học sinh.",
    "Đã dạy thử ở lớp và chỉnh sửa theo góp ý của tổ chuyên môn.",
]
GENERAL_KEYWORDS = ["ôn tập", "STEM", "chuyển đổi số", "hoạt động nhóm", "trò chơi", "kiểm tra đánh giá",
                    "học sinh giỏi", "phân hóa", "dạy học dự án", "sơ đồ tư duy"]

BATCH = 1000
FIRST_DAY = datetime.datetime(2023, 9, 1, tzinfo=datetime.timezone.utc)
LAST_DAY = datetime.datetime(2026, 11, 20, tzinfo=datetime.timezone.utc)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Vocabulary:
    """The demo district's curriculum and people, loaded once."""

    def __init__(self):
        self.year = SchoolYear.objects.filter(is_current=True).first() or SchoolYear.objects.first()
        if self.year is None or not School.objects.exists():
            raise CommandError("Seed the demo district first: manage.py seed_demo")
        self.levels = [level for level in Level.objects.all() if level.code in LEVEL_WEIGHTS]
        self.level_weights = [LEVEL_WEIGHTS[level.code] for level in self.levels]
        self.grades = {level.pk: list(Grade.objects.filter(level=level)) for level in self.levels}
        self.subjects = {level.pk: list(Subject.objects.filter(levels=level)) for level in self.levels}
        self.series = list(TextbookSeries.objects.all())
        self.kinds = [code for code in filetypes.KINDS if code in KIND_WEIGHTS]
        self.kind_weights = [KIND_WEIGHTS[code] for code in self.kinds]
        # Schools by level, with their subject groups and the people of each group.
        self.schools = {
            level.pk: list(School.objects.filter(levels=level).prefetch_related("subject_groups"))
            for level in self.levels
        }
        fallback = (
            User.objects.filter(role_assignments__role=Role.TEACHER).order_by("pk").first()
            or User.objects.filter(is_superuser=True).order_by("pk").first()
        )
        if fallback is None:
            raise CommandError("No teacher nor superuser: run manage.py seed_demo first")
        self.people = {}
        for group in SubjectGroup.objects.all():
            members = list(
                User.objects.filter(role_assignments__subject_group=group).distinct().order_by("pk")
            )
            self.people[group.pk] = members or [fallback]
        self.fallback = fallback
        for level in self.levels:
            if not self.grades[level.pk] or not self.subjects[level.pk] or not self.schools[level.pk]:
                raise CommandError(f"Level {level.code} has no grade, subject or school: seed_demo first")


def _grade_label(grade) -> str:
    return str(grade.number) if grade.number else grade.name.split(" (")[0]


def make_resource(rng: random.Random, vocab: Vocabulary) -> tuple[Resource, list[str]]:
    level = rng.choices(vocab.levels, vocab.level_weights)[0]
    grade = rng.choice(vocab.grades[level.pk])
    subject = rng.choice(vocab.subjects[level.pk])
    kind = rng.choices(vocab.kinds, vocab.kind_weights)[0]
    series = None if level.code == "mam-non" or rng.random() < 0.12 else rng.choice(vocab.series)
    school = rng.choice(vocab.schools[level.pk])
    groups = list(school.subject_groups.all())
    group = rng.choice(groups) if groups else None
    if group is None:
        raise CommandError(f"School {school.code} has no subject group")
    owner = rng.choice(vocab.people.get(group.pk) or [vocab.fallback])

    topic = rng.choice(TOPICS.get(subject.code) or GENERIC_TOPICS)
    lesson = rng.randint(1, 30)
    topic_full = f"Bài {lesson}. {topic}" if rng.random() < 0.6 else topic
    title = f"{rng.choice(KIND_TITLES[kind])} {subject.name} {_grade_label(grade)} – {topic}"
    title += rng.choice(TITLE_SUFFIXES)
    facts = {
        "series": f", bộ sách {series.name}" if series else "",
        "grade": grade.name, "topic_lower": topic[:1].lower() + topic[1:], "subject": f"môn {subject.name}",
        "school": school.name,
    }
    sentences = [rng.choice(OPENINGS).format(**facts), *rng.sample(BODIES, rng.randint(1, 3))]
    description = f"{topic_full}. " + " ".join(sentences)

    first = FIRST_DAY + datetime.timedelta(seconds=rng.randrange(int((LAST_DAY - FIRST_DAY).total_seconds())))
    rated = rng.random() < 0.45
    resource = Resource(
        kind=kind, title=title[:255], description=description, level=level, grade=grade, subject=subject,
        textbook_series=series, topic=topic_full[:255], school_year=vocab.year, owner=owner, school=school,
        subject_group=group,
        licence=Licence.CC_BY if rng.random() < 0.8 else Licence.INTERNAL,
        visibility=Visibility.PUBLIC if rng.random() < 0.85 else Visibility.TEACHERS,
        download_count=min(int(rng.paretovariate(1.1) * 3) - 3, 50000),
        rating_average=round(rng.uniform(2.5, 5.0), 2) if rated else 0,
        rating_count=rng.randint(1, 60) if rated else 0,
        live=True, has_unpublished_changes=False, first_published_at=first, last_published_at=first,
    )
    words = [topic.split(": ")[-1]]
    if rng.random() < 0.6:
        words.append(rng.choice(GENERAL_KEYWORDS))
    return resource, words


class Command(BaseCommand):
    help = "Create many published, searchable resources in the demo district, for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=100_000, help="How many (default 100000).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument("--batch", type=int, default=BATCH, help=f"Rows per batch (default {BATCH}).")
        parser.add_argument("--no-index", action="store_true", help="Skip the search index.")

    def handle(self, *args, count, seed, batch, no_index, **options):
        if not settings.DEMO_MODE:
            raise CommandError("make_synthetic_resources writes fake resources: not in production.")
        if count < 0 or batch <= 0:
            raise CommandError("--count must be >= 0 and --batch > 0")
        started = time.monotonic()
        rng = random.Random(seed)
        vocab = Vocabulary()
        tags = self._tags()
        backends = [] if no_index else list(get_search_backends())
        vectors = not no_index and search.enabled()
        made = 0
        create_s = index_s = 0.0
        while made < count:
            n = min(batch, count - made)
            t0 = time.monotonic()
            with transaction.atomic():
                pairs = [make_resource(rng, vocab) for _ in range(n)]
                if vectors:  # written with the row, as an update would leave a dead copy of each
                    for resource, words in pairs:
                        resource.search_vector = search.vector_literal(search.resource_parts(
                            title=resource.title, description=resource.description, topic=resource.topic,
                            subject=resource.subject.name, keywords=list(dict.fromkeys(words)), files_text=[],
                        ))
                resources = Resource.objects.bulk_create([r for r, _words in pairs])
                ResourceTag.objects.bulk_create([
                    ResourceTag(content_object_id=r.pk, tag_id=tags[word])
                    for r, words in zip(resources, [w for _r, w in pairs], strict=True)
                    for word in dict.fromkeys(words)
                ])
            t1 = time.monotonic()
            if backends:
                with transaction.atomic():
                    self._index(backends, [r.pk for r in resources])
            t2 = time.monotonic()
            create_s += t1 - t0
            index_s += t2 - t1
            made += n
            if made == count or made % (10 * batch) == 0:
                log(f"  {made:>7}/{count} resources  ({time.monotonic() - started:6.1f} s; "
                    f"rows {create_s:5.1f} s, index {index_s:5.1f} s)")
        if backends and made:
            t0 = time.monotonic()
            for backend in backends:
                # Each batch normalised its own titles against the mean so far; once more over all.
                refresh = getattr(backend.get_index_for_model(Resource), "_refresh_title_norms", None)
                if refresh is not None:
                    refresh(full=True)
            search.refresh_words()  # the spelling suggestions' vocabulary, counted once
            index_s += time.monotonic() - t0
        if made:
            facet_counts.recount()  # bulk_create sent no signal
            # As after any bulk load: fresh planner statistics (without them SQLite drives the
            # full-text subquery from the index entries and probes FTS once per entry) and,
            # on PostgreSQL, a VACUUM: it sets the visibility map that index-only scans need
            # and merges the GIN indexes' pending lists, which every search would otherwise
            # scan in full (autovacuum would do both, some minutes later).
            t0 = time.monotonic()
            statement = "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
            with connection.cursor() as cursor:
                cursor.execute(statement)
            log(f"  {statement}: {time.monotonic() - t0:.1f} s")
        elapsed = time.monotonic() - started
        log(f"Made {made} published resources in {elapsed:.1f} s "
            f"(rows {create_s:.1f} s, search index {index_s:.1f} s).")
        self.stdout.write(f"{made} synthetic resources in {elapsed:.1f} s")

    def _tags(self) -> dict[str, int]:
        """Every keyword the word lists can give, created once; name -> tag id."""
        names = {*GENERAL_KEYWORDS, *(t.split(": ")[-1] for topics in TOPICS.values() for t in topics),
                 *(t.split(": ")[-1] for t in GENERIC_TOPICS)}
        found = {tag.name: tag.pk for tag in Tag.objects.filter(name__in=names)}
        for name in sorted(names - found.keys()):
            found[name] = Tag.objects.create(name=name).pk  # taggit makes a unique slug
        return found

    def _index(self, backends, pks: list[int]) -> None:
        """What update_index would store for these resources, in one call per backend."""
        objs = list(
            Resource.objects.filter(pk__in=pks).order_by("pk").prefetch_related(
                "keywords", Prefetch("files", queryset=ResourceFile.objects.select_related("document"))
            )
        )
        for backend in backends:
            backend.add_bulk(Resource, objs)
        if connection.vendor == "sqlite" and search.enabled():  # the catalogue's own FTS5 index
            search.refresh(pks)
