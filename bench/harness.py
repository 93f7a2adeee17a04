"""A throwaway platform for benchmarks: its own var dir, database and gunicorn.

`throwaway_server()` never touches the developer's var/ or configured services: it
drops every environment variable the settings read, points LMS_VAR_DIR at a temp dir,
migrates and seeds that database (the temp dir's SQLite, or the `database_url` given,
e.g. a throwaway PostgreSQL cluster), runs `setup(env)` if given (more data), serves it
with gunicorn on a free port of 127.0.0.1 and, whatever happens, stops gunicorn and
deletes the temp dir.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # not "localhost": that host name is the content origin

# Every variable lms/settings.py reads: a developer's DATABASE_URL, S3 bucket or broker
# must not leak into the benchmark (nor the benchmark into them).
SETTINGS_VARIABLES = """
    AWS_ACCESS_KEY_ID AWS_QUERYSTRING_AUTH AWS_S3_CUSTOM_DOMAIN AWS_S3_ENDPOINT_URL
    AWS_S3_REGION_NAME AWS_SECRET_ACCESS_KEY AWS_STORAGE_BUCKET_NAME AXES_COOLOFF_HOURS
    AXES_ENABLED AXES_FAILURE_LIMIT BASE_URL CACHE_URL CELERY_BROKER_URL CELERY_RESULT_BACKEND
    CONTENT_ORIGIN CSRF_TRUSTED_ORIGINS DATABASE_CONN_MAX_AGE DATABASE_URL DEBUG
    DEFAULT_FROM_EMAIL DJANGO_ENV DJANGO_SETTINGS_MODULE EMAIL_URL LMS_VAR_DIR LOG_LEVEL
    MEDIA_ROOT MEDIA_URL OPENSEARCH_INDEX_PREFIX OPENSEARCH_URL PEOPLE_IMPORT_MAX_BYTES
    PEOPLE_IMPORT_MAX_ROWS PUBLIC_PAGE_CACHE_SECONDS SECRET_KEY SECURE_HSTS_INCLUDE_SUBDOMAINS SECURE_HSTS_PRELOAD
    SECURE_HSTS_SECONDS SECURE_SSL_REDIRECT SITE_NAME STATIC_ROOT
""".split()


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    pid: int  # the gunicorn master
    log_path: Path  # gunicorn's and Django's output; deleted on exit

    def log_tail(self, lines: int = 30) -> str:
        return _tail(self.log_path, lines)


def _tail(path: Path, lines: int = 30) -> str:
    if not path.exists():
        return ""
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def bench_env(var_dir: Path, database_url: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    if database_url:
        env["DATABASE_URL"] = database_url
    env.update(
        DJANGO_SETTINGS_MODULE="lms.settings",
        LMS_VAR_DIR=str(var_dir),
        DEBUG="0",
        DJANGO_ENV="development",  # DEBUG off, but not the strict production defaults
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def manage(env: dict[str, str], *args: str, show_progress: bool = False) -> str:
    """Run a management command; its stdout. With show_progress, its stderr goes to ours."""
    log(f"  manage.py {' '.join(args)}")
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env=env, stdout=subprocess.PIPE,
        stderr=None if show_progress else subprocess.STDOUT, text=True,
    )
    if done.returncode != 0:
        log(done.stdout)
        raise RuntimeError(f"manage.py {' '.join(args)} failed ({done.returncode})")
    return done.stdout


def _listening_socket() -> socket.socket:
    """A socket already bound to a free port, handed to gunicorn: no port race."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((HOST, 0))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _wait_until_up(proc: subprocess.Popen, port: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode} while starting")
        conn = http.client.HTTPConnection(HOST, port, timeout=5)
        try:
            conn.request("GET", "/healthz")
            response = conn.getresponse()
            if response.status == 200 and response.read() == b"ok":
                return
        except OSError:
            pass
        finally:
            conn.close()
        time.sleep(0.2)
    raise RuntimeError(f"/healthz did not answer within {timeout:.0f} s")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)  # graceful: the master stops its workers
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # its own session: master and workers
        proc.wait()


@contextlib.contextmanager
def throwaway_server(workers: int = 2, database_url: str | None = None, setup=None):
    """Yield the Server of a seeded platform served by gunicorn.

    database_url: a database to use instead of the temp dir's SQLite (it must be empty
    and throwaway: it is migrated and filled). setup: called with the environment after
    migrate and seed_demo, before gunicorn starts.
    """
    # SIGTERM (a CI timeout, `kill`) must also stop gunicorn and remove the temp dir.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    var_dir = Path(tempfile.mkdtemp(prefix="lms-bench-"))
    proc = None
    sock = None
    gunicorn_log = var_dir / "gunicorn.log"
    try:
        env = bench_env(var_dir, database_url)
        log(f"Throwaway var dir: {var_dir}")
        manage(env, "migrate", "--noinput")
        manage(env, "seed_demo")
        if setup is not None:
            setup(env)
        # No collectstatic: outside production, WhiteNoise serves from the finders and
        # {% static %} needs no manifest; the benchmarked pages load no static file.
        sock = _listening_socket()
        port = sock.getsockname()[1]
        log(f"Starting gunicorn ({workers} sync workers) on {HOST}:{port}")
        with open(gunicorn_log, "wb") as out:
            proc = subprocess.Popen(
                [
                    sys.executable, "-m", "gunicorn", "lms.wsgi:application",
                    "--bind", f"fd://{sock.fileno()}",
                    "--workers", str(workers),
                    "--worker-class", "sync",
                    "--no-control-socket",  # gunicorn 27 would otherwise use ~/.gunicorn/
                ],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                pass_fds=[sock.fileno()], start_new_session=True,
            )
        sock.close()  # gunicorn holds its own copy
        sock = None
        _wait_until_up(proc, port)
        log("gunicorn is up")
        server = Server(HOST, port, proc.pid, gunicorn_log)
        yield server
    except BaseException:
        tail = _tail(gunicorn_log)
        if tail:
            log("--- gunicorn log (last lines) ---\n" + tail)
        raise
    finally:
        if sock is not None:
            sock.close()
        if proc is not None:
            _stop(proc)
            log("gunicorn stopped")
        shutil.rmtree(var_dir, ignore_errors=True)
        log(f"Removed {var_dir}")
