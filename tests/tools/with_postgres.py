#!/usr/bin/env python3
"""Run a command against a throwaway PostgreSQL cluster.

    with_postgres.py CMD ARGS...

Creates a cluster with initdb in a temporary folder, starts it on a free port with a
Unix socket in that folder, exports DATABASE_URL for the command, then stops the
cluster and removes the folder, whatever the command's outcome. initdb refuses to run
as root, so as root the cluster belongs to the `postgres` system user.
"""

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


def pg_bindir() -> Path:
    try:
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=True)
        candidate = Path(out.stdout.strip())
        if (candidate / "initdb").exists():
            return candidate
    except (OSError, subprocess.CalledProcessError):
        pass
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        sys.exit("PostgreSQL server binaries not found: apt-get install postgresql")
    return found[-1].parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class Cluster:
    database_url: str
    pid: int  # the postmaster, parent of the server's other processes


@contextlib.contextmanager
def postgres_cluster():
    """Yield the Cluster just started; stop it and remove its folder on exit.

    Also for scripts (bench/catalogue.py): `from with_postgres import postgres_cluster`.
    """
    bindir = pg_bindir()
    tmp = Path(tempfile.mkdtemp(prefix="lms-pg-"))
    data = tmp / "data"
    as_root = os.geteuid() == 0
    prefix: list[str] = []
    if as_root:
        pw = pwd.getpwnam("postgres")
        os.chown(tmp, pw.pw_uid, pw.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    log = tmp / "server.log"
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    subprocess.run(
        [*prefix, str(bindir / "initdb"), "-D", str(data), "-U", "postgres",
         "--auth=trust", "--encoding=UTF8", "--no-sync"],
        check=True, stdout=subprocess.DEVNULL, env=env,
    )
    opts = (f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
    subprocess.run(
        [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", opts, "-w", "start"],
        check=True, stdout=subprocess.DEVNULL, env=env,
    )
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        pid = int((data / "postmaster.pid").read_text().split()[0])
        yield Cluster(f"postgres://postgres@127.0.0.1:{port}/postgres", pid)
    finally:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str]) -> int:
    if not argv:
        sys.exit(__doc__)
    with postgres_cluster() as cluster:
        env = {**os.environ, "DATABASE_URL": cluster.database_url}
        return subprocess.run(argv, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
