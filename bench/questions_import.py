"""questions_import — importing 10,000 questions from GIFT and from Word (issue 16).

Target: ≤ 10 s each, peak memory reported. Run alone with
`.venv/bin/python bench/questions_import.py`, or within `make bench`
(`BENCH_ONLY=questions_import` for this one only).

Files (bench/question_files.py, seeded, generated once per run of the benchmark):
- GIFT: 10,000 questions as Moodle writes them — titles "::Câu N::", categories every
  500, single choice (60 %, a share with LaTeX between \\( \\)), several answers,
  true/false, short answers, numbers with tolerance, matching, essays, cloze;
- Word: 10,000 questions in the common Vietnamese layout as raw WordprocessingML, papers
  of 200 questions in the 2025 parts (PHẦN I choice: "Câu N:" stems, options A–D on one
  line, one a paragraph or in a 2×2 table, the key underlined, bold and red, or given by
  "Đáp án: B"; a share with typed LaTeX or a Word equation; PHẦN II true/false groups
  a)–d) marked by underline or "Đáp án: ĐSĐS"; PHẦN III short answers; PHẦN IV essays;
  "Lời giải:" now and then).

For each database (BENCH_DATABASES, default "sqlite,postgresql": the throwaway var dir's
SQLite, then a throwaway PostgreSQL cluster, tests/tools/with_postgres.py), a fresh
platform is migrated and seeded with the demo district; then, for each file, runs of
(the figure that counts is the fresh path: each run into a new, empty bank, so that
every question is saved, none skipped as a duplicate, and each in a new process whose
sandbox fork server starts with it):

(a) reading — what the teacher waits for before the preview: in a fresh `manage.py shell`,
    the web path's `services.import_read(job)` on a QuestionImport holding the file
    (the file read in the sandbox's bounded child, the images made web-ready, the
    preview: duplicates against the bank, levels, the result JSON saved), timed in-process
    (read = `read_bounded`, preview = `preview`, total = `import_read`), the fork server
    started by it (the figure that counts); then the same file read again in the same
    process, the fork server running (`reading_warm_s`: a worker that has read a file
    before); then, for the breakdown only, `import_save` of every question into review,
    timed likewise;
(b) the command — the whole `manage.py import_questions FILE --format F --bank ID`
    (read + preview + save + sent to review), timed from start to exit, Python's start,
    Django's set-up and the system checks included.

Each runs under bench/player.py's --peak-rss wrapper (the command's child subreaper,
sampling every process of its tree every 20 ms): the peak RSS of the command process
(exact: its ru_maxrss) and of the sandbox child that reads the file (VmHWM); for (a)
also the child's peak address space as the sandbox itself notes it (VmPeak, what its
RLIMIT_AS bounds: PROCESSING_MEMORY_MB over the child's own). After each (b), the bank is
checked: 10,000 questions, each with its latest revision, in review (an in-progress
workflow state whose current task state is in progress).

Environment: BENCH_QUESTIONS (10000), BENCH_IMPORT_RUNS (2: the median is reported,
the peaks are the largest), BENCH_IMPORT_FORMATS ("gift,docx"), BENCH_DATABASES.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import question_files  # noqa: E402
from cpu import ForeignCpu  # noqa: E402
from harness import ROOT, bench_env, log, manage  # noqa: E402
from phases import env_int  # noqa: E402
from player import Measured, run_measured  # noqa: E402

sys.path.insert(0, str(BENCH_DIR.parent / "tests" / "tools"))
from with_postgres import postgres_cluster  # noqa: E402

MB = 1024 * 1024
DATABASES = {"sqlite": "sqlite", "postgresql": "pg"}  # BENCH_DATABASES name -> line prefix
TARGET_S = 10.0
AUTHOR = "giaovien.toan"

# A fresh bank of the demo's maths group (THCS Nguyễn Trãi), grade 6.
_BANK_SNIPPET = """
from lms.accounts.models import User
from lms.organisation.models import SubjectGroup
from repository.models import Grade, QuestionBank, Subject
group = SubjectGroup.objects.get(school__code="THCS-NT", name="Tổ Toán – Tin")
level = group.school.levels.get()
bank = QuestionBank.objects.create(subject_group=group, name=%(name)r, level=level,
    subject=Subject.objects.get(code="toan"), grade=Grade.objects.get(level=level, number=6),
    created_by=User.objects.get(username=%(author)r))
