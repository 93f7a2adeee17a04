"""Real services for the tests that need them: Redis, a Celery worker, an S3 server.

Each service is a context manager: it starts the process on a free port, waits (bounded)
until it answers, yields, and stops the process however the block ends. Under
pytest-xdist every worker starts its own. `django_env()` and `django_shell()` run the
project's real settings in a subprocess, configured only through environment variables.
"""

import contextlib
import ctypes
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the virtualenv the tests run in
MANAGE = ROOT / "manage.py"

# Variables that must not leak from the caller's shell or from conftest.py (which sets
# DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; `check --deploy` rightly rejects it).
_LEAKY = {"DJANGO_ENV", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "LMS_VAR_DIR",
          "MEDIA_ROOT", "STATIC_ROOT", "DJANGO_ALLOW_ASYNC_UNSAFE"}
_LEAKY_PREFIXES = ("CELERY_", "AWS_", "SECURE_")

# Local HTTP (urllib) must never go through a proxy configured in the environment.
http = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout: float, what: str = "condition", interval: float = 0.05):
    """Poll `predicate` until it returns something truthy; return that, or time out."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not true after {timeout} s")
        time.sleep(interval)


# --- Django in a subprocess -------------------------------------------------------


def django_env(var_dir: Path, **overrides: str) -> dict:
    """The caller's environment, cleaned of settings variables, plus `overrides`."""
    env = {k: v for k, v in os.environ.items()
           if k not in _LEAKY and not k.startswith(_LEAKY_PREFIXES)}
    env.update(DJANGO_SETTINGS_MODULE="lms.settings", LMS_VAR_DIR=str(var_dir),
               PYTHONIOENCODING="utf-8", NO_PROXY="127.0.0.1,localhost")
    env.update(overrides)
    return env


def manage_py(*args: str, env: dict, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(MANAGE), *args], env=env, cwd=ROOT,
        capture_output=True, text=True, encoding="utf-8", timeout=timeout,
    )


def django_shell(code: str, env: dict, timeout: float = 60):
    """Run `code` in `manage.py shell -c`; it leaves its answer in `result` (JSON-able)."""
    code += "\nimport json as _json\nprint('RESULT ' + _json.dumps(result))\n"
    proc = manage_py("shell", "-c", code, env=env, timeout=timeout)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    if proc.returncode != 0 or not lines:
        raise AssertionError(
            f"manage.py shell failed (exit {proc.returncode})\n"
            f"--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"
        )
    return json.loads(lines[-1].removeprefix("RESULT "))


# --- processes ----------------------------------------------------------------------


def _die_with_parent():
    """In the child: get SIGTERM if the test process dies without cleaning up."""
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _tail(path: Path, lines: int = 40) -> str:
    text = path.read_text(errors="replace") if path.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


def stop(proc: subprocess.Popen, timeout: float = 10):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout)


@contextlib.contextmanager
def running(cmd: list, ready, log: Path, env: dict | None = None, timeout: float = 30):
    """Run `cmd` (output to `log`) until the block ends; first wait for `ready()`.
    RuntimeError if the process exits before it is ready."""
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env,
                                cwd=ROOT, stdin=subprocess.DEVNULL,
                                preexec_fn=_die_with_parent)
    try:
        try:
            wait_until(lambda: proc.poll() is not None or ready(), timeout, cmd[0])
        except TimeoutError as exc:
            raise TimeoutError(f"{exc}; its log ends:\n{_tail(log)}") from None
        if proc.poll() is not None:
            raise RuntimeError(f"{cmd[0]} exited with {proc.returncode}:\n{_tail(log)}")
        yield proc
    finally:
        stop(proc)


@contextlib.contextmanager
def _server_on_free_port(make_cmd, ready, workdir: Path, timeout: float, attempts=3):
    """Run `make_cmd(port)` on a free port until the block ends; yields the port.
    A port found free may be taken before the server binds it: then try another."""
    with contextlib.ExitStack() as stack:
        for attempt in range(1, attempts + 1):
            port = free_port()
            cmd = make_cmd(port)
            log = workdir / f"{Path(cmd[0]).name}-{port}.log"
            try:
                stack.enter_context(running(cmd, lambda: ready(port), log, timeout=timeout))
                break
            except RuntimeError:
                if attempt == attempts:
                    raise
        yield port


# --- the services ---------------------------------------------------------------------


def _redis_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@contextlib.contextmanager
def redis_server(workdir: Path):
    """A throwaway Redis, nothing saved to disk. Yields its URL."""
    def cmd(port):
        return ["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", str(workdir)]

    with _server_on_free_port(cmd, _redis_answers, workdir, timeout=10) as port:
        yield f"redis://127.0.0.1:{port}/0"


@contextlib.contextmanager
def celery_worker(env: dict, workdir: Path):
    """The project's Celery worker on every queue, until the block ends. Yields the
    process (`.pid`) with `.log` set to the path of its log."""
    log = workdir / "celery-worker.log"
    cmd = [str(BIN / "celery"), "-A", "lms", "worker", "--pool=solo", "--concurrency=1",
           "-Q", "default,ingest,judging", "--without-heartbeat", "--without-gossip",
           "--without-mingle", "--loglevel=INFO"]
    ready = re.compile(rb"celery@\S+ ready\.")
    with running(cmd, lambda: ready.search(log.read_bytes()), log, env=env) as proc:
        proc.log = log
        yield proc


def _http_ok(url: str) -> bool:
    try:
        with http.open(url, timeout=1) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


@contextlib.contextmanager
def moto_server(workdir: Path):
    """A local S3-compatible server (moto). Yields its endpoint URL."""
    def cmd(port):
        return [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)]

    def answers(port):
        return _http_ok(f"http://127.0.0.1:{port}/")

    with _server_on_free_port(cmd, answers, workdir, timeout=30) as port:
        yield f"http://127.0.0.1:{port}"
