"""catalogue — the public catalogue /hoc-lieu/ over many resources, beside /healthz.

For each database (SQLite in the throwaway var dir, then PostgreSQL in a throwaway
cluster: tests/tools/with_postgres.py), a fresh platform is migrated, seeded with the
demo district, filled with BENCH_RESOURCES synthetic published resources
(`manage.py make_synthetic_resources`, default 100,000) and served by gunicorn (2 sync
workers), as for home_vs_trivial. wrk then drives seven scenarios in the same run, with
two requests in flight (one per worker; BENCH_CONCURRENCY overrides it):

- trivial: GET /healthz;
- search: GET /hoc-lieu/?q=... taking SEARCH_QUERIES in turn (typed without accents,
  as most visitors do; the catalogue folds accents anyway), each request made afresh:
  it carries `Cache-Control: no-cache`, which skips the visitors' page cache
  (lms/core/page_cache.py), so this is the database and the template every time;
- browse: GET /hoc-lieu/?level=..&subject=..&grade=.. taking BROWSE_COMBOS valid
  combinations (a subject taught at the grade's level) in turn, made afresh likewise;
- search_teacher, browse_teacher: the same requests made afresh by a logged-in teacher
  (TEACHER, whose session cookie comes from logging in through the login form once
  before the load): what teachers always get, as the cache is for visitors only; they
  also see the district's internal resources and the header's counts;
- search_cached, browse_cached: the same requests as a visitor sends them, served from
  the page cache after the first of each (the default per-process memory cache, so
  once per gunicorn worker).

Each is warmed up, then measured in alternating phases; rps is the mean over a
scenario's phases, a percentile the mean of its phases' percentiles. Lines are prefixed
`sqlite_` or `pg_`. Before the load, each search path is fetched a few times on its own
and its median time and result count go to stderr: which queries are the slow ones.

Environment (besides run.py's BENCH_SECONDS, BENCH_WARMUP_SECONDS, BENCH_ROUNDS,
BENCH_CONCURRENCY): BENCH_RESOURCES (default 100000), BENCH_DATABASES (default
"sqlite,postgresql").
"""

from __future__ import annotations

import http.client
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from harness import Server, log, manage, throwaway_server
from phases import Scenario, env_int, measure

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "tools"))
from with_postgres import postgres_cluster  # noqa: E402

# What visitors type, folded. From narrow ("thanh giong") to broad ("toan", "phan so":
# Vietnamese syllables are short words that occur everywhere, so AND of two of them
# still matches a large share of the catalogue).
SEARCH_QUERIES = [
    "phan so",
    "khi hau viet nam",
    "ke hoach bai day toan 6",
    "de kiem tra giua hoc ky 1",
    "quang hop",
    "thanh giong",
    "lap trinh python",
    "dinh li pythagore",
    "toan",
    "so do tu duy",
]
BROWSE_COMBOS = 8
WORKERS = 2  # gunicorn's sync workers, and the requests wrk keeps in flight
TEACHER = ("giaovien.toan", "demo12345")  # a demo teacher (seed_demo)
DATABASES = {"sqlite": "sqlite", "postgresql": "pg"}  # BENCH_DATABASES name -> line prefix

# Run inside the platform (manage.py shell): valid level/subject/grade filters.
_COMBOS_SNIPPET = """
import json, random
from repository.models import Grade, Subject
combos = [
    (g.level_id, s.pk, g.pk)
    for g in Grade.objects.order_by("sort_order", "pk")
    for s in Subject.objects.filter(levels=g.level_id).order_by("sort_order", "pk")
]
print("COMBOS " + json.dumps(random.Random(1).sample(combos, min(%d, len(combos)))))
"""


def search_paths() -> list[str]:
    return ["/hoc-lieu/?" + urlencode({"q": q}) for q in SEARCH_QUERIES]


def _get(server: Server, path: str, headers=None) -> tuple[int, str, bytes, float]:
    conn = http.client.HTTPConnection(server.host, server.port, timeout=120)
    try:
        started = time.perf_counter()
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        body = response.read()
        elapsed = time.perf_counter() - started
    finally:
        conn.close()
    return response.status, response.getheader("Content-Type", ""), body, elapsed


_RESULT_COUNT = re.compile(rb'<h2 id="results-h">\s*([\d.,\s]+)')


FRESH = {"Cache-Control": "no-cache"}
_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _cookies(response) -> dict[str, str]:
    found = {}
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            pair = value.split(";", 1)[0]
            key, _, val = pair.partition("=")
            found[key.strip()] = val.strip()
    return found


def log_in(server: Server, username: str, password: str) -> str:
    """Log in through the login form, as a browser does; the Cookie header of the session."""
    conn = http.client.HTTPConnection(server.host, server.port, timeout=60)
    try:
        conn.request("GET", "/accounts/login/")
        response = conn.getresponse()
        form = response.read().decode()
        cookies = _cookies(response)
        token = _CSRF_INPUT.search(form)
        if response.status != 200 or token is None or not cookies:
            raise RuntimeError(f"login form: HTTP {response.status}, no CSRF token")
        body = urlencode({"csrfmiddlewaretoken": token.group(1), "username": username, "password": password})
        conn.request("POST", "/accounts/login/", body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
            "Referer": f"http://{server.host}:{server.port}/accounts/login/",
        })
        response = conn.getresponse()
        response.read()
        cookies.update(_cookies(response))
    finally:
        conn.close()
    if response.status != 302 or not any("session" in k and v for k, v in cookies.items()):
        raise RuntimeError(f"logging in as {username}: HTTP {response.status}, no session cookie")
    return "; ".join(f"{k}={v}" for k, v in cookies.items() if v)


