"""Untrusted work run in a child process with limits on CPU time, wall time and memory.

Reading an uploaded file (a PDF, an image), unpacking a package (SCORM) or running a
contestant's program can take hours or gigabytes on hostile input. `run_bounded` runs
such work in a child process that the kernel stops: RLIMIT_CPU for CPU time, RLIMIT_AS
for memory, and the parent kills it once the wall time is up. The web or worker process
only waits, and gets the function's result, its exception, or one of the errors below.

Children come from multiprocessing's "forkserver": a fresh, single-threaded interpreter
started once (with settings.SANDBOX_PRELOAD imported) that forks each child. Never a plain fork of the
caller: a threaded web server with open database connections cannot be forked safely.
The function and its arguments, result and exception cross the boundary pickled (a
Pipe), so they must be importable, module-level objects; the child has no database
connection, no Django apps loaded, and should open neither.

This bounds resources; it is not a security boundary. The child runs as the same user,
and a library exploited into running code could reach what that user can, including
the parent through the pickled answer.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import multiprocessing.process as mp_process
import os
import pickle
import resource
import signal
import time
import traceback

from django.conf import settings

from lms.core import collector

MB = 1024 * 1024
MAX_RESULT_BYTES = 64 * MB  # a result (or exception) sent back is never bigger
SAMPLE_SECONDS = 0.05  # how often the parent notes the child's peak address space

# Modules the fork server imports once, so that each child starts with them loaded (the
# file readers take a second to import): settings.SANDBOX_PRELOAD, named by the project
# so that this platform module names no app. A module not listed is imported by each
# child, only more slowly.

_PR_SET_PDEATHSIG = 1
# Signals C and C++ libraries die of when an allocation fails (PDFium aborts, an
# uncaught std::bad_alloc aborts, a missed NULL check segfaults).
_CRASH_SIGNALS = {signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS, signal.SIGILL, signal.SIGTRAP, signal.SIGKILL}


class SandboxError(Exception):
    """The work did not finish in its child process."""


class TimeLimitExceeded(SandboxError):
    """The work used up its CPU time or its wall time."""


class CpuTimeExceeded(TimeLimitExceeded):
    pass


class WallTimeExceeded(TimeLimitExceeded):
    pass


class MemoryLimitExceeded(SandboxError):
    """The work needed more memory than it may have."""


class SandboxCrashed(SandboxError):
    """The child process died without an answer (a library crashed, or it was killed)."""

    def __init__(self, message: str, exitcode: int | None = None):
        super().__init__(message)
        self.exitcode = exitcode


class RemoteError(SandboxError):
    """The work raised an exception that cannot be rebuilt here (not picklable); the
    message holds the child's traceback."""


class RemoteTraceback(Exception):
    """The child's traceback, set as the cause of an exception raised there."""

    def __str__(self):
        return f'\n"""\n{self.args[0]}"""'


def start_early() -> None:
    """Start the fork server now rather than at the first run_bounded: a command that
    reads a file first thing (manage.py import_questions) has the server set Django up
    on another core while the command's own process does."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(getattr(settings, "SANDBOX_PRELOAD", [])))
    from multiprocessing import forkserver

    forkserver.ensure_running()


def run_bounded(func, *args, cpu_seconds: float | None = None, wall_seconds: float | None = None,
                memory_bytes: int | None = None):
    """`func(*args)` in a child process; its result, or the exception it raised.

    cpu_seconds: CPU time of the work (whole seconds, rounded); wall_seconds: time
    before the child is killed, waiting included; memory_bytes: address space the work
    may add to the child's own (the interpreter and libraries loaded, ~100 MB). Each
    defaults to its PROCESSING_* setting. Raises CpuTimeExceeded or WallTimeExceeded
    (both TimeLimitExceeded), MemoryLimitExceeded, SandboxCrashed or RemoteError."""
    cpu = settings.PROCESSING_CPU_SECONDS if cpu_seconds is None else cpu_seconds
    wall = settings.PROCESSING_WALL_SECONDS if wall_seconds is None else wall_seconds
    memory = settings.PROCESSING_MEMORY_MB * MB if memory_bytes is None else memory_bytes
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(getattr(settings, "SANDBOX_PRELOAD", [])))  # at (re)start
    receiver, sender = context.Pipe(duplex=False)
    with _as_main_process():
        child = context.Process(target=_child_main, args=(sender, func, args, cpu, memory),
                                name=f"sandbox:{getattr(func, '__qualname__', func)}")
    watch = _Watch(receiver, wall)
    try:
        with _as_main_process():
            child.start()
        sender.close()  # the child's end: EOF here once the child is gone
        watch.wait(child.pid)
    finally:
        sender.close()
        _reap(child, kill=watch.outcome is None or watch.outcome[0] == "wall")  # or interrupted
        receiver.close()
    outcome, value = watch.outcome
    if outcome == "ok":
        return value
    if outcome == "raised":
        exc, remote_traceback = value
        if exc is None:
            raise RemoteError(remote_traceback)
        exc.__cause__ = RemoteTraceback(remote_traceback)
        raise exc
    if outcome == "memory":
        raise MemoryLimitExceeded(f"memory limit of {memory // MB} MB reached")
    if outcome == "wall":
        raise WallTimeExceeded(f"no answer after {wall:g} s of wall time")
    exitcode = child.exitcode  # "died"
    if exitcode == -signal.SIGXCPU:
        raise CpuTimeExceeded(f"CPU time limit of {cpu:g} s reached")
    if exitcode is not None and -exitcode in _CRASH_SIGNALS and watch.near_limit(memory):
        raise MemoryLimitExceeded(f"memory limit of {memory // MB} MB reached (the child died of "
                                  f"signal {-exitcode} at {watch.peak // MB} MB)")
    raise SandboxCrashed(f"the child process ended without an answer (exit code {exitcode})", exitcode)


def near(peak: int, limit: int, budget: int) -> bool:
    """Whether an address space of `peak` is as good as the limit: a library whose
    allocation failed did not get its last request, so it stopped a little below."""
    return limit > 0 and peak >= limit - min(budget // 8, 32 * MB)


# --- the parent's side -----------------------------------------------------------------


class _Watch:
    """The parent's wait for the child's answer: its address-space limit comes first,
    then its outcome. Meanwhile the child's peak address space is noted (the kernel's
    high-water mark), to tell a library that died of a failed allocation from a crash."""

    def __init__(self, receiver, wall: float):
        self.receiver = receiver
        self.deadline = time.monotonic() + wall
        self.limit = 0
        self.peak = 0
        self.outcome: tuple | None = None  # ("ok" | "raised" | "memory" | "wall" | "died", value)

    def wait(self, pid: int) -> None:
        while self.outcome is None:
            left = self.deadline - time.monotonic()
            if left <= 0:
                self.outcome = ("wall", None)
                return
            ready = self.receiver.poll(min(left, SAMPLE_SECONDS))
            self.peak = max(self.peak, _peak_of(pid))
            if not ready:
                continue
            try:
                with collector.paused():  # a big answer is many objects
                    kind, value = pickle.loads(self.receiver.recv_bytes(MAX_RESULT_BYTES))
            except (EOFError, OSError):
                self.outcome = ("died", None)
                return
            if kind == "limit":
                self.limit = value
            else:
                self.outcome = (kind, value)

    def near_limit(self, budget: int) -> bool:
        return near(self.peak, self.limit, budget)


def _peak_of(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0  # gone, or not Linux


@contextlib.contextmanager
def _as_main_process():
    """Celery's prefork pool runs tasks in billiard's processes, which stand in for
    multiprocessing's current process: daemonic (multiprocessing starts no children
    from those, lest they be orphaned) and with a key that refuses to be pickled. While
    the child is made, multiprocessing sees a plain main process instead: the child is
    always reaped before run_bounded returns, and dies with its parent anyway."""
    current = mp_process._current_process
    if isinstance(current, mp_process.BaseProcess) and not current.daemon:
        yield
        return
    mp_process._current_process = _MainProcess()
    try:
        yield
    finally:
        mp_process._current_process = current


class _MainProcess(mp_process.BaseProcess):
    """multiprocessing's own main process, as it is where nothing has replaced it."""

    def __init__(self):  # noqa: super().__init__ makes a child's: not this
        self._identity = ()
        self._name = "MainProcess"
        self._parent_pid = None
        self._popen = None
        self._closed = False
        self._config = {"authkey": mp_process.AuthenticationString(os.urandom(32)), "semprefix": "/mp"}


