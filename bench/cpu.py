"""How much CPU the rest of the machine took while a benchmark ran (Linux /proc).

On a shared machine a test suite or a browser running alongside takes cores from the
server and the figures drop; `ForeignCpu` measures that share so a noisy run shows.
"""

from __future__ import annotations

import os
from pathlib import Path


def _machine() -> tuple[int, int]:
    """(busy, total) clock ticks of all CPUs since boot."""
    with open("/proc/stat") as stat:
        values = [int(v) for v in stat.readline().split()[1:8]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


def _tree(pid: int) -> set[int]:
    pids, todo = set(), [pid]
    while todo:
        current = todo.pop()
        pids.add(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                todo.extend(int(child) for child in task.read_text().split())
            except OSError:
                pass
    return pids


def _ticks(pids: set[int]) -> int:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue  # exited
        # utime + stime, and cutime + cstime: children it has reaped (a finished wrk)
        total += sum(int(v) for v in fields[11:15])
    return total


class ForeignCpu:
    """Share of all CPUs busy outside the given process trees, between start and stop."""

    def __init__(self, *root_pids: int):
        self.pids = set().union(*(_tree(pid) for pid in root_pids or (os.getpid(),)))

    def __enter__(self) -> ForeignCpu:
        self.share = 0.0
        self._start = (*_machine(), _ticks(self.pids))
        return self

    def __exit__(self, *exc) -> None:
        busy0, total0, ours0 = self._start
        busy1, total1 = _machine()
        ours1 = _ticks(self.pids)
        foreign = (busy1 - busy0) - (ours1 - ours0)
        self.share = max(0.0, foreign / max(1, total1 - total0))
