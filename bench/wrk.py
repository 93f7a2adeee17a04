"""Load from wrk (C, epoll): cheap enough that the server, not the client, is measured.

On 2 cores a Python client took ~0.6 core to drive /healthz and capped it at about
half of what wrk reaches, so the benchmarks use wrk (Debian package `wrk`).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPORT_SCRIPT = BENCH_DIR / "wrk_report.lua"
APT_ENSURE = BENCH_DIR.parent / "tests" / "tools" / "apt-ensure.sh"


@dataclass
class WrkResult:
    ok: int  # 200 responses
    seconds: float
    errors: int  # not a 200, or a connect/read/write error or timeout
    p50_ms: float
    p95_ms: float

    @property
    def rps(self) -> float:
        """Successful requests per second."""
        return self.ok / self.seconds if self.seconds else 0.0


def ensure_wrk() -> str:
    """Path of wrk, installing the Debian package when root (as `make` does for others)."""
    if not shutil.which("wrk"):
        subprocess.run([str(APT_ENSURE), "wrk=wrk"], stdout=sys.stderr)
    path = shutil.which("wrk")
    if not path:
        raise SystemExit("bench needs wrk: apt-get install wrk (or run as root)")
    return path


def _lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def rotating_script(paths: list[str], headers: dict[str, str] | None = None) -> str:
    """The report script plus a request() that takes `paths` in turn, with `headers`."""
    table = ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in (headers or {}).items())
    return REPORT_SCRIPT.read_text() + (
        "\n-- Added by bench/wrk.py: each request takes the next path in turn.\n"
        f"local paths = {{{', '.join(_lua_string(p) for p in paths)}}}\n"
        f"local headers = {{{table}}}\n"
        "local next_path = 0\n"
        "function request()\n"
        "  next_path = next_path % #paths + 1\n"
        '  return wrk.format("GET", paths[next_path], headers)\n'
        "end\n"
    )


def run_wrk(wrk: str, url: str, seconds: int, connections: int, paths: list[str] | None = None,
            headers: dict[str, str] | None = None) -> WrkResult:
    """One wrk thread keeping `connections` requests in flight for `seconds`.

    With `paths`, requests go to each path of the server of `url` in turn, with `headers`.
    """
    if paths:
        return run_script(wrk, url, seconds, connections, rotating_script(paths, headers))
    return _run(wrk, url, seconds, connections, REPORT_SCRIPT)


def run_script(wrk: str, url: str, seconds: int, connections: int, script: str) -> WrkResult:
    """As run_wrk, with a Lua script of one's own (it must report as REPORT_SCRIPT does)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", prefix="wrk-") as file:
        file.write(script)
        file.flush()
        return _run(wrk, url, seconds, connections, file.name)


def _run(wrk: str, url: str, seconds: int, connections: int, script) -> WrkResult:
    done = subprocess.run(
        [
            wrk, "--threads", "1", "--connections", str(connections),
            "--duration", f"{seconds}s", "--timeout", "10s", "--script", str(script), url,
        ],
        capture_output=True, text=True,
    )
    match = re.search(r"^WRK_RESULT (.*)$", done.stdout, re.MULTILINE)
    if done.returncode != 0 or not match:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stdout}{done.stderr}")
    n = {key: int(value) for key, value in (f.split("=") for f in match.group(1).split())}
    return WrkResult(
        ok=n["requests"] - n["not_200"],  # wrk counts every response it read
        seconds=n["duration_us"] / 1e6,
        errors=n["not_200"] + n["connect"] + n["read"] + n["write"] + n["timeout"],
        p50_ms=n["p50_us"] / 1000,
        p95_ms=n["p95_us"] / 1000,
    )
