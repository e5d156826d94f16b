"""Pools of processes: how many cores this process may use, how a pool's processes start
(never by ``fork``, which copies a process whose progress display runs a thread), and how
a pool stops when the build fails or the user presses Ctrl-C."""

from __future__ import annotations

import math
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import ParamSpec, TypeVar

_P = ParamSpec("_P")
_R = TypeVar("_R")


def cores() -> int:
    """The cores this process may use, at least 1: those it may run on (its affinity on
    Linux), fewer when its control group's CPU quota allows fewer (a container run with
    ``--cpus 2`` sees all the host's cores, but gets the time of two)."""
    if hasattr(os, "sched_getaffinity"):
        count = len(os.sched_getaffinity(0))
    else:
        count = os.cpu_count() or 1
    quota = cpu_quota()
    return max(1, min(count, math.ceil(quota))) if quota is not None else count


_CGROUP = Path("/sys/fs/cgroup")


def cpu_quota(root: Path = _CGROUP) -> float | None:
    """The CPUs' worth of time the control group mounted at ``root`` allows (``1.5``), or
    None without a limit: cgroup v2's ``cpu.max`` (``150000 100000``), else cgroup v1's
    ``cpu.cfs_quota_us`` over ``cpu.cfs_period_us`` (a quota of -1: no limit)."""
    try:
        quota, period = (root / "cpu.max").read_text(encoding="ascii").split()
        return None if quota == "max" else int(quota) / int(period)
    except (OSError, ValueError):
        pass
    for folder in (root / "cpu", root / "cpu,cpuacct"):
        try:
            quota = (folder / "cpu.cfs_quota_us").read_text(encoding="ascii").strip()
            period = (folder / "cpu.cfs_period_us").read_text(encoding="ascii").strip()
            return None if int(quota) <= 0 else int(quota) / int(period)
        except (OSError, ValueError):
            continue
    return None


def spawned() -> BaseContext:
    """Processes that start a fresh interpreter each: independent of the ``forkserver``
    the PDF's pool starts with its own modules preloaded."""
    return multiprocessing.get_context("spawn")


def stop(pool: ProcessPoolExecutor) -> None:
    """Drop ``pool``'s tasks not started and wait for those running, with Ctrl-C ignored
    meanwhile.

    A second Ctrl-C that interrupts the executor's wait leaves its processes and its
    manager thread mid-exchange, and the interpreter hangs at exit; terminating the
    processes instead can cut a result half-written into the pipe the manager thread
    reads, which hangs as well. Waiting for the running tasks is the one safe way out:
    callers keep tasks short.
    """
    with _uninterrupted():
        pool.shutdown(cancel_futures=True)


@contextmanager
def stopping(pool: ProcessPoolExecutor) -> Iterator[ProcessPoolExecutor]:
    """``pool``, :func:`stop`-ped on leaving: after its work, or at once on any exception
    (Ctrl-C included)."""
    try:
        yield pool
    finally:
        stop(pool)


def ignore_interrupts() -> None:
    """A pool's initializer: the process ignores Ctrl-C, which reaches the whole process
    group, and leaves it to the process that owns the pool (:func:`stop`). Unless its
    task is :func:`interruptible`, an idle process killed by Ctrl-C would print a
    traceback and break the pool."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def interruptible(task: Callable[_P, _R], *args: _P.args, **kwargs: _P.kwargs) -> _R:
    """``task(*args, **kwargs)`` with Ctrl-C raising KeyboardInterrupt while it runs, in a
    process that :func:`ignore_interrupts` otherwise: for tasks too long to wait for when
    the pool stops. The interrupted task's result is its KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return task(*args, **kwargs)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def _uninterrupted() -> Iterator[None]:
    """Ctrl-C ignored inside: in the main thread (the only one whose handler can be
    changed), when its handler is one Python can put back."""
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.getsignal(signal.SIGINT)
    if previous is None:
        yield
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