def _reap(child, kill: bool) -> None:
    """Make sure the child (and whatever it started) is gone, and collect its exit code."""
    if child.pid is None:
        return
    if not kill:
        child.join(timeout=2)  # it has answered, or has died: only exiting is left
    if child.exitcode is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(child.pid, signal.SIGKILL)  # its own process group (see _apply_limits)
        child.kill()
        child.join()


# --- the child's side ------------------------------------------------------------------


def _child_main(sender, func, args, cpu_seconds: float, memory_bytes: int) -> None:
    """Runs in the child: set the limits, run the work, send back what came of it."""
    try:
        limit = _apply_limits(cpu_seconds, memory_bytes)
        sender.send_bytes(pickle.dumps(("limit", limit)))
        outcome = _run(func, args, limit, memory_bytes)
        if outcome[0] == "memory":
            gc.collect()  # room to answer
        sender.send_bytes(_pickled(outcome))
    finally:
        sender.close()


def _run(func, args, limit: int, budget: int) -> tuple:
    failed = False
    try:
        return ("ok", func(*args))
    except MemoryError:
        failed = True  # the traceback's frames (and their memory) are let go first
    except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent
        # C libraries fail in their own ways when an allocation fails ("unknown error")
        if near(_peak_of(os.getpid()), limit, budget):
            return ("memory", None)
        return ("raised", (exc, traceback.format_exc()))
    assert failed
    return ("memory", None)


def _pickled(outcome: tuple) -> bytes:
    """The outcome as sent; an exception that does not survive pickling (one whose
    constructor takes other arguments, say) is sent as its traceback only."""
    try:
        data = pickle.dumps(outcome, pickle.HIGHEST_PROTOCOL)
        if outcome[0] == "raised":
            pickle.loads(data)
        return data
    except Exception:  # noqa: BLE001
        text = outcome[1][1] if outcome[0] == "raised" else traceback.format_exc()
        return pickle.dumps(("raised", (None, text)))


def _apply_limits(cpu_seconds: float, memory_bytes: int) -> int:
    """Limits counted from now: the time and memory the child spent starting are its
    own. Soft and hard limits alike, so the work cannot raise them. The address-space
    limit set (0 where it is unknown)."""
    os.setpgid(0, 0)  # a process group of its own, so that a kill reaches what it starts
    _die_with_parent()
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    # SIGXCPU at the soft limit ends the child; SIGKILL at the hard one if it is caught.
    soft = max(1, round(usage.ru_utime + usage.ru_stime + cpu_seconds))
    resource.setrlimit(resource.RLIMIT_CPU, (soft, soft + 1))
    own = _address_space()
    limit = own + memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return limit if own else 0


def _address_space() -> int:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0  # not Linux: the memory limit is absolute


def _die_with_parent() -> None:
    """On Linux, the kernel kills the child if its parent (the fork server, which ends
    with the process that started it) dies first."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
