"""player — the e-learning player (issue 15): ingest, the commit endpoint, learners.

Three parts (BENCH_PLAYER_PARTS, default "ingest,commit,learners"):

ingest — a SCORM 1.2 package of BENCH_PACKAGE_MB megabytes of zip (default "500,100,1":
one of 500 MB, one of 100 MB, and one of 1 MB whose time is the fixed cost of starting
Python, Django and the sandbox's fork server) is generated on disk, streaming (a manifest with ten SCOs,
then media-like files of mixed sizes: video, audio, images and fonts of random,
incompressible bytes; scripts, slide XML and pages of compressible text), then unpacked
BENCH_INGEST_RUNS times (default 3) in turn by `unzip -q` into a temp folder and by
`manage.py ingest_package` (a throwaway var dir and SQLite database: the original zip
stored, the package unpacked in the sandbox's bounded child, its table of contents
written). Each command runs under a small wrapper (this file run as a script with
--peak-rss) that is the command's child subreaper: it times the command from start to
exit, samples every process of its tree every 20 ms (the kernel's high-water mark of
resident memory, VmHWM), and at the end adds getrusage(RUSAGE_CHILDREN).ru_maxrss, the
largest max RSS of every process it and its descendants reaped (the forkserver, orphaned
when manage.py exits, is reaped by the wrapper). Lines: wall time (median of the runs),
the ratio ingest / unzip (target ≤ 1.5), and the peak RSS of the unpacking child, of the
command process, of the forkserver (what the child inherits), of any process (target
≤ 150 MB whatever the size).

commit — on a throwaway platform over a throwaway PostgreSQL cluster (gunicorn, 2 sync
workers, as catalogue), with a SCORM 1.2 package of four SCOs and 50 learners with an
attempt at each (200 attempts), wrk drives POST /content/api/<token>/<launch>/commit on
the content origin (Host localhost:<port>) with realistic snapshots (bench/wrk_commit.lua:
commitSequence 1, 2, 3… per attempt, a fresh launch id per phase, so every commit is
applied) beside GET /healthz, warmed up then in alternating phases as phases.py does.
Lines: rps, p50/p95, the ratio commit / trivial (target ≥ 0.70), and how many commits
the database holds as applied.

learners — on the same server, BENCH_LEARNERS (200) simulated learners, each with an
attempt of its own (one SCO each) and a launch id, commit for BENCH_LEARNERS_SECONDS (60)
from an asyncio client: a growing snapshot every 2–5 s (jitter), a share
BENCH_CUT_SHARE (0.10) of requests cut on purpose (half closed after part of the body,
half closed once sent without reading the answer), then a final commit (?final=true,
"final": true) retried until acknowledged. A failed regular commit is not resent, as
scorm-again does not: the next one carries the whole, newer snapshot. At the end the
database is read (manage.py shell): for each learner, the session's last applied
commitSequence, whether the attempt's cmi equals the learner's last acknowledged snapshot
as the server stores it (that body applied alone to a scratch attempt in a transaction
rolled back), its time and its interaction rows. A commit is lost when it was
acknowledged (200, {"result": true}) and the database holds neither its snapshot nor a
later one of the same launch (see bench/RESULTS.md). Target: 0 lost.

Environment: BENCH_PLAYER_PARTS, BENCH_PACKAGE_MB, BENCH_INGEST_RUNS, BENCH_LEARNERS,
BENCH_LEARNERS_SECONDS, BENCH_CUT_SHARE, and run.py's BENCH_SECONDS,
BENCH_WARMUP_SECONDS, BENCH_ROUNDS, BENCH_CONCURRENCY for the wrk phases.
"""

from __future__ import annotations

import asyncio
import ctypes
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
MB = 1024 * 1024
OWNER = "bench.teacher"
OK_ANSWER = {"result": True, "errorCode": 0}

if __name__ != "__main__":  # the --peak-rss wrapper needs none of these
    from cpu import ForeignCpu
    from harness import Server, bench_env, log, manage, throwaway_server
    from phases import env_int
    from wrk import REPORT_SCRIPT, WrkResult, run_script

    sys.path.insert(0, str(ROOT / "tests" / "tools"))
    from with_postgres import postgres_cluster  # noqa: E402


def _env_float(name: str, default: float) -> float:
    value = float(os.environ.get(name) or default)
    if not 0 <= value < 1:
        raise SystemExit(f"{name} must be a share between 0 and 1")
    return value


def _mb(n_bytes: float) -> str:
    return f"{n_bytes / MB:.1f}"


# --- ingest: the package ------------------------------------------------------------------

NS_12 = ('xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" '
         'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2" '
         'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"')
