"""Warm up, then measure, named scenarios against one server, in alternating phases.

Each scenario is warmed up once, then measured BENCH_ROUNDS times for BENCH_SECONDS,
in the order given and reversed on every other round, so that drift of the machine
falls on all alike. Each benchmark turns the `Measured` into its own output lines.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from cpu import ForeignCpu
from harness import Server, log
from wrk import WrkResult, run_wrk


def env_int(name: str, default: int) -> int:
    value = int(os.environ.get(name) or default)
    if value <= 0:
        raise SystemExit(f"{name} must be a positive whole number")
    return value


@dataclass(frozen=True)
class Scenario:
    paths: list[str]  # taken in turn
    headers: dict[str, str] | None = None


def _mean(values) -> float:
    values = list(values)
    return sum(values) / len(values)


@dataclass
class Measured:
    results: dict[str, list[WrkResult]]  # the measured phases of each scenario
    errors: dict[str, int]  # failed requests, warm-up included
    other_cpu: list[float] = field(default_factory=list)  # share of the machine others took, per phase

    def rps(self, name: str) -> float:
        return _mean(r.rps for r in self.results[name])

    def p50_ms(self, name: str) -> float:
        return _mean(r.p50_ms for r in self.results[name])

    def p95_ms(self, name: str) -> float:
        return _mean(r.p95_ms for r in self.results[name])

    def ratio(self, name: str, reference: str) -> float:
        return self.rps(name) / self.rps(reference) if self.rps(reference) else float("nan")

    @property
    def other_cpu_pct(self) -> str:
        return f"{100 * _mean(self.other_cpu):.0f}"


def measure(server: Server, wrk: str, scenarios: dict[str, Scenario], *, label: str = "",
            extra_pids=(), concurrency: int | None = None) -> Measured:
    """`extra_pids`: processes whose CPU is the benchmark's own (a database server);
    `concurrency`: requests in flight (BENCH_CONCURRENCY, else this, else 4)."""
    seconds = env_int("BENCH_SECONDS", 5)
    warmup = env_int("BENCH_WARMUP_SECONDS", 2)
    rounds = env_int("BENCH_ROUNDS", 2)
    concurrency = env_int("BENCH_CONCURRENCY", concurrency or 4)
    base = f"http://{server.host}:{server.port}"
    other_cpu: list[float] = []

    def phase(name: str, secs: int) -> WrkResult:
        scenario = scenarios[name]
        rotating = len(scenario.paths) > 1 or scenario.headers
        with ForeignCpu(os.getpid(), server.pid, *extra_pids) as foreign:
            result = run_wrk(wrk, base + scenario.paths[0], secs, concurrency,
                             paths=scenario.paths if rotating else None, headers=scenario.headers)
        other_cpu.append(foreign.share)
        log(
            f"  {label}{name:<13} {result.rps:8.1f} req/s  {result.ok:6d} ok  {result.errors} errors"
            f"  p50 {result.p50_ms:7.2f} ms  p95 {result.p95_ms:7.2f} ms"
            f"  other processes {foreign.share:4.0%} of the machine"
        )
        return result

    log(f"Warm-up, {warmup} s per scenario, {concurrency} connections")
    errors = {name: phase(name, warmup).errors for name in scenarios}
    other_cpu.clear()
    log(f"Measure, {rounds} rounds of {seconds} s per scenario")
    results: dict[str, list[WrkResult]] = {name: [] for name in scenarios}
    order = list(scenarios)
    for i in range(rounds):
        for name in order if i % 2 == 0 else reversed(order):
            results[name].append(phase(name, seconds))
    for name, measured in results.items():
        errors[name] += sum(r.errors for r in measured)
    if max(other_cpu) > 0.10:
        log(f"WARNING: other processes took up to {max(other_cpu):.0%} of the machine "
            "during the measure; the figures are low and noisy. Run again on a quiet machine.")
    return Measured(results, errors, other_cpu)
