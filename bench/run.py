"""Benchmarks of the platform: `make bench` (= .venv/bin/python bench/run.py).

Prints `name: value` lines on stdout, progress on stderr; exits 1 if any request
failed (not a 200). Record the figures with date and machine in bench/RESULTS.md.

home_vs_trivial — the Wagtail home page `/` for an anonymous visitor against the
trivial view `/healthz`, both from the same gunicorn (2 sync workers, DEBUG=0) over a
throwaway SQLite database seeded with the demo district. wrk drives the load. Each URL
is warmed up, then measured in alternating phases (home, trivial, trivial, home, ...)
so that drift of the machine falls on both alike. rps is the mean over the phases of a
URL, a percentile the mean of its phases' percentiles.

catalogue — then the catalogue /hoc-lieu/ over 100,000 synthetic resources: search and
faceted browse against /healthz, on SQLite and on PostgreSQL (see bench/catalogue.py).

Environment: BENCH_SECONDS (whole seconds per measured phase, default 5),
BENCH_WARMUP_SECONDS (default 2), BENCH_ROUNDS (home+trivial pairs, default 2),
BENCH_CONCURRENCY (requests in flight, default 4: two per worker, so that no worker
waits for the client; latency therefore includes about one request of queueing),
BENCH_RESOURCES (catalogue size, default 100000), BENCH_DATABASES (default
"sqlite,postgresql"), BENCH_ONLY (one benchmark: home_vs_trivial, catalogue, player,
exam_docx or questions_import).

player — the e-learning player: ingest of a generated 500 MB package beside `unzip -q`
(time, peak memory), the SCORM commit endpoint beside /healthz on PostgreSQL, and 200
simulated learners committing with dropped connections (see bench/player.py).

exam_docx — printed exams: 40 variants × 50 questions of mixed kinds with LaTeX to Word,
papers and answer key, in a child process (time cold and warm, peak memory; see
bench/exam_docx.py). Needs no server.

questions_import — importing 10,000 questions from GIFT and from Word: the reading the
teacher waits for before the preview, and the whole `manage.py import_questions` run,
time and peak memory, on SQLite and PostgreSQL (see bench/questions_import.py). Needs
no server.
"""

from __future__ import annotations

import http.client
import os
import sys

from catalogue import catalogue
from exam_docx import exam_docx
from harness import Server, log, throwaway_server
from phases import Scenario, measure
from player import player
from questions_import import questions_import
from wrk import ensure_wrk

URLS = {"home_page": "/", "trivial_view": "/healthz"}


def check_once(server: Server) -> list[str]:
    """Each URL answers 200 with what it should, before any load."""
    problems = []
    for name, path in URLS.items():
        conn = http.client.HTTPConnection(server.host, server.port, timeout=30)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read()
        finally:
            conn.close()
        kind = response.getheader("Content-Type", "")
        log(f"  GET {path}: {response.status}, {kind}, {len(body)} bytes")
        if response.status != 200:
            problems.append(f"{path}: HTTP {response.status}")
        elif name == "home_page" and not (kind.startswith("text/html") and b"<html" in body):
            problems.append(f"{path}: not an HTML page ({kind})")
        elif name == "trivial_view" and body != b"ok":
            problems.append(f"{path}: body {body[:40]!r}, expected b'ok'")
    return problems


def home_vs_trivial(server: Server, wrk: str) -> tuple[list[tuple[str, str]], int]:
    problems = check_once(server)
    if problems:
        log("Sanity check failed: " + "; ".join(problems))
        return [], len(problems)

    measured = measure(server, wrk, {name: Scenario([path]) for name, path in URLS.items()})
    lines = [
        ("home_page_rps", f"{measured.rps('home_page'):.1f}"),
        ("trivial_view_rps", f"{measured.rps('trivial_view'):.1f}"),
        ("home_vs_trivial_ratio", f"{measured.ratio('home_page', 'trivial_view'):.3f}"),
    ]
    for name in URLS:
        lines.append((f"{name}_p50_ms", f"{measured.p50_ms(name):.2f}"))
        lines.append((f"{name}_p95_ms", f"{measured.p95_ms(name):.2f}"))
    for name in URLS:
        lines.append((f"{name}_errors", str(measured.errors[name])))
    # CPU that processes outside the benchmark took: above a few % the figures are low.
    lines.append(("other_cpu_pct", measured.other_cpu_pct))
    return lines, sum(measured.errors.values())


def main() -> int:
    log(f"{os.cpu_count()} CPUs; Python {sys.version.split()[0]}")
    only = os.environ.get("BENCH_ONLY") or ""
    if only not in ("", "home_vs_trivial", "catalogue", "player", "exam_docx", "questions_import"):
        raise SystemExit("BENCH_ONLY must be home_vs_trivial, catalogue, player, exam_docx or questions_import")
    wrk = ensure_wrk() if only not in ("exam_docx", "questions_import") else ""
    errors = 0
    if only in ("", "home_vs_trivial"):
        with throwaway_server(workers=2) as server:
            lines, errors = home_vs_trivial(server, wrk)
            if errors:
                log("--- server log (last lines) ---\n" + server.log_tail())
        for name, value in lines:
            print(f"{name}: {value}", flush=True)
    if only in ("", "catalogue"):
        lines, failed = catalogue(wrk)
        for name, value in lines:
            print(f"{name}: {value}", flush=True)
        errors += failed
    if only in ("", "player"):
        lines, failed = player(wrk)
        for name, value in lines:
            print(f"{name}: {value}", flush=True)
        errors += failed
    if only in ("", "exam_docx"):
        lines, failed = exam_docx()
        for name, value in lines:
            print(f"{name}: {value}", flush=True)
        errors += failed
    if only in ("", "questions_import"):
        lines, failed = questions_import()
        for name, value in lines:
            print(f"{name}: {value}", flush=True)
        errors += failed
    if errors:
        log(f"FAILED: {errors} request(s) or run(s) failed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