SCOS = 10
# (folder/name pattern, share of the files drawn, size range in bytes, compressible)
KINDS = [
    ("story_content/video/video{n}.mp4", 0.02, (5 * MB, 40 * MB), False),
    ("story_content/audio/audio{n}.mp3", 0.12, (200_000, 3 * MB), False),
    ("mobile/slide{n}.jpg", 0.25, (20_000, 900_000), False),
    ("story_content/images/img{n}.png", 0.15, (5_000, 400_000), False),
    ("html5/data/fonts/font{n}.woff", 0.03, (30_000, 200_000), False),
    ("html5/lib/scripts/bundle{n}.js", 0.08, (50_000, 2 * MB), True),
    ("html5/data/js/slide{n}.js", 0.20, (2_000, 120_000), True),
    ("story_content/slides/slide{n}.xml", 0.12, (5_000, 300_000), True),
    ("story_content/text/page{n}.html", 0.03, (2_000, 40_000), True),
]
WORDS = ("function var return this slide layer trigger state data frame player window document "
         "bài học sinh giáo viên phân số câu hỏi đáp án đúng sai tiếp theo quay lại hoàn thành "
         "onClick onTimelineEnd setVariable getVariable audio video text shape button marker "
         "null true false undefined if else for while length push index value object array").split()


class _Pools:
    """Bytes to copy files from: 16 MB of random bytes (deflate cannot shrink them) and
    8 MB of script-like text (it shrinks about 3×), read at random offsets."""

    def __init__(self, rng: random.Random):
        self.random = rng.randbytes(16 * MB)
        vocabulary = WORDS + [f"{w}_{i}" for w in WORDS[:20] for i in range(40)]
        text = []
        size = 0
        while size < 8 * MB:
            line = " ".join(rng.choices(vocabulary, k=rng.randint(4, 14))) + ";\n"
            text.append(line)
            size += len(line.encode())
        self.text = "".join(text).encode()[: 8 * MB]

    def write(self, out, size: int, compressible: bool, rng: random.Random) -> None:
        pool = self.text if compressible else self.random
        while size > 0:
            chunk = min(size, MB)
            start = rng.randrange(0, len(pool) - chunk)
            out.write(pool[start:start + chunk])
            size -= chunk


