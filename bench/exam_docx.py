"""exam_docx — printed exams in Word (issue 16): 40 variants × 50 questions to .docx.

Fifty questions of mixed kinds, as a mathematics and reading exam holds them (seeded, the
same every run): 28 single-choice questions, 4 of them on a shared passage and 3 with a
picture; 4 with several answers; 4 true/false groups (a–d); 4 numeric and 2 text short
answers; 2 matching; 1 cloze; 3 essays with a model answer and rubric; LaTeX in about
half of the stems and options (fractions, roots, powers, integrals, sums, limits, vectors,
systems, matrices). Forty variants are made of them by the exam builder
(repository.questions.exams.variants.make_variants, seeded): the questions shuffled within
their part, a passage's kept together, the options of choice questions shuffled, each
variant's key worked out; the variants are made before the clock starts.

Measured in a fresh child process (python bench/exam_docx.py --child, with the settings
of a throwaway var dir; Django set up and the modules imported before the clock starts):
the 40 papers (`exam.variant_document`) and the answer key of the 40 (`exam.answer_key`),
from the variants in memory to the bytes of every .docx — cold (the first time in the
process: every LaTeX formula converted, every text built into Word XML) and warm (the
same again in the same process, what a server that has printed the exam before pays).
Peak memory: the child's peak resident set (getrusage ru_maxrss) at the end, and its
resident set before the run (the interpreter, Django and the modules), so the difference
is the run's. Target (issue 16): ≤ 5 s.

Lines: exam_docx_seconds (cold), exam_docx_warm_seconds, exam_docx_per_paper_ms (cold),
exam_docx_key_seconds (the key of the 40, cold), exam_docx_peak_rss_mb,
exam_docx_base_rss_mb, exam_docx_mb (the 41 documents' total size), exam_docx_formulas (distinct formulas
converted), exam_docx_other_cpu_pct (the share of the machine other processes took
meanwhile, as the other benchmarks report it).

Environment: BENCH_EXAM_VARIANTS (40), BENCH_EXAM_QUESTIONS (50).
"""

from __future__ import annotations

import json
import os
import random
import resource
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
MB = 1024 * 1024
SEED = 16


def _png(width: int, height: int) -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + bytes((x * 7 + y * 3) % 256 for x in range(width)) for y in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


FORMULAS = [
    r"\frac{%d}{%d} + \frac{1}{3}", r"\sqrt{%d x^2 + %d}", r"x^{%d} - %d x + 6 = 0", r"\int_0^{%d} %d x\,dx",
    r"\sum_{k=1}^{%d} k^%d", r"\lim_{x \to %d} \frac{x^2 - %d}{x - 1}", r"\overrightarrow{AB} + %d\vec{u} = %d",
    r"\begin{cases} x + y = %d \\ x - y = %d \end{cases}", r"\begin{pmatrix} %d & 1 \\ 0 & %d \end{pmatrix}",
    r"\log_{%d} %d", r"\widehat{ABC} = %d^\circ + %d^\circ",
]