print("BANK", bank.pk)
"""

# (a): the web path's reading, then saving, in-process, timed.
_READ_SNIPPET = """
import json, resource, time
from django.core.files.base import ContentFile
from django.utils import translation
from lms.core import sandbox
from repository.models import QuestionBank, QuestionImport
from repository.questions import services

spent, peaks = {}, []

def timed(name, func):
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0) + time.perf_counter() - started
    return wrapper

services.read_bounded = timed("read", services.read_bounded)
services.preview = timed("preview", services.preview)
_wait = sandbox._Watch.wait
def wait(self, pid):
    try:
        return _wait(self, pid)
    finally:
        peaks.append((self.peak, self.limit))
sandbox._Watch.wait = wait

bank = QuestionBank.objects.select_related("subject_group__school", "created_by").get(pk=%(bank)d)
with open(%(path)r, "rb") as f:
    data = f.read()
with translation.override("vi"):
    job = QuestionImport(bank=bank, created_by=bank.created_by, original_name=%(name)r, fmt=%(fmt)r)
    job.file.save(f"{bank.pk}.bin", ContentFile(data), save=False)
    job.save()
    started = time.perf_counter()
    services.import_read(job)
    spent["import_read"] = time.perf_counter() - started
    job.refresh_from_db()
    status = job.status
    questions = job.result.get("questions", [])
    reading_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # The same file again in the same process: the sandbox's fork server running already,
    # as in a worker that has read a file before (its questions now duplicates of none).
    again = QuestionImport(bank=bank, created_by=bank.created_by, original_name=%(name)r, fmt=%(fmt)r)
    again.file.save(f"{bank.pk}.bin", ContentFile(data), save=False)
    again.save()
    cold = dict(spent)
    started = time.perf_counter()
    services.import_read(again)
    warm = {"import_read": time.perf_counter() - started,
            "read": spent["read"] - cold["read"], "preview": spent["preview"] - cold["preview"]}
    spent.update(cold)
    started = time.perf_counter()
    saved = services.import_save(user=bank.created_by, job=job, numbers=[q["number"] for q in questions],
                                 submit=True)
    spent["import_save"] = time.perf_counter() - started
print("READ " + json.dumps({
    "status": status, "error": job.error, "questions": len(questions),
    "problems": len(job.result.get("problems", [])), "saved": len(saved), "spent": spent, "warm": warm,
    "child_vm_peak": peaks[0][0] if peaks else 0, "child_vm_limit": peaks[0][1] if peaks else 0,
    "reading_rss_kb": reading_rss}))
"""

# After (b): what the bank holds.
_CHECK_SNIPPET = """
import json
from django.contrib.contenttypes.models import ContentType
from wagtail.models import TaskState, WorkflowState
from repository.models import Question
questions = Question.objects.filter(bank_id=%(bank)d)
ids = [str(pk) for pk in questions.values_list("pk", flat=True)]
states = WorkflowState.objects.filter(base_content_type=ContentType.objects.get_for_model(Question),
                                      object_id__in=ids, status="in_progress",
                                      current_task_state__status="in_progress")
