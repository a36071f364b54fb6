"""Files kept between builds in `.cache/` (share cards, search text): written whole or not
at all, and removed once no build has used them for a while.

A file's modification time is that of its last use: builds touch what they take from the
cache (`mark_used`), and `remove_unused_files` removes what is older than a number of days.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path


def write_atomically(target: Path, data: bytes) -> None:
    """Write `target` through a temporary file beside it: a crash never leaves a
    half-written file, and two processes never write into the same temporary file."""
    partial = target.with_name(f"{target.stem}.{os.getpid()}.tmp")
    try:
        partial.write_bytes(data)
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def copy_from_cache(source: str | Path, target: str | Path) -> None:
    """Put a copy of a cached file into the site: written beside `target` and renamed onto
    it, so `target` is replaced whole, never written into, and a file it may share its
    bytes with (a hard link, as earlier builds made) keeps them."""
    write_atomically(Path(target), Path(source).read_bytes())


def mark_used(path: Path) -> None:
    """Record that a build used this file, so that it is kept (a read-only cache still
    serves)."""
    with contextlib.suppress(OSError):
        os.utime(path)


def remove_unused_files(folder: Path, days: int) -> None:
    """Remove the files of a cache folder that no build has used for `days` days."""
    oldest = time.time() - days * 86_400
    for path in folder.glob("*") if folder.is_dir() else ():
        try:
            if path.stat().st_mtime < oldest:
                path.unlink()
        except OSError:
            pass  # gone already, or another build is using it: left for the next one