def _manifest() -> str:
    items = "".join(
        f'      <item identifier="ITEM-{i:02d}" identifierref="RES-{i:02d}">\n'
        f"        <title>Bài {i}: Phân số và số thập phân</title>\n"
        f"        <adlcp:masteryscore>80</adlcp:masteryscore>\n      </item>\n"
        for i in range(1, SCOS + 1)
    )
    resources = "".join(
        f'    <resource identifier="RES-{i:02d}" type="webcontent" adlcp:scormtype="sco" href="bai{i:02d}/index.html">\n'
        f'      <file href="bai{i:02d}/index.html"/>\n    </resource>\n'
        for i in range(1, SCOS + 1)
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="BENCH-LARGE" version="1.0" {NS_12}>
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="ORG-1">
    <organization identifier="ORG-1">
      <title>Bài giảng thử tải: Phân số</title>
{items}    </organization>
  </organizations>
  <resources>
{resources}  </resources>
</manifest>
"""


@dataclass
class PackageFile:
    path: Path
    zip_bytes: int
    files: int
    unpacked_bytes: int
    compressible_bytes: int


def generate_package(path: Path, target_bytes: int, seed: int = 15) -> PackageFile:
    """A SCORM 1.2 zip of about `target_bytes`, written entry by entry, block by block."""
    rng = random.Random(seed)
    pools = _Pools(rng)
    files = unpacked = compressible = 0
    counters: dict[str, int] = {}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr("imsmanifest.xml", _manifest())
        for i in range(1, SCOS + 1):
            page = (f"<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Bài {i}</title>"
                    f"<script src=\"../html5/lib/scripts/bundle1.js\"></script></head><body>Bài {i}</body></html>")
            archive.writestr(f"bai{i:02d}/index.html", page)
        files = SCOS + 1
        weights = [kind[1] for kind in KINDS]
        while archive.fp.tell() < target_bytes:
            pattern, _share, (low, high), text = rng.choices(KINDS, weights)[0]
            counters[pattern] = counters.get(pattern, 0) + 1
            size = min(int(rng.uniform(low, high)), target_bytes - archive.fp.tell() + 64 * 1024)
            # Media deflated fast (level 1: random bytes end up stored anyway), text at 6.
            archive.compresslevel = 6 if text else 1
            with archive.open(pattern.format(n=counters[pattern]), "w") as out:
                pools.write(out, size, text, rng)
            files += 1
            unpacked += size
            compressible += size if text else 0
    return PackageFile(path, path.stat().st_size, files, unpacked, compressible)


# --- ingest: measuring a command's time and memory ------------------------------------------

PR_SET_CHILD_SUBREAPER = 36


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found.extend(int(child) for child in task.read_text().split())
        except OSError:
            pass
    return found


def _hwm_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _peak_rss_main(argv: list[str]) -> int:
    """Run `argv`; print its output, then `PEAK_RSS {json}`: wall seconds, exit code, and
    peak RSS (kB) of the command, of each kind of process in its tree, and of all."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)  # orphans of the tree come to us
    me = os.getpid()
    labels: dict[int, str] = {}
    peaks: dict[tuple[int, str], int] = {}  # (pid, kind of process) -> VmHWM, kB
    done = threading.Event()
    started = time.perf_counter()
    proc = subprocess.Popen(argv)

    command_line = "".join(arg + " " for arg in argv)  # as /proc/PID/cmdline reads, NULs made spaces

    def label(pid: int, parent: int) -> str:
        # Read at every sample: a child forked by the command is a copy of it (its pages
        # shared) until it execs another program, whose memory counts from then on.
        if pid == proc.pid:
            return "command"
        line = _cmdline(pid)
        if line == command_line:
            return "fork_of_command"  # not yet exec'd
        if "forkserver" in line:
            return "sandbox_child" if labels.get(parent) == "forkserver" else "forkserver"
        comm = Path(f"/proc/{pid}/comm")
        return "other:" + (comm.read_text().strip() if comm.exists() else "?")

    def sample() -> None:
        while True:
            todo = [(child, me) for child in _children(me)]
            while todo:
                pid, parent = todo.pop()
                labels[pid] = label(pid, parent)
                key = (pid, labels[pid])
                peaks[key] = max(peaks.get(key, 0), _hwm_kb(pid))
                todo.extend((child, pid) for child in _children(pid))
            if done.wait(0.02):
                return

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # reap what the command left (the forkserver)
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            time.sleep(0.02)
    done.set()
    sampler.join()
    by_kind: dict[str, int] = {}
    for (_pid, kind), peak in peaks.items():
        by_kind[kind] = max(by_kind.get(kind, 0), peak)
    by_kind["command"] = max(by_kind.get("command", 0), usage.ru_maxrss)  # its own, exact
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # everything of the tree, reaped
    result = {
        "wall_s": wall, "exit": proc.returncode, "peaks_kb": by_kind, "all_kb": children.ru_maxrss,
        "cpu_s": children.ru_utime + children.ru_stime,
    }
    sys.stdout.flush()
    print("PEAK_RSS " + json.dumps(result), flush=True)
    return 0


@dataclass
class Measured:
    wall_s: float
    exit: int
    peaks_kb: dict[str, int]
    all_kb: int
    output: str
    cpu_s: float = 0.0  # CPU time of every process of the command's tree (user + system)


def run_measured(argv: list[str], env: dict[str, str] | None = None) -> Measured:
    done = subprocess.run([sys.executable, str(Path(__file__)), "--peak-rss", *argv], cwd=ROOT, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    match = re.search(r"^PEAK_RSS (.*)$", done.stdout, re.MULTILINE)
    if match is None:
        raise RuntimeError(f"no measure of {argv[:3]}: {done.stdout[-2000:]}")
    data = json.loads(match.group(1))
    return Measured(data["wall_s"], data["exit"], data["peaks_kb"], data["all_kb"], done.stdout[:match.start()],
                    data.get("cpu_s", 0.0))


# --- ingest: the benchmark ---------------------------------------------------------------------

_OWNER_SNIPPET = """
from lms.accounts.models import User
User.objects.filter(username=%r).exists() or User.objects.create_user(%r, full_name="Giáo viên Thử tải", password=None)
"""


def ingest() -> tuple[list[tuple[str, str]], int]:
    sizes = [int(s) for s in (os.environ.get("BENCH_PACKAGE_MB") or "500,100,1").split(",") if s.strip()]
    runs = env_int("BENCH_INGEST_RUNS", 3)
    lines: list[tuple[str, str]] = []
    errors = 0
    work = Path(tempfile.mkdtemp(prefix="lms-bench-player-"))
    try:
        var_dir = work / "var"
        env = bench_env(var_dir)
        log(f"=== player ingest: throwaway var dir {var_dir} (SQLite)")
        manage(env, "migrate", "--noinput")
        manage(env, "shell", "-c", _OWNER_SNIPPET % (OWNER, OWNER))
        for size_mb in sizes:
            prefix = f"ingest_{size_mb}mb"
            zip_path = work / f"package-{size_mb}mb.zip"
            started = time.monotonic()
            package = generate_package(zip_path, size_mb * MB)
            log(f"  generated {zip_path.name}: {_mb(package.zip_bytes)} MB of zip, {package.files} files, "
                f"{_mb(package.unpacked_bytes)} MB unpacked ({_mb(package.compressible_bytes)} MB compressible), "
                f"in {time.monotonic() - started:.0f} s")
            unzips: list[Measured] = []
            ingests: list[Measured] = []
            summary: dict = {}
            other: list[float] = []
            for run in range(runs):
                dest = work / "unzipped"
                with ForeignCpu(os.getpid()) as foreign:
                    unzips.append(run_measured(["unzip", "-q", str(zip_path), "-d", str(dest)]))
                other.append(foreign.share)
                shutil.rmtree(dest, ignore_errors=True)
                with ForeignCpu(os.getpid()) as foreign:
                    measured = run_measured([sys.executable, "manage.py", "ingest_package", str(zip_path),
                                             "--owner", OWNER], env=env)
                other.append(foreign.share)
                shutil.rmtree(var_dir / "media" / "player", ignore_errors=True)
                if measured.exit != 0 or unzips[-1].exit != 0:
                    log(f"  FAILED: unzip exit {unzips[-1].exit}, ingest exit {measured.exit}: "
                        f"{measured.output[-2000:]}")
                    errors += 1
                    break
                summary = json.loads([line for line in measured.output.splitlines() if line.startswith("{")][-1])
                ingests.append(measured)
                log(f"  run {run + 1}: unzip {unzips[-1].wall_s:6.2f} s  ingest {measured.wall_s:6.2f} s  "
                    f"peaks (MB) " + ", ".join(f"{k} {v / 1024:.0f}" for k, v in sorted(measured.peaks_kb.items()))
                    + f", all {measured.all_kb / 1024:.0f}; other processes {other[-2]:.0%} / {other[-1]:.0%}")
            zip_path.unlink()
            if not ingests:
                continue
            unzip_s = statistics.median(m.wall_s for m in unzips)
            ingest_s = statistics.median(m.wall_s for m in ingests)

            def peak(kind: str) -> str:
                return _mb(max(m.peaks_kb.get(kind, 0) for m in ingests) * 1024)

            lines += [
                (f"{prefix}_zip_mb", _mb(package.zip_bytes)),
                (f"{prefix}_files", str(summary.get("files"))),
                (f"{prefix}_unpacked_mb", _mb(summary.get("size") or 0)),
                (f"{prefix}_unzip_s", f"{unzip_s:.2f}"),
                (f"{prefix}_ingest_s", f"{ingest_s:.2f}"),
                (f"{prefix}_ingest_vs_unzip_ratio", f"{ingest_s / unzip_s:.2f}"),
                (f"{prefix}_unpack_child_peak_rss_mb", peak("sandbox_child")),
                (f"{prefix}_command_peak_rss_mb", peak("command")),
                (f"{prefix}_forkserver_peak_rss_mb", peak("forkserver")),
                (f"{prefix}_any_process_peak_rss_mb", _mb(max(m.all_kb for m in ingests) * 1024)),
                (f"{prefix}_unzip_peak_rss_mb", _mb(max(m.all_kb for m in unzips) * 1024)),
                (f"{prefix}_other_cpu_pct", f"{100 * statistics.fmean(other):.0f}"),
            ]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return lines, errors


# --- commit: the platform's data ---------------------------------------------------------------

SCO_COUNT = 4
WRK_LEARNERS = 50

_SETUP_SNIPPET = """
import json
from lms.accounts.models import User
from lms.player.models import Attempt, Package, PackageItem
from lms.player.tokens import attempt_token

package = Package.objects.create(status="ready", standard="scorm12", title="Bài giảng thử tải",
                                 original="player/originals/bench.zip", original_name="bench.zip")
items = [PackageItem.objects.create(package=package, sort_order=i, identifier=f"SCO-{i}",
                                    title=f"Bài {i}", href=f"bai{i}/index.html", is_sco=True,
                                    mastery_score=80)
         for i in range(1, %(scos)d + 1)]
def learners(prefix, count):
    users = User.objects.bulk_create([
        User(username=f"{prefix}{n:04d}", full_name=f"Học sinh {n}", password="!") for n in range(count)])
    return list(User.objects.filter(username__startswith=prefix).order_by("username"))
wrk_attempts = Attempt.objects.bulk_create([
    Attempt(learner=user, package=package, item=item) for user in learners("bench.wrk.", %(wrk)d) for item in items])
sim_users = learners("bench.sim.", %(sim)d)
sim_attempts = Attempt.objects.bulk_create([
    Attempt(learner=user, package=package, item=items[n %% len(items)]) for n, user in enumerate(sim_users)])
def target(attempt):
    return {"attempt": attempt.pk, "learner": str(attempt.learner_id),
            "token": attempt_token(attempt.pk, package, seconds=4 * 3600)}
print("TARGETS " + json.dumps({"wrk": [target(a) for a in wrk_attempts], "sim": [target(a) for a in sim_attempts]}))
"""

_STATE_SNIPPET = """
import json
from django.db import transaction
from lms.player.models import Attempt, AttemptSession
from lms.player.runtime import apply_commit

expected = json.load(open(%(path)r))

class Rollback(Exception):
    pass

def stored_form(attempt, body):
    # The snapshot as the server stores it: the body applied alone to a scratch attempt.
    try:
        with transaction.atomic():
            scratch = Attempt.objects.create(learner_id=attempt.learner_id, package_id=attempt.package_id,
                                             item_id=attempt.item_id, number=attempt.number + 1000)
            apply_commit(scratch, body, launch="verify")
            found = Attempt.objects.get(pk=scratch.pk).cmi
            raise Rollback
    except Rollback:
        return found

out = {}
for key, want in expected["sim"].items():
    attempt = Attempt.objects.get(pk=int(key))
    out[key] = {
        "sessions": list(attempt.sessions.values("launch", "last_sequence", "ended", "session_seconds")),
        "cmi_matches": want["body"] is not None and attempt.cmi == stored_form(attempt, want["body"]),
        "total_seconds": attempt.total_seconds,
        "interactions": attempt.interactions.count(),
    }
wrk = AttemptSession.objects.filter(launch__startswith="wrk")
print("STATE " + json.dumps({"sim": out, "wrk_sessions": wrk.count(),
                             "wrk_applied": sum(wrk.values_list("last_sequence", flat=True))}))
"""


def _snippet_output(out: str, marker: str):
    return json.loads(out.split(marker + " ", 1)[1].splitlines()[0])


# --- commit: wrk -----------------------------------------------------------------------------------


def _lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def commit_script(targets: list[dict], host: str, phase: int) -> str:
    """wrk_report.lua + the targets of this phase (a launch id of its own per attempt) +
    wrk_commit.lua."""
    rows = ",\n".join(
        f"  {{path = {_lua_string(commit_path(t['token'], f'wrk{phase:03d}x{i:04d}'))}, "
        f"learner = {_lua_string(t['learner'])}}}"
        for i, t in enumerate(targets)
    )
    return (REPORT_SCRIPT.read_text() + "\n-- Added by bench/player.py\n"
            f"commit_host = {_lua_string(host)}\ncommit_targets = {{\n{rows}\n}}\n"
            + (BENCH_DIR / "wrk_commit.lua").read_text())


def commit_path(token: str, launch: str, final: bool = False) -> str:
    return f"/content/api/{token}/{launch}/commit" + ("?final=true" if final else "")


def _post_once(server: Server, path: str, body: dict) -> tuple[int, bytes]:
    import http.client

    conn = http.client.HTTPConnection(server.host, server.port, timeout=30)
    try:
        conn.request("POST", path, body=json.dumps(body).encode(), headers={
            "Host": f"localhost:{server.port}", "Content-Type": "application/json;charset=UTF-8"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def commit_vs_trivial(server: Server, wrk: str, targets: list[dict], extra_pids) -> tuple[list, int, int]:
    """(lines, errors, commits answered 200) of the commit endpoint beside /healthz."""
    seconds = env_int("BENCH_SECONDS", 5)
    warmup = env_int("BENCH_WARMUP_SECONDS", 2)
    rounds = env_int("BENCH_ROUNDS", 2)
    concurrency = env_int("BENCH_CONCURRENCY", 4)
    base = f"http://{server.host}:{server.port}"
    content_host = f"localhost:{server.port}"
    # Sanity: a commit (its own launch, so wrk's sequences start afresh) and /healthz.
    check = _sim_body(targets[0]["learner"], 1, _Snapshot(step=1, elapsed=5.0))
    status, answer = _post_once(server, commit_path(targets[0]["token"], "check"), check)
    if status != 200 or json.loads(answer) != OK_ANSWER:
        log(f"Sanity check failed: commit answered {status} {answer[:200]!r}")
        return [], 1, 0
    phases = {"trivial": 0, "commit": 0}
    results: dict[str, list[WrkResult]] = {"trivial": [], "commit": []}
    other: list[float] = []
    committed = 0

    def phase(name: str, secs: int) -> WrkResult:
        nonlocal committed
        phases[name] += 1
        if name == "trivial":
            url, script = base + "/healthz", REPORT_SCRIPT.read_text()
        else:
            url, script = base + "/", commit_script(targets, content_host, phases[name])
        with ForeignCpu(os.getpid(), server.pid, *extra_pids) as foreign:
            result = run_script(wrk, url, secs, concurrency, script)
        other.append(foreign.share)
        if name == "commit":
            committed += result.ok
        log(f"  pg_{name:<8} {result.rps:8.1f} req/s  {result.ok:6d} ok  {result.errors} errors"
            f"  p50 {result.p50_ms:7.2f} ms  p95 {result.p95_ms:7.2f} ms"
            f"  other processes {foreign.share:4.0%} of the machine")
        return result

    log(f"Warm-up, {warmup} s per scenario, {concurrency} connections")
    errors = sum(phase(name, warmup).errors for name in results)
    other.clear()
    log(f"Measure, {rounds} rounds of {seconds} s per scenario")
    order = list(results)
    for i in range(rounds):
        for name in order if i % 2 == 0 else reversed(order):
            results[name].append(phase(name, seconds))
    errors += sum(r.errors for measured in results.values() for r in measured)

    def mean(name, attr):
        return statistics.fmean(getattr(r, attr) for r in results[name])

    trivial_rps = statistics.fmean(r.rps for r in results["trivial"])
    commit_rps = statistics.fmean(r.rps for r in results["commit"])
    lines = [
        ("pg_trivial_rps", f"{trivial_rps:.1f}"),
        ("pg_commit_rps", f"{commit_rps:.1f}"),
        ("pg_commit_vs_trivial_ratio", f"{commit_rps / trivial_rps:.3f}"),
        ("pg_trivial_p50_ms", f"{mean('trivial', 'p50_ms'):.2f}"),
        ("pg_trivial_p95_ms", f"{mean('trivial', 'p95_ms'):.2f}"),
        ("pg_commit_p50_ms", f"{mean('commit', 'p50_ms'):.2f}"),
        ("pg_commit_p95_ms", f"{mean('commit', 'p95_ms'):.2f}"),
        ("pg_commit_errors", str(errors)),
        ("pg_commit_other_cpu_pct", f"{100 * statistics.fmean(other):.0f}"),
    ]
    if max(other) > 0.10:
        log(f"WARNING: other processes took up to {max(other):.0%} of the machine during the measure")
    return lines, errors, committed


# --- learners -----------------------------------------------------------------------------------


@dataclass
class _Snapshot:
    step: int  # how many times the learner has saved
    elapsed: float  # seconds since the SCO started


def _timespan_12(seconds: float) -> str:
    centi = round(seconds * 100)
    hours, rest = divmod(centi, 360000)
    minutes, rest = divmod(rest, 6000)
    whole, fraction = divmod(rest, 100)
    return f"{hours:04d}:{minutes:02d}:{whole:02d}.{fraction:02d}"


def _sim_body(learner: str, sequence: int, snap: _Snapshot, final: bool = False) -> dict:
    """The learner's whole data model as scorm-again 3.4.3 sends it (SCORM 1.2, json),
    growing with `snap.step`: location, suspend_data, answered questions, score, time."""
    answered = min(snap.step // 3, 12)
    interactions = {
        str(n): {"id": f"Slide{n + 2}_Q{n + 1}", "time": f"10:{n:02d}:00", "type": "choice", "weighting": "1",
                 "student_response": "a" if n % 3 else "b", "result": "correct" if n % 3 else "wrong",
                 "latency": f"00:00:{10 + n:02d}.50", "objectives": {"0": {"id": f"obj-{n + 1}"}},
                 "correct_responses": {"0": {"pattern": "a"}}}
        for n in range(answered)
    }
    right = sum(1 for n in range(answered) if n % 3)
    suspend = "2f3a5b7c9d1e0f4a" * 40 + "".join(f"|s{n}:v" for n in range(snap.step * 12))
    cmi = {
        "suspend_data": suspend, "launch_data": "", "comments": "", "comments_from_lms": "",
        "core": {"student_id": learner, "student_name": "Học sinh", "lesson_location": f"slide-{snap.step + 1}",
                 "credit": "credit", "lesson_status": "completed" if final else "incomplete",
                 "entry": "ab-initio", "lesson_mode": "normal", "exit": "" if final else "suspend",
                 "session_time": _timespan_12(snap.elapsed),
                 "score": {"raw": str(round(100 * right / answered)) if answered else "", "min": "0", "max": "100"}},
        "objectives": {}, "student_data": {"mastery_score": "80", "max_time_allowed": "", "time_limit_action": ""},
        "student_preference": {"audio": "", "language": "", "speed": "", "text": ""},
        "interactions": interactions,
    }
    body = {"cmi": cmi, "commitSequence": sequence}
    if final:
        body["final"] = True
    return body


@dataclass
class Learner:
    attempt: int
    learner: str
    token: str
    launch: str
    sent: int = 0
    acked: int = 0
    cut_body: int = 0
    cut_answer: int = 0
    failed: int = 0  # not cut on purpose, yet no acknowledgement
    final_acked: bool = False
    acked_sequences: list[int] = field(default_factory=list)
    last_acked_body: dict | None = None
    last_acked_seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)


async def _send(host: str, port: int, content_host: str, path: str, body: bytes, cut: str,
                rng: random.Random) -> tuple[int | None, bytes]:
    """POST `body`; (status, answer), or (None, b"") when cut on purpose ("body": closed
    after part of the body; "answer": closed once sent, the answer never read)."""
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), 30)
    try:
        head = (f"POST {path} HTTP/1.1\r\nHost: {content_host}\r\nContent-Type: application/json;charset=UTF-8\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
        if cut == "body":
            writer.write(head + body[: int(len(body) * rng.uniform(0.2, 0.8))])
            await writer.drain()
            return None, b""
        writer.write(head + body)
        await writer.drain()
        if cut == "answer":
            return None, b""
        raw = await asyncio.wait_for(reader.read(), 60)
    finally:
        writer.close()
        try:
            await writer.wait_closed()
        except OSError:
            pass
    head_bytes, _sep, answer = raw.partition(b"\r\n\r\n")
    status = int(head_bytes.split(b" ", 2)[1]) if head_bytes.startswith(b"HTTP/") else None
    return status, answer


async def _learner(state: Learner, server: Server, started: float, seconds: float, cut_share: float,
                   seed: int) -> None:
    loop = asyncio.get_running_loop()
    rng = random.Random(seed)
    content_host = f"localhost:{server.port}"
    sequence = 0
    begun = None

    async def commit(snap: _Snapshot, final: bool) -> bool:
        nonlocal sequence
        sequence += 1
        body = _sim_body(state.learner, sequence, snap, final)
        data = json.dumps(body, ensure_ascii=False).encode()
        roll = rng.random()
        cut = "body" if roll < cut_share / 2 else "answer" if roll < cut_share else ""
        state.sent += 1
        t0 = loop.time()
        try:
            status, answer = await _send(server.host, server.port, content_host,
                                         commit_path(state.token, state.launch, final), data, cut, rng)
        except (OSError, asyncio.TimeoutError, ValueError, IndexError):
            state.failed += 1
            return False
        if cut:
            if cut == "body":
                state.cut_body += 1
            else:
                state.cut_answer += 1
            return False
        try:
            ok = status == 200 and json.loads(answer) == OK_ANSWER
        except ValueError:
            ok = False
        if not ok:
            state.failed += 1
            return False
        state.acked += 1
        state.acked_sequences.append(sequence)
        state.last_acked_body = body
        state.last_acked_seconds = snap.elapsed
        state.latencies_ms.append((loop.time() - t0) * 1000)
        return True

    await asyncio.sleep(rng.uniform(0, 5))
    begun = loop.time()
    step = 0
    while loop.time() - started < seconds:
        step += 1
        await commit(_Snapshot(step, loop.time() - begun), final=False)  # lost or not, the next one carries it all
        await asyncio.sleep(rng.uniform(2, 5))
    snap = _Snapshot(step + 1, loop.time() - begun)
    for _try in range(30):  # the terminate commit, until acknowledged
        if await commit(snap, final=True):
            state.final_acked = True
            return
        await asyncio.sleep(rng.uniform(0.5, 1.5))


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def learners_run(server: Server, env: dict[str, str], targets: list[dict], extra_pids) -> tuple[list, int]:
    seconds = env_int("BENCH_LEARNERS_SECONDS", 60)
    cut_share = _env_float("BENCH_CUT_SHARE", 0.10)
    states = [Learner(t["attempt"], t["learner"], t["token"], f"{random.Random(i).getrandbits(128):032x}")
              for i, t in enumerate(targets)]
    log(f"=== {len(states)} learners committing for {seconds} s, {cut_share:.0%} of requests cut")

    async def main() -> None:
        started = asyncio.get_running_loop().time()
        await asyncio.gather(*(_learner(s, server, started, seconds, cut_share, 1000 + i)
                               for i, s in enumerate(states)))

    wall0 = time.monotonic()
    with ForeignCpu(os.getpid(), server.pid, *extra_pids) as foreign:
        asyncio.run(main())
    log(f"  done in {time.monotonic() - wall0:.0f} s; other processes {foreign.share:.0%} of the machine")

    # What the database holds.
    with tempfile.NamedTemporaryFile("w", suffix=".json", prefix="lms-bench-expected-") as file:
        json.dump({"sim": {str(s.attempt): {"body": s.last_acked_body} for s in states}}, file)
        file.flush()
        state = _snippet_output(manage(env, "shell", "-c", _STATE_SNIPPET % {"path": file.name}), "STATE")
    stored = lost = 0
    problems: list[str] = []
    for s in states:
        found = state["sim"][str(s.attempt)]
        sessions = [row for row in found["sessions"] if row["launch"] == s.launch]
        session = sessions[0] if sessions else {"last_sequence": 0, "ended": False, "session_seconds": 0.0}
        last_acked = s.acked_sequences[-1] if s.acked_sequences else 0
        held = session["last_sequence"]
        same = (held == last_acked and found["cmi_matches"] and len(found["sessions"]) == len(sessions) == 1
                and session["ended"] and abs(found["total_seconds"] - s.last_acked_seconds) < 0.011
                and found["interactions"] == len(s.last_acked_body["cmi"]["interactions"]))
        if same:
            stored += 1
            continue
        # Lost: acknowledged commits later than what is held; or the last one's data differ.
        missing = sum(1 for seq in s.acked_sequences if seq > held)
        if missing == 0 and held == last_acked and not found["cmi_matches"]:
            missing = 1
        lost += missing
        problems.append(f"attempt {s.attempt}: acked up to {last_acked}, held {held}, cmi "
                        f"{'same' if found['cmi_matches'] else 'different'}, sessions {found['sessions']}, "
                        f"time {found['total_seconds']} vs {s.last_acked_seconds:.2f}, "
                        f"interactions {found['interactions']}")
    for problem in problems[:10]:
        log("  NOT STORED " + problem)
    latencies = [ms for s in states for ms in s.latencies_ms]
    total = {name: sum(getattr(s, name) for s in states)
             for name in ("sent", "acked", "cut_body", "cut_answer", "failed")}
    finals = sum(s.final_acked for s in states)
    lines = [
        ("learners", str(len(states))),
        ("learners_seconds", str(seconds)),
        ("learners_commits_sent", str(total["sent"])),
        ("learners_commits_acked", str(total["acked"])),
        ("learners_commits_cut_mid_body", str(total["cut_body"])),
        ("learners_commits_cut_before_answer", str(total["cut_answer"])),
        ("learners_commits_failed_otherwise", str(total["failed"])),
        ("learners_final_commits_acked", str(finals)),
        ("learners_stored", str(stored)),
        ("learners_commits_lost", str(lost)),
        ("learners_commit_p50_ms", f"{_percentile(latencies, 0.50):.1f}"),
        ("learners_commit_p95_ms", f"{_percentile(latencies, 0.95):.1f}"),
        ("learners_other_cpu_pct", f"{100 * foreign.share:.0f}"),
        ("wrk_commit_sessions", str(state["wrk_sessions"])),
        ("wrk_commits_applied", str(state["wrk_applied"])),
    ]
    errors = total["failed"] + lost + (len(states) - stored) + (len(states) - finals)
    return lines, errors


# --- the benchmark -----------------------------------------------------------------------------------


def player(wrk: str) -> tuple[list[tuple[str, str]], int]:
    parts = {p.strip() for p in (os.environ.get("BENCH_PLAYER_PARTS") or "ingest,commit,learners").split(",")}
    unknown = parts - {"ingest", "commit", "learners", ""}
    if unknown:
        raise SystemExit(f"BENCH_PLAYER_PARTS: unknown {', '.join(sorted(unknown))}")
    lines: list[tuple[str, str]] = []
    errors = 0
    if "ingest" in parts:
        more, failed = ingest()
        lines += more
        errors += failed
    if not parts & {"commit", "learners"}:
        return lines, errors
    sim_count = env_int("BENCH_LEARNERS", 200)
    targets: dict = {}

    def setup(env: dict[str, str]) -> None:
        out = manage(env, "shell", "-c", _SETUP_SNIPPET % {"scos": SCO_COUNT, "wrk": WRK_LEARNERS, "sim": sim_count})
        targets.update(_snippet_output(out, "TARGETS"))
        targets["env"] = env

    log("=== player commits on PostgreSQL")
    with postgres_cluster() as cluster:
        with throwaway_server(workers=2, database_url=cluster.database_url, setup=setup) as server:
            committed = 0
            if "commit" in parts:
                more, failed, committed = commit_vs_trivial(server, wrk, targets["wrk"], [cluster.pid])
                lines += more
                errors += failed
            if "learners" in parts:
                more, failed = learners_run(server, targets["env"], targets["sim"], [cluster.pid])
                lines += more
                errors += failed
                lines.append(("wrk_commits_answered_200", str(committed)))
            if errors:
                log("--- server log (last lines) ---\n" + server.log_tail())
    return lines, errors


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--peak-rss":
        sys.exit(_peak_rss_main(sys.argv[2:]))
    sys.exit("bench/player.py is run by bench/run.py (BENCH_ONLY=player); --peak-rss CMD… measures a command")
