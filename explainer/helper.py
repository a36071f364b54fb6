"""The build's helper process: side work that runs on the machine's second core.

Share cards are drawn and each page's searchable text is read there while the main process
renders the next pages (see PERFORMANCE.md, "Build speed"). One process serves both, so that it
can be forked before any thread exists.
"""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor


def start_helper() -> ProcessPoolExecutor:
    """A pool of one process.

    Forked when this process runs no other thread, as in `mkdocs build`: the child starts
    at once with everything already imported, and leaves without tearing an interpreter
    down. `mkdocs serve` runs server threads, and a fork could copy a lock one of them
    holds, so there a fresh interpreter is spawned instead. Either way the work is the
    same code on the same values, so the output is the same.
    """
    single_threaded = threading.active_count() == 1
    method = "fork" if single_threaded and _can_fork() else "spawn"
    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context(method))


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()
