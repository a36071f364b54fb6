"""Work done in a forked copy of this process, and the merging of what it wrote.

The build forks one process per extra language (see hooks/site.py and PERFORMANCE.md, "Build
speed"): the copy starts where the build is, with the data loaded, and builds its
language into a folder of its own while this process builds the default language. Its
result comes back through a file, its errors as their message.
"""

from __future__ import annotations

import gzip
import io
import os
import pickle
import signal
import struct
import sys
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


class ForkedTaskError(Exception):
    """The forked task failed; the message is what it reported."""


@dataclass
class ForkedTask:
    pid: int
    result_file: Path

    def wait(self) -> object:
        """The task's return value; raises ForkedTaskError with its message if it failed."""
        _, status = os.waitpid(self.pid, 0)
        try:
            with self.result_file.open("rb") as stream:
                outcome, value = pickle.load(stream)
        except (OSError, EOFError, pickle.UnpicklingError):
            code = os.waitstatus_to_exitcode(status)
            raise ForkedTaskError(f"the process stopped (exit status {code})") from None
        finally:
            self.result_file.unlink(missing_ok=True)
        if outcome != "ok":
            raise ForkedTaskError(value)
        return value

    def stop(self) -> None:
        """Kill the task (this build is failing) and forget its result."""
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        self.result_file.unlink(missing_ok=True)


def can_fork() -> bool:
    return hasattr(os, "fork") and sys.platform != "darwin"  # macOS forks are unsafe


def fork_task(
    task: Callable[[], object], describe_error: Callable[[BaseException], str]
) -> ForkedTask:
    """Run `task` in a forked copy of this process. Call only while this process runs no
    other thread: a fork copies locks that other threads may hold."""
    handle, name = tempfile.mkstemp(prefix="explainer-task-", suffix=".pickle")
    os.close(handle)
    result_file = Path(name)
    # Output still buffered here would otherwise be written by both processes.
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the copy: run, report, and leave without unwinding the caller's stack
        code = 0
        try:
            outcome = ("ok", task())
        except BaseException as error:
            outcome, code = ("error", describe_error(error) or traceback.format_exc()), 1
        try:
            with result_file.open("wb") as stream:
                pickle.dump(outcome, stream, protocol=pickle.HIGHEST_PROTOCOL)
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    return ForkedTask(pid, result_file)


def merge_tree(source: Path, target: Path) -> None:
    """Move every file of `source` into `target`, replacing files of the same path as a
    later build replaces an earlier one's (a language, a search bundle); `source` goes.

    A folder that `target` does not have yet is moved whole, by one rename: a language
    built apart brings thousands of folders, and creating them again and removing the
    originals cost more than writing the pages (new inodes are slow to find on a file
    system where many were just freed)."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in sorted(os.scandir(source), key=lambda entry: entry.name):
        destination = target / entry.name
        if entry.is_dir(follow_symlinks=False) and destination.is_dir():
            merge_tree(Path(entry.path), destination)
        elif entry.is_dir(follow_symlinks=False) and not os.path.lexists(destination):
            os.rename(entry.path, destination)
        else:
            os.replace(entry.path, destination)
    os.rmdir(source)


SITEMAP = "sitemap.xml"
_URLSET_END = "\n</urlset>"


def merge_sitemap(site_dir: Path, earlier: str) -> None:
    """static-i18n's sitemap lists the pages of every language built so far, so the last
    build's lists them all. A language built apart lists only its own: put the entries of
    the `earlier` sitemap (this process's, read before the merge) before them, and write
    the .gz copy as MkDocs does (same modification time in its header)."""
    sitemap = site_dir / SITEMAP
    later = sitemap.read_text(encoding="utf-8")
    head_end = later.index(">", later.index("<urlset")) + 1
    earlier_entries = earlier[earlier.index(">", earlier.index("<urlset")) + 1 :]
    merged = later[:head_end] + earlier_entries.removesuffix(_URLSET_END) + later[head_end:]
    sitemap.write_text(merged, encoding="utf-8")
    compressed = sitemap.with_name(f"{SITEMAP}.gz")
    (mtime,) = struct.unpack("<I", compressed.read_bytes()[4:8])
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, filename=compressed.name, mode="wb", mtime=mtime) as out:
        out.write(merged.encode("utf-8"))
    compressed.write_bytes(buffer.getvalue())
