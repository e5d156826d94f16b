"""Pools of processes: how many cores this process may use, and how a pool's processes
start (never by ``fork``, which copies a process whose progress display runs a thread)."""

from __future__ import annotations

import multiprocessing
import os
from multiprocessing.context import BaseContext


def cores() -> int:
    """The cores this process may run on (its affinity on Linux), at least 1."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def spawned() -> BaseContext:
    """Processes that start a fresh interpreter each: independent of the ``forkserver``
    the PDF's pool starts with its own modules preloaded."""
    return multiprocessing.get_context("spawn")
