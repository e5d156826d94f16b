"""Pools of processes stop cleanly: Ctrl-C, even twice, never leaves the build hanging."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from letter_book import processes

# Runs in a process of its own: a pool whose two first tasks take 1.5 s each; Ctrl-C while
# they run, and a second Ctrl-C while the pool stops.
_SCRIPT = textwrap.dedent(
    """
    import os, signal, threading, time
    from concurrent.futures import ProcessPoolExecutor
    from letter_book import processes

    def task(seconds):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        time.sleep(seconds)
        return seconds

    if __name__ == "__main__":
        def interrupt():
            time.sleep(0.5)
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.2)
            os.kill(os.getpid(), signal.SIGINT)
            print("interrupted twice", flush=True)

        pool = ProcessPoolExecutor(2, processes.spawned())
        with processes.stopping(pool):
            futures = [pool.submit(task, 1.5) for _ in range(2)]
            # One more waits in the pool's queue and runs; the others are cancelled.
            futures += [pool.submit(task, 5) for _ in range(10)]
            threading.Thread(target=interrupt, daemon=True).start()
            futures[0].result()
    """
)


def test_a_second_ctrl_c_while_the_pool_stops_is_ignored(tmp_path: Path) -> None:
    script = tmp_path / "interrupted.py"
    script.write_text(_SCRIPT, encoding="utf-8")
    start = time.monotonic()
    run = subprocess.run([sys.executable, script], capture_output=True, text=True, timeout=60)
    elapsed = time.monotonic() - start
    assert run.returncode == -signal.SIGINT, run.stderr
    assert "interrupted twice" in run.stdout
    # One KeyboardInterrupt, from the first Ctrl-C; none from the interpreter's exit.
    assert run.stderr.count("KeyboardInterrupt") == 1, run.stderr
    assert "Exception ignored" not in run.stderr
    assert elapsed < 18  # not the 25 s of the tasks of 5 s, which were cancelled


# Runs in a session of its own, as a terminal runs a command: Ctrl-C reaches every process
# of the group. One of the pool's processes is busy with a long interruptible task, the
# other idle.
_GROUP_SCRIPT = textwrap.dedent(
    """
    import time
    from concurrent.futures import ProcessPoolExecutor
    from letter_book import processes

    if __name__ == "__main__":
        pool = ProcessPoolExecutor(2, processes.spawned(), initializer=processes.ignore_interrupts)
        with processes.stopping(pool):
            warm = [pool.submit(time.sleep, 0.5) for _ in range(2)]  # both processes start
            for future in warm:
                future.result()
            long = pool.submit(processes.interruptible, time.sleep, 60)
            print("ready", flush=True)
            long.result()
    """
)


def test_ctrl_c_to_the_process_group_stops_a_long_task_and_spares_an_idle_process(
    tmp_path: Path,
) -> None:
    script = tmp_path / "group.py"
    script.write_text(_GROUP_SCRIPT, encoding="utf-8")
    start = time.monotonic()
    with subprocess.Popen(
        [sys.executable, script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    ) as child:  # fmt: skip
        assert child.stdout is not None and child.stdout.readline() == "ready\n"
        time.sleep(0.5)  # the long task has started
        os.killpg(child.pid, signal.SIGINT)
        _, stderr = child.communicate(timeout=30)
    assert child.returncode == -signal.SIGINT, stderr
    # The main process's KeyboardInterrupt only: the busy process gives its own back as
    # its task's result, and the idle one ignores Ctrl-C instead of dying with a traceback.
    assert stderr.count("KeyboardInterrupt") == 1, stderr
    assert stderr.count("Traceback") == 1, stderr
    assert time.monotonic() - start < 20  # not the task's 60 s


def test_stopping_shuts_the_pool_down_when_all_went_well() -> None:
    pool = ProcessPoolExecutor(1, processes.spawned())
    with processes.stopping(pool):
        assert pool.submit(abs, -3).result() == 3
    with pytest.raises(RuntimeError, match="shutdown"):
        pool.submit(abs, -1)


@pytest.mark.parametrize(
    ("files", "quota"),
    [
        ({"cpu.max": "max 100000\n"}, None),
        ({"cpu.max": "150000 100000\n"}, 1.5),
        ({"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"}, None),
        (
            {
                "cpu,cpuacct/cpu.cfs_quota_us": "200000\n",
                "cpu,cpuacct/cpu.cfs_period_us": "100000\n",
            },
            2.0,
        ),
        ({"cpu.max": "garbled\n"}, None),
        ({}, None),
    ],
)
def test_the_cpu_quota_of_a_control_group(
    tmp_path: Path, files: dict[str, str], quota: float | None
) -> None:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="ascii")
    assert processes.cpu_quota(tmp_path) == quota


@pytest.mark.parametrize(("quota", "expected"), [(None, 8), (1.5, 2), (0.5, 1), (16.0, 8)])
def test_cores_are_fewer_under_a_cpu_quota(
    monkeypatch: pytest.MonkeyPatch, quota: float | None, expected: int
) -> None:
    monkeypatch.setattr(processes.os, "sched_getaffinity", lambda pid: set(range(8)), raising=False)
    monkeypatch.setattr(processes, "cpu_quota", lambda: quota)
    assert processes.cores() == expected