print("CHECK " + json.dumps({
    "questions": len(ids),
    "with_revision": questions.filter(latest_revision__isnull=False).count(),
    "in_review": states.count(),
    "task_states": TaskState.objects.filter(workflow_state__in=states).count(),
}))
"""


def _snippet_json(out: str, marker: str) -> dict:
    for line in reversed(out.splitlines()):
        if line.startswith(marker + " "):
            return json.loads(line[len(marker) + 1:])
    raise RuntimeError(f"no {marker} line in: {out[-2000:]}")


def make_files(work: Path, count: int, formats: list[str]) -> dict[str, Path]:
    paths = {}
    for fmt in formats:
        started = time.monotonic()
        specs = question_files.specs(count, for_gift=fmt == "gift")
        data = question_files.gift(specs) if fmt == "gift" else question_files.docx(specs)
        path = work / f"cau-hoi-{count}.{fmt}"
        path.write_bytes(data)
        log(f"  generated {path.name}: {len(data) / MB:.2f} MB, {count} questions "
            f"({', '.join(f'{k} {v}' for k, v in sorted(question_files.expected_kinds(specs, fmt).items()))}) "
            f"in {time.monotonic() - started:.1f} s")
        paths[fmt] = path
    return paths


def _shell(env: dict, code: str) -> str:
    """`manage.py shell` running `code` (given on its standard input); its output."""
    done = subprocess.run([sys.executable, "manage.py", "shell"], cwd=ROOT, env=env, input=code,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"manage.py shell failed ({done.returncode}): {done.stdout[-2000:]}")
    return done.stdout


def _bank(env: dict, name: str) -> int:
    return int(_snippet_json(_shell(env, _BANK_SNIPPET % {"name": name, "author": AUTHOR}), "BANK"))


def _peak_mb(measured: list[Measured], kind: str) -> float:
    return max(m.peaks_kb.get(kind, 0) for m in measured) / 1024


def one_format(env: dict, prefix: str, fmt: str, path: Path, count: int, runs: int) -> tuple[list, int]:
    errors = 0
    reads: list[dict] = []
    read_runs: list[Measured] = []
    commands: list[Measured] = []
    other: list[float] = []
    for run in range(1, runs + 1):
        bank = _bank(env, f"Thử tải {fmt} đọc {run}")
        snippet = _READ_SNIPPET % {"bank": bank, "path": str(path), "name": path.name, "fmt": fmt}
        with ForeignCpu(os.getpid()) as foreign:
            measured = run_measured([sys.executable, "manage.py", "shell", "-c", snippet], env=env)
        other.append(foreign.share)
        if measured.exit != 0:
            log(f"  FAILED: reading {fmt}: {measured.output[-3000:]}")
            return [], 1
        found = _snippet_json(measured.output, "READ")
        if found["status"] != "read" or found["questions"] != count or found["saved"] != count:
            log(f"  WRONG: reading {fmt}: {json.dumps(found)[:2000]}")
            errors += 1
        reads.append(found)
        read_runs.append(measured)
        spent = found["spent"]
        log(f"  run {run} reading: read {spent['read']:.2f} s + preview {spent['preview']:.2f} s "
            f"= import_read {spent['import_read']:.2f} s, warm {found['warm']['import_read']:.2f} s "
            f"(then import_save {spent['import_save']:.2f} s); "
            f"child RSS {measured.peaks_kb.get('sandbox_child', 0) / 1024:.0f} MB, "
            f"address space {found['child_vm_peak'] / MB:.0f} of {found['child_vm_limit'] / MB:.0f} MB; "
            f"other processes {other[-1]:.0%}")

        bank = _bank(env, f"Thử tải {fmt} lệnh {run}")
        argv = [sys.executable, "manage.py", "import_questions", str(path), "--format", fmt, "--bank", str(bank)]
        with ForeignCpu(os.getpid()) as foreign:
            measured = run_measured(argv, env=env)
        other.append(foreign.share)
        check = _snippet_json(_shell(env, _CHECK_SNIPPET % {"bank": bank}), "CHECK")
        if measured.exit != 0 or set(check.values()) != {count}:
            log(f"  WRONG: the command (exit {measured.exit}) left {check}: {measured.output[-2000:]}")
            errors += 1
        commands.append(measured)
        log(f"  run {run} command: {measured.wall_s:.2f} s ({measured.cpu_s:.2f} s of CPU); "
            f"command RSS {measured.peaks_kb.get('command', 0) / 1024:.0f} MB, "
            f"child RSS {measured.peaks_kb.get('sandbox_child', 0) / 1024:.0f} MB; bank {check}; "
            f"other processes {other[-1]:.0%}")

    def median(name: str) -> float:
        return statistics.median(r["spent"][name] for r in reads)

    command_s = statistics.median(m.wall_s for m in commands)
    p = f"{prefix}_{fmt}"
    return [
        (f"{p}_questions", str(count)),
        (f"{p}_file_mb", f"{path.stat().st_size / MB:.2f}"),
        (f"{p}_read_s", f"{median('read'):.2f}"),
        (f"{p}_preview_s", f"{median('preview'):.2f}"),
        (f"{p}_reading_s", f"{median('import_read'):.2f}"),
        (f"{p}_reading_warm_s", f"{statistics.median(r['warm']['import_read'] for r in reads):.2f}"),
        (f"{p}_save_s", f"{median('import_save'):.2f}"),
        (f"{p}_command_s", f"{command_s:.2f}"),
        (f"{p}_command_vs_target_ratio", f"{command_s / TARGET_S:.2f}"),
        (f"{p}_command_cpu_s", f"{statistics.median(m.cpu_s for m in commands):.2f}"),
        (f"{p}_reading_child_peak_rss_mb", f"{_peak_mb(read_runs, 'sandbox_child'):.1f}"),
        (f"{p}_reading_child_peak_vm_mb", f"{max(r['child_vm_peak'] for r in reads) / MB:.1f}"),
        (f"{p}_reading_child_vm_limit_mb", f"{max(r['child_vm_limit'] for r in reads) / MB:.1f}"),
        (f"{p}_reading_process_peak_rss_mb", f"{max(r['reading_rss_kb'] for r in reads) / 1024:.1f}"),
        (f"{p}_command_peak_rss_mb", f"{_peak_mb(commands, 'command'):.1f}"),
        (f"{p}_command_child_peak_rss_mb", f"{_peak_mb(commands, 'sandbox_child'):.1f}"),
        (f"{p}_other_cpu_pct", f"{100 * statistics.fmean(other):.0f}"),
    ], errors


def one_database(name: str, paths: dict[str, Path], count: int, runs: int, cluster=None) -> tuple[list, int]:
    prefix = DATABASES[name]
    lines: list[tuple[str, str]] = []
    errors = 0
    var_dir = Path(tempfile.mkdtemp(prefix="lms-bench-import-"))
    try:
        env = bench_env(var_dir, cluster.database_url if cluster else None)
        log(f"=== questions import on {name}: throwaway var dir {var_dir}")
        manage(env, "migrate", "--noinput")
        manage(env, "seed_demo")
        for fmt, path in paths.items():
            more, failed = one_format(env, prefix, fmt, path, count, runs)
            lines += more
            errors += failed
    finally:
        import shutil

        shutil.rmtree(var_dir, ignore_errors=True)
    return lines, errors


def questions_import() -> tuple[list[tuple[str, str]], int]:
    count = env_int("BENCH_QUESTIONS", 10_000)
    runs = env_int("BENCH_IMPORT_RUNS", 2)
    formats = [f.strip() for f in (os.environ.get("BENCH_IMPORT_FORMATS") or "gift,docx").split(",") if f.strip()]
    if set(formats) - {"gift", "docx"}:
        raise SystemExit("BENCH_IMPORT_FORMATS: gift and/or docx")
    asked = os.environ.get("BENCH_DATABASES") or ",".join(DATABASES)
    wanted = [d.strip() for d in asked.split(",") if d.strip()]
    if set(wanted) - set(DATABASES):
        raise SystemExit(f"BENCH_DATABASES: known: {', '.join(DATABASES)}")
    lines: list[tuple[str, str]] = []
    errors = 0
    with tempfile.TemporaryDirectory(prefix="lms-bench-files-") as work:
        paths = make_files(Path(work), count, formats)
        for name in wanted:
            if name == "postgresql":
                with postgres_cluster() as cluster:
                    more, failed = one_database(name, paths, count, runs, cluster)
            else:
                more, failed = one_database(name, paths, count, runs)
            lines += more
            errors += failed
    return lines, errors


def main() -> int:
    log(f"{os.cpu_count()} CPUs; Python {sys.version.split()[0]}")
    lines, errors = questions_import()
    for name, value in lines:
        print(f"{name}: {value}", flush=True)
    if errors:
        log(f"FAILED: {errors} run(s) did not import every question")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