def check_and_probe(server: Server, scenarios: dict[str, list[str]], headers: dict[str, dict],
                    repeat: int = 3) -> list[str]:
    """Every path answers 200 with a catalogue page; log each one's time (made afresh)
    and result count."""
    problems = []
    for name, paths in scenarios.items():
        if name.endswith("_cached"):
            continue  # the same paths as the fresh scenario
        for path in paths:
            times = []
            for _ in range(repeat if name != "trivial" else 1):
                status, kind, body, elapsed = _get(server, path, headers.get(name) or FRESH)
                times.append(elapsed * 1000)
                if status != 200:
                    problems.append(f"{path}: HTTP {status}")
                    break
            if status != 200:
                continue
            if name == "trivial":
                if body != b"ok":
                    problems.append(f"{path}: body {body[:40]!r}, expected b'ok'")
                continue
            found = _RESULT_COUNT.search(body)
            if not kind.startswith("text/html") or found is None:
                problems.append(f"{path}: not a catalogue page ({kind})")
                continue
            count = re.sub(rb"\D", b"", found.group(1)).decode()
            if name.endswith("_teacher") and b'action="/accounts/logout/"' not in body:
                problems.append(f"{path}: not logged in")
            log(f"  {name:<14} {statistics.median(times):8.1f} ms (median of {len(times)} alone)"
                f"  {count:>6} results  {path}")
    return problems


def _measure(server: Server, wrk: str, prefix: str, scenarios: dict[str, list[str]], headers: dict[str, dict],
             extra_pids=()):
    """The scenarios under load, each with its headers (none: as a visitor's browser asks),
    with as many requests in flight as gunicorn has workers: every worker busy all the
    time (the throughput is the saturated one), and no request queued behind another,
    which would add a whole request's time to each latency without serving one more."""
    measured = measure(
        server, wrk,
        {name: Scenario(paths, headers.get(name)) for name, paths in scenarios.items()},
        label=f"{prefix}_", extra_pids=extra_pids, concurrency=WORKERS,
    )
    lines = []
    for name in scenarios:
        lines.append((f"{prefix}_{name}_rps", f"{measured.rps(name):.1f}"))
        lines.append((f"{prefix}_{name}_p50_ms", f"{measured.p50_ms(name):.2f}"))
        lines.append((f"{prefix}_{name}_p95_ms", f"{measured.p95_ms(name):.2f}"))
    for name in scenarios:
        if name != "trivial":
            lines.append((f"{prefix}_{name}_vs_trivial_ratio", f"{measured.ratio(name, 'trivial'):.3f}"))
    lines.append((f"{prefix}_errors", str(sum(measured.errors.values()))))
    lines.append((f"{prefix}_other_cpu_pct", measured.other_cpu_pct))
    return lines, sum(measured.errors.values())


def one_database(wrk: str, name: str, cluster=None) -> tuple[list[tuple[str, str]], int]:
    """The scenarios on one database: SQLite, or the PostgreSQL `cluster` given."""
    prefix = DATABASES[name]
    count = env_int("BENCH_RESOURCES", 100_000)
    browse: list[str] = []
    seeded: dict[str, float] = {}

    def setup(env: dict[str, str]) -> None:
        started = time.monotonic()
        manage(env, "make_synthetic_resources", "--count", str(count), show_progress=True)
        seeded["seconds"] = time.monotonic() - started
        out = manage(env, "shell", "-c", _COMBOS_SNIPPET % BROWSE_COMBOS)
        combos = json.loads(out.split("COMBOS ", 1)[1].splitlines()[0])
        browse.extend(
            "/hoc-lieu/?" + urlencode({"level": level, "subject": subject, "grade": grade})
            for level, subject, grade in combos
        )

    log(f"=== catalogue on {name}: {count} synthetic resources")
    database_url = cluster.database_url if cluster else None
    with throwaway_server(workers=WORKERS, database_url=database_url, setup=setup) as server:
        scenarios = {"trivial": ["/healthz"], "search": search_paths(), "browse": browse,
                     "search_teacher": search_paths(), "browse_teacher": browse,
                     "search_cached": search_paths(), "browse_cached": browse}
        teacher = {**FRESH, "Cookie": log_in(server, *TEACHER)}
        headers = {"search": FRESH, "browse": FRESH, "search_teacher": teacher, "browse_teacher": teacher}
        problems = check_and_probe(server, scenarios, headers)
        if problems:
            log("Sanity check failed: " + "; ".join(problems))
            log("--- server log (last lines) ---\n" + server.log_tail())
            return [], len(problems)
        # The database server's CPU is the benchmark's own, not "other processes".
        lines, errors = _measure(server, wrk, prefix, scenarios, headers,
                                 extra_pids=[cluster.pid] if cluster else [])
        if errors:
            log("--- server log (last lines) ---\n" + server.log_tail())
    lines.insert(0, (f"{prefix}_make_resources_s", f"{seeded['seconds']:.0f}"))
    return lines, errors


def catalogue(wrk: str) -> tuple[list[tuple[str, str]], int]:
    asked = os.environ.get("BENCH_DATABASES") or ",".join(DATABASES)
    wanted = [d.strip() for d in asked.split(",") if d.strip()]
    unknown = set(wanted) - set(DATABASES)
    if unknown:
        raise SystemExit(f"BENCH_DATABASES: unknown {', '.join(sorted(unknown))}; known: {', '.join(DATABASES)}")
    lines = [("catalogue_resources", str(env_int("BENCH_RESOURCES", 100_000)))]
    errors = 0
    for name in wanted:
        if name == "postgresql":
            with postgres_cluster() as cluster:
                more, failed = one_database(wrk, name, cluster)
        else:
            more, failed = one_database(wrk, name, None)
        lines += more
        errors += failed
    return lines, errors
