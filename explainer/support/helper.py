"""The build's worker processes: a standard process pool (`concurrent.futures`).

Workers do what can run on the machine's other core: the helper draws share cards and
reads each page's searchable text while this process renders the next pages, and a
language is built beside the default one (explainer.support.forked). See PERFORMANCE.md,
"Build speed".

A forked worker starts where this process is, with everything imported and the data
loaded, and leaves without tearing an interpreter down. Forking is safe only while this
process runs no other thread: a fork copies the locks other threads may hold. So a pool's
workers are all forked as it starts, before the pool starts its own manager thread, and
where threads already run (`mkdocs serve` runs server threads) workers are spawned, fresh
interpreters, instead. Either way the work is the same code on the same values, so the
output is the same.
"""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

_CALLS: dict[int, Callable[[], object]] = {}
"""Calls waiting to be made in workers forked with them (see `start_workers`)."""
_numbers = itertools.count()


def can_fork() -> bool:
    """Forking is available and safe now: this process runs no other thread (nor a pool,
    whose manager thread runs until it is shut down). macOS's fork is unsafe."""
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and sys.platform != "darwin"
        and threading.active_count() == 1
    )


def start_workers(
    count: int, calls: Sequence[Callable[[], object]] = ()
) -> tuple[ProcessPoolExecutor, list[Future]]:
    """A pool of `count` worker processes, started now, and the futures of `calls`, made
    in the workers at once.

    The workers are forked if `can_fork()`, else spawned. `calls` need forked workers:
    they may be any callables (closures over an MkDocs config, say), since each worker
    has them from the fork; only their results and errors are pickled.
    """
    fork = can_fork()
    if calls and not fork:
        raise RuntimeError("calls without pickling need forked workers")
    context = multiprocessing.get_context("fork" if fork else "spawn")
    pool = ProcessPoolExecutor(
        max_workers=count, mp_context=context, initializer=_end_with, initargs=(os.getpid(),)
    )
    keys = list(itertools.islice(_numbers, len(calls)))
    _CALLS.update(zip(keys, calls, strict=True))
    try:
        # A forking pool forks all its workers on the first submit, then starts its
        # manager thread: no fork after this one.
        futures = [pool.submit(_call, key) for key in keys]
        if fork and not futures:
            pool.submit(int)
    finally:
        for key in keys:
            del _CALLS[key]
    return pool, futures


def start_helper() -> ProcessPoolExecutor:
    """A pool of one worker, for side work sent to it by reference (pickled)."""
    return start_workers(1)[0]


def stop_workers(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's workers, whatever they are doing (the build is failing), and
    drop the work not started."""
    kill = getattr(pool, "kill_workers", None)  # Python 3.14
    if kill is not None:
        kill()
    else:  # what kill_workers does, on the pool's table of its processes
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.kill()
    pool.shutdown(wait=True, cancel_futures=True)


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _end_with(parent: int) -> None:
    """In a worker, first: end when the build's process ends, however it ends. Killed, it
    would leave its idle workers waiting for work forever. Linux only (prctl)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # it ended before that
            os._exit(1)


def _call(key: int) -> object:
    """In a forked worker: the call registered under `key` before the fork."""
    return _CALLS.pop(key)()
