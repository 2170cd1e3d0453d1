"""Reads this process's resource use for benchmarks: age since launch, CPU time, RSS (Linux /proc).

Standard library only. Memory figures are in MB (2**20 bytes); times in seconds.
"""

from __future__ import annotations

import os
import re
import resource
import time
from dataclasses import dataclass

import numpy as np


def _status_kb(field: str) -> int:
    """A `kB` field of /proc/self/status (VmRSS: now, VmHWM: the peak so far)."""
    with open("/proc/self/status", encoding="ascii") as f:
        match = re.search(rf"^{field}:\s+(\d+) kB", f.read(), re.MULTILINE)
    if match is None:
        raise OSError(f"/proc/self/status has no {field}")
    return int(match[1])


def rss_mb() -> float:
    """Resident memory now."""
    return _status_kb("VmRSS") / 1024


def peak_rss_mb() -> float:
    """The largest resident memory this process has had (the kernel's high-water mark)."""
    return _status_kb("VmHWM") / 1024


def cpu_s() -> float:
    """CPU time used by all of this process's threads so far (user + system)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def process_age_s() -> float:
    """Seconds since this process was started (forked), as a user would time its launch.

    /proc/self/stat's 22nd field is the start in clock ticks (1/100 s) since boot, the clock
    CLOCK_BOOTTIME also counts from; the figure is therefore good to about 10 ms.
    """
    with open("/proc/self/stat", encoding="ascii") as f:
        # The command name (field 2) may hold spaces; the fields after its ")" do not.
        fields = f.read().rsplit(")", 1)[1].split()
    started_s = int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22 is the 20th after ")"
    return time.clock_gettime(time.CLOCK_BOOTTIME) - started_s


@dataclass(frozen=True)
class CpuWindow:
    """CPU use over a stretch of wall time: 100 % is one core fully busy."""

    wall_s: float
    cpu_s: float

    @property
    def percent(self) -> float:
        return 100.0 * self.cpu_s / self.wall_s if self.wall_s > 0 else float("nan")


class CpuMeter:
    """Measures CPU use from its creation (or `restart`) to `read`."""

    def __init__(self) -> None:
        self.restart()

    def restart(self) -> None:
        self._wall_s = time.monotonic()
        self._cpu_s = cpu_s()

    def read(self) -> CpuWindow:
        return CpuWindow(time.monotonic() - self._wall_s, cpu_s() - self._cpu_s)


def percentiles_ms(values_ms: list[float]) -> tuple[float, float]:
    """Median and 95th percentile of a list of milliseconds (NaN for an empty list)."""
    if not values_ms:
        return float("nan"), float("nan")
    median, p95 = np.percentile(values_ms, [50, 95])
    return float(median), float(p95)