def make_questions(count: int, rng: random.Random):
    """(questions, passages) of the exam: mixed kinds, LaTeX in about half the texts."""
    from repository.questions import interchange as qi

    def formula(i: int) -> str:
        return "\\(" + FORMULAS[i % len(FORMULAS)] % (i + 2, i % 9 + 1) + "\\)"

    def text(i: int, words: str) -> str:
        return f"{words} {formula(i)}" if i % 2 == 0 else words

    picture = [qi.Media("hinh.png", "image/png", _png(240, 120), alt="Hình vẽ")]
    passage = qi.Passage("doc1", "Mùa xuân, cây gạo gọi đến bao nhiêu là chim. Từ xa nhìn lại, cây gạo sừng sững "
                         "như một tháp đèn khổng lồ. Hàng ngàn bông hoa là hàng ngàn ngọn lửa hồng tươi.",
                         title="Cây gạo")
    shares = [(qi.SINGLE, 24), ("passage", 4), (qi.MULTIPLE, 4), (qi.TRUE_FALSE_GROUP, 4), (qi.NUMERIC, 4),
              (qi.SHORT_TEXT, 2), (qi.MATCHING, 2), (qi.CLOZE, 1), (qi.ESSAY, 3)]
    kinds = [kind for kind, n in shares for _ in range(n)]
    kinds = (kinds * (count // len(kinds) + 1))[:count]
    questions = []
    for i, kind in enumerate(kinds):
        n = i + 1
        if kind in (qi.SINGLE, "passage"):
            options = [qi.Option(text(4 * i + k, f"Phương án {k + 1} của câu {n}"), 1.0 if k == 0 else 0.0)
                       for k in range(4)]
            question = qi.Question(qi.SINGLE, text(i, f"Câu hỏi trắc nghiệm số {n}: giá trị của biểu thức"), n, 0,
                                   options=options)
            if kind == "passage":
                question.group = passage.key
                question.stem = f"Theo đoạn văn, ý {n} nói về điều gì?"
            elif i % 8 == 3:
                question.text_format = qi.HTML
                question.stem = f'<p>Quan sát hình <img src="media:hinh.png"> và cho biết {formula(i)}</p>'
                question.media = picture
        elif kind == qi.MULTIPLE:
            question = qi.Question(qi.MULTIPLE, text(i, f"Chọn các khẳng định đúng (câu {n})"), n, 0, options=[
                qi.Option(text(4 * i + k, f"Khẳng định {k + 1}"), 0.5 if k < 2 else 0.0) for k in range(4)])
        elif kind == qi.TRUE_FALSE_GROUP:
            question = qi.Question(qi.TRUE_FALSE_GROUP, text(i, f"Cho hàm số ở câu {n}. Xét tính đúng sai"), n, 0,
                                   statements=[qi.Statement(text(4 * i + k, f"Mệnh đề {k + 1}"), k % 2 == 0)
                                               for k in range(4)])
        elif kind == qi.NUMERIC:
            question = qi.Question(qi.NUMERIC, text(i, f"Tính giá trị (làm tròn đến hàng phần trăm), câu {n}"), n, 0,
                                   numeric=[qi.NumericAnswer(round(rng.uniform(1, 100), 2), 0.01)])
        elif kind == qi.SHORT_TEXT:
            question = qi.Question(qi.SHORT_TEXT, f"Thủ đô của Việt Nam là thành phố nào? (câu {n})", n, 0,
                                   options=[qi.Option("Hà Nội", 1.0)])
        elif kind == qi.MATCHING:
            question = qi.Question(qi.MATCHING, "Nối mỗi biểu thức với giá trị của nó", n, 0,
                                   pairs=[(formula(4 * i + k), f"Giá trị {k}") for k in range(3)], distractors=["0"])
        elif kind == qi.CLOZE:
            question = qi.Question(qi.CLOZE, f"Điền vào chỗ trống: {qi.blank(1)} là số nguyên tố chẵn duy nhất.",
                                   n, 0, blanks=[[qi.Option("2", 1.0)]])
        else:
            question = qi.Question(qi.ESSAY, text(i, f"Giải bài toán sau và trình bày lời giải (câu {n})"), n, 0,
                                   model_answer=text(4 * i + 2, "Lời giải mẫu"), rubric="Mỗi bước đúng được 0,25 điểm.")
        questions.append(question)
    return questions, {passage.key: passage}


def make_variants(questions, passages, count: int):
    """`count` variants by the exam builder (repository.questions.exams.variants): the
    questions shuffled within their part, a passage's kept together, options shuffled,
    each variant keyed."""
    from repository.questions import interchange as qi
    from repository.questions.exams.variants import make_variants as build

    points = {qi.ESSAY: 1.0, qi.TRUE_FALSE_GROUP: 1.0}
    entries = [(question, points.get(question.kind, 0.25), passages.get(question.group), question.number)
               for question in questions]
    return build(entries, count, seed=SEED)


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def child() -> None:
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from repository.questions.word import exam, omml, richtext

    variants_count = int(os.environ.get("BENCH_EXAM_VARIANTS") or 40)
    questions_count = int(os.environ.get("BENCH_EXAM_QUESTIONS") or 50)
    rng = random.Random(SEED)
    questions, passages = make_questions(questions_count, rng)
    variants = make_variants(questions, passages, variants_count)
    header = exam.Header("Mê Linh", "THCS Tiền Phong", "Đề kiểm tra cuối học kì I", "Toán", "9", 90, "2025–2026")
    base_rss = _rss_mb()

    def run() -> tuple[float, float, int]:
        started = time.perf_counter()
        sizes = [len(exam.variant_document(header, variant)) for variant in variants]
        papers = time.perf_counter()
        sizes.append(len(exam.answer_key(header, variants)))
        return time.perf_counter() - started, time.perf_counter() - papers, sum(sizes)

    cold, key_seconds, total_bytes = run()
    warm, _key, _bytes = run()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    formulas = omml._convert.cache_info().currsize
    print(json.dumps({"cold": cold, "warm": warm, "key": key_seconds, "bytes": total_bytes, "peak_mb": peak,
                      "base_mb": base_rss, "variants": variants_count, "questions": questions_count,
                      "formulas": formulas, "fragments": richtext._cached.cache_info().currsize}))


def exam_docx() -> tuple[list[tuple[str, str]], int]:
    from cpu import ForeignCpu
    from harness import bench_env, log

    log("=== exam_docx: 40 variants × 50 questions to .docx")
    with tempfile.TemporaryDirectory(prefix="bench-exam-") as var_dir:
        env = bench_env(Path(var_dir))
        with ForeignCpu(os.getpid()) as foreign:  # the child is reaped inside: its CPU is ours
            done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child"], cwd=ROOT, env=env,
                                  capture_output=True, text=True)
    if done.returncode != 0:
        log(done.stdout + done.stderr)
        return [], 1
    data = json.loads(done.stdout.strip().splitlines()[-1])
    log(f"  {data['variants']} papers of {data['questions']} questions and their key: cold {data['cold']:.2f} s, "
        f"warm {data['warm']:.2f} s; peak RSS {data['peak_mb']:.1f} MB (before the run {data['base_mb']:.1f} MB); "
        f"{data['formulas']} formulas, {data['fragments']} texts built; other processes "
        f"{foreign.share:.0%} of the machine")
    return [
        ("exam_docx_seconds", f"{data['cold']:.2f}"),
        ("exam_docx_warm_seconds", f"{data['warm']:.2f}"),
        ("exam_docx_per_paper_ms", f"{1000 * (data['cold'] - data['key']) / data['variants']:.1f}"),
        ("exam_docx_key_seconds", f"{data['key']:.2f}"),
        ("exam_docx_peak_rss_mb", f"{data['peak_mb']:.1f}"),
        ("exam_docx_base_rss_mb", f"{data['base_mb']:.1f}"),
        ("exam_docx_mb", f"{data['bytes'] / MB:.1f}"),
        ("exam_docx_formulas", str(data["formulas"])),
        ("exam_docx_other_cpu_pct", f"{100 * foreign.share:.0f}"),
    ], 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--child"]:
        child()
    else:
        sys.path.insert(0, str(BENCH_DIR))
        for name, value in exam_docx()[0]:
            print(f"{name}: {value}", flush=True)
